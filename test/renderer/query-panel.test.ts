// The line under an answer for the Internet (describeFamilies): which families were asked, which
// answer is shown and what the others gave, and why a family was left out.
import { describe, expect, it } from 'vitest';
import { describeFamilies, describeTraffic, readTraffic } from '../../src/renderer/query-panel';

const other = (family: 4 | 6, verdict: 'allowed' | 'denied' | 'depends') => ({ family, answer: { verdict } });

describe('describeFamilies', () => {
  it.each<[string, Parameters<typeof describeFamilies>, string]>([
    ['open over IPv6 only', ['tcp', 2, 6, 'allowed', [other(4, 'denied')], []], 'The Internet was asked about over IPv4 and IPv6; shown: IPv6, the more open answer (over IPv4 it is denied).'],
    ['the same over both: no "more open"', ['tcp', 2, 4, 'allowed', [other(6, 'allowed')], []], 'The Internet was asked about over IPv4 and IPv6: allowed over both; shown: IPv4.'],
    ['the other end has one family', ['all', 2, 4, 'denied', [], []], 'The Internet was asked about over IPv4 and IPv6; only IPv4 applies here (the other end has no address in the other family).'],
    ['icmp', ['icmp', 1, 4, 'denied', [], []], "ICMP is IPv4's: the Internet was asked about over IPv4 only."],
    ['a family without a stand-in', ['tcp', 1, 6, 'allowed', [], [4]], 'Not asked over IPv4: named blocks cover every public IPv4 address, so no single address stands for the Internet there.'],
  ])('%s', (_name, args, expected) => {
    expect(describeFamilies(...args)).toBe(expected);
  });
});

describe('readTraffic', () => {
  it.each<[string, string, string, ReturnType<typeof readTraffic>]>([
    ['a tcp port', 'tcp', ' 443 ', { protocol: 'tcp', port: 443 }],
    ['icmp of any type', 'icmp', '', { protocol: 'icmp' }],
    ['an icmp type, every code', 'icmp', '8', { protocol: 'icmp', icmpType: 8 }],
    ['type/code (echo request)', 'icmp', '8/0', { protocol: 'icmp', icmpType: 8, icmpCode: 0 }],
    ['icmpv6 echo request', 'icmpv6', '128 / 0', { protocol: 'icmpv6', icmpType: 128, icmpCode: 0 }],
    ['a protocol number', 'number', '50', { protocol: '50' }],
    ['all traffic, the field ignored', 'all', 'x', { protocol: 'all' }],
  ])('%s', (_name, choice, field, expected) => {
    expect(readTraffic(choice, field)).toEqual(expected);
  });

  it.each<[string, string, RegExp]>([
    ['tcp', '', /^Give a port for tcp \(0-65535\)\.$/],
    ['udp', ' ', /^Give a port for udp \(0-65535\)\.$/],
    ['tcp', 'x', /^"x" is not a port \(0-65535\)\.$/],
    ['udp', '70000', /is not a port \(0-65535\)/],
    ['icmp', '256', /is not an ICMP type, or type\/code/],
    ['icmp', '8/', /is not an ICMP type/],
    ['icmp', '8/0/1', /is not an ICMP type/],
    ['icmpv6', '-1', /is not an ICMP type/],
    ['number', '', /^Give an IP protocol number \(0-255; 50 is ESP, 47 GRE\)\.$/],
    ['number', '300', /is not an IP protocol number/],
  ])('refuses %s "%s"', (choice, field, message) => {
    const r = readTraffic(choice, field);
    expect('error' in r && r.error).toMatch(message);
  });
});

describe('describeTraffic', () => {
  it.each<[Parameters<typeof describeTraffic>[0], string]>([
    [{ protocol: 'tcp', port: 443 }, 'tcp 443'],
    [{ protocol: 'icmp', icmpType: 8, icmpCode: 0 }, 'icmp type 8 code 0'],
    [{ protocol: 'icmpv6', icmpType: 128 }, 'icmpv6 type 128'],
    [{ protocol: 'icmp' }, 'icmp (any type)'],
    [{ protocol: '50' }, 'protocol 50'],
    [{ protocol: 'all' }, 'all traffic'],
  ])('%j -> %s', (args, expected) => {
    expect(describeTraffic(args)).toBe(expected);
  });
});
