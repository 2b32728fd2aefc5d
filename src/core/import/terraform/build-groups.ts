/**
 * Security groups and their rules from Terraform resources. Every rule shape ends up as atomic
 * `Rule`s with exactly one peer: inline `ingress`/`egress` blocks of `aws_security_group` and
 * `aws_default_security_group`, `aws_security_group_rule`, `aws_vpc_security_group_ingress_rule` /
 * `_egress_rule`, and the EC2-Classic `aws_db/elasticache/redshift_security_group` (read as groups
 * whose `cidr` ingress allows all traffic, with a warning, since they have no port model).
 * Rule ids are left empty here: the merge step dedups across files and numbers them.
 */
import type { Direction, Origin, Peer, Rule } from '../../model';
import { groupIdOrName, type TfBuild } from './build-context';
import { normalizePorts } from './normalize';
import type { TfResource } from './records';
import { isObject, readBlocks, readBool, readString, readStringList, readTags, type Attrs } from './values';

const GROUP_TYPES = new Set(['aws_security_group', 'aws_default_security_group']);
const LEGACY_GROUP_TYPES = new Set(['aws_db_security_group', 'aws_elasticache_security_group', 'aws_redshift_security_group']);

/** First pass: every group's id, so later references (including `tf:` plan ids) resolve. */
export function readGroups(b: TfBuild): void {
  for (const rec of b.resources) {
    if (GROUP_TYPES.has(rec.type)) readGroup(b, rec);
    else if (LEGACY_GROUP_TYPES.has(rec.type) && rec.mode === 'managed') readLegacyGroup(b, rec);
  }
}

function readGroup(b: TfBuild, rec: TfResource): void {
  const a = rec.attrs;
  const id = readString(a.id) ?? `tf:${rec.address}`;
  if (!readString(a.id) && !b.doc.isPlan) {
    b.warn('group-without-id', `${rec.address} has no id; using ${id}`, id);
  }
  b.groupIdByAddress.set(rec.address, id);
  const name = readString(a.name) ?? (rec.type === 'aws_default_security_group' ? 'default' : undefined);
  const origin: Origin = { file: b.file, address: rec.address };
  if (rec.mode === 'data') {
    b.snap.groups.push(clean({
      id, name, description: readString(a.description), vpcId: readString(a.vpc_id), ownerId: readString(a.owner_id),
      external: true, externalReason: 'data-source', origin, tags: readTags(a.tags),
    }));
    // No warning here: the same group may be managed in this or another input; merge.ts warns
    // only about data-source groups that stay external.
    return;
  }
  b.snap.groups.push(clean({
    // A group of a VPC the plan creates is in it, as `tf:<address>` like the VPC's own id.
    id, name, description: readString(a.description), vpcId: b.vpcRef(rec, ['vpc_id'], a.vpc_id), ownerId: readString(a.owner_id),
    external: false, origin, tags: readTags(a.tags),
  }));
}

function readLegacyGroup(b: TfBuild, rec: TfResource): void {
  const a = rec.attrs;
  const id = readString(a.id) ?? readString(a.name) ?? `tf:${rec.address}`;
  b.groupIdByAddress.set(rec.address, id);
  b.snap.groups.push(clean({ id, name: readString(a.name), description: readString(a.description), external: false, origin: { file: b.file, address: rec.address } }));
  b.warn('legacy-group', `${rec.address} is an EC2-Classic ${rec.type}: its cidr ingress is read as all traffic`, id);
  readBlocks(a.ingress).forEach((block, i) => {
    const peers: Peer[] = [];
    addCidrPeers(b, rec, block.cidr, peers);
    const sg = readString(block.security_group_id);
    if (sg) peers.push(b.groupPeer(sg));
    b.addRule(id, 'ingress', -1, null, null, peers, undefined, { file: b.file, address: rec.address, block: i });
  });
}

/** Second pass: rules of every shape. */
export function readRules(b: TfBuild): void {
  const unread = new Set<string>();
  for (const rec of b.resources) {
    if (rec.mode !== 'managed' && !GROUP_TYPES.has(rec.type)) continue;
    if (GROUP_TYPES.has(rec.type) && rec.mode === 'managed') readInlineRules(b, rec);
    else if (rec.type === 'aws_security_group_rule') readSecurityGroupRule(b, rec);
    else if (rec.type === 'aws_vpc_security_group_ingress_rule') readVpcRule(b, rec, 'ingress');
    else if (rec.type === 'aws_vpc_security_group_egress_rule') readVpcRule(b, rec, 'egress');
    else if (rec.mode === 'managed' && SECURITY_GROUP_TYPE.test(rec.type) && !GROUP_TYPES.has(rec.type) && !HARMLESS_GROUP_TYPES.has(rec.type) && !LEGACY_GROUP_TYPES.has(rec.type)) unread.add(rec.type);
  }
  if (b.doc.deletedRules) dropDeletedFromInline(b, b.doc.deletedRules);
  // A security-group resource of a type this importer does not know (a newer provider's, or one
  // misspelled by hand) may hold rules: say so once per type rather than drop it silently.
  for (const type of unread) {
    b.warn('unread-resource-type', `${type} is a security group resource type Reachmap does not read: any rules it holds are not in the analysis`, type);
  }
}

/** Resource types named like security group resources (see readRules). */
const SECURITY_GROUP_TYPE = /^aws_(vpc_)?security_group/;
/**
 * Those that hold no rule and attach no group to an endpoint: associating a group with another VPC.
 * A new provider type of this kind must join the list, or it is warned about as unread.
 */
const HARMLESS_GROUP_TYPES = new Set(['aws_vpc_security_group_vpc_association']);

/**
 * A plan that destroys a separate rule resource still shows its permission in the group's inline
 * lists: unless configured, they are computed, and planned from the prior state, which AWS fills
 * with every rule of the group. After the apply the permission is gone, so the planned network
 * must not have it: inline rules equal to a destroyed resource's are dropped, unless a rule
 * resource the plan keeps or creates gives the same permission.
 */
function dropDeletedFromInline(b: TfBuild, deleted: readonly TfResource[]): void {
  const rules = b.snap.rules;
  const warningsBefore = b.snap.warnings.length;
  const rulesBefore = rules.length;
  // The destroyed resources read as the live ones are, into scratch entries removed again (with
  // any warning about them: they are not in the planned network).
  for (const rec of deleted) {
    if (rec.type === 'aws_security_group_rule') readSecurityGroupRule(b, rec);
    else readVpcRule(b, rec, rec.type === 'aws_vpc_security_group_ingress_rule' ? 'ingress' : 'egress');
  }
  const gone = new Set(rules.splice(rulesBefore).map(ruleKey));
  b.snap.warnings.length = warningsBefore;
  if (gone.size === 0) return;
  const kept = new Set<string>();
  for (const r of rules) if (r.origins[0]?.block === undefined) kept.add(ruleKey(r));
  b.snap.rules = rules.filter((r) => r.origins[0]?.block === undefined || !gone.has(ruleKey(r)) || kept.has(ruleKey(r)));
}

function ruleKey(r: Rule): string {
  return `${r.groupId} ${r.direction} ${r.protocol} ${r.fromPort} ${r.toPort} ${peerKey(r.peer)}`;
}

function readInlineRules(b: TfBuild, rec: TfResource): void {
  const groupId = b.groupIdByAddress.get(rec.address)!;
  for (const direction of ['ingress', 'egress'] as const) {
    const raw = rec.attrs[direction];
    if (raw !== undefined && raw !== null && !Array.isArray(raw)) {
      b.warn('bad-attribute', `${rec.address}: "${direction}" should be a list of blocks, got ${typeof raw}; ignored`, groupId);
      continue;
    }
    if (b.doc.isPlan && raw === undefined && b.unknownAt(rec, [direction])) {
      // Unset inline blocks are computed from separate rule resources: nothing is missing then.
      if (b.isUnconfiguredComputed(rec, [direction])) continue;
      b.warn('unknown-at-plan', `${rec.address}: ${direction} rules are unknown until apply`, groupId);
      continue;
    }
    if (!Array.isArray(raw)) continue;
    // A plain loop over the blocks instead of readBlocks(): no filtered copy and no closure per
    // group. `i` is the block's position in the file's list, so warnings and origins point at it.
    for (let i = 0; i < (raw as unknown[]).length; i++) {
      const block = (raw as unknown[])[i];
      if (!isObject(block)) {
        b.warn('bad-attribute', `${rec.address} ${direction}[${i}] should be a block, got ${block === null ? 'null' : Array.isArray(block) ? 'array' : typeof block}; ignored`, groupId);
        continue;
      }
      const peers = blockPeers(b, rec, block, groupId, direction, i);
      if (peers.length === 0) {
        b.warn('rule-without-peer', `${rec.address} ${direction}[${i}] names no cidr, prefix list or group; ignored`, groupId);
      } else {
        const origin: Origin = { file: b.file, address: rec.address, block: i };
        b.addRule(groupId, direction, block.protocol, block.from_port, block.to_port, peers, readString(block.description), origin);
      }
    }
  }
}

function blockPeers(b: TfBuild, rec: TfResource, block: Attrs, ownId: string, direction: Direction, index: number): Peer[] {
  const peers: Peer[] = [];
  addCidrPeers(b, rec, block.cidr_blocks, peers);
  addCidrPeers(b, rec, block.ipv6_cidr_blocks, peers);
  addPrefixListPeers(b, block.prefix_list_ids, peers);
  // Only plan-unknown data needs the attribute's path (to follow configuration references); a
  // state has none, so it skips building a path array per block and reads the ids in place.
  // Entries may be group names (see isGroupName), which the merge resolves within the group's VPC.
  if (rec.unknown === undefined) addGroupPeers(b, block.security_groups, peers, true);
  else for (const id of b.groupRefs(rec, [direction, index, 'security_groups'], readStringList(block.security_groups).map(groupIdOrName))) peers.push(b.groupPeer(id));
  if (readBool(block.self) === true) peers.push(b.groupPeer(ownId));
  if (b.doc.isPlan && rec.unknown !== undefined) {
    for (const key of ['cidr_blocks', 'ipv6_cidr_blocks', 'prefix_list_ids']) {
      if (b.unknownAt(rec, [direction, index, key])) b.warn('unknown-at-plan', `${rec.address} ${direction}.${index}.${key} is unknown until apply`, ownId);
    }
  }
  return peers;
}

/*
 * The add*Peers helpers read a raw attribute value the way readStringList() would (a list, or a
 * lone string or number) but without building that list: every rule and inline block reads four
 * such attributes, mostly empty, and those short-lived arrays were a large share of the garbage.
 */

function addCidrPeers(b: TfBuild, rec: TfResource, raw: unknown, peers: Peer[]): void {
  if (Array.isArray(raw)) for (const v of raw as unknown[]) addCidrPeer(b, rec, v, peers);
  else addCidrPeer(b, rec, raw, peers);
}

function addCidrPeer(b: TfBuild, rec: TfResource, v: unknown, peers: Peer[]): void {
  const text = readString(v);
  if (text === undefined) return;
  const r = b.cidr(text);
  if ('error' in r) {
    b.warn('bad-cidr', `${rec.address}: ${r.error}; ignored`, rec.address);
    return;
  }
  if (r.note) b.warn('cidr-normalized', `${rec.address}: ${r.note}`, rec.address);
  peers.push(b.cidrPeer(r.cidr));
}

function addPrefixListPeers(b: TfBuild, raw: unknown, peers: Peer[]): void {
  if (Array.isArray(raw)) {
    for (const v of raw as unknown[]) {
      const id = readString(v);
      if (id !== undefined) peers.push(b.prefixListPeer(id));
    }
  } else {
    const id = readString(raw);
    if (id !== undefined) peers.push(b.prefixListPeer(id));
  }
}

/** readStringList(raw)[0] without the list. */
function firstString(raw: unknown): string | undefined {
  if (!Array.isArray(raw)) return readString(raw);
  for (const v of raw as unknown[]) {
    const s = readString(v);
    if (s !== undefined) return s;
  }
  return undefined;
}

/** Group peers from a list of ids, or with `byName` of ids and names (see isGroupName). */
function addGroupPeers(b: TfBuild, raw: unknown, peers: Peer[], byName = false): void {
  if (Array.isArray(raw)) {
    for (const v of raw as unknown[]) {
      const id = readString(v);
      if (id !== undefined) peers.push(b.groupPeer(byName ? groupIdOrName(id) : id));
    }
  } else {
    const id = readString(raw);
    if (id !== undefined) peers.push(b.groupPeer(byName ? groupIdOrName(id) : id));
  }
}

function readSecurityGroupRule(b: TfBuild, rec: TfResource): void {
  const a = rec.attrs;
  const direction = a.type === 'ingress' || a.type === 'egress' ? a.type : undefined;
  // Outside plans groupRefs() is readStringList(): read the one id in place (no path, no list).
  const groupId = rec.unknown === undefined ? firstString(a.security_group_id) : b.groupRefs(rec, ['security_group_id'], a.security_group_id)[0];
  if (!direction || !groupId) {
    b.warn('incomplete-rule', `${rec.address} has no ${!direction ? '"type" (ingress/egress)' : 'security_group_id'}; ignored`, groupId ?? rec.address);
    return;
  }
  const peers: Peer[] = [];
  addCidrPeers(b, rec, a.cidr_blocks, peers);
  addCidrPeers(b, rec, a.ipv6_cidr_blocks, peers);
  addPrefixListPeers(b, a.prefix_list_ids, peers);
  if (rec.unknown === undefined) addGroupPeers(b, a.source_security_group_id, peers);
  else for (const id of b.groupRefs(rec, ['source_security_group_id'], a.source_security_group_id)) peers.push(b.groupPeer(id));
  // self=true with source_security_group_id = own id is one rule; the peer dedup below folds them.
  if (readBool(a.self) === true) peers.push(b.groupPeer(groupId));
  if (peers.length === 0) {
    b.warn('rule-without-peer', `${rec.address} names no cidr, prefix list or group; ignored`, groupId);
    return;
  }
  b.addRule(groupId, direction, a.protocol, a.from_port, a.to_port, peers, readString(a.description), { file: b.file, address: rec.address });
}

function readVpcRule(b: TfBuild, rec: TfResource, direction: Direction): void {
  const a = rec.attrs;
  const groupId = b.groupRefs(rec, ['security_group_id'], a.security_group_id)[0];
  if (!groupId) {
    b.warn('incomplete-rule', `${rec.address} has no security_group_id; ignored`, rec.address);
    return;
  }
  const peers: Peer[] = [];
  addCidrPeers(b, rec, a.cidr_ipv4, peers);
  addCidrPeers(b, rec, a.cidr_ipv6, peers);
  addPrefixListPeers(b, a.prefix_list_id, peers);
  for (const id of b.groupRefs(rec, ['referenced_security_group_id'], a.referenced_security_group_id)) peers.push(b.groupPeer(id));
  if (peers.length === 0) {
    b.warn('rule-without-peer', `${rec.address} names no cidr, prefix list or group; ignored`, groupId);
    return;
  }
  const origin: Origin = { file: b.file, address: rec.address };
  const ruleId = readString(a.security_group_rule_id);
  if (ruleId) origin.ruleId = ruleId;
  b.addRule(groupId, direction, a.ip_protocol, a.from_port, a.to_port, peers, readString(a.description), origin);
}

/** Builds atomic rules; protocol/port problems drop the rule with a warning naming the resource. */
export function makeRules(
  b: TfBuild,
  groupId: string,
  direction: Direction,
  protocolRaw: unknown,
  fromRaw: unknown,
  toRaw: unknown,
  peers: Peer[],
  description: string | undefined,
  origin: Origin,
): void {
  const protocol = typeof protocolRaw === 'number' && protocolRaw === -1 ? -1 : b.protocol(protocolRaw);
  if (typeof protocol !== 'number') {
    b.warn('bad-rule', `${ruleWhere(groupId, direction, origin)} ${protocol.error}; rule ignored`, groupId);
    return;
  }
  const ports = normalizePorts(protocol, fromRaw, toRaw);
  if ('error' in ports) {
    b.warn('bad-rule', `${ruleWhere(groupId, direction, origin)} ${ports.error}; rule ignored`, groupId);
    return;
  }
  // Most blocks name one peer: the duplicate-peer check only allocates for the others.
  const seen = peers.length > 1 ? new Set<string>() : undefined;
  for (const peer of peers) {
    if (seen) {
      const key = peerKey(peer);
      if (seen.has(key)) continue;
      seen.add(key);
    }
    // Built literally in the same key order clean() would leave, without the copy.
    b.snap.rules.push(description === undefined
      ? { id: '', groupId, direction, protocol, fromPort: ports.fromPort, toPort: ports.toPort, peer, origins: [origin] }
      : { id: '', groupId, direction, protocol, fromPort: ports.fromPort, toPort: ports.toPort, peer, description, origins: [origin] });
  }
}

/** Where a dropped rule came from, for its warning (a function, not a closure made per rule). */
function ruleWhere(groupId: string, direction: Direction, origin: Origin): string {
  return `${origin.address ?? groupId}${origin.block !== undefined ? ` ${direction}[${origin.block}]` : ''}`;
}

export function peerKey(p: Peer): string {
  return p.kind === 'cidr' ? `cidr:${p.cidr}` : p.kind === 'prefixList' ? `pl:${p.id}` : `sg:${p.groupId}`;
}

/**
 * Drops undefined fields so snapshots compare and serialise cleanly. Returns a copy rather than
 * deleting in place: `delete` turns an object into a slow dictionary, and every endpoint and group
 * passes through here on its way to the merge, sort and serialisation.
 */
export function clean<T extends object>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o)) {
    const v = (o as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = v;
  }
  return out as T;
}

