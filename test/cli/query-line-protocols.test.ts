/**
 * Protocols as a batch line or `--protocol` may spell them (README, "Batch queries": a name, or a
 * protocol number as a string or number) reach the engine as the numbers AWS uses, so "6" asks what
 * "tcp" asks and "50" asks about ESP with its ports ignored, as AWS ignores them. The verdicts are
 * worked out by hand from the two rules below; answerQuery is the code every batch line goes through.
 */
import { describe, expect, it } from 'vitest';
import { buildReachIndex } from '../../src/core/reach';
import { answerQuery, type QueryInput } from '../../src/cli/query-line';
import { cidr, snapshot } from '../core/reach/builders';

// srv admits tcp 22 and ESP from anywhere in IPv4, and icmpv6 echo from anywhere in IPv6.
const index = buildReachIndex(
  snapshot()
    .ingress('sg-srv', 'tcp', 22, cidr('0.0.0.0/0'))
    .ingress('sg-srv', 50, null, cidr('0.0.0.0/0'))
    .ingress('sg-srv', 'icmpv6', [128, -1], cidr('::/0'))
    .endpoint('srv', { groups: ['sg-srv'], ipv4: ['10.0.1.10'], ipv6: ['2001:db8:1::10'] })
    .build(),
);
const v4 = { from: '203.0.113.7', to: 'srv' };
const v6 = { from: '2600:1f18::7', to: '2001:db8:1::10' };

describe('protocol spellings in a question line', () => {
  it.each<[string, QueryInput, string]>([
    ['"6" is tcp', { ...v4, protocol: '6', port: 22 }, 'allowed'],
    ['6 as a JSON number is tcp', { ...v4, protocol: 6, port: 22 }, 'allowed'],
    ['" TCP " is tcp', { ...v4, protocol: ' TCP ', port: 22 }, 'allowed'],
    ['"6" on another port', { ...v4, protocol: '6', port: 23 }, 'denied'],
    ['"17" is udp, which no rule allows', { ...v4, protocol: '17', port: 22 }, 'denied'],
    ['"50" is ESP, allowed whatever port the line names', { ...v4, protocol: '50', port: 4500 }, 'allowed'],
    ['"esp" is 50', { ...v4, protocol: 'esp' }, 'allowed'],
    ['"51" (AH) is not ESP', { ...v4, protocol: '51' }, 'denied'],
    ['"all" needs every protocol', { ...v4, protocol: 'all' }, 'denied'],
    ['"-1" is all', { ...v4, protocol: '-1' }, 'denied'],
    ['"58" is icmpv6: echo request (type 128) allowed by the 128/-1 rule', { ...v6, protocol: '58', icmpType: 128, icmpCode: 0 }, 'allowed'],
    ['"58" with type 129 (echo reply) is not', { ...v6, protocol: '58', icmpType: 129 }, 'denied'],
    ['"1" is icmp, which the icmpv6 rule does not allow', { from: '203.0.113.7', to: 'srv', protocol: '1', icmpType: 128 }, 'denied'],
  ])('%s', (_why, input, verdict) => {
    expect(answerQuery(index, input).verdict).toBe(verdict);
  });

  it('a number string asks exactly what its name asks', () => {
    for (const [name, num] of [['tcp', '6'], ['udp', '17'], ['icmpv6', '58'], ['all', '-1']] as const) {
      const extra = name === 'tcp' || name === 'udp' ? { port: 22 } : {};
      expect(answerQuery(index, { ...v4, protocol: num, ...extra })).toEqual(answerQuery(index, { ...v4, protocol: name, ...extra }));
    }
  });
});
