// Protocol names and numbers as AWS, Terraform and the CLI write them.
import { describe, expect, it } from 'vitest';
import { parseProtocol, protocolName } from '../../../src/core/reach/protocols';
import { normalizeProtocol } from '../../../src/core/import/terraform/normalize';
import { parseAwsProtocol } from '../../../src/core/import/aws/aws-rules';

describe('parseProtocol', () => {
  it.each([
    ['tcp', 6], ['TCP', 6], ['udp', 17], ['icmp', 1], ['icmpv6', 58], ['-1', -1], ['all', -1], ['ALL', -1],
    ['6', 6], ['17', 17], ['5', 5], ['58', 58], ['0', 0], ['255', 255], [6, 6], [-1, -1], [47, 47],
  ] as [string | number, number][])('%j -> %d', (input, n) => {
    expect(parseProtocol(input)).toBe(n);
  });

  it.each(['', 'tcpx', '256', '-2', '6.5', 'http', 256, -2, 1.5])('%j -> null', (input) => {
    expect(parseProtocol(input)).toBeNull();
  });

  it('names', () => {
    expect([-1, 1, 6, 17, 58, 47].map(protocolName)).toEqual(['all', 'icmp', 'tcp', 'udp', 'icmpv6', '47']);
  });
});

describe('protocol names in any case or as numbers', () => {
  // AWS (IpPermission.IpProtocol): "The IP protocol name (tcp, udp, icmp, icmpv6) or number ... Use -1
  // to specify all protocols." Terraform passes the same values through and writes "all" for -1;
  // hand-written and older inputs use other cases ("TCP", "Tcp"). A spelling must mean one protocol
  // whether it comes from a query, a Terraform input or an AWS answer.
  it.each([
    ['tcp', 6], ['TCP', 6], ['Tcp', 6], ['tCp', 6], ['6', 6], [6, 6],
    ['udp', 17], ['UDP', 17], ['Udp', 17], ['17', 17], [17, 17],
    ['icmp', 1], ['ICMP', 1], ['Icmp', 1], ['1', 1], [1, 1],
    ['icmpv6', 58], ['ICMPv6', 58], ['IcmpV6', 58], ['ICMPV6', 58], ['58', 58], [58, 58],
    ['-1', -1], [-1, -1], ['all', -1], ['All', -1], ['ALL', -1],
    ['47', 47], [47, 47], ['50', 50], ['132', 132],
  ] as [string | number, number][])('%j is protocol %d for queries, Terraform and AWS inputs alike', (spelling, n) => {
    expect(parseProtocol(spelling), 'query (parseProtocol)').toBe(n);
    expect(normalizeProtocol(spelling), 'Terraform (normalizeProtocol)').toBe(n);
    expect(parseAwsProtocol(spelling), 'AWS (parseAwsProtocol)').toBe(n);
  });
});
