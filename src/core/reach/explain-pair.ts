/**
 * Explanations of what may flow between two endpoints (or an endpoint and an address), cut into
 * port ranges so each range lists exactly the egress rules of the source and the ingress rules of
 * the destination that allow it. explainPair evaluates the pair for all traffic through the same
 * code path as queryReach; explainEdge does the same for a flow graph edge using the rules the edge
 * recorded.
 */
import type { EdgeExplanation, Locator, ProtocolPorts, RuleRef } from '../analysis-types';

import { containsPoint, intervalSet } from '../net/interval-set';
import type { PortSet } from '../net/interval-set';
import { ALL_TRAFFIC, intersectTraffic, isAllTraffic, isTrafficEmpty, toProtocolPorts, trafficOf } from '../net/traffic';
import type { TrafficSet } from '../net/traffic';
import { describeRule } from './explain';
import { evaluatePair } from './query';
import type { CompiledRule, ReachIndex } from './reach-index';

export interface Segment {
  ports: ProtocolPorts;
  egress: RuleRef[];
  ingress: RuleRef[];
}

function portsFor(t: TrafficSet, p: number): PortSet {
  return t.protos.get(p) ?? (t.rest ? [[0, 65535]] : []);
}

/**
 * Cuts the allowed traffic where the contributing rules start and stop, then groups the pieces by
 * the pair of rule lists that allow them. A null side was not checked (external) and lists nothing.
 */
export function segmentTraffic(index: ReachIndex, allowed: TrafficSet, egress: CompiledRule[] | null, ingress: CompiledRule[] | null): Segment[] {
  if (isTrafficEmpty(allowed)) return [];
  const refs = (rules: CompiledRule[] | null): RuleRef[] => (rules ?? []).map((r) => describeRule(index, r.rule));
  const all = [...(egress ?? []), ...(ingress ?? [])];
  if (isAllTraffic(allowed)) {
    // Only -1 rules on both checked sides can allow everything; list just those.
    const onlyAll = (rules: CompiledRule[] | null): CompiledRule[] | null => rules && rules.filter((r) => isAllTraffic(r.traffic));
    return [{ ports: toProtocolPorts(ALL_TRAFFIC)[0] as ProtocolPorts, egress: refs(onlyAll(egress)), ingress: refs(onlyAll(ingress)) }];
  }
  const out: Segment[] = [];
  for (const pp of toProtocolPorts(allowed)) {
    const p = pp.protocol;
    const cuts = new Set<number>();
    for (const r of all) for (const [s, e] of portsFor(r.traffic, p)) cuts.add(s).add(e + 1);
    const sorted = [...cuts].sort((a, b) => a - b);
    const groups = new Map<string, { ranges: [number, number][]; e: CompiledRule[] | null; i: CompiledRule[] | null }>();
    for (const [s, e] of pp.ranges) {
      let start = s;
      while (start <= e) {
        const nextCut = sorted.find((c) => c > start);
        const end = nextCut === undefined ? e : Math.min(e, nextCut - 1);
        const eRules = egress && egress.filter((r) => containsPoint(portsFor(r.traffic, p), start));
        const iRules = ingress && ingress.filter((r) => containsPoint(portsFor(r.traffic, p), start));
        const key = `${eRules?.map((r) => r.rule.id).join(',')}|${iRules?.map((r) => r.rule.id).join(',')}`;
        const g = groups.get(key);
        if (g) g.ranges.push([start, end]);
        else groups.set(key, { ranges: [[start, end]], e: eRules, i: iRules });
        start = end + 1;
      }
    }
    for (const g of groups.values()) {
      const ports = toProtocolPorts(trafficOf(p, intervalSet(g.ranges)))[0] as ProtocolPorts;
      out.push({ ports, egress: refs(g.e), ingress: refs(g.i) });
    }
  }
  return out;
}

/** Per allowed port range between two locators, the egress and ingress rules that allow it. */
export function explainPair(index: ReachIndex, from: Locator, to: Locator): EdgeExplanation {
  const ev = evaluatePair(index, from, to, ALL_TRAFFIC);
  const fromId = 'endpointId' in from ? from.endpointId : from.address;
  const toId = 'endpointId' in to ? to.endpointId : to.address;
  const result: EdgeExplanation = { edgeId: `${fromId}->${toId}`, from: fromId, to: toId, segments: [] };
  if (ev.family === 'mismatch' || ev.srcPlace?.kind === 'none' || ev.dstPlace?.kind === 'none') return result;
  const e = ev.egress;
  const i = ev.ingress;
  let allowed = ALL_TRAFFIC;
  if (e) allowed = intersectTraffic(allowed, e.possibleTraffic);
  if (i) allowed = intersectTraffic(allowed, i.possibleTraffic);
  result.segments = segmentTraffic(index, allowed, e ? [...e.sure, ...e.maybe] : null, i ? [...i.sure, ...i.maybe] : null);
  const sides = [...(e?.unfiltered ? (['source'] as const) : []), ...(i?.unfiltered ? (['destination'] as const) : [])];
  if (sides.length) result.unfiltered = sides;
  return result;
}


