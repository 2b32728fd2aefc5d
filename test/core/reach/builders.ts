/**
 * Hand-built snapshots for the reachability tests. The semantics and scenario tests state their
 * security groups, rules and endpoints explicitly here, in the shape the importers produce
 * (model.ts), so that every expectation is worked out from the rules on the page rather than from
 * an importer or from the engine's own output. The builder is deliberately small: groups are
 * created on first mention, rule ids are predictable (`<group>/ingress/<n>`) unless a test names
 * them, and nothing is validated beyond what TypeScript checks.
 */
import {
  createEmptySnapshot,
  PROTO_ALL,
  PROTO_ICMP,
  PROTO_ICMPV6,
  PROTO_TCP,
  PROTO_UDP,
} from '../../../src/core/model';
import type { Direction, Endpoint, EndpointKind, Peer, Rule, Snapshot } from '../../../src/core/model';
import type { Locator, ReachQuery } from '../../../src/core/analysis-types';

/** Protocol as written in Terraform / the console; numbers pass through unchanged. */
export type Proto = 'all' | 'tcp' | 'udp' | 'icmp' | 'icmpv6' | number;

export function protoNumber(p: Proto): number {
  switch (p) {
    case 'all':
      return PROTO_ALL;
    case 'tcp':
      return PROTO_TCP;
    case 'udp':
      return PROTO_UDP;
    case 'icmp':
      return PROTO_ICMP;
    case 'icmpv6':
      return PROTO_ICMPV6;
    default:
      return p;
  }
}

// Peer shorthands, so a rule reads like the console: `tcp 80 from sg('sg-alb')`.
export const cidr = (c: string): Peer => ({ kind: 'cidr', cidr: c });
export const sg = (groupId: string): Peer => ({ kind: 'group', groupId });
export const pl = (id: string): Peer => ({ kind: 'prefixList', id });

/**
 * Ports: a single port, an inclusive [from, to] pair (for icmp: [type, code]) or null when the
 * protocol ignores ports. Omitted means null.
 */
export type Ports = number | [number, number] | null;

export interface RuleOpts {
  /** Explicit rule id, for tests that check which rules an answer lists. */
  id?: string;
  description?: string;
}

export interface EndpointOpts {
  kind?: EndpointKind;
  name?: string;
  groups: string[];
  ipv4?: string[];
  ipv6?: string[];
  publicIpv4?: string[];
  subnets?: string[];
  vpcId?: string;
  internetFacing?: boolean;
  /** Endpoint.publicIpUnknown: a public IPv4 comes at apply (a planned instance). */
  publicIpUnknown?: true;
  /** Endpoint.unfiltered: AWS does not filter it with security groups (a NAT gateway). */
  unfiltered?: true;
  /** Endpoint.ipAddressType: 'ipv4' takes no IPv6 address from its subnets. */
  ipAddressType?: 'ipv4' | 'dualstack';
  /** Endpoint.listeners: [protocol, port] pairs. */
  listeners?: [number, number][];
}

export class SnapshotBuilder {
  private readonly snap: Snapshot = createEmptySnapshot();
  private readonly ruleCount = new Map<string, number>();

  /** Declares (or renames) a group; groups mentioned elsewhere are created automatically. */
  group(id: string, name?: string): this {
    const existing = this.snap.groups.find((g) => g.id === id);
    if (existing) {
      if (name !== undefined) existing.name = name;
    } else {
      this.snap.groups.push({ id, name: name ?? id, vpcId: 'vpc-1', external: false });
    }
    return this;
  }

  ingress(groupId: string, proto: Proto, ports: Ports, peer: Peer, opts: RuleOpts = {}): this {
    return this.rule('ingress', groupId, proto, ports, peer, opts);
  }

  egress(groupId: string, proto: Proto, ports: Ports, peer: Peer, opts: RuleOpts = {}): this {
    return this.rule('egress', groupId, proto, ports, peer, opts);
  }

  /** The rule AWS puts in every new group (and the Terraform seed spells out): all traffic out to 0.0.0.0/0. */
  egressAll(groupId: string, opts: RuleOpts = {}): this {
    return this.egress(groupId, 'all', null, cidr('0.0.0.0/0'), opts);
  }

  endpoint(id: string, o: EndpointOpts): this {
    for (const g of o.groups) this.group(g);
    const ep: Endpoint = {
      id,
      kind: o.kind ?? 'instance',
      name: o.name ?? id,
      awsId: id,
      vpcId: o.vpcId ?? 'vpc-1',
      subnetIds: o.subnets ?? [],
      privateIpv4: o.ipv4 ?? [],
      ipv6: o.ipv6 ?? [],
      publicIpv4: o.publicIpv4 ?? [],
      groupIds: o.groups,
    };
    if (o.internetFacing !== undefined) ep.internetFacing = o.internetFacing;
    if (o.unfiltered) ep.unfiltered = true;
    if (o.publicIpUnknown) ep.publicIpUnknown = true;
    if (o.ipAddressType) ep.ipAddressType = o.ipAddressType;
    if (o.listeners) ep.listeners = o.listeners.map(([protocol, port]) => ({ protocol, port }));
    this.snap.endpoints.push(ep);
    return this;
  }

  subnet(id: string, cidrBlock: string, vpcId = 'vpc-1', ipv6Cidr?: string): this {
    this.snap.subnets.push({ id, vpcId, cidr: cidrBlock, ...(ipv6Cidr ? { ipv6Cidr } : {}) });
    return this;
  }

  vpc(id: string, cidrs: string[], ipv6Cidrs: string[] = []): this {
    this.snap.vpcs.push({ id, cidrs, ipv6Cidrs });
    return this;
  }

  prefixList(id: string, entries: string[], name?: string): this {
    this.snap.prefixLists.push({ id, entries, ...(name ? { name } : {}) });
    return this;
  }

  /** A list the inputs describe without its entries (describe-managed-prefix-lists alone). */
  prefixListOfUnknownEntries(id: string, family?: 4 | 6): this {
    this.snap.prefixLists.push({ id, entries: [], entriesUnknown: true, ...(family ? { family } : {}) });
    return this;
  }

  build(): Snapshot {
    // A copy, so one builder can seed several variants without them sharing arrays.
    return structuredClone(this.snap);
  }

  private rule(direction: Direction, groupId: string, proto: Proto, ports: Ports, peer: Peer, opts: RuleOpts): this {
    this.group(groupId);
    if (peer.kind === 'group') this.group(peer.groupId);
    const key = `${groupId}/${direction}`;
    const n = this.ruleCount.get(key) ?? 0;
    this.ruleCount.set(key, n + 1);
    const [fromPort, toPort] = ports === null ? [null, null] : typeof ports === 'number' ? [ports, ports] : ports;
    const id = opts.id ?? `${key}/${n}`;
    const rule: Rule = {
      id,
      groupId,
      direction,
      protocol: protoNumber(proto),
      fromPort,
      toPort,
      peer,
      origins: [{ file: 'hand-built', ruleId: id }],
    };
    if (opts.description !== undefined) rule.description = opts.description;
    this.snap.rules.push(rule);
    return this;
  }
}

export const snapshot = (): SnapshotBuilder => new SnapshotBuilder();

// Locator shorthands for queries.
export const ep = (endpointId: string, address?: string): Locator =>
  address === undefined ? { endpointId } : { endpointId, address };
export const ip = (address: string): Locator => ({ address });

/** A tcp/udp query on one destination port. */
export function q(from: Locator, to: Locator, proto: 'tcp' | 'udp', port: number): ReachQuery {
  return { from, to, protocol: protoNumber(proto), port };
}

/** An icmp/icmpv6 query; omitted type/code mean "every type/code", as in the contract. */
export function qIcmp(from: Locator, to: Locator, proto: 'icmp' | 'icmpv6', type?: number, code?: number): ReachQuery {
  const query: ReachQuery = { from, to, protocol: protoNumber(proto) };
  if (type !== undefined) query.icmpType = type;
  if (code !== undefined) query.icmpCode = code;
  return query;
}

/** A query for a protocol without ports (-1 = all traffic, 47 = GRE, 50 = ESP, ...). */
export function qProto(from: Locator, to: Locator, protocol: number): ReachQuery {
  return { from, to, protocol };
}
