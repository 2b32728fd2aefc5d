// The flow graph and the exact query must tell the same story: for random small estates of
// IPv4-only, IPv6-only and dual-stack endpoints (some not filtered by groups), with icmp, icmpv6,
// tcp and all-traffic rules by group (self included), by an external group and by CIDRs of either
// family, an edge carries a protocol exactly when queryReach, asked at the two endpoints' addresses
// of some family they share, allows it. With and without rule ids. (Written in review, where it
// first ran against the icmp/icmpv6 family rules: ruleFamily in reach-index.ts.)
import { describe, expect, it } from 'vitest';
import { analyzeFlows, buildReachIndex, queryReach } from '../../../src/core/reach';
import { mulberry32 } from '../../../src/shared/prng';
import { cidr, ep, sg, snapshot } from './builders';
import type { Proto } from './builders';

const PROTOS: { p: Proto; ports: [number, number] | number | null; num: number }[] = [
  { p: 'icmp', ports: [-1, -1], num: 1 },
  { p: 'icmpv6', ports: [-1, -1], num: 58 },
  { p: 'tcp', ports: 22, num: 6 },
  { p: 'all', ports: null, num: -1 },
];
const GROUPS = ['sg-0', 'sg-1', 'sg-2', 'sg-3'];
const PEERS = ['sg-0', 'sg-1', 'sg-2', 'sg-3', 'sg-ext', '0.0.0.0/0', '::/0', '10.0.0.0/8', '2001:db8::/32', '10.0.1.0/24', '2001:db8:0:1::/64'];

function build(seed: number) {
  const r = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const b = snapshot();
  b.group('sg-ext');
  const rules = 2 + Math.floor(r() * 8);
  for (let k = 0; k < rules; k++) {
    const pr = pick(PROTOS);
    const peer = pick(PEERS);
    const p = peer.startsWith('sg-') ? sg(peer) : cidr(peer);
    if (r() < 0.5) b.ingress(pick(GROUPS), pr.p, pr.ports, p);
    else b.egress(pick(GROUPS), pr.p, pr.ports, p);
  }
  const eps: { id: string; v4?: string; v6?: string }[] = [];
  const count = 2 + Math.floor(r() * 4);
  for (let k = 0; k < count; k++) {
    const fam = pick(['4', '6', '46'] as const);
    const sub = r() < 0.5 ? 1 : 2;
    const v4 = fam.includes('4') ? `10.0.${sub}.${10 + k}` : undefined;
    const v6 = fam.includes('6') ? `2001:db8:0:${sub}::${10 + k}` : undefined;
    // A load balancer made without groups: not filtered, and it accepts what it is sent.
    const unfiltered = r() < 0.15;
    const groups = unfiltered ? [] : [...new Set([pick(GROUPS), ...(r() < 0.3 ? [pick(GROUPS)] : [])])];
    b.endpoint(`e${k}`, { groups, ...(v4 ? { ipv4: [v4] } : {}), ...(v6 ? { ipv6: [v6] } : {}), ...(unfiltered ? { unfiltered: true, kind: 'load-balancer' as const } : {}) });
    eps.push({ id: `e${k}`, ...(v4 ? { v4 } : {}), ...(v6 ? { v6 } : {}) });
  }
  return { s: b.build(), eps };
}

describe('the flow graph agrees with queryReach', () => {
  it('on icmp, icmpv6 and tcp between every two endpoints of 1,500 random estates', () => {
    const problems: string[] = [];
    for (let seed = 1; seed <= 1500 && problems.length < 3; seed++) {
      const { s, eps } = build(seed);
      const index = buildReachIndex(s);
      for (const ruleIds of [true, false]) {
        const g = analyzeFlows(index, { ruleIds, cidrPairs: 'expand' }).flows;
        for (const a of eps) {
          for (const b of eps) {
            const ca = g.memberOf[a.id];
            const cb = g.memberOf[b.id];
            // An endpoint never crosses its own groups to itself; a class's edge to itself stands for its members.
            if (a === b || ca === cb) continue;
            const edge = g.edges.find((e) => e.from === ca && e.to === cb);
            for (const pr of PROTOS.slice(0, 3)) {
              let allowed = false;
              for (const fam of ['v4', 'v6'] as const) {
                const x = a[fam];
                const y = b[fam];
                if (!x || !y) continue;
                const query = pr.num === 6 ? { from: ep(a.id, x), to: ep(b.id, y), protocol: 6, port: 22 } : { from: ep(a.id, x), to: ep(b.id, y), protocol: pr.num };
                if (queryReach(index, query).verdict === 'allowed') allowed = true;
              }
              const drawn = !!edge && edge.ports.some((p) => p.protocol === pr.num || p.protocol === -1);
              if (allowed !== drawn) problems.push(`seed ${seed}, rule ids ${ruleIds}: ${a.id} -> ${b.id} protocol ${pr.num}: query ${allowed}, graph ${drawn} (${edge?.label ?? 'no edge'})`);
            }
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
