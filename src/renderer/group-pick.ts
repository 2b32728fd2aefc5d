/**
 * What "Can A reach B?" says when an end is a grouped node (`web ×12`): the engine answers for one
 * endpoint, the group's first member, so the answer names it and says whether the other members
 * get the same answer. Pure, so the claim is unit-tested against the engine's class rules.
 *
 * When the claim holds: the analysis groups endpoints with the same groups, address families,
 * unknown-address space and *cell* (the rule CIDRs containing any of their private addresses,
 * core/reach/flows.ts). A question uses one address per side (the primary private one, or the
 * unknown space), so members get the same answer when that address alone makes up the cell: when
 * each has at most one private IPv4 and one IPv6. Not otherwise: a member's primary address may
 * miss a /32 rule that its second address meets. Two more cases differ: a destination reached at
 * a public IPv4 sees the source at its own public IPv4 (query.ts, sourceThroughInternet), which
 * members do not share; and the other end may be one of the members themselves.
 */
import type { ReachAnswer } from '../core/analysis-types';
import type { Endpoint, Snapshot } from '../core/model';

export type Side = 'from' | 'to';

export interface GroupPick {
  /** The grouped node's name as the map shows it (`sample-web ×2`). */
  label: string;
  endpointIds: string[];
}

/** Why members of a group may get other answers than the first, or null when they cannot. */
function whyMembersMayDiffer(members: Endpoint[], side: Side, answer: Pick<ReachAnswer, 'fromEndpointId' | 'toEndpointId' | 'toAddress'>, snapshot: Snapshot): string | null {
  const other = side === 'from' ? answer.toEndpointId : answer.fromEndpointId;
  if (other !== undefined && members.some((m) => m.id === other)) return 'the other end is one of them';
  if (members.some((m) => m.privateIpv4.length > 1 || m.ipv6.length > 1)) return 'some have several addresses, which CIDR rules may treat differently';
  if (side === 'from' && answer.toAddress !== undefined) {
    const dst = snapshot.endpoints.find((e) => e.id === answer.toEndpointId);
    const atPublic = !!dst?.publicIpv4.includes(answer.toAddress);
    if (atPublic && members.some((m) => m.publicIpv4.length > 0)) return 'the destination sees each at its own public address';
  }
  return null;
}

/** The sentence that goes with an answer for a grouped node's end; undefined when it has one member. */
export function describeGroupPick(snapshot: Snapshot, group: GroupPick, side: Side, answer: Pick<ReachAnswer, 'fromEndpointId' | 'toEndpointId' | 'toAddress'>): string | undefined {
  const byId = new Map(snapshot.endpoints.map((e) => [e.id, e]));
  const members = group.endpointIds.map((id) => byId.get(id)).filter((e): e is Endpoint => !!e);
  const usedId = (side === 'from' ? answer.fromEndpointId : answer.toEndpointId) ?? group.endpointIds[0];
  const used = members.find((m) => m.id === usedId);
  if (!used || members.length < 2) return undefined;
  const head = `${group.label} stands for ${members.length} endpoints`;
  const why = whyMembersMayDiffer(members, side, answer, snapshot);
  if (why === null) {
    return `${head}; this answer is for its first member, ${used.name} (${used.id}). All of them carry the same groups and their addresses fall in the same CIDR rules, so each gets the same answer.`;
  }
  return `${head}; this answer is for the first member only, ${used.name} (${used.id}). The others may get another (${why}): expand the group and pick one to ask about it.`;
}
