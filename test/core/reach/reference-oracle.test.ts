/**
 * queryReach checked against a reference evaluator that shares nothing with the engine. The
 * reference below is written straight from the AWS security group rules (EC2 user guide, "Security
 * group rules" and "Security group referencing"; the AuthorizeSecurityGroupIngress/Egress API) and
 * the REF contract in the README: it parses addresses and CIDRs itself with BigInt arithmetic,
 * matches every rule one by one and tries the asked traffic point by point (every protocol, and
 * every port, type and code where some rule starts or stops), so it is slow and obvious where the
 * engine is indexed and clever. Seeded random estates (dual-stack, IPv6-only and
 * IPv4-only endpoints with secondary and public addresses, rules of every protocol and peer shape)
 * are asked endpoint->endpoint, endpoint->public IP, outside host->endpoint and endpoint->outside
 * host questions, and every verdict must match. The fixed cases after it are the corners where a
 * mistake would be easy, each worked out by hand.
 */
import { describe, expect, it } from 'vitest';
import { buildReachIndex, queryReach } from '../../../src/core/reach';
import type { Endpoint, Rule, Snapshot } from '../../../src/core/model';
import type { Locator, ReachQuery, Verdict } from '../../../src/core/analysis-types';
import { mulberry32 } from '../../../src/shared/prng';
import { cidr, ep, ip, pl, q, qIcmp, qProto, sg, snapshot } from './builders';
import type { Ports, Proto, SnapshotBuilder } from './builders';

// ---------------------------------------------------------------------------------------------
// The reference evaluator.

interface Addr {
  fam: 4 | 6;
  v: bigint;
}

// Parsed once per text: the estates repeat the same few dozen addresses in every question.
const addrCache = new Map<string, Addr>();

function parseAddr(text: string): Addr {
  let hit = addrCache.get(text);
  if (!hit) addrCache.set(text, (hit = parseAddrText(text)));
  return hit;
}

function parseAddrText(text: string): Addr {
  if (!text.includes(':')) {
    const parts = text.split('.').map(Number);
    if (parts.length !== 4 || parts.some((n) => !Number.isInteger(n) || n < 0 || n > 255)) throw new Error(`bad IPv4 ${text}`);
    return { fam: 4, v: parts.reduce((acc, n) => acc * 256n + BigInt(n), 0n) };
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail === undefined ? [] : tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...new Array<string>(8 - h.length - t.length).fill('0'), ...t];
  if (groups.length !== 8) throw new Error(`bad IPv6 ${text}`);
  return { fam: 6, v: groups.reduce((acc, g) => acc * 65536n + BigInt(parseInt(g, 16)), 0n) };
}

interface Block {
  fam: 4 | 6;
  lo: bigint;
  hi: bigint;
  len: number;
}

function parseBlock(text: string): Block {
  const [a, l] = text.split('/') as [string, string];
  const addr = parseAddr(a);
  const len = Number(l);
  const size = 1n << BigInt((addr.fam === 4 ? 32 : 128) - len);
  const lo = addr.v - (addr.v % size);
  return { fam: addr.fam, lo, hi: lo + size - 1n, len };
}

// An internet gateway passes no source address in these blocks (RFC 1918, CGNAT, loopback,
// link-local): a destination reached at its public IP sees its source at some other address.
const NOT_PUBLIC_V4 = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16'].map(parseBlock);
const isNotPublicV4 = (v: bigint): boolean => NOT_PUBLIC_V4.some((b) => b.lo <= v && v <= b.hi);

/** How one side looks to the other side's rules: an address (undefined: some public IPv4) and groups. */
interface View {
  fam: 4 | 6;
  addr?: bigint;
  groups: string[];
}

type Tri = 'yes' | 'no' | 'maybe';

function blockMatches(b: Block, view: View): Tri {
  if (b.fam !== view.fam) return 'no';
  if (view.addr !== undefined) return b.lo <= view.addr && view.addr <= b.hi ? 'yes' : 'no';
  // Some public IPv4 we do not know: only /0 holds them all; a block inside a private one none.
  if (b.len === 0) return 'yes';
  return NOT_PUBLIC_V4.some((p) => p.lo <= b.lo && b.hi <= p.hi) ? 'no' : 'maybe';
}

function peerMatches(s: Snapshot, r: Rule, view: View): Tri {
  const peer = r.peer;
  if (peer.kind === 'group') return view.groups.includes(peer.groupId) ? 'yes' : 'no';
  const texts = peer.kind === 'cidr' ? [peer.cidr] : (s.prefixLists.find((l) => l.id === peer.id)?.entries ?? []);
  const found = texts.map((t) => blockMatches(parseBlock(t), view));
  return found.includes('yes') ? 'yes' : found.includes('maybe') ? 'maybe' : 'no';
}

/** One (protocol, port or [type, code]) point of traffic; `x` is null for portless protocols. */
type Point = [number, number | [number, number] | null];

const anyIcmp = (n: number | null): boolean => n === null || n === -1;

function ruleHas(r: Rule, [p, x]: Point): boolean {
  if (r.protocol === -1) return true;
  if (r.protocol !== p) return false;
  if (p === 6 || p === 17) return (r.fromPort as number) <= (x as number) && (x as number) <= (r.toPort as number);
  if (p === 1 || p === 58) {
    const [type, code] = x as [number, number];
    return (anyIcmp(r.fromPort) || r.fromPort === type) && (anyIcmp(r.toPort) || r.toPort === code);
  }
  return true;
}

/**
 * The points of a question that can differ: whether a rule holds a port changes only at its from
 * and at its to + 1 (an ICMP type or code at its value and the next), so checking 0 and those
 * points, with their neighbours, checks every stretch between them. Portless protocols come first
 * so that a gap shows early.
 */
function* pointsOf(qu: ReachQuery, rules: Rule[]): Generator<Point> {
  const whole = qu.protocol === -1;
  const protos = whole ? [...Array.from({ length: 256 }, (_, k) => k).filter((p) => ![1, 6, 17, 58].includes(p)), 6, 17, 1, 58] : [qu.protocol];
  const near = (p: number, pick: (r: Rule) => number | null, max: number): number[] => {
    const out = new Set([0, max]);
    for (const r of rules) {
      const v = r.protocol === p ? pick(r) : null;
      if (v !== null) for (const x of [v - 1, v, v + 1]) if (x >= 0 && x <= max) out.add(x);
    }
    return [...out];
  };
  for (const p of protos) {
    if (p === 6 || p === 17) {
      if (!whole && qu.port !== undefined && qu.port >= 0) yield [p, qu.port];
      else for (const port of new Set([...near(p, (r) => r.fromPort, 65535), ...near(p, (r) => r.toPort, 65535)])) yield [p, port];
    } else if (p === 1 || p === 58) {
      const types = !whole && qu.icmpType !== undefined && qu.icmpType >= 0 ? [qu.icmpType] : near(p, (r) => r.fromPort, 255);
      const codes = !whole && qu.icmpCode !== undefined && qu.icmpCode >= 0 ? [qu.icmpCode] : near(p, (r) => r.toPort, 255);
      for (const t of types) for (const c of codes) yield [p, [t, c]];
    } else yield [p, null];
  }
}

/** Rules are a union: the side allows the question when every point is in some rule. */
function covers(rules: Rule[], qu: ReachQuery): boolean {
  if (rules.length === 0) return false;
  if (rules.some((r) => r.protocol === -1)) return true; // -1 holds every point
  for (const pt of pointsOf(qu, rules)) if (!rules.some((r) => ruleHas(r, pt))) return false;
  return true;
}

function sideOf(s: Snapshot, e: Endpoint, direction: 'ingress' | 'egress', other: View, qu: ReachQuery): Tri {
  const rules = s.rules.filter(
    (r) =>
      r.direction === direction &&
      e.groupIds.includes(r.groupId) &&
      // icmp is IPv4's protocol and icmpv6 IPv6's: a rule for one allows no traffic of the other family.
      !(r.protocol === 1 && other.fam !== 4) &&
      !(r.protocol === 58 && other.fam !== 6),
  );
  const sure = rules.filter((r) => peerMatches(s, r, other) === 'yes');
  if (covers(sure, qu)) return 'yes';
  const maybe = rules.filter((r) => peerMatches(s, r, other) === 'maybe');
  return maybe.length && covers([...sure, ...maybe], qu) ? 'maybe' : 'no';
}

interface Side {
  ep?: Endpoint;
  addr?: Addr;
  viaPublic: boolean;
}

const same = (a: Addr, b: Addr): boolean => a.fam === b.fam && a.v === b.v;
const privateOf = (e: Endpoint): Addr[] => [...e.privateIpv4, ...e.ipv6].map(parseAddr);

function resolveSide(s: Snapshot, loc: Locator, side: 'from' | 'to'): Side {
  if ('endpointId' in loc) {
    const e = s.endpoints.find((x) => x.id === loc.endpointId) as Endpoint;
    if (loc.address === undefined) return { ep: e, viaPublic: false };
    const a = parseAddr(loc.address);
    return { ep: e, addr: a, viaPublic: !privateOf(e).some((p) => same(p, a)) };
  }
  const a = parseAddr(loc.address);
  const owner = s.endpoints.find((e) => privateOf(e).some((p) => same(p, a)));
  if (owner) return { ep: owner, addr: a, viaPublic: false };
  // README: as a destination, an endpoint's public IPv4 is that endpoint reached through the internet.
  const pub = side === 'to' ? s.endpoints.find((e) => e.publicIpv4.some((p) => same(parseAddr(p), a))) : undefined;
  return pub ? { ep: pub, addr: a, viaPublic: true } : { addr: a, viaPublic: false };
}

/** The reference verdict; 'unsure' when it hangs on a public source address the inputs do not give. */
function referenceVerdict(s: Snapshot, qu: ReachQuery): 'allowed' | 'denied' | 'unsure' {
  const from = resolveSide(s, qu.from, 'from');
  const to = resolveSide(s, qu.to, 'to');
  const v6 = (x: Side): boolean => !!x.ep && x.ep.ipv6.length > 0;
  const v6only = (x: Side): boolean => v6(x) && x.ep?.privateIpv4.length === 0;
  let fam: 4 | 6;
  if (from.addr && to.addr && from.addr.fam !== to.addr.fam) return 'denied';
  if (from.addr || to.addr) fam = (from.addr ?? to.addr)!.fam;
  else fam = (qu.protocol === 58 && v6(from) && v6(to)) || v6only(from) || v6only(to) ? 6 : 4;
  // The address named, else the endpoint's first of the family (its primary private IPv4).
  const place = (x: Side): bigint | undefined => {
    if (x.addr) return x.addr.v;
    const first = x.ep && (fam === 4 ? x.ep.privateIpv4 : x.ep.ipv6)[0];
    return first === undefined ? undefined : parseAddr(first).v;
  };
  const src = place(from);
  const dst = place(to);
  if (src === undefined || dst === undefined) return 'denied';
  const egress: Tri = from.ep ? sideOf(s, from.ep, 'egress', { fam, addr: dst, groups: to.ep && !to.viaPublic ? to.ep.groupIds : [] }, qu) : 'yes';
  let seen: View = { fam, addr: src, groups: from.ep && !from.viaPublic ? from.ep.groupIds : [] };
  if (to.viaPublic && from.ep) {
    // Through the internet: at the public IP it was named at, else its own first one, else at a
    // public address the inputs do not give (its NAT gateway's).
    const pub = from.viaPublic ? from.addr : from.ep.publicIpv4[0] !== undefined ? parseAddr(from.ep.publicIpv4[0]) : undefined;
    seen = pub !== undefined ? { fam: 4, addr: pub.v, groups: [] } : { fam: 4, groups: [] };
  } else if (to.viaPublic && fam === 4 && isNotPublicV4(src)) {
    // An outside host at a private address gets there through its own NAT, at a public address.
    seen = { fam: 4, groups: [] };
  }
  const ingress: Tri = to.ep ? sideOf(s, to.ep, 'ingress', seen, qu) : 'yes';
  if (egress === 'no' || ingress === 'no') return 'denied';
  return egress === 'maybe' || ingress === 'maybe' ? 'unsure' : 'allowed';
}

// ---------------------------------------------------------------------------------------------
// Random estates.

interface VpcShape {
  v4: string; // '10.0'
  v6: string; // '2001:db8:a'
}
const VPCS: VpcShape[] = [
  { v4: '10.0', v6: '2001:db8:a' },
  { v4: '172.16', v6: '2001:db8:b' },
];

interface Estate {
  snap: Snapshot;
  queries: ReachQuery[];
}

function buildEstate(seed: number): Estate {
  const r = mulberry32(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const b = snapshot();
  const vpcs = VPCS.slice(0, int(1, 2));
  for (const [k, v] of vpcs.entries()) b.vpc(`vpc-${k}`, [`${v.v4}.0.0/16`], [`${v.v6}::/56`]);
  const groups = Array.from({ length: int(2, 5) }, (_, k) => `sg-${k}`);
  for (const g of groups) b.group(g);
  b.group('sg-nobody');

  const count = int(2, 6);
  for (let k = 0; k < count; k++) {
    const v = pick(vpcs);
    const sub = int(1, 2);
    const fam = pick(['4', '4', '46', '46', '6'] as const);
    const ipv4 = fam.includes('4') ? [`${v.v4}.${sub}.${10 + k}`, ...(r() < 0.3 ? [`${v.v4}.${sub}.${200 + k}`] : [])] : [];
    const ipv6 = fam.includes('6') ? [`${v.v6}:${sub}::${(10 + k).toString(16)}`, ...(r() < 0.3 ? [`${v.v6}:${sub}::${(200 + k).toString(16)}`] : [])] : [];
    const publicIpv4 = fam.includes('4') && r() < 0.5 ? [`198.51.100.${10 + k}`, ...(r() < 0.2 ? [`198.51.100.${100 + k}`] : [])] : [];
    const carried = [...new Set(Array.from({ length: int(0, 3) }, () => pick(groups)))];
    b.endpoint(`e${k}`, { groups: carried, ipv4, ipv6, publicIpv4, vpcId: `vpc-${vpcs.indexOf(v)}` });
  }
  const endpoints = b.build().endpoints;

  // CIDRs: whole families, the VPCs, nested blocks, single addresses (private and public), outside blocks.
  const blocks = ['0.0.0.0/0', '::/0', '0.0.0.0/1', '128.0.0.0/1', '10.0.0.0/8', '2001:db8::/32', '203.0.113.0/24', '2600:1f18::/32', '198.51.100.0/24', '198.51.100.0/28'];
  for (const v of vpcs) blocks.push(`${v.v4}.0.0/16`, `${v.v4}.0.0/20`, `${v.v4}.1.0/24`, `${v.v4}.2.0/25`, `${v.v6}::/56`, `${v.v6}:1::/64`, `${v.v6}:2::/80`);
  for (const e of endpoints) {
    for (const a of [...e.privateIpv4, ...e.publicIpv4]) blocks.push(`${a}/32`);
    for (const a of e.ipv6) blocks.push(`${a}/128`);
  }
  const wide = ['0.0.0.0/0', '::/0', ...vpcs.flatMap((v) => [`${v.v4}.0.0/16`, `${v.v6}::/56`])];
  const lists = ['pl-a', 'pl-b'];
  for (const id of lists) b.prefixList(id, [...new Set(Array.from({ length: int(1, 4) }, () => pick(blocks)))]);

  // Rules of every shape; ports as AWS writes them for each protocol.
  const portPool = [0, 1, 22, 80, 443, 1024, 3306, 8080, 8090, 65534, 65535];
  // Half the groups keep the egress rule AWS gives every new group, so that egress does not refuse
  // nearly every question before ingress is even looked at.
  for (const g of groups) if (r() < 0.5) b.egressAll(g);
  const ruleCount = int(4, 16);
  const edges = new Set<number>([22, 443]);
  for (let k = 0; k < ruleCount; k++) {
    const owner = pick([...groups, ...groups, 'sg-nobody']);
    const kind = int(0, 9);
    let proto: Proto;
    let ports: Ports;
    if (kind <= 3) {
      proto = pick(['tcp', 'udp', 6, 17] as const);
      const a = pick(portPool);
      const c = pick(portPool);
      ports = r() < 0.3 ? a : r() < 0.15 ? [0, 65535] : [Math.min(a, c), Math.max(a, c)];
      const [f, t] = typeof ports === 'number' ? [ports, ports] : ports;
      for (const x of [f - 1, f, t, t + 1]) if (x >= 0 && x <= 65535) edges.add(x);
    } else if (kind <= 5) {
      proto = pick(['icmp', 1, 'icmpv6', 58] as const);
      const v6 = proto === 'icmpv6' || proto === 58;
      // [type, code]; null (ports omitted) and -1 mean any.
      const icmpv6Ports: Ports[] = [[128, 0], [128, -1], [-1, -1], [1, 4], null];
      const icmpPorts: Ports[] = [[8, 0], [8, -1], [-1, -1], [3, 4], [0, -1]];
      ports = pick(v6 ? icmpv6Ports : icmpPorts);
    } else if (kind <= 7) {
      proto = pick(['all', -1] as const);
      ports = pick<Ports>([null, [0, 65535], [-1, -1], [22, 22]]);
    } else {
      proto = pick([47, 50] as const);
      ports = pick<Ports>([null, [0, 65535], [22, 22]]);
    }
    const peerKind = int(0, 9);
    const peer = peerKind <= 1 ? cidr(pick(wide)) : peerKind <= 4 ? cidr(pick(blocks)) : peerKind <= 6 ? sg(pick([...groups, 'sg-nobody'])) : peerKind === 7 ? sg(owner) : pl(pick(lists));
    if (r() < 0.5) b.ingress(owner, proto, ports, peer);
    else b.egress(owner, proto, ports, peer);
  }
  const snap = b.build();

  // Questions.
  const outside = ['203.0.113.7', '8.8.8.8', '2600:1f18::7', '192.168.5.5', ...vpcs.flatMap((v) => [`${v.v4}.1.250`, `${v.v6}:1::fa`])];
  // Outside hosts asked to reach a public IP: IPv4 ones, at public and private addresses alike.
  const outsideToPublic = outside.filter((a) => !a.includes(':'));
  // Mostly traffic some rule is about, at and around its edges, so that many questions are allowed.
  const ruleTraffic = (rule: Rule): Omit<ReachQuery, 'from' | 'to'> => {
    const { protocol: p, fromPort: f, toPort: t } = rule;
    if (p === 6 || p === 17) return { protocol: p, port: Math.min(65535, Math.max(0, pick([f! - 1, f!, t!, t! + 1, (f! + t!) >> 1]))) };
    if (p === 1 || p === 58) {
      const type = f === null || f < 0 ? pick([0, 8, 128, 3]) : f;
      const code = t === null || t < 0 ? pick([0, 4]) : pick([t, t + 1]);
      return pick([{ protocol: p, icmpType: type, icmpCode: code }, { protocol: p, icmpType: type }, { protocol: p }]);
    }
    if (p === -1) return pick([{ protocol: -1 }, { protocol: 6, port: pick([0, 22, 65535]) }, { protocol: 17, port: 53 }, { protocol: 1, icmpType: 8, icmpCode: 0 }, { protocol: 58, icmpType: 128 }, { protocol: 47 }]);
    return { protocol: pick([p, p, 50]) };
  };
  const traffic = (): Omit<ReachQuery, 'from' | 'to'> => {
    const k = int(0, 7);
    if (k <= 2) return { protocol: pick([6, 17]), ...(r() < 0.2 ? {} : { port: pick([...edges]) }) };
    if (k === 3) return pick([{ protocol: 1, icmpType: 8, icmpCode: 0 }, { protocol: 1, icmpType: 8 }, { protocol: 1 }, { protocol: 1, icmpType: 3, icmpCode: 4 }, { protocol: 1, icmpType: 0, icmpCode: 0 }]);
    if (k === 4) return pick([{ protocol: 58, icmpType: 128, icmpCode: 0 }, { protocol: 58, icmpType: 128 }, { protocol: 58 }, { protocol: 58, icmpType: 1, icmpCode: 4 }]);
    if (k === 5) return { protocol: pick([47, 50]) };
    return { protocol: -1 };
  };
  // An endpoint by id, at one of its private addresses, or by that address alone; addresses of the
  // family asked about, mostly, or half the questions would only test that families must agree.
  const at = (e: Endpoint, fam: 4 | 6): Locator => {
    const k = int(0, 5);
    const all = [...e.privateIpv4, ...e.ipv6];
    const mine = (fam === 4 ? e.privateIpv4 : e.ipv6).length && r() < 0.9 ? (fam === 4 ? e.privateIpv4 : e.ipv6) : all;
    if (k <= 2 || mine.length === 0) return ep(e.id);
    return k === 3 ? ep(e.id, pick(mine)) : ip(pick(mine));
  };
  const outsideOf = (fam: 4 | 6): string => pick(r() < 0.9 ? outside.filter((a) => a.includes(':') === (fam === 6)) : outside);
  const famOf = (...es: Endpoint[]): 4 | 6 => {
    const both = ([4, 6] as const).filter((f) => es.every((e) => (f === 4 ? e.privateIpv4 : e.ipv6).length));
    return pick(both.length ? both : ([4, 6] as const));
  };
  // Every way to name the far side of a rule, with how the rule sees it: endpoints at each private
  // address (by the address, by id and address, by id alone at its first address), outside hosts
  // and public IPs (an outside host as a source; the endpoint through the internet as a destination).
  const far: { loc: Locator; view: View }[] = [];
  for (const e of endpoints) {
    for (const a of [...e.privateIpv4, ...e.ipv6]) {
      const view: View = { ...parseAddr(a), addr: parseAddr(a).v, groups: e.groupIds };
      far.push({ loc: ip(a), view }, { loc: ep(e.id, a), view });
      if (a === (e.privateIpv4[0] ?? e.ipv6[0])) far.push({ loc: ep(e.id), view });
    }
  }
  for (const a of [...outside, ...endpoints.flatMap((e) => e.publicIpv4)]) far.push({ loc: ip(a), view: { fam: parseAddr(a).fam, addr: parseAddr(a).v, groups: [] } });
  // Sources as a destination named at its public IP sees them: through the internet, at a public IP.
  const farThroughInternet: { loc: Locator; view: View }[] = [];
  // One at a private address crosses the internet gateway only from a public address the inputs do not give.
  for (const a of outsideToPublic) {
    const v = parseAddr(a).v;
    farThroughInternet.push({ loc: ip(a), view: { fam: 4, ...(isNotPublicV4(v) ? {} : { addr: v }), groups: [] } });
  }
  for (const e of endpoints) {
    for (const a of e.publicIpv4) farThroughInternet.push({ loc: ep(e.id, a), view: { fam: 4, addr: parseAddr(a).v, groups: [] } }, { loc: ip(a), view: { fam: 4, addr: parseAddr(a).v, groups: [] } });
    // Named by id or at a private address, it is seen at its first public IP, or at one the
    // inputs do not give (addr undefined) when it has none.
    const view: View = { fam: 4, ...(e.publicIpv4.length ? { addr: parseAddr(e.publicIpv4[0]!).v } : {}), groups: [] };
    if (e.privateIpv4.length) farThroughInternet.push({ loc: ep(e.id), view });
    for (const a of e.privateIpv4) farThroughInternet.push({ loc: ip(a), view }, { loc: ep(e.id, a), view });
  }

  const queries: ReachQuery[] = [];
  for (let k = 0; k < 30; k++) {
    // Mostly about some rule: its traffic, from or to an endpoint carrying its group, and often
    // with a far side its peer matches.
    const rule = r() < 0.75 ? pick(snap.rules) : undefined;
    const owners = rule ? endpoints.filter((e) => e.groupIds.includes(rule.groupId)) : [];
    const matching = rule && owners.length && r() < 0.6 ? far.filter((f) => peerMatches(snap, rule, f.view) === 'yes') : [];
    const exposed = rule?.direction === 'ingress' ? owners.filter((e) => e.publicIpv4.length) : [];
    if (rule && exposed.length && r() < 0.6) {
      const reaching = farThroughInternet.filter((f) => peerMatches(snap, rule, f.view) === 'yes');
      if (reaching.length) {
        const target = pick(exposed);
        queries.push({ from: pick(reaching).loc, to: r() < 0.7 ? ip(pick(target.publicIpv4)) : ep(target.id, pick(target.publicIpv4)), ...ruleTraffic(rule) });
        continue;
      }
    }
    if (rule && matching.length) {
      const other = pick(matching);
      const own = at(pick(owners), other.view.fam);
      queries.push({ from: rule.direction === 'ingress' ? other.loc : own, to: rule.direction === 'ingress' ? own : other.loc, ...ruleTraffic(rule) });
      continue;
    }
    const a = rule?.direction === 'egress' && owners.length ? pick(owners) : pick(endpoints);
    const c = rule?.direction === 'ingress' && owners.length ? pick(owners) : pick(endpoints);
    const kind = int(0, 9);
    let from: Locator;
    let to: Locator;
    if (kind <= 3) {
      const fam = famOf(a, c);
      [from, to] = [at(a, fam), at(c, fam)];
    } else if (kind <= 5) {
      const withPublic = endpoints.filter((e) => e.publicIpv4.length);
      if (!withPublic.length) continue;
      const target = c.publicIpv4.length ? c : pick(withPublic);
      const source = a.publicIpv4.length ? a : pick(withPublic);
      // To a public IP: from an endpoint (another, or itself; named at a public IP of its own or
      // not), from an outside host or another endpoint's public IP. Or a public IP as an outside source.
      const publicOf = (e: Endpoint): Locator => (r() < 0.7 ? ip(pick(e.publicIpv4)) : ep(e.id, pick(e.publicIpv4)));
      if (kind === 5) [from, to] = [ip(pick(source.publicIpv4)), at(c, 4)];
      else [from, to] = [pick([at(a, 4), at(a, 4), publicOf(source), ip(pick(outsideToPublic)), ip(pick(source.publicIpv4))]), publicOf(target)];
    } else if (kind <= 7) {
      const fam = famOf(c);
      [from, to] = [ip(outsideOf(fam)), at(c, fam)];
    } else {
      const fam = famOf(a);
      [from, to] = [at(a, fam), ip(outsideOf(fam))];
    }
    queries.push({ from, to, ...(rule ? ruleTraffic(rule) : traffic()) });
  }
  return { snap, queries };
}

// ---------------------------------------------------------------------------------------------
// Compact printing, so a mismatch can be rebuilt by hand.

function showLocator(l: Locator): string {
  return 'endpointId' in l ? `${l.endpointId}${l.address ? `@${l.address}` : ''}` : l.address;
}

function showQuery(qu: ReachQuery): string {
  const what = qu.port !== undefined ? ` port ${qu.port}` : qu.icmpType !== undefined ? ` type ${qu.icmpType} code ${qu.icmpCode ?? -1}` : '';
  return `${showLocator(qu.from)} -> ${showLocator(qu.to)} proto ${qu.protocol}${what}`;
}

function showEstate(s: Snapshot): string {
  const peer = (r: Rule): string => (r.peer.kind === 'cidr' ? r.peer.cidr : r.peer.kind === 'group' ? r.peer.groupId : r.peer.id);
  return [
    ...s.endpoints.map((e) => `  ${e.id} [${e.groupIds.join(',')}] v4=${e.privateIpv4.join(',')} v6=${e.ipv6.join(',')} pub=${e.publicIpv4.join(',')}`),
    ...s.prefixLists.map((l) => `  ${l.id} = ${l.entries.join(', ')}`),
    ...s.rules.map((r) => `  ${r.groupId} ${r.direction} proto ${r.protocol} ports ${r.fromPort}..${r.toPort} ${r.direction === 'ingress' ? 'from' : 'to'} ${peer(r)}`),
  ].join('\n');
}

describe('queryReach agrees with a reference evaluator written from the AWS rules', () => {
  it('on every question about 400 seeded random estates', () => {
    const problems: string[] = [];
    // Verdicts per shape of question, so that a generator that stops asking something shows.
    const tally = new Map<string, number>();
    for (let seed = 1; seed <= 400 && problems.length < 5; seed++) {
      const { snap, queries } = buildEstate(seed);
      const index = buildReachIndex(snap);
      const publicIps = new Set(snap.endpoints.flatMap((e) => e.publicIpv4));
      const privateIps = new Set(snap.endpoints.flatMap((e) => [...e.privateIpv4, ...e.ipv6]));
      const shape = (l: Locator): string => ('endpointId' in l ? (l.address && publicIps.has(l.address) ? 'public' : 'endpoint') : publicIps.has(l.address) ? 'public' : privateIps.has(l.address) ? 'endpoint' : 'outside');
      for (const qu of queries) {
        const want = referenceVerdict(snap, qu);
        const got = queryReach(index, qu);
        const key = `${shape(qu.from)}->${shape(qu.to)} ${want}`;
        tally.set(key, (tally.get(key) ?? 0) + 1);
        // Where the reference needs a public source address the inputs do not give, the engine may
        // answer 'depends' or, when its rules together cover every public address, 'allowed'.
        const ok = want === 'unsure' ? got.verdict !== 'denied' : got.verdict === want;
        if (!ok) problems.push(`seed ${seed}: ${showQuery(qu)}: reference ${want}, engine ${got.verdict} (${got.explanation})\n${showEstate(snap)}`);
      }
    }
    expect(problems).toEqual([]);
    for (const key of ['endpoint->endpoint', 'endpoint->outside', 'outside->endpoint', 'public->endpoint', 'endpoint->public', 'outside->public', 'public->public']) {
      expect(tally.get(`${key} allowed`) ?? 0, `${key} allowed`).toBeGreaterThan(5);
      expect(tally.get(`${key} denied`) ?? 0, `${key} denied`).toBeGreaterThan(5);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Fixed cases, worked out by hand from the rules they name.

function ask(b: SnapshotBuilder): (qu: ReachQuery) => Verdict {
  const s = b.build();
  const index = buildReachIndex(s);
  return (qu) => {
    const verdict = queryReach(index, qu).verdict;
    // The reference must agree too, or it is not the reference these cases say it is.
    expect(verdict, `${showQuery(qu)}: the engine (received) against the reference (expected)`).toBe(referenceVerdict(s, qu));
    return verdict;
  };
}

describe('fixed cases from the AWS rules', () => {
  it('a group reference never matches a member at its public IP, on either side', () => {
    const v = ask(
      snapshot()
        .egress('sg-a', 'tcp', 443, sg('sg-b'))
        .ingress('sg-b', 'tcp', 443, cidr('0.0.0.0/0'))
        .egressAll('sg-c')
        .ingress('sg-b', 'tcp', 8443, sg('sg-c'))
        .endpoint('a', { groups: ['sg-a'], ipv4: ['10.0.1.10'], publicIpv4: ['198.51.100.10'] })
        .endpoint('b', { groups: ['sg-b'], ipv4: ['10.0.1.11'], publicIpv4: ['198.51.100.11'] })
        .endpoint('c', { groups: ['sg-c'], ipv4: ['10.0.1.12'], publicIpv4: ['198.51.100.12'] }),
    );
    // Egress: a's rule names sg-b, which b carries at 10.0.1.11 and not at 198.51.100.11.
    expect(v(q(ep('a'), ep('b'), 'tcp', 443))).toBe('allowed');
    expect(v(q(ep('a'), ip('198.51.100.11'), 'tcp', 443))).toBe('denied');
    expect(v(q(ep('a'), ep('b', '198.51.100.11'), 'tcp', 443))).toBe('denied');
    // Ingress: b's rule names sg-c; through the internet b sees c at 198.51.100.12, not as sg-c.
    expect(v(q(ep('c'), ep('b'), 'tcp', 8443))).toBe('allowed');
    expect(v(q(ep('c'), ip('198.51.100.11'), 'tcp', 8443))).toBe('denied');
    expect(v(q(ep('c', '198.51.100.12'), ep('b'), 'tcp', 8443))).toBe('denied');
    // c's public IP as a bare source is an outside host: no groups at all.
    expect(v(q(ip('198.51.100.12'), ep('b'), 'tcp', 8443))).toBe('denied');
    expect(v(q(ip('198.51.100.12'), ep('b'), 'tcp', 443))).toBe('allowed');
  });

  it('icmp type 8 code 0 is allowed by a rule of type 8 code -1 and by type -1; type 8 of every code only by those', () => {
    const world = (ports: [number, number]) =>
      ask(snapshot().ingress('sg-b', 'icmp', ports, cidr('0.0.0.0/0')).endpoint('b', { groups: ['sg-b'], ipv4: ['10.0.1.11'] }));
    for (const ports of [[8, -1], [-1, -1]] as [number, number][]) {
      const v = world(ports);
      expect(v(qIcmp(ip('203.0.113.7'), ep('b'), 'icmp', 8, 0)), `rule ${ports}`).toBe('allowed');
      expect(v(qIcmp(ip('203.0.113.7'), ep('b'), 'icmp', 8)), `rule ${ports}`).toBe('allowed');
    }
    const exact = world([8, 0]);
    expect(exact(qIcmp(ip('203.0.113.7'), ep('b'), 'icmp', 8, 0))).toBe('allowed');
    expect(exact(qIcmp(ip('203.0.113.7'), ep('b'), 'icmp', 8, 1))).toBe('denied');
    expect(exact(qIcmp(ip('203.0.113.7'), ep('b'), 'icmp', 8))).toBe('denied');
    expect(world([0, -1])(qIcmp(ip('203.0.113.7'), ep('b'), 'icmp', 8, 0))).toBe('denied');
  });

  it('protocol 47 ignores the ports written on its rule, and allows nothing of tcp', () => {
    const v = ask(snapshot().ingress('sg-b', 47, [22, 22], cidr('10.0.0.0/16')).endpoint('b', { groups: ['sg-b'], ipv4: ['10.0.1.11'] }));
    expect(v(qProto(ip('10.0.1.250'), ep('b'), 47))).toBe('allowed');
    expect(v(q(ip('10.0.1.250'), ep('b'), 'tcp', 22))).toBe('denied');
    expect(v(qProto(ip('10.0.1.250'), ep('b'), 50))).toBe('denied');
  });

  it("a rule 'all' ignores its ports (0-65535 or 22-22) and allows udp, icmp, GRE and all traffic", () => {
    for (const ports of [[0, 65535], [22, 22]] as [number, number][]) {
      const v = ask(snapshot().ingress('sg-b', 'all', ports, cidr('10.0.0.0/16')).endpoint('b', { groups: ['sg-b'], ipv4: ['10.0.1.11'] }));
      expect(v(q(ip('10.0.1.250'), ep('b'), 'udp', 53)), `ports ${ports}`).toBe('allowed');
      expect(v(qIcmp(ip('10.0.1.250'), ep('b'), 'icmp', 3, 4)), `ports ${ports}`).toBe('allowed');
      expect(v(qProto(ip('10.0.1.250'), ep('b'), 47)), `ports ${ports}`).toBe('allowed');
      expect(v(qProto(ip('10.0.1.250'), ep('b'), -1)), `ports ${ports}`).toBe('allowed');
    }
  });

  it("'all' traffic needs every protocol: tcp and udp 0-65535 with every icmp still leave GRE out", () => {
    const v = ask(
      snapshot()
        .ingress('sg-b', 'tcp', [0, 65535], cidr('0.0.0.0/0'))
        .ingress('sg-b', 'udp', [0, 65535], cidr('0.0.0.0/0'))
        .ingress('sg-b', 'icmp', [-1, -1], cidr('0.0.0.0/0'))
        .endpoint('b', { groups: ['sg-b'], ipv4: ['10.0.1.11'] }),
    );
    expect(v(q(ip('8.8.8.8'), ep('b'), 'tcp', 0))).toBe('allowed');
    expect(v(qProto(ip('8.8.8.8'), ep('b'), -1))).toBe('denied');
  });

  it('an IPv6-only endpoint has no IPv4 address: an IPv4 source never reaches it, whatever its rules', () => {
    const v = ask(
      snapshot()
        .ingress('sg-b', 'all', null, cidr('0.0.0.0/0'))
        .ingress('sg-b', 'all', null, cidr('::/0'))
        .egressAll('sg-a')
        .endpoint('a', { groups: ['sg-a'], ipv4: ['10.0.1.10'] })
        .endpoint('b', { groups: ['sg-b'], ipv6: ['2001:db8:a:1::b'] }),
    );
    expect(v(q(ip('203.0.113.7'), ep('b'), 'tcp', 22))).toBe('denied');
    expect(v(q(ip('2600:1f18::7'), ep('b'), 'tcp', 22))).toBe('allowed');
    // a has no IPv6 and b no IPv4: no family in common.
    expect(v(q(ep('a'), ep('b'), 'tcp', 22))).toBe('denied');
  });

  it('prefix list entries match their own family only', () => {
    const v = ask(
      snapshot()
        .prefixList('pl-v6', ['2600:1f18::/32'])
        .prefixList('pl-mix', ['203.0.113.0/24', '2001:db8:ffff::/48'])
        .ingress('sg-b', 'tcp', 443, pl('pl-v6'))
        .ingress('sg-b', 'tcp', 80, pl('pl-mix'))
        .endpoint('b', { groups: ['sg-b'], ipv4: ['10.0.1.11'], ipv6: ['2001:db8:a:1::b'] }),
    );
    expect(v(q(ip('203.0.113.7'), ep('b'), 'tcp', 443))).toBe('denied');
    expect(v(q(ip('2600:1f18::7'), ep('b'), 'tcp', 443))).toBe('allowed');
    expect(v(q(ip('203.0.113.7'), ep('b'), 'tcp', 80))).toBe('allowed');
    expect(v(q(ip('2001:db8:ffff::1'), ep('b'), 'tcp', 80))).toBe('allowed');
    expect(v(q(ip('2600:1f18::7'), ep('b'), 'tcp', 80))).toBe('denied');
  });

  it('an icmp rule allows nothing over IPv6 and an icmpv6 rule nothing over IPv4, whether its peer is a CIDR of the other family or a group', () => {
    const v = ask(
      snapshot()
        .egressAll('sg-a')
        .egress('sg-a', 'all', null, cidr('::/0'))
        .ingress('sg-b', 'icmp', [-1, -1], cidr('::/0'))
        .ingress('sg-b', 'icmpv6', [-1, -1], cidr('0.0.0.0/0'))
        .ingress('sg-b', 'icmp', [-1, -1], sg('sg-a'))
        .ingress('sg-c', 'icmpv6', [-1, -1], sg('sg-a'))
        .endpoint('a', { groups: ['sg-a'], ipv4: ['10.0.1.10'], ipv6: ['2001:db8:a:1::a'] })
        .endpoint('b', { groups: ['sg-b'], ipv4: ['10.0.1.11'], ipv6: ['2001:db8:a:1::b'] })
        .endpoint('c', { groups: ['sg-c'], ipv4: ['10.0.1.12'], ipv6: ['2001:db8:a:1::c'] }),
    );
    // CIDR peers of the other family than the rule's protocol.
    expect(v(qIcmp(ip('2600:1f18::7'), ep('b'), 'icmp', 8, 0))).toBe('denied');
    expect(v(qIcmp(ip('2600:1f18::7'), ep('b'), 'icmpv6', 128, 0))).toBe('denied');
    expect(v(qIcmp(ip('203.0.113.7'), ep('b'), 'icmpv6', 128, 0))).toBe('denied');
    expect(v(qIcmp(ip('203.0.113.7'), ep('b'), 'icmp', 8, 0))).toBe('denied');
    // Group peers: the member is admitted in the rule's family only.
    expect(v(qIcmp(ep('a'), ep('b'), 'icmp', 8, 0))).toBe('allowed');
    expect(v(qIcmp(ip('2001:db8:a:1::a'), ip('2001:db8:a:1::b'), 'icmp', 8, 0))).toBe('denied');
    // icmpv6 between two endpoints with IPv6 is asked at their IPv6 addresses (README, REF).
    expect(v(qIcmp(ep('a'), ep('c'), 'icmpv6', 128, 0))).toBe('allowed');
    expect(v(qIcmp(ip('10.0.1.10'), ip('10.0.1.12'), 'icmpv6', 128, 0))).toBe('denied');
  });

  it('an address inside the VPC that no endpoint holds is an outside host: group references never match it, CIDRs do', () => {
    const v = ask(
      snapshot()
        .ingress('sg-b', 'tcp', 22, sg('sg-b'))
        .ingress('sg-b', 'tcp', 80, cidr('10.0.0.0/16'))
        .endpoint('b', { groups: ['sg-b'], ipv4: ['10.0.1.11'] }),
    );
    expect(v(q(ip('10.0.1.250'), ep('b'), 'tcp', 22))).toBe('denied');
    expect(v(q(ip('10.0.1.250'), ep('b'), 'tcp', 80))).toBe('allowed');
  });

  it('a secondary private address is its endpoint: group references and self match it there', () => {
    const v = ask(
      snapshot()
        .egress('sg-b', 'tcp', 5432, sg('sg-b'))
        .ingress('sg-b', 'tcp', 5432, sg('sg-b'))
        .endpoint('a', { groups: ['sg-b'], ipv4: ['10.0.1.10', '10.0.1.210'] })
        .endpoint('b', { groups: ['sg-b'], ipv4: ['10.0.1.11', '10.0.1.211'] }),
    );
    expect(v(q(ip('10.0.1.210'), ip('10.0.1.211'), 'tcp', 5432))).toBe('allowed');
    expect(v(q(ep('a', '10.0.1.210'), ep('b'), 'tcp', 5432))).toBe('allowed');
    expect(v(q(ip('10.0.1.210'), ip('10.0.1.211'), 'tcp', 5433))).toBe('denied');
  });

  it('a reference to a group nobody carries matches nothing', () => {
    const v = ask(
      snapshot()
        .group('sg-nobody')
        .egress('sg-a', 'all', null, sg('sg-nobody'))
        .ingress('sg-b', 'all', null, sg('sg-nobody'))
        .endpoint('a', { groups: ['sg-a'], ipv4: ['10.0.1.10'] })
        .endpoint('b', { groups: ['sg-b'], ipv4: ['10.0.1.11'] }),
    );
    expect(v(q(ep('a'), ip('10.0.1.250'), 'tcp', 22))).toBe('denied');
    expect(v(q(ip('10.0.1.250'), ep('b'), 'tcp', 22))).toBe('denied');
    expect(v(qProto(ep('a'), ep('b'), -1))).toBe('denied');
  });

  it('an outside host at a private address reaches a public IP only from a public address', () => {
    // A packet to a public IPv4 reaches the interface only through the internet gateway, which
    // passes no private source address: a host at 10.0.1.250 gets there through a NAT (or its own
    // public IP), as the endpoint a at 10.0.1.10 next to it does. The README says so for endpoints
    // ("rules naming only private blocks do not admit it"); an address no endpoint holds is the
    // same host without a name, and a rule naming only private blocks cannot admit it either.
    const v = ask(
      snapshot()
        .egressAll('sg-a')
        .ingress('sg-b', 'tcp', 22, cidr('10.0.0.0/16'))
        .ingress('sg-b', 'tcp', 80, cidr('192.168.0.0/16'))
        .endpoint('a', { groups: ['sg-a'], ipv4: ['10.0.1.10'] })
        .endpoint('b', { groups: ['sg-b'], ipv4: ['10.0.1.11'], publicIpv4: ['198.51.100.11'] }),
    );
    expect(v(q(ep('a'), ip('198.51.100.11'), 'tcp', 22))).toBe('denied');
    expect(v(q(ip('10.0.1.250'), ep('b'), 'tcp', 22))).toBe('allowed'); // at b's private address
    expect(v(q(ip('10.0.1.250'), ip('198.51.100.11'), 'tcp', 22))).toBe('denied');
    expect(v(q(ip('192.168.5.5'), ep('b', '198.51.100.11'), 'tcp', 80))).toBe('denied');
  });

  it('a tcp range allows its edges and nothing past them', () => {
    const v = ask(snapshot().ingress('sg-b', 'tcp', [8080, 8090], cidr('0.0.0.0/0')).endpoint('b', { groups: ['sg-b'], ipv4: ['10.0.1.11'] }));
    expect([8079, 8080, 8090, 8091].map((port) => v(q(ip('8.8.8.8'), ep('b'), 'tcp', port)))).toEqual(['denied', 'allowed', 'allowed', 'denied']);
    expect(v(q(ip('8.8.8.8'), ep('b'), 'udp', 8080))).toBe('denied');
  });
});
