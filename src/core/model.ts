/**
 * The normalized snapshot: the one shape every importer produces and every analysis consumes.
 * It holds only what reachability needs (ids, names, addresses, groups, rules, prefix lists)
 * so that a snapshot can be saved, shared or exported without carrying the secrets that
 * Terraform state and AWS answers often hold. Everything is plain JSON-serialisable data.
 */

export const SNAPSHOT_FORMAT = 'reachmap-snapshot';
export const SNAPSHOT_VERSION = 1;

/** IP protocol numbers the engine treats specially; any other number ignores ports. */
export const PROTO_ALL = -1;
export const PROTO_ICMP = 1;
export const PROTO_TCP = 6;
export const PROTO_UDP = 17;
export const PROTO_ICMPV6 = 58;

export type Direction = 'ingress' | 'egress';

/** Where a rule, group or endpoint was read from, so the UI and CLI can point back at it. */
export interface Origin {
  /** Input file name as given by the user (path or display name). */
  file?: string;
  /** Terraform resource address, e.g. `module.app.aws_security_group.web["a"]`. */
  address?: string;
  /** Index of the inline `ingress`/`egress` block inside `address`, when the rule was inline. */
  block?: number;
  /** AWS rule id (`sgr-…`) when known. */
  ruleId?: string;
  /** Set when the rule was changed or added by a what-if edit. */
  edit?: string;
}

/**
 * What a rule matches on the other side of the connection.
 * - cidr: a normalized CIDR (`10.0.0.0/8`, `2001:db8::/32`); matches addresses of the same family only.
 * - prefixList: a managed prefix list id; matches any of its entries. A list whose entries the inputs
 *   do not give (`PrefixList.entriesUnknown`, or no list at all) may match any address: answers depend on it.
 * - group: a security group id; matches endpoints carrying that group, at their private addresses only.
 *   `self` is resolved by importers into a group peer naming the rule's own group.
 */
export type Peer =
  | { kind: 'cidr'; cidr: string }
  | { kind: 'prefixList'; id: string }
  | { kind: 'group'; groupId: string };

/**
 * One atomic rule: exactly one peer. Importers split multi-peer inline blocks into several rules
 * and merge duplicates (same group, direction, protocol, ports and peer) by concatenating origins.
 *
 * protocol is an IP protocol number: -1 means all protocols (ports ignored).
 * fromPort/toPort:
 * - tcp (6) / udp (17): inclusive port range, 0..65535.
 * - icmp (1) / icmpv6 (58): fromPort is the ICMP type, toPort the code; -1 means any.
 * - anything else: null (ports ignored).
 */
export interface Rule {
  /** Stable id within the snapshot, e.g. `sg-123/ingress/0`. */
  id: string;
  groupId: string;
  direction: Direction;
  protocol: number;
  fromPort: number | null;
  toPort: number | null;
  peer: Peer;
  description?: string;
  origins: Origin[];
}

export interface SecurityGroup {
  /** `sg-…`; for plan-time groups whose id is unknown, a synthetic `tf:<address>` id. */
  id: string;
  name?: string;
  description?: string;
  vpcId?: string;
  ownerId?: string;
  /** True when the group is only referenced (another state, peer VPC, amazon-elb-sg), not defined. */
  external: boolean;
  /** Why it is external, for the UI: 'missing' | 'peered' | 'cross-account' | 'aws-managed'. */
  externalReason?: string;
  origin?: Origin;
  tags?: Record<string, string>;
}

export interface PrefixList {
  id: string;
  name?: string;
  /** Normalized CIDRs. */
  entries: string[];
  /**
   * The inputs describe the list but not its entries (describe-managed-prefix-lists without
   * get-managed-prefix-list-entries, a list referenced and defined nowhere): `entries` is then
   * empty, and a rule naming the list may match any address of its family.
   */
  entriesUnknown?: boolean;
  /** The list's address family when known (AddressFamily IPv4 / IPv6). */
  family?: 4 | 6;
  origin?: Origin;
}

export interface Vpc {
  id: string;
  name?: string;
  cidrs: string[];
  ipv6Cidrs: string[];
  /**
   * The id of the VPC's default security group when an input gives it (Terraform's
   * `default_security_group_id`), whether or not any input defines the group: the group named
   * "default" (`security_groups = ["default"]`, an instance launched without groups) is that one.
   */
  defaultGroupId?: string;
  origin?: Origin;
}

export interface Subnet {
  id: string;
  vpcId?: string;
  name?: string;
  availabilityZone?: string;
  cidr?: string;
  ipv6Cidr?: string;
  /**
   * Set when the input cannot say whether the subnet has an IPv6 block: a plan that adds one
   * computes it at apply time. Without it, a subnet with no `ipv6Cidr` has no IPv6 block. Ignored
   * when another input gives `ipv6Cidr`.
   */
  ipv6CidrUnknown?: true;
  /** True when instances launched here get a public IPv4 by default. */
  mapPublicIp?: boolean;
  origin?: Origin;
}

export type EndpointKind =
  | 'instance'
  | 'eni'
  | 'load-balancer'
  | 'database'
  | 'lambda'
  | 'ecs'
  | 'efs'
  | 'cache'
  | 'vpc-endpoint'
  | 'autoscaling'
  | 'eks'
  | 'search'
  | 'mq'
  | 'redshift'
  | 'msk'
  | 'nat'
  | 'generic';

/** See Endpoint.ipAddressType. */
export type IpAddressType = 'ipv4' | 'dualstack';

/**
 * An `ip_address_type` / `network_type` value (Terraform, or IpAddressType / NetworkType from AWS)
 * as Endpoint.ipAddressType: IPv4 alone, or one that may take IPv6 (dual-stack, dual-stack without
 * public IPv4, IPv6 only: the last overstates IPv4, which errs towards reach), in any case.
 */
export function readIpAddressType(value: string | undefined): IpAddressType | undefined {
  const v = value?.toLowerCase().replace(/[-_]/g, '');
  if (v === undefined || v === '') return undefined;
  return v === 'ipv4' ? 'ipv4' : v === 'dual' || v.startsWith('dualstack') || v === 'ipv6' ? 'dualstack' : undefined;
}

/** A Lambda function's `ipv6_allowed_for_dual_stack` as Endpoint.ipAddressType: it takes IPv6 only when allowed. */
export function readIpv6Allowed(allowed: boolean | undefined): IpAddressType | undefined {
  return allowed === undefined ? undefined : allowed ? 'dualstack' : 'ipv4';
}

export interface EndpointInterface {
  id: string;
  privateIpv4?: string;
  /**
   * The Terraform address of the interface when another input described it on its own (an
   * `aws_network_interface` the merge folded into the instance an AWS dump attaches it to), so a
   * REF naming that address still finds it.
   */
  tfAddress?: string;
  /**
   * The instance's primary interface (device 0), marked on an instance the AWS import split by
   * group sets: a REF naming the instance means the endpoint holding it, at its address.
   */
  primary?: true;
}

/** Anything that carries security groups. */
export interface Endpoint {
  /** Snapshot-unique id: the AWS id when known (i-…, eni-…, ARN, DB identifier), else the Terraform address. */
  id: string;
  kind: EndpointKind;
  /** Display name: Name tag, resource name or id. */
  name: string;
  awsId?: string;
  arn?: string;
  tfAddress?: string;
  /** Resource type as read (`aws_instance`, `network_interface:interface`, …). */
  resourceType?: string;
  vpcId?: string;
  subnetIds: string[];
  /** Private IPv4 addresses; the first is the primary. Empty when unknown (LB, RDS, Lambda in Terraform). */
  privateIpv4: string[];
  ipv6: string[];
  /** Public or elastic IPv4 addresses. Group references never match these. */
  publicIpv4: string[];
  /**
   * It has or will get a public IPv4 address that the inputs do not give (a plan leaves an
   * instance's `public_ip` to apply): an exposure then cannot say it has none.
   */
  publicIpUnknown?: true;
  groupIds: string[];
  /**
   * Network interfaces folded into this endpoint (an instance's ENIs), each with its primary
   * private IPv4 when known: a REF naming the ENI means this endpoint at that address.
   */
  interfaces?: EndpointInterface[];
  tags?: Record<string, string>;
  /** E.g. an internet-facing load balancer; informs the exposure view. */
  internetFacing?: boolean;
  /**
   * AWS does not filter this endpoint's traffic with security groups: a NAT gateway, a network or
   * gateway load balancer created without groups, another AWS-managed interface that AWS reports
   * with none. Its own side of a flow is then not checked (the other side's rules still are, and
   * group references never match it). Only read while `groupIds` is empty, so a merge that brings
   * groups from another input overrides it.
   */
  unfiltered?: true;
  /**
   * The address families the resource is set to take, when an input says: 'ipv4' (a load balancer
   * or VPC endpoint of `ip_address_type = "ipv4"`, RDS `network_type = "IPV4"`, a Lambda function
   * not allowed IPv6, every classic load balancer) takes no IPv6 address whatever its subnets
   * offer; 'dualstack' may. Only read while its addresses are unknown. Inputs that disagree leave it
   * unset (it may have IPv6), with a warning.
   */
  ipAddressType?: IpAddressType;
  /**
   * Groups that took the place of the VPC's default group on it (an interface VPC endpoint's
   * association with `replace_default_association`): the merge drops the default group from the
   * endpoint whichever input gives it, also when this endpoint comes from a saved snapshot.
   */
  defaultGroupReplacedBy?: string[];
  /**
   * The load balancer's listeners as the inputs give them (protocol 6 or 17 and port; TCP_UDP is
   * both; ANY_LISTENER, protocol -1, for one that accepts anything or that an input does not spell
   * out). Read only for an endpoint AWS does not filter with groups: nothing but its listeners then
   * decides what it accepts. Absent when no input lists them.
   */
  listeners?: Listener[];
  origin?: Origin;
}

/** One port a load balancer accepts connections on. */
export interface Listener {
  protocol: number;
  port: number;
}

/**
 * Resource types of the stand-ins importers make for a load balancer's listeners read apart from
 * it (aws_lb_listener, elbv2 describe-listeners): the merge joins them to the load balancer of the
 * same ARN and drops those no input describes.
 */
export const LISTENER_STUB_TYPES: ReadonlySet<string> = new Set(['aws_lb_listener', 'elbv2:listener']);

/** Whether an endpoint is such a stand-in for listeners (LISTENER_STUB_TYPES). */
export function isListenerStub(e: Endpoint): boolean {
  return e.resourceType !== undefined && LISTENER_STUB_TYPES.has(e.resourceType);
}

/** Both lists' listeners, each once, ordered by protocol then port. */
export function unionListeners(a: readonly Listener[] | undefined, b: readonly Listener[] | undefined): Listener[] {
  const out: Listener[] = [];
  for (const l of [...(a ?? []), ...(b ?? [])]) if (!out.some((x) => x.protocol === l.protocol && x.port === l.port)) out.push({ protocol: l.protocol, port: l.port });
  return out.sort((x, y) => x.protocol - y.protocol || x.port - y.port);
}

/**
 * A listener that accepts anything as far as Reachmap can tell: a gateway load balancer's (GENEVE:
 * it takes all IP packets on all ports), or one whose protocol or port an input does not give (a
 * plan computing it, a protocol Reachmap does not know). One such listener opens the whole side.
 */
export const ANY_LISTENER: Listener = Object.freeze({ protocol: PROTO_ALL, port: 0 });

/**
 * A listener protocol and port as Listener entries: TCP, TLS, HTTP, HTTPS on tcp; UDP and QUIC on
 * udp; TCP_UDP and TCP_QUIC on both; anything else, or no port, as ANY_LISTENER (never narrower
 * than AWS).
 */
export function readListener(protocol: string | undefined, port: number | undefined): Listener[] {
  const p = protocol?.toUpperCase();
  if (p === 'GENEVE' || port === undefined || !Number.isInteger(port) || port < 1 || port > 65535) return [ANY_LISTENER];
  if (p === 'UDP' || p === 'QUIC') return [{ protocol: PROTO_UDP, port }];
  if (p === 'TCP_UDP' || p === 'TCP_QUIC') return [{ protocol: PROTO_TCP, port }, { protocol: PROTO_UDP, port }];
  if (p === 'TCP' || p === 'TLS' || p === 'HTTP' || p === 'HTTPS') return [{ protocol: PROTO_TCP, port }];
  return [ANY_LISTENER];
}

/**
 * An endpoint AWS does not filter with security groups (a NAT gateway, a load balancer created
 * without groups): its own side of a flow is not checked. See Endpoint.unfiltered.
 */
export function isUnfiltered(endpoint: Endpoint): boolean {
  return endpoint.unfiltered === true && endpoint.groupIds.length === 0;
}

export interface Warning {
  /** Machine-readable kind, e.g. 'external-group', 'generic-endpoint', 'unknown-at-plan', 'missing-permission'. */
  code: string;
  message: string;
  file?: string;
  /** Id of the group, endpoint or rule the warning concerns, so the UI can jump to it. */
  subject?: string;
}

export interface SourceInfo {
  file: string;
  /** Detected format, e.g. 'tfstate-v4', 'tfstate-v3', 'tf-plan-json', 'tf-show-json', 'aws-cli:describe-security-groups', 'aws-live', 'reachmap-snapshot'. */
  format: string;
}

/** Data kept for the network-path analysis to come (NACLs, routes, gateways, peering). Minimal fields only. */
export interface NetworkExtras {
  networkAcls?: unknown[];
  routeTables?: unknown[];
  internetGateways?: unknown[];
  vpcPeeringConnections?: unknown[];
}

export interface SnapshotMeta {
  accountId?: string;
  regions?: string[];
  /** ISO time the data was taken. */
  takenAt?: string;
  tool?: string;
}

export interface Snapshot {
  format: typeof SNAPSHOT_FORMAT;
  version: typeof SNAPSHOT_VERSION;
  meta: SnapshotMeta;
  sources: SourceInfo[];
  vpcs: Vpc[];
  subnets: Subnet[];
  groups: SecurityGroup[];
  rules: Rule[];
  prefixLists: PrefixList[];
  endpoints: Endpoint[];
  warnings: Warning[];
  network?: NetworkExtras;
}

/**
 * Raised for input that cannot be used at all; `file` names the input and `message` says why in one
 * line. `reason` is that line without the file name, for lists that name the file themselves.
 */
export class ImportError extends Error {
  readonly file: string;
  readonly reason: string;
  constructor(file: string, reason: string) {
    super(`${file}: ${reason}`);
    this.name = 'ImportError';
    this.file = file;
    this.reason = reason;
  }
}

/**
 * The warning for a file left out of an open that went on with the others (`importUsableInputs`,
 * and the app for files it could not even read), so all of them read alike in the Warnings list.
 */
export function badFileWarning(file: string, reason: string): Warning {
  return { code: 'bad-file', message: `${file}: ${reason}; skipped`, file };
}

/** One input as the core sees it: a display name and its text. Reading files is the caller's job. */
export interface InputFile {
  name: string;
  text: string;
  /**
   * Set when the file was found by scanning a folder rather than named by the user: a file that no
   * importer recognises is then skipped with a warning instead of failing the whole import.
   */
  optional?: boolean;
}

export function createEmptySnapshot(): Snapshot {
  return {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    meta: {},
    sources: [],
    vpcs: [],
    subnets: [],
    groups: [],
    rules: [],
    prefixLists: [],
    endpoints: [],
    warnings: [],
  };
}
