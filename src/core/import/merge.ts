/**
 * Merging partial snapshots (one per input file) and finalising the result. Several files may
 * describe one stack (a state split across workspaces, a state plus AWS describe output), so objects
 * are deduplicated by id and their information combined: a defined group beats an external one, VPC
 * CIDRs, prefix-list entries and endpoint groups are unioned. Rules are deduplicated by
 * (group, direction, protocol, ports, peer) with their origins concatenated: an inline block and a
 * separate rule resource for the same permission are one rule, and since inline lists may be stale
 * or empty while separate rules exist, the result is the union of both.
 *
 * Finalising then:
 * - derives an endpoint's VPC from its subnets (else from its groups),
 * - resolves group NAMES: importers put `name:<group name>` into `Endpoint.groupIds` when a resource
 *   names groups instead of ids (aws_instance.security_groups); they are matched to groups of that
 *   name in the endpoint's VPC. An unresolved name stays as an external group with that id, warned;
 * - turns every group id referenced by a rule or endpoint but defined nowhere into an external group
 *   (reason 'missing') with a warning naming it, and warns about unknown prefix lists;
 * - sorts everything and numbers rules `${groupId}/${direction}/${n}`, so output is deterministic.
 */
import {
  SNAPSHOT_FORMAT,
  SNAPSHOT_VERSION,
  type Endpoint,
  type Origin,
  type PrefixList,
  type Rule,
  type SecurityGroup,
  type Snapshot,
  type Subnet,
  type Vpc,
  type Warning,
} from '../model';

/** Prefix marking a group name (not id) in `Endpoint.groupIds` of a partial snapshot. */
export const GROUP_NAME_PREFIX = 'name:';

export function mergeSnapshots(parts: Snapshot[]): Snapshot {
  const vpcs = new Map<string, Vpc>();
  const subnets = new Map<string, Subnet>();
  const groups = new Map<string, SecurityGroup>();
  const prefixLists = new Map<string, PrefixList>();
  const endpoints = new Map<string, Endpoint>();
  const rules = new Map<string, Rule>();
  const warnings: Warning[] = [];
  const out: Snapshot = {
    format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, meta: {}, sources: [], vpcs: [], subnets: [], groups: [],
    rules: [], prefixLists: [], endpoints: [], warnings: [],
  };
  for (const part of parts) {
    mergeMeta(out, part);
    out.sources.push(...part.sources);
    for (const v of part.vpcs) mergeInto(vpcs, v, (a, b) => ({ ...b, ...a, cidrs: union(a.cidrs, b.cidrs), ipv6Cidrs: union(a.ipv6Cidrs, b.ipv6Cidrs) }));
    for (const s of part.subnets) mergeInto(subnets, s, (a, b) => ({ ...b, ...a }));
    for (const g of part.groups) mergeInto(groups, g, mergeGroup);
    for (const p of part.prefixLists) mergeInto(prefixLists, p, (a, b) => ({ ...b, ...a, entries: union(a.entries, b.entries) }));
    for (const e of part.endpoints) mergeInto(endpoints, e, mergeEndpoint);
    for (const r of part.rules) {
      const key = ruleKey(r);
      const prev = rules.get(key);
      if (!prev) rules.set(key, { ...r, origins: [...r.origins] });
      else {
        for (const o of r.origins) if (!prev.origins.some((p) => sameOrigin(p, o))) prev.origins.push(o);
        if (prev.description === undefined && r.description !== undefined) prev.description = r.description;
      }
    }
    warnings.push(...part.warnings);
    if (part.network) {
      out.network ??= {};
      for (const k of ['networkAcls', 'routeTables', 'internetGateways', 'vpcPeeringConnections'] as const) {
        const list = part.network[k];
        if (list) out.network[k] = [...(out.network[k] ?? []), ...list];
      }
    }
  }
  out.vpcs = [...vpcs.values()];
  out.subnets = [...subnets.values()];
  out.groups = [...groups.values()];
  out.prefixLists = [...prefixLists.values()];
  out.endpoints = [...endpoints.values()];
  out.rules = [...rules.values()];
  out.warnings = warnings;
  finalize(out);
  return out;
}

function mergeMeta(out: Snapshot, part: Snapshot): void {
  const m = part.meta;
  if (m.accountId && !out.meta.accountId) out.meta.accountId = m.accountId;
  if (m.takenAt && !out.meta.takenAt) out.meta.takenAt = m.takenAt;
  if (m.tool && !out.meta.tool) out.meta.tool = m.tool;
  if (m.regions) out.meta.regions = union(out.meta.regions ?? [], m.regions);
}

function mergeInto<T extends { id: string }>(map: Map<string, T>, item: T, combine: (existing: T, incoming: T) => T): void {
  const prev = map.get(item.id);
  map.set(item.id, prev ? combine(prev, item) : structuredCloneLite(item));
}

function structuredCloneLite<T>(o: T): T {
  return JSON.parse(JSON.stringify(o)) as T;
}

function mergeGroup(a: SecurityGroup, b: SecurityGroup): SecurityGroup {
  // A defined group wins over an external reference; fields missing on the winner are filled in.
  const [win, lose] = a.external && !b.external ? [b, a] : [a, b];
  const merged: SecurityGroup = { ...lose, ...win };
  for (const k of ['name', 'description', 'vpcId', 'ownerId', 'tags', 'origin'] as const) {
    if (merged[k] === undefined && lose[k] !== undefined) (merged as unknown as Record<string, unknown>)[k] = lose[k];
  }
  if (!merged.external) delete merged.externalReason;
  return merged;
}

function mergeEndpoint(a: Endpoint, b: Endpoint): Endpoint {
  // Stubs (an ENI known only from an attachment) lose to the real resource for scalar fields.
  const isStub = (e: Endpoint): boolean => e.resourceType === 'aws_network_interface_sg_attachment';
  const [win, lose] = isStub(a) && !isStub(b) ? [b, a] : [a, b];
  const merged: Endpoint = { ...lose, ...win };
  for (const k of Object.keys(lose) as (keyof Endpoint)[]) {
    if (merged[k] === undefined) (merged as unknown as Record<string, unknown>)[k] = lose[k];
  }
  merged.subnetIds = union(win.subnetIds, lose.subnetIds);
  merged.privateIpv4 = union(win.privateIpv4, lose.privateIpv4);
  merged.ipv6 = union(win.ipv6, lose.ipv6);
  merged.publicIpv4 = union(win.publicIpv4, lose.publicIpv4);
  merged.groupIds = union(win.groupIds, lose.groupIds);
  return merged;
}

function union(a: string[], b: string[]): string[] {
  return [...new Set([...a, ...b])];
}

function peerText(r: Rule): string {
  const p = r.peer;
  return p.kind === 'cidr' ? `cidr:${p.cidr}` : p.kind === 'prefixList' ? `pl:${p.id}` : `sg:${p.groupId}`;
}

function ruleKey(r: Rule): string {
  return [r.groupId, r.direction, r.protocol, r.fromPort, r.toPort, peerText(r)].join('|');
}

function sameOrigin(a: Origin, b: Origin): boolean {
  return a.file === b.file && a.address === b.address && a.block === b.block && a.ruleId === b.ruleId && a.edit === b.edit;
}

function compare(a: string | number | null | undefined, b: string | number | null | undefined): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  return a < b ? -1 : 1;
}

function byId<T extends { id: string }>(a: T, b: T): number {
  return compare(a.id, b.id);
}

function finalize(s: Snapshot): void {
  const subnetById = new Map(s.subnets.map((x) => [x.id, x]));
  const groupById = new Map(s.groups.map((g) => [g.id, g]));

  for (const e of s.endpoints) {
    if (!e.vpcId) {
      const fromSubnet = e.subnetIds.map((id) => subnetById.get(id)?.vpcId).find((v) => v !== undefined);
      const fromGroup = e.groupIds.map((id) => groupById.get(id)?.vpcId).find((v) => v !== undefined);
      const vpc = fromSubnet ?? fromGroup;
      if (vpc) e.vpcId = vpc;
    }
  }
  resolveGroupNames(s, groupById);

  const missing = new Map<string, string>();
  const noteGroup = (id: string, why: string): void => {
    if (!groupById.has(id) && !missing.has(id)) missing.set(id, why);
  };
  for (const r of s.rules) {
    noteGroup(r.groupId, `has rules (${r.origins[0]?.address ?? r.origins[0]?.ruleId ?? 'unknown origin'})`);
    if (r.peer.kind === 'group') noteGroup(r.peer.groupId, `is referenced by a rule of ${r.groupId}`);
  }
  for (const e of s.endpoints) for (const g of e.groupIds) noteGroup(g, `is attached to ${e.name}`);
  for (const [id, why] of [...missing].sort((a, b) => compare(a[0], b[0]))) {
    const file = s.sources.length === 1 ? s.sources[0]!.file : undefined;
    const g: SecurityGroup = { id, external: true, externalReason: 'missing' };
    s.groups.push(g);
    groupById.set(id, g);
    const w: Warning = { code: 'external-group', message: `${id} ${why} but is defined in no input: treated as an external group with unknown rules`, subject: id };
    if (file) w.file = file;
    s.warnings.push(w);
  }
  for (const g of s.groups) {
    if (g.external && g.externalReason === 'data-source') {
      const w: Warning = {
        code: 'external-group',
        message: `${g.id}${g.name ? ` (${g.name})` : ''} is only read through a data source${g.origin?.address ? ` (${g.origin.address})` : ''}: defined outside the inputs, its rules are unknown`,
        subject: g.id,
      };
      if (g.origin?.file) w.file = g.origin.file;
      s.warnings.push(w);
    }
  }
  const knownLists = new Set(s.prefixLists.map((p) => p.id));
  const warnedLists = new Set<string>();
  for (const r of s.rules) {
    if (r.peer.kind === 'prefixList' && !knownLists.has(r.peer.id) && !warnedLists.has(r.peer.id)) {
      warnedLists.add(r.peer.id);
      s.warnings.push({ code: 'unknown-prefix-list', message: `prefix list ${r.peer.id} (used by ${r.groupId}) is defined in no input: it matches nothing`, subject: r.peer.id });
    }
  }

  s.vpcs.sort(byId);
  for (const v of s.vpcs) {
    v.cidrs.sort();
    v.ipv6Cidrs.sort();
  }
  s.subnets.sort(byId);
  s.groups.sort(byId);
  s.prefixLists.sort(byId);
  for (const p of s.prefixLists) p.entries.sort();
  s.endpoints.sort(byId);
  for (const e of s.endpoints) e.groupIds.sort();
  s.rules.sort((a, b) =>
    compare(a.groupId, b.groupId) || compare(a.direction, b.direction) || compare(a.protocol, b.protocol) ||
    compare(a.fromPort, b.fromPort) || compare(a.toPort, b.toPort) || compare(peerText(a), peerText(b)));
  const counters = new Map<string, number>();
  for (const r of s.rules) {
    const key = `${r.groupId}/${r.direction}`;
    const n = counters.get(key) ?? 0;
    counters.set(key, n + 1);
    r.id = `${key}/${n}`;
  }
  s.warnings = dedupWarnings(s.warnings);
}

function resolveGroupNames(s: Snapshot, groupById: Map<string, SecurityGroup>): void {
  for (const e of s.endpoints) {
    if (!e.groupIds.some((g) => g.startsWith(GROUP_NAME_PREFIX))) continue;
    const resolved: string[] = [];
    for (const ref of e.groupIds) {
      if (!ref.startsWith(GROUP_NAME_PREFIX)) {
        resolved.push(ref);
        continue;
      }
      const name = ref.slice(GROUP_NAME_PREFIX.length);
      const candidates = s.groups.filter((g) => !g.external && g.name === name && (!e.vpcId || !g.vpcId || g.vpcId === e.vpcId));
      const inVpc = candidates.filter((g) => e.vpcId && g.vpcId === e.vpcId);
      const pick = inVpc.length > 0 ? inVpc : candidates;
      if (pick.length === 1) {
        resolved.push(pick[0]!.id);
        continue;
      }
      const why = pick.length === 0 ? 'matches no group' : `is ambiguous (${pick.map((g) => g.id).join(', ')})`;
      s.warnings.push({ code: 'unresolved-group-name', message: `${e.name}: security group name "${name}" ${why}${e.vpcId ? ` in ${e.vpcId}` : ''}; kept as external group ${ref}`, subject: e.id });
      if (!groupById.has(ref)) {
        const g: SecurityGroup = { id: ref, name, external: true, externalReason: 'missing' };
        if (e.vpcId) g.vpcId = e.vpcId;
        s.groups.push(g);
        groupById.set(ref, g);
      }
      resolved.push(ref);
    }
    e.groupIds = [...new Set(resolved)];
  }
}

function dedupWarnings(ws: Warning[]): Warning[] {
  const seen = new Set<string>();
  return ws.filter((w) => {
    const key = `${w.code}|${w.file ?? ''}|${w.subject ?? ''}|${w.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
