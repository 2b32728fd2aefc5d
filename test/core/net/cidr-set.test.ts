// Address spaces back to minimal CIDR lists, checked by hand and by a round trip.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cidrsToSpace, ipv4SetToCidrs, ipv6SetToCidrs } from '../../../src/core/net/cidr-set';
import { intervalSet } from '../../../src/core/net/interval-set';

describe('cidr sets', () => {
  it.each([
    [[[0, 4294967295]], ['0.0.0.0/0']],
    [[[167772160, 167772415]], ['10.0.0.0/24']],
    [[[167772161, 167772166]], ['10.0.0.1/32', '10.0.0.2/31', '10.0.0.4/31', '10.0.0.6/32']],
    [[[4294967295, 4294967295]], ['255.255.255.255/32']],
  ] as [[number, number][], string[]][])('IPv4 %j -> %j', (set, cidrs) => {
    expect(ipv4SetToCidrs(set)).toEqual(cidrs);
  });

  it('IPv6: ::/0 and the top address', () => {
    const top = (1n << 128n) - 1n;
    expect(ipv6SetToCidrs([[0n, top]])).toEqual(['::/0']);
    expect(ipv6SetToCidrs([[top, top]])).toEqual(['ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128']);
    expect(ipv6SetToCidrs(cidrsToSpace(['2001:db8::/33', '2001:db8:8000::/33']).v6)).toEqual(['2001:db8::/32']);
  });

  it('merges adjacent CIDRs and splits families', () => {
    const s = cidrsToSpace(['10.0.0.0/25', '10.0.0.128/25', '::/0']);
    expect(ipv4SetToCidrs(s.v4)).toEqual(['10.0.0.0/24']);
    expect(ipv6SetToCidrs(s.v6)).toEqual(['::/0']);
  });

  it('round trip: the CIDRs of a set cover exactly that set', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 5000 })), { maxLength: 5 }), (l) => {
        const set = intervalSet(l.map(([s, w]) => [s, Math.min(2 ** 32 - 1, s + w)] as [number, number]));
        expect(cidrsToSpace(ipv4SetToCidrs(set)).v4).toEqual(set);
      }),
    );
  });
});
