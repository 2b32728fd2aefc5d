// The app analyses without listing each edge's rules (AnalyzeOptions.ruleIds false) and explains
// an edge when it is selected. These tests hold that analysis to the full one: the same graph
// byte for byte apart from `ruleIds`, and for every edge the same explanation, which then finds
// the rules again. The estates mix what takes each path of the engine: group-linked and CIDR-only
// pairs, edges to outside nodes, endpoints of unknown addresses, dual-stack ones and an endpoint
// AWS does not filter.
import { describe, expect, it } from 'vitest';
import { analyzeFlows, buildReachIndex } from '../../../src/core/reach/engine';
import { explainEdge } from '../../../src/core/reach/flows';
import type { AnalyzeOptions } from '../../../src/core/reach/flows';
import type { AnalysisResult } from '../../../src/core/analysis-types';
import type { Snapshot } from '../../../src/core/model';
import { syntheticSnapshot } from './synthetic';

/** The synthetic estate, plus endpoints that take the engine's other paths. */
function mixedEstate(seed: number): Snapshot {
  const s = syntheticSnapshot({ endpoints: 240, groups: 40, rules: 700, seed });
  const base = { kind: 'instance' as const, publicIpv4: [] };
  s.vpcs[0]?.ipv6Cidrs.push('2001:db8:100::/56');
  s.subnets[0] = { ...(s.subnets[0] as Snapshot['subnets'][number]), ipv6Cidr: '2001:db8:100::/64' };
  s.endpoints.push(
    // Addresses unknown, somewhere in a subnet: three-valued matching.
    { ...base, id: 'lambda-a', name: 'lambda-a', vpcId: 'vpc-0', subnetIds: ['subnet-0-1'], privateIpv4: [], ipv6: [], groupIds: ['sg-0', 'sg-3'] },
    { ...base, id: 'lambda-b', name: 'lambda-b', vpcId: 'vpc-1', subnetIds: ['subnet-1-2'], privateIpv4: [], ipv6: [], groupIds: ['sg-1'] },
    // Dual-stack.
    { ...base, id: 'dual-a', name: 'dual-a', vpcId: 'vpc-0', subnetIds: ['subnet-0-0'], privateIpv4: ['10.0.0.200'], ipv6: ['2001:db8:100::10'], groupIds: ['sg-4'] },
    { ...base, id: 'dual-b', name: 'dual-b', vpcId: 'vpc-0', subnetIds: ['subnet-0-0'], privateIpv4: ['10.0.0.201'], ipv6: ['2001:db8:100::11'], groupIds: ['sg-4', 'sg-8'] },
    // Not filtered by security groups.
    { ...base, kind: 'nat', id: 'nat-a', name: 'nat-a', vpcId: 'vpc-0', subnetIds: ['subnet-0-2'], privateIpv4: ['10.0.8.9'], ipv6: [], groupIds: [], unfiltered: true },
  );
  return s;
}

/** The analysis as JSON with every edge's `ruleIds` taken out. */
function withoutRuleIds(result: AnalysisResult): string {
  return JSON.stringify(result, (key, value: unknown) => (key === 'ruleIds' ? undefined : value));
}

describe("analyzeFlows without rule ids (the app's analysis)", () => {
  for (const cidrPairs of ['auto', 'expand', 'via-node'] as const) {
    it(`gives the same graph as the full analysis, less the rule ids (${cidrPairs})`, () => {
      for (const seed of [3, 11]) {
        const index = buildReachIndex(mixedEstate(seed));
        const options: AnalyzeOptions = { cidrPairs, cidrPairLimit: 400 };
        const full = analyzeFlows(index, options);
        const lean = analyzeFlows(index, { ...options, ruleIds: false });
        expect(lean.flows.edges.some((e) => e.ruleIds !== undefined)).toBe(false);
        expect(JSON.stringify(lean)).toBe(withoutRuleIds(full));
        expect(full.flows.edges.length).toBeGreaterThan(100);
      }
    });
  }

  it("explains every edge as the full analysis does, naming only the edge's rules", () => {
    let unknownPairs = 0;
    let outside = 0;
    for (const seed of [3, 11]) {
      const index = buildReachIndex(mixedEstate(seed));
      for (const cidrPairs of ['auto', 'expand'] as const) {
        const full = analyzeFlows(index, { cidrPairs, cidrPairLimit: 400 });
        const lean = analyzeFlows(index, { cidrPairs, cidrPairLimit: 400, ruleIds: false });
        for (const edge of full.flows.edges) {
          const expected = explainEdge(index, full, edge.id);
          const found = explainEdge(index, lean, edge.id);
          expect(found, edge.id).toEqual(expected);
          // Every rule the explanation names is one of the edge's (it may leave some out: a rule
          // is listed per port range only where it has a part in the verdict).
          const named = found?.segments.flatMap((seg) => [...seg.egress, ...seg.ingress].map((r) => r.ruleId)) ?? [];
          expect(named.filter((id) => !edge.ruleIds?.includes(id)), edge.id).toEqual([]);
          if (edge.ruleIds?.length) expect(named.length, edge.id).toBeGreaterThan(0);
          if (/lambda-/.test(edge.id)) unknownPairs++;
          if (!edge.from.startsWith('eps:') || !edge.to.startsWith('eps:')) outside++;
        }
      }
    }
    // The estates did reach the paths this is about.
    expect(unknownPairs).toBeGreaterThan(0);
    expect(outside).toBeGreaterThan(0);
  });
});
