/**
 * Turns what a user types (REF on the command line, a search box) into a Locator: an endpoint by
 * id, AWS id, ARN, DB identifier, Terraform address or Name tag, or an IP address. An address that
 * is a known endpoint's private address names that endpoint at that address; any other address is
 * an external host. Ambiguity is an error that lists the candidates, never a silent pick.
 */
import type { Locator } from '../analysis-types';
import type { Endpoint, SecurityGroup } from '../model';
import { formatAddress, tryParseAddress, tryParseCidr } from '../net/address';
import type { ReachIndex } from './reach-index';

export type ResolvedRef = { ok: true; locator: Locator; endpointId?: string } | { ok: false; error: string };

/** `module.a["k"].aws_instance.web[0]` -> `module.a["k"].aws_instance.web`: strips only the final index. */
function stripLastIndex(address: string): string {
  return address.replace(/\[(?:\d+|"(?:[^"\\]|\\.)*")\]$/, '');
}

function pick(ref: string, found: Endpoint[], how: string): ResolvedRef | null {
  const unique = [...new Map(found.map((e) => [e.id, e])).values()];
  if (unique.length === 0) return null;
  if (unique.length === 1) {
    const e = unique[0] as Endpoint;
    return { ok: true, locator: { endpointId: e.id }, endpointId: e.id };
  }
  const primary = primaryOfSplitInstance(unique);
  if (primary) return primary;
  // Each by its Terraform address where that tells them apart, else by id, which always does.
  const addresses = unique.map((e) => e.tfAddress);
  const shown = unique.slice(0, 8).map((e) => (e.tfAddress !== undefined && addresses.indexOf(e.tfAddress) === addresses.lastIndexOf(e.tfAddress) ? e.tfAddress : e.id));
  const more = unique.length > 8 ? ` and ${unique.length - 8} more` : '';
  return { ok: false, error: `'${ref}' is ambiguous: ${unique.length} endpoints match by ${how} (${shown.join(', ')}${more})` };
}

/**
 * One instance that the AWS import split into an endpoint per group set, named as a whole (its id,
 * ARN or Name tag): the endpoint holding its primary interface, at that interface's address, as
 * for any instance the primary private IPv4 is the one used. Null for anything else.
 */
function primaryOfSplitInstance(found: Endpoint[]): ResolvedRef | null {
  const awsId = found[0]?.awsId;
  if (awsId === undefined || !found.every((e) => e.kind === 'instance' && e.awsId === awsId && e.id.startsWith(`${awsId}/`))) return null;
  const holders = found.filter((e) => e.interfaces?.some((i) => i.primary));
  if (holders.length !== 1) return null;
  const e = holders[0] as Endpoint;
  return atInterface(e, e.interfaces?.find((i) => i.primary)?.privateIpv4);
}

/** Endpoint `ep` at an interface's address, when known and still one of its private addresses. */
function atInterface(ep: Endpoint, address: string | undefined): ResolvedRef {
  const at = address !== undefined && ep.privateIpv4.includes(address) ? address : undefined;
  return { ok: true, locator: at === undefined ? { endpointId: ep.id } : { endpointId: ep.id, address: at }, endpointId: ep.id };
}

/**
 * Endpoints by each text a REF may match, in snapshot order: a batch resolves thousands of REFs
 * and scanning every endpoint (with a regex for Terraform addresses) per REF made resolution the
 * bulk of a query's cost. Built on first use per index, which never changes once built.
 */
interface RefTables {
  /** AWS id, ARN, Terraform address. */
  exact: Map<string, Endpoint[]>;
  /** Terraform address without its final index. */
  stripped: Map<string, Endpoint[]>;
  /** Name tag and display name. */
  name: Map<string, Endpoint[]>;
  /** The same, lower-cased. */
  lowerName: Map<string, Endpoint[]>;
  /** ENI id (and Terraform address) -> the endpoints it was folded into, with the ENI's address (an instance's interfaces). */
  interfaces: Map<string, { ep: Endpoint; address?: string }[]>;
}

const refTables = new WeakMap<ReachIndex, RefTables>();

function refTablesOf(index: ReachIndex): RefTables {
  let t = refTables.get(index);
  if (t) return t;
  t = { exact: new Map(), stripped: new Map(), name: new Map(), lowerName: new Map(), interfaces: new Map() };
  // An endpoint matching one REF through two of its fields is still listed once, as a scan would.
  const add = (map: Map<string, Endpoint[]>, key: string | undefined, e: Endpoint): void => {
    if (key === undefined) return;
    const list = map.get(key);
    if (!list) map.set(key, [e]);
    else if (list[list.length - 1] !== e) list.push(e);
  };
  for (const e of index.snapshot.endpoints) {
    add(t.exact, e.awsId, e);
    add(t.exact, e.arn, e);
    add(t.exact, e.tfAddress, e);
    if (e.tfAddress !== undefined) add(t.stripped, stripLastIndex(e.tfAddress), e);
    const tag = e.tags?.['Name'];
    add(t.name, tag, e);
    add(t.name, e.name, e);
    add(t.lowerName, tag?.toLowerCase(), e);
    add(t.lowerName, e.name.toLowerCase(), e);
    for (const i of e.interfaces ?? []) {
      const at = i.privateIpv4 === undefined ? { ep: e } : { ep: e, address: i.privateIpv4 };
      // An interface another input described on its own keeps its Terraform address (see merge).
      for (const key of i.tfAddress === undefined ? [i.id] : [i.id, i.tfAddress]) {
        const list = t.interfaces.get(key) ?? [];
        list.push(at);
        t.interfaces.set(key, list);
      }
    }
  }
  refTables.set(index, t);
  return t;
}

/** `arn:aws:ec2:eu-west-1:123:instance/i-0abc` -> `i-0abc` (any partition); undefined for other ARNs. */
function ec2ResourceId(ref: string): string | undefined {
  const m = /^arn:aws[a-z-]*:ec2:[^:]*:[^:]*:(?:instance\/(i-[0-9a-z]+)|network-interface\/(eni-[0-9a-z]+))$/i.exec(ref);
  return (m?.[1] ?? m?.[2])?.toLowerCase();
}

/**
 * An ENI folded into an endpoint (an instance's interface): that endpoint, at the ENI's address when
 * known and still one of the endpoint's private addresses.
 */
function byInterface(index: ReachIndex, t: RefTables, eniId: string): ResolvedRef | null {
  const found = t.interfaces.get(eniId) ?? [];
  if (found.length === 0) return null;
  if (found.length > 1) return pick(eniId, found.map((f) => f.ep), 'network interface');
  const { ep, address } = found[0]!;
  if (!index.endpoints.has(ep.id)) return null;
  return atInterface(ep, address);
}

export function resolveRef(index: ReachIndex, ref: string): ResolvedRef {
  const r = ref.trim();
  if (r === '') return { ok: false, error: 'empty reference' };
  const addr = tryParseAddress(r);
  if (addr) {
    const ids = index.byPrivateAddress.get(addr.text) ?? [];
    if (ids.length === 1) {
      const id = ids[0] as string;
      return { ok: true, locator: { endpointId: id, address: addr.text }, endpointId: id };
    }
    if (ids.length > 1) return { ok: false, error: `'${r}' is ambiguous: it is the private address of ${ids.join(', ')}; name the endpoint` };
    return { ok: true, locator: { address: addr.text } };
  }
  // A block copied from a rule: one address (/32, /128) is that address; a wider one is no one end.
  const block = /^[0-9a-f:.]+\/\d{1,3}$/i.test(r) ? tryParseCidr(r) : null;
  if (block) {
    const host = block.text.slice(0, block.text.indexOf('/'));
    if (block.start === block.end) return resolveRef(index, host);
    if (block.prefix === 0) return { ok: false, error: `'${r}' is the whole ${block.family === 4 ? 'IPv4' : 'IPv6'} internet, not one end: name one outside address, one that no rule or VPC of the inputs names` };
    const first = block.family === 4 ? formatAddress(4, block.start + 1) : formatAddress(6, block.start + 1n);
    return { ok: false, error: `'${r}' is a block of addresses, not one end: name one address in it (such as ${first})` };
  }
  const direct = index.endpoints.get(r);
  if (direct) return { ok: true, locator: { endpointId: r }, endpointId: r };
  const t = refTablesOf(index);
  const exact = pick(r, t.exact.get(r) ?? [], 'AWS id, ARN or Terraform address') ?? byInterface(index, t, r);
  if (exact) return exact;
  const tries: [string, Map<string, Endpoint[]>, string][] = [
    ['Terraform address', t.stripped, r],
    ['name', t.name, r],
    ['name', t.lowerName, r.toLowerCase()],
  ];
  for (const [how, table, key] of tries) {
    const res = pick(r, table.get(key) ?? [], how);
    if (res) return res;
  }
  // describe-instances and describe-network-interfaces give no ARN, so an instance or ENI from an
  // AWS CLI dump is known by id only: an EC2 ARN names it by the id at its end.
  const ec2Id = ec2ResourceId(r);
  if (ec2Id !== undefined) {
    const res = pick(r, t.exact.get(ec2Id) ?? [], 'the id in its ARN') ?? byInterface(index, t, ec2Id);
    if (res) return res;
  }
  // `elb describe-load-balancers` gives a classic load balancer no ARN either: its name, at the end
  // of the ARN, is what the AWS import keys it by (`elb/<name>`), and a Terraform aws_elb its id.
  const classic = /^arn:aws[a-z-]*:elasticloadbalancing:[^:]*:[^:]*:loadbalancer\/([^/]+)$/.exec(r)?.[1];
  if (classic !== undefined) {
    const imported = index.endpoints.get(`elb/${classic}`)?.endpoint;
    const byName = (t.exact.get(classic) ?? []).filter((e) => e.kind === 'load-balancer');
    const res = pick(r, imported ? [imported, ...byName] : byName, 'the name in its ARN');
    if (res) return res;
  }
  const group = findGroup(index, r);
  if (group) return { ok: false, error: describeGroupRef(index, r, group) };
  return { ok: false, error: `no endpoint matches '${r}' (by id, AWS id, ARN, Terraform address, Name tag or IP address)${suggestNames(t, r)}` };
}

/** A group named by id, Terraform address or (unique) group name: what a reviewer copies from a rule. */
function findGroup(index: ReachIndex, ref: string): SecurityGroup | undefined {
  const byId = index.groups.get(ref);
  if (byId) return byId;
  const named: SecurityGroup[] = [];
  for (const g of index.groups.values()) {
    if (g.origin?.address === ref) return g;
    if (g.name === ref) named.push(g);
  }
  return named.length === 1 ? named[0] : undefined;
}

/**
 * A group is no end of a question (the traffic is between interfaces that carry groups): say so,
 * and offer the endpoints that carry it, so the answer is one step away.
 */
function describeGroupRef(index: ReachIndex, ref: string, g: SecurityGroup): string {
  const carriers: string[] = [];
  let count = 0;
  for (const ea of index.endpoints.values()) {
    if (!ea.endpoint.groupIds.includes(g.id)) continue;
    count++;
    if (carriers.length < 3) carriers.push(`'${ea.endpoint.name ?? ea.endpoint.id}'`);
  }
  const what = `'${ref}' is a security group${g.name && g.name !== ref ? ` (${g.name})` : ''}, not an endpoint`;
  if (count === 0) return `${what}, and no endpoint in the inputs carries it`;
  if (count === 1) return `${what}: name the endpoint that carries it, ${carriers[0]}`;
  return `${what}: name one of the ${count} endpoints that carry it, such as ${carriers.join(', ')}${count > carriers.length ? ', …' : ''}`;
}

/** Names that hold the ref, for its error: a map label (`web ×3`, a group of endpoints) or part of a name. */
function suggestNames(t: RefTables, ref: string): string {
  const needle = ref.replace(/\s*×\s*\d+$/, '').trim().toLowerCase();
  if (needle.length < 2) return '';
  const found: string[] = [];
  for (const name of t.name.keys()) {
    if (!name.toLowerCase().includes(needle)) continue;
    found.push(name);
    if (found.length > 3) break;
  }
  if (found.length === 0) return '';
  const shown = found.slice(0, 3).map((n) => `'${n}'`).join(', ');
  return `; names that contain it: ${shown}${found.length > 3 ? ', …' : ''}`;
}
