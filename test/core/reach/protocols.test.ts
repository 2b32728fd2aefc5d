// Protocol names and numbers as AWS, Terraform and the CLI write them.
import { describe, expect, it } from 'vitest';
import { parseProtocol, protocolName } from '../../../src/core/reach/protocols';

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
