/**
 * Words for decisions: one-line rule summaries ('sg-1 (web) ingress tcp 80 from sg-2 (alb)'), and
 * explanations of a flow edge or of an endpoint pair as, per allowed port range, the egress rules
 * of the source and the ingress rules of the destination that allow it. Everything here reads the
 * index; nothing decides reachability on its own terms, so explanations cannot disagree with answers.
 */
import type { EdgeExplanation, RuleRef } from '../analysis-types';
import type { Peer, Rule } from '../model';
import { trafficLabel, trafficOfRule } from '../net/traffic';
import type { ReachIndex } from './reach-index';

/** 'sg-1 (web)', or just the id when the group has no distinct name. */
export function groupLabel(index: ReachIndex, groupId: string): string {
  const name = index.groups.get(groupId)?.name;
  return name && name !== groupId ? `${groupId} (${name})` : groupId;
}

export function peerLabel(index: ReachIndex, peer: Peer): string {
  if (peer.kind === 'cidr') return peer.cidr;
  if (peer.kind === 'group') return groupLabel(index, peer.groupId);
  const pl = index.prefixLists.get(peer.id);
  return pl?.name ? `${peer.id} (${pl.name})` : peer.id;
}

/** The rule's traffic in words: 'tcp 80', 'all traffic', 'icmp echo-request'. */
export function ruleTrafficLabel(rule: Rule): string {
  return trafficLabel(trafficOfRule(rule.protocol, rule.fromPort, rule.toPort));
}

// Answers list the same rules again and again; their summaries are built once per index.
const refCache = new WeakMap<ReachIndex, WeakMap<Rule, RuleRef>>();

/**
 * A RuleRef with a one-line summary, e.g. 'sg-1 (web) ingress tcp 80 from sg-2 (alb)'. The result
 * is shared between answers: treat it as read-only.
 */
export function describeRule(index: ReachIndex, rule: Rule): RuleRef {
  let cache = refCache.get(index);
  if (!cache) refCache.set(index, (cache = new WeakMap()));
  let ref = cache.get(rule);
  if (!ref) cache.set(rule, (ref = buildRuleRef(index, rule)));
  return ref;
}

function buildRuleRef(index: ReachIndex, rule: Rule): RuleRef {
  const preposition = rule.direction === 'ingress' ? 'from' : 'to';
  const ref: RuleRef = {
    ruleId: rule.id,
    groupId: rule.groupId,
    direction: rule.direction,
    protocol: rule.protocol,
    fromPort: rule.fromPort,
    toPort: rule.toPort,
    peer: rule.peer,
    origins: rule.origins,
    summary: `${groupLabel(index, rule.groupId)} ${rule.direction} ${ruleTrafficLabel(rule)} ${preposition} ${peerLabel(index, rule.peer)}`,
  };
  const name = index.groups.get(rule.groupId)?.name;
  if (name !== undefined) ref.groupName = name;
  if (rule.description !== undefined) ref.description = rule.description;
  return ref;
}

/** 'web (i-123)' or the id alone. */
export function endpointLabel(index: ReachIndex, endpointId: string): string {
  const name = index.endpoints.get(endpointId)?.endpoint.name;
  return name && name !== endpointId ? `${name} (${endpointId})` : endpointId;
}

export type { EdgeExplanation };
