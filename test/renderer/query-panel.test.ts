// The line under an answer for the Internet (describeFamilies): which families were asked, which
// answer is shown and what the others gave, and why a family was left out.
import { describe, expect, it } from 'vitest';
import { describeFamilies } from '../../src/renderer/query-panel';

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
