/**
 * Saving and loading snapshots. `serializeSnapshot` writes only the fields model.ts defines, so a
 * saved file is secrets-free by construction even if an object picked up extra properties in memory.
 * `parseSnapshot` validates a saved file field by field with one-line ImportError messages, and
 * `snapshotImporter` plugs saved snapshots into `importInputs` so they can be merged or queried like
 * any other input.
 */
import {
  ImportError,
  SNAPSHOT_FORMAT,
  SNAPSHOT_VERSION,
  type Endpoint,
  type EndpointKind,
  type Origin,
  type Peer,
  type PrefixList,
  type Rule,
  type SecurityGroup,
  type Snapshot,
  type Subnet,
  type Vpc,
  type Warning,
} from './model';
import type { FormatImporter } from './import/format-importer';
import { parseJson } from './import/parse-json';
import { normalizePorts, normalizeProtocol } from './import/terraform/normalize';
import { parseAddress, parseCidr } from './net/address';

export function serializeSnapshot(s: Snapshot): string {
  const out: Snapshot = {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    meta: pick(s.meta, ['accountId', 'regions', 'takenAt', 'tool']),
    sources: s.sources.map((x) => pick(x, ['file', 'format'])),
    vpcs: s.vpcs.map((v) => pick(v, ['id', 'name', 'cidrs', 'ipv6Cidrs', 'defaultGroupId', 'origin'], originOf)),
    subnets: s.subnets.map((x) => pick(x, ['id', 'vpcId', 'name', 'availabilityZone', 'cidr', 'ipv6Cidr', 'ipv6CidrUnknown', 'mapPublicIp', 'origin'], originOf)),
    groups: s.groups.map((g) => pick(g, ['id', 'name', 'description', 'vpcId', 'ownerId', 'external', 'externalReason', 'origin', 'tags'], originOf)),
    rules: s.rules.map((r) => ({ ...pick(r, ['id', 'groupId', 'direction', 'protocol', 'fromPort', 'toPort', 'description']), peer: peerOf(r.peer), origins: r.origins.map((o) => pick(o, ORIGIN_KEYS)) }) as Rule),
    prefixLists: s.prefixLists.map((p) => pick(p, ['id', 'name', 'entries', 'entriesUnknown', 'family', 'origin'], originOf)),
    endpoints: s.endpoints.map((e) => pick(e, ENDPOINT_KEYS, originOf)),
    warnings: s.warnings.map((w) => pick(w, ['code', 'message', 'file', 'subject'])),
  };
  if (s.network) out.network = s.network;
  return `${JSON.stringify(out, null, 2)}\n`;
}

const ORIGIN_KEYS: (keyof Origin)[] = ['file', 'address', 'block', 'ruleId', 'edit'];
const ENDPOINT_KEYS: (keyof Endpoint)[] = [
  'id', 'kind', 'name', 'awsId', 'arn', 'tfAddress', 'resourceType', 'vpcId', 'subnetIds', 'privateIpv4', 'ipv6', 'publicIpv4',
  'publicIpUnknown', 'groupIds', 'interfaces', 'tags', 'internetFacing', 'unfiltered', 'ipAddressType', 'defaultGroupReplacedBy', 'listeners', 'origin',
];

function pick<T extends object>(o: T, keys: (keyof T)[], map?: (k: keyof T, v: unknown) => unknown): T {
  const out = {} as T;
  for (const k of keys) {
    const v = o[k];
    if (v !== undefined) out[k] = (map ? map(k, v) : v) as T[keyof T];
  }
  return out;
}

function originOf(k: PropertyKey, v: unknown): unknown {
  return k === 'origin' && v && typeof v === 'object' ? pick(v as Origin, ORIGIN_KEYS) : v;
}

function peerOf(p: Peer): Peer {
  return p.kind === 'cidr' ? { kind: 'cidr', cidr: p.cidr } : p.kind === 'prefixList' ? { kind: 'prefixList', id: p.id } : { kind: 'group', groupId: p.groupId };
}

/**
 * Parses and validates a saved snapshot. Bad JSON is reported as every input's is (parseJson): with
 * its line and column, and never quoting the text, which may be a file opened by mistake.
 */
export function parseSnapshot(text: string, fileName: string): Snapshot {
  return validateSnapshot(parseJson({ name: fileName, text }), fileName);
}

export function validateSnapshot(doc: unknown, fileName: string): Snapshot {
  const fail = (msg: string): never => {
    throw new ImportError(fileName, msg);
  };
  if (!isObj(doc)) return fail('a snapshot must be a JSON object');
  if (doc.format !== SNAPSHOT_FORMAT) fail(`not a Reachmap snapshot (format is ${JSON.stringify(doc.format)})`);
  if (doc.version === undefined) fail(`the snapshot has no "version" (this build reads version ${SNAPSHOT_VERSION})`);
  if (doc.version !== SNAPSHOT_VERSION) fail(`unsupported snapshot version ${JSON.stringify(doc.version)} (this build reads version ${SNAPSHOT_VERSION})`);
  if (nestsDeeperThan(doc, MAX_SNAPSHOT_DEPTH)) fail(`nested too deeply (more than ${MAX_SNAPSHOT_DEPTH} levels, where a snapshot has about six)`);
  const list = (key: string): Record<string, unknown>[] => {
    const v = doc[key] ?? [];
    if (!Array.isArray(v)) return fail(`"${key}" must be an array`);
    v.forEach((item, i) => {
      if (!isObj(item)) fail(`${key}[${i}] must be an object`);
    });
    return v as Record<string, unknown>[];
  };
  // Every field the code reads is checked here, so a wrong type stops the import with its path
  // instead of crashing a later step (or printing as `undefined`) with no file or field named.
  const str = (o: Record<string, unknown>, k: string, where: string, optional = true): void => {
    if (o[k] === undefined && optional) return;
    if (typeof o[k] !== 'string') fail(`${where}.${k} must be a string`);
  };
  const strList = (o: Record<string, unknown>, k: string, where: string): void => {
    const v = o[k] ?? [];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) fail(`${where}.${k} must be an array of strings`);
    o[k] = v;
  };
  const bool = (o: Record<string, unknown>, k: string, where: string): void => {
    if (o[k] !== undefined && typeof o[k] !== 'boolean') fail(`${where}.${k} must be true or false`);
  };
  const tags = (o: Record<string, unknown>, where: string): void => {
    if (o.tags === undefined) return;
    if (!isObj(o.tags)) return fail(`${where}.tags must be an object`);
    for (const [k, v] of Object.entries(o.tags)) if (typeof v !== 'string') fail(`${where}.tags[${JSON.stringify(k)}] must be a string`);
  };
  const origin = (o: unknown, where: string): void => {
    if (!isObj(o)) return fail(`${where} must be an object`);
    for (const k of ['file', 'address', 'ruleId', 'edit']) str(o, k, where);
    if (o.block !== undefined && !(typeof o.block === 'number' && Number.isInteger(o.block) && o.block >= 0)) fail(`${where}.block must be a whole number`);
  };
  const optionalOrigin = (o: Record<string, unknown>, where: string): void => {
    if (o.origin !== undefined) origin(o.origin, `${where}.origin`);
  };
  const portOrNull = (v: unknown): boolean => v === null || (typeof v === 'number' && Number.isInteger(v));
  // Values are read with the importers' own parsers. A snapshot holds only what those write, so
  // anything else was edited or corrupted: the engine would widen it (ports -5 to 70000 read as all
  // ports) or let it match nothing (a CIDR it cannot parse), and neither may pass unnoticed.
  const why = (e: unknown, text: string): string => (e instanceof Error ? e.message.replace(`invalid address '${text}': `, '') : String(e));
  const cidr = (text: string, where: string, family?: 4 | 6): void => {
    let parsed: ReturnType<typeof parseCidr>;
    try {
      parsed = parseCidr(text);
    } catch (e) {
      return fail(`${where} ${JSON.stringify(text)} is not a CIDR (${why(e, text)})`);
    }
    // Importers clear host bits (warning about it) and write one spelling, which the merge compares.
    if (parsed.text !== text) fail(`${where} ${JSON.stringify(text)} is not a CIDR as Reachmap writes it (${parsed.text})`);
    if (family !== undefined && parsed.family !== family) fail(`${where} ${JSON.stringify(text)} is not an IPv${family} CIDR`);
  };
  /** The CIDR or CIDRs at `o[k]`; `family` when the field holds one family only (a VPC's or subnet's blocks). */
  const cidrs = (o: Record<string, unknown>, k: string, where: string, family?: 4 | 6): void => {
    const v = o[k];
    if (typeof v === 'string') cidr(v, `${where}.${k}`, family);
    else if (Array.isArray(v)) v.forEach((x: string, j) => cidr(x, `${where}.${k}[${j}]`, family));
  };
  const addresses = (o: Record<string, unknown>, k: string, family: 4 | 6, where: string): void => {
    const v = o[k];
    (typeof v === 'string' ? [v] : Array.isArray(v) ? (v as string[]) : []).forEach((text, j) => {
      const at = Array.isArray(v) ? `${where}.${k}[${j}]` : `${where}.${k}`;
      let f: 4 | 6;
      try {
        f = parseAddress(text).family;
      } catch (e) {
        return fail(`${at} ${JSON.stringify(text)} is not an IP address (${why(e, text)})`);
      }
      if (f !== family) fail(`${at} ${JSON.stringify(text)} is not an IPv${family} address`);
    });
  };
  if (doc.meta !== undefined) {
    if (!isObj(doc.meta)) fail('"meta" must be an object');
    const meta = doc.meta as Record<string, unknown>;
    for (const k of ['accountId', 'takenAt', 'tool']) str(meta, k, 'meta');
    if (meta.regions !== undefined) strList(meta, 'regions', 'meta');
  }
  list('sources').forEach((x, i) => {
    str(x, 'file', `sources[${i}]`, false);
    str(x, 'format', `sources[${i}]`, false);
  });
  list('vpcs').forEach((v, i) => {
    const where = `vpcs[${i}]`;
    str(v, 'id', where, false);
    str(v, 'name', where);
    str(v, 'defaultGroupId', where);
    strList(v, 'cidrs', where);
    strList(v, 'ipv6Cidrs', where);
    cidrs(v, 'cidrs', where, 4);
    cidrs(v, 'ipv6Cidrs', where, 6);
    optionalOrigin(v, where);
  });
  list('subnets').forEach((x, i) => {
    const where = `subnets[${i}]`;
    str(x, 'id', where, false);
    for (const k of ['vpcId', 'name', 'availabilityZone', 'cidr', 'ipv6Cidr']) str(x, k, where);
    cidrs(x, 'cidr', where, 4);
    cidrs(x, 'ipv6Cidr', where, 6);
    if (x.ipv6CidrUnknown !== undefined && x.ipv6CidrUnknown !== true) fail(`${where}.ipv6CidrUnknown must be true when present`);
    bool(x, 'mapPublicIp', where);
    optionalOrigin(x, where);
  });
  list('groups').forEach((g, i) => {
    const where = `groups[${i}]`;
    str(g, 'id', where, false);
    for (const k of ['name', 'description', 'vpcId', 'ownerId', 'externalReason']) str(g, k, where);
    // Absent means defined; any other value than a boolean is not taken for either.
    bool(g, 'external', where);
    if (g.external === undefined) g.external = false;
    tags(g, where);
    optionalOrigin(g, where);
  });
  list('prefixLists').forEach((p, i) => {
    const where = `prefixLists[${i}]`;
    str(p, 'id', where, false);
    str(p, 'name', where);
    strList(p, 'entries', where);
    cidrs(p, 'entries', where);
    if (p.entriesUnknown !== undefined && typeof p.entriesUnknown !== 'boolean') fail(`${where}.entriesUnknown must be a boolean`);
    if (p.family !== undefined && p.family !== 4 && p.family !== 6) fail(`${where}.family must be 4 or 6`);
    optionalOrigin(p, where);
  });
  list('rules').forEach((r, i) => {
    const where = `rules[${i}]`;
    str(r, 'id', where, false);
    str(r, 'groupId', where, false);
    str(r, 'description', where);
    if (r.direction !== 'ingress' && r.direction !== 'egress') fail(`${where}.direction must be "ingress" or "egress"`);
    if (typeof r.protocol !== 'number' || !Number.isInteger(r.protocol)) fail(`${where}.protocol must be an integer`);
    if (!portOrNull(r.fromPort) || !portOrNull(r.toPort)) fail(`${where}.fromPort/toPort must be integers or null`);
    const p = r.peer;
    const okPeer = isObj(p) && ((p.kind === 'cidr' && typeof p.cidr === 'string') || (p.kind === 'prefixList' && typeof p.id === 'string') || (p.kind === 'group' && typeof p.groupId === 'string'));
    if (!okPeer) fail(`${where}.peer must be {kind:'cidr',cidr} | {kind:'prefixList',id} | {kind:'group',groupId}`);
    if (normalizeProtocol(r.protocol) !== r.protocol) fail(`${where}.protocol must be an IP protocol number from -1 to 255, not ${String(r.protocol)}`);
    const ports = normalizePorts(r.protocol as number, r.fromPort, r.toPort);
    if ('error' in ports) fail(`${where} ${ports.error}`);
    else if (ports.fromPort !== r.fromPort || ports.toPort !== r.toPort) fail(`${where}.fromPort/toPort must be ${ports.fromPort === null ? 'null' : 'integers'} for protocol ${String(r.protocol)}`);
    if ((p as Record<string, unknown>).kind === 'cidr') cidrs(p as Record<string, unknown>, 'cidr', `${where}.peer`);
    if (r.origins === undefined) r.origins = [];
    if (!Array.isArray(r.origins)) fail(`${where}.origins must be an array`);
    (r.origins as unknown[]).forEach((o, j) => origin(o, `${where}.origins[${j}]`));
  });
  list('endpoints').forEach((e, i) => {
    const where = `endpoints[${i}]`;
    str(e, 'id', where, false);
    str(e, 'kind', where, false);
    if (!ENDPOINT_KINDS.has(e.kind as EndpointKind)) fail(`${where}.kind must be one of ${[...ENDPOINT_KINDS].join(', ')}`);
    str(e, 'name', where);
    if (e.name === undefined) e.name = e.id;
    for (const k of ['awsId', 'arn', 'tfAddress', 'resourceType', 'vpcId']) str(e, k, where);
    for (const k of ['subnetIds', 'privateIpv4', 'ipv6', 'publicIpv4', 'groupIds']) strList(e, k, where);
    addresses(e, 'privateIpv4', 4, where);
    addresses(e, 'publicIpv4', 4, where);
    addresses(e, 'ipv6', 6, where);
    tags(e, where);
    bool(e, 'internetFacing', where);
    optionalOrigin(e, where);
    if (e.defaultGroupReplacedBy !== undefined && !(Array.isArray(e.defaultGroupReplacedBy) && e.defaultGroupReplacedBy.every((g) => typeof g === 'string'))) {
      fail(`${where}.defaultGroupReplacedBy must be an array of strings`);
    }
    if (e.listeners !== undefined) {
      const one = (l: unknown): boolean =>
        isObj(l) && (((l.protocol === 6 || l.protocol === 17) && Number.isInteger(l.port) && (l.port as number) >= 1 && (l.port as number) <= 65535) || (l.protocol === -1 && l.port === 0));
      if (!(Array.isArray(e.listeners) && e.listeners.every(one))) fail(`${where}.listeners must be an array of {protocol: 6 | 17, port: 1-65535} or {protocol: -1, port: 0}`);
    }
    if (e.interfaces !== undefined) {
      const ok = Array.isArray(e.interfaces) && e.interfaces.every((x) => isObj(x) && typeof x.id === 'string' && ['privateIpv4', 'tfAddress'].every((k) => x[k] === undefined || typeof x[k] === 'string') && (x.primary === undefined || x.primary === true));
      if (!ok) fail(`${where}.interfaces must be an array of {id, privateIpv4?, tfAddress?, primary?: true} with string values`);
      (e.interfaces as Record<string, unknown>[]).forEach((x, j) => addresses(x, 'privateIpv4', 4, `${where}.interfaces[${j}]`));
    }
    // A flag that turns off the endpoint's side of every check is only taken as written by us.
    if (e.unfiltered !== undefined && e.unfiltered !== true) fail(`${where}.unfiltered must be true when present`);
    if (e.publicIpUnknown !== undefined && e.publicIpUnknown !== true) fail(`${where}.publicIpUnknown must be true when present`);
    if (e.ipAddressType !== undefined && e.ipAddressType !== 'ipv4' && e.ipAddressType !== 'dualstack') fail(`${where}.ipAddressType must be "ipv4" or "dualstack" when present`);
  });
  list('warnings').forEach((w, i) => {
    const where = `warnings[${i}]`;
    str(w, 'code', where, false);
    str(w, 'message', where, false);
    str(w, 'file', where);
    str(w, 'subject', where);
  });
  if (doc.network !== undefined) {
    if (!isObj(doc.network)) fail('"network" must be an object');
    const network = doc.network as Record<string, unknown>;
    for (const k of ['networkAcls', 'routeTables', 'internetGateways', 'vpcPeeringConnections']) {
      if (network[k] !== undefined && !Array.isArray(network[k])) fail(`network.${k} must be an array`);
    }
  }
  return {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    meta: (doc.meta ?? {}) as Snapshot['meta'],
    sources: (doc.sources ?? []) as Snapshot['sources'],
    vpcs: (doc.vpcs ?? []) as Vpc[],
    subnets: (doc.subnets ?? []) as Subnet[],
    groups: (doc.groups ?? []) as SecurityGroup[],
    rules: (doc.rules ?? []) as Rule[],
    prefixLists: (doc.prefixLists ?? []) as PrefixList[],
    endpoints: (doc.endpoints ?? []) as Endpoint[],
    warnings: (doc.warnings ?? []) as Warning[],
    ...(doc.network !== undefined ? { network: doc.network as Snapshot['network'] } : {}),
  };
}

/** Every EndpointKind, as a record so that a kind added to the model must be added here too. */
const ENDPOINT_KIND_RECORD: Record<EndpointKind, true> = {
  instance: true, eni: true, 'load-balancer': true, database: true, lambda: true, ecs: true, efs: true, cache: true, 'vpc-endpoint': true,
  autoscaling: true, eks: true, search: true, mq: true, redshift: true, msk: true, nat: true, generic: true,
};
const ENDPOINT_KINDS: ReadonlySet<EndpointKind> = new Set(Object.keys(ENDPOINT_KIND_RECORD) as EndpointKind[]);

/**
 * Deepest nesting a snapshot may have. Ours nest about six levels (document, endpoints, one
 * endpoint, interfaces, one interface, a field); the merge copies parts recursively, so a file
 * nested thousands deep would overflow the stack there instead of being refused with a reason.
 */
const MAX_SNAPSHOT_DEPTH = 64;

/** Whether a parsed JSON value nests objects or arrays deeper than `limit`, walked without recursion. */
function nestsDeeperThan(root: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[root, 0]];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [value, depth] = top;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= limit) return true;
    for (const child of Array.isArray(value) ? value : Object.values(value)) if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
  return false;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Saved snapshots as an import format, so `reachmap query snap.json` and merging both work. */
export const snapshotImporter: FormatImporter = {
  name: 'reachmap-snapshot',
  detect: (doc) => (isObj(doc) && doc.format === SNAPSHOT_FORMAT ? SNAPSHOT_FORMAT : null),
  read(doc, fileName) {
    const s = validateSnapshot(doc, fileName);
    // Sources of the saved snapshot are kept, and the saved file itself is recorded as a source.
    s.sources = [...s.sources, { file: fileName, format: SNAPSHOT_FORMAT }];
    return s;
  },
};
