/**
 * The state shared by the passes that turn one Terraform document into a partial snapshot: the
 * snapshot being filled, warnings, and the address -> group id map that lets rules and endpoints
 * refer to groups whose ids are only known as `tf:<address>` in a plan. Group references go through
 * `groupRefs`, which reads known ids and, when a plan marks them unknown, follows configuration
 * references instead (warning when it cannot). It also memoises CIDR and protocol normalisation for
 * the document: a large state repeats the same few hundred CIDRs and protocol spellings across tens
 * of thousands of rules, and the results are immutable values.
 */
import { createEmptySnapshot, type Direction, type Origin, type Peer, type SecurityGroup, type Snapshot } from '../../model';
import { GROUP_NAME_PREFIX, VPC_DEFAULT_GROUP } from '../merge';
import { makeRules } from './build-groups';
import { normalizeCidr, normalizeProtocol, type CidrResult } from './normalize';
import { configReferencesAt, hasComputedKey, instanceKeyOf, isUnknownAt, resolveReference, targetPattern } from './plan-refs';
import type { TfDocument, TfResource } from './records';
import { readBlocks, readString, readStringList } from './values';

/** `<account>/<sg-id>`: how the provider writes a group reference into another account. */
const CROSS_ACCOUNT_GROUP = /^(\d{12})\/(sg-[0-9a-zA-Z]+)$/;

/** `amazon-elb/<group>`: the group AWS owns for classic load balancers, by id or by name. */
const AMAZON_ELB_GROUP = /^amazon-elb\/(.+)$/;

/**
 * Whether an entry of a list that takes groups by id or by name (an inline rule's or an instance's
 * `security_groups`, a launch configuration's) is a group name. AWS names cannot start with "sg-",
 * so that is an id; so is a plan's `tf:<address>` and an owner-qualified reference (`<account>/…`,
 * `amazon-elb/…`), which the provider writes for groups of another owner.
 */
export function isGroupName(entry: string): boolean {
  return !entry.startsWith('sg-') && !entry.startsWith('tf:') && !/^(\d{12}|amazon-elb)\//.test(entry);
}

/** An entry of such a list as a group reference: the id, or `name:<name>` for the merge to resolve. */
export function groupIdOrName(entry: string): string {
  return isGroupName(entry) ? `${GROUP_NAME_PREFIX}${entry}` : entry;
}

/** Attributes that, left unset, make AWS attach the VPC's default group (see `assignsVpcDefault`). */
const UNCONFIGURED_DEFAULTS_TO_VPC_DEFAULT = new Set(['security_groups', 'vpc_security_group_ids']);

/** Whether `rec` sets `key` (blocks or a list) to something, in its planned values or its configuration. */
function sets(rec: TfResource, key: string): boolean {
  const v = rec.attrs[key];
  return readBlocks(v).length > 0 || readStringList(v).length > 0 || (rec.expressions !== undefined && key in rec.expressions);
}

/** Whether AWS attaches the VPC's default group to `rec` when its configuration leaves `attr` unset. */
function assignsVpcDefault(rec: TfResource, attr: string): boolean {
  if (!UNCONFIGURED_DEFAULTS_TO_VPC_DEFAULT.has(attr)) return false;
  // A resource with both lists (an instance, a spot request) wears the groups named in either, by
  // name in `security_groups` as much as by id: one of them set is not "left to AWS".
  for (const other of UNCONFIGURED_DEFAULTS_TO_VPC_DEFAULT) if (other !== attr && sets(rec, other)) return false;
  switch (rec.type) {
    // Launched on network interface blocks, an instance wears the groups of those interfaces
    // (RunInstances takes groups either at the top level or per interface, never both).
    case 'aws_instance':
    case 'aws_spot_instance_request':
      return !sets(rec, 'network_interface') && !sets(rec, 'primary_network_interface');
    case 'aws_launch_template':
      return !sets(rec, 'network_interfaces') && !sets(rec, 'security_group_names');
    // A network load balancer created without groups has none, and a gateway one never has any:
    // only an application load balancer gets the default group.
    case 'aws_lb':
    case 'aws_alb': {
      const type = readString(rec.attrs.load_balancer_type);
      return type === undefined || type === 'application';
    }
    default:
      return true;
  }
}

export class TfBuild {
  readonly snap: Snapshot = createEmptySnapshot();
  readonly groupIdByAddress = new Map<string, string>();
  /** The same for VPCs and subnets, whose ids a plan also knows only after apply (see idOrPlanned). */
  readonly vpcIdByAddress = new Map<string, string>();
  readonly subnetIdByAddress = new Map<string, string>();
  /** How many references referencedIds read as the referrer's own instance (see noteOwnKeyReadings). */
  ownKeyReadings = 0;
  readonly resources: TfResource[];
  private readonly cidrCache = new Map<string, CidrResult | { error: string }>();
  private readonly protocolCache = new Map<unknown, number | { error: string }>();
  // One peer object per distinct peer of the document: tens of thousands of rules name a few
  // thousand peers, every rule outlives the import, and nothing modifies a peer after it is built.
  private readonly cidrPeers = new Map<string, Peer>();
  private readonly prefixListPeers = new Map<string, Peer>();
  private readonly groupPeers = new Map<string, Peer>();

  constructor(
    readonly doc: TfDocument,
    readonly file: string,
  ) {
    this.resources = doc.resources;
    this.snap.warnings.push(...doc.warnings);
  }

  warn(code: string, message: string, subject?: string): void {
    this.snap.warnings.push(subject === undefined ? { code, message, file: this.file } : { code, message, file: this.file, subject });
  }

  /** normalizeCidr, memoised per document; callers warn per occurrence, so the warnings are unchanged. */
  cidr(text: string): CidrResult | { error: string } {
    let r = this.cidrCache.get(text);
    if (r === undefined) {
      r = normalizeCidr(text);
      this.cidrCache.set(text, r);
    }
    return r;
  }

  /** normalizeProtocol, memoised per document for string and number spellings. */
  protocol(v: unknown): number | { error: string } {
    if (typeof v !== 'string' && typeof v !== 'number') return normalizeProtocol(v);
    let r = this.protocolCache.get(v);
    if (r === undefined) {
      r = normalizeProtocol(v);
      this.protocolCache.set(v, r);
    }
    return r;
  }

  /** The shared peer object for a normalized CIDR. */
  cidrPeer(cidr: string): Peer {
    let p = this.cidrPeers.get(cidr);
    if (p === undefined) {
      p = { kind: 'cidr', cidr };
      this.cidrPeers.set(cidr, p);
    }
    return p;
  }

  /** The shared peer object for a prefix list id. */
  prefixListPeer(id: string): Peer {
    let p = this.prefixListPeers.get(id);
    if (p === undefined) {
      p = { kind: 'prefixList', id };
      this.prefixListPeers.set(id, p);
    }
    return p;
  }

  /**
   * The shared peer object for a group id. A group of another account arrives as
   * `<account>/<sg-id>` (inline security_groups, source_security_group_id,
   * referenced_security_group_id): the peer is the group id alone, so it meets the group when that
   * account's input defines it, and the account is kept on an external group in the meantime.
   */
  groupPeer(groupId: string): Peer {
    let p = this.groupPeers.get(groupId);
    if (p === undefined) {
      const crossAccount = CROSS_ACCOUNT_GROUP.exec(groupId);
      const elb = crossAccount ? undefined : AMAZON_ELB_GROUP.exec(groupId);
      if (crossAccount) this.crossAccountGroup(crossAccount[1]!, crossAccount[2]!);
      // By id the group is that id; by name (EC2-Classic) it keeps the reference as written.
      const id = crossAccount ? crossAccount[2]! : elb?.[1]!.startsWith('sg-') ? elb[1]! : groupId;
      if (elb) this.amazonElbGroup(id, elb[1]!);
      p = { kind: 'group', groupId: id };
      this.groupPeers.set(groupId, p);
    }
    return p;
  }

  /** Once per group: the external group AWS owns for classic load balancers. */
  private amazonElbGroup(id: string, written: string): void {
    if (this.snap.groups.some((g) => g.id === id)) return;
    const group: SecurityGroup = { id, ownerId: 'amazon-elb', external: true, externalReason: 'aws-managed', origin: { file: this.file } };
    if (!written.startsWith('sg-')) group.name = written;
    this.snap.groups.push(group);
    this.warn('external-group', `${id} is the AWS-owned classic load balancer group (amazon-elb/${written}): rules referencing it are kept, but no endpoint in this input carries it`, id);
  }

  /** Once per group: an external group owned by `account` (a defined one wins in the merge). */
  private crossAccountGroup(account: string, id: string): void {
    if (this.snap.groups.some((g) => g.id === id)) return;
    this.snap.groups.push({ id, ownerId: account, external: true, externalReason: 'cross-account', origin: { file: this.file } });
    this.warn('external-group', `${id} belongs to account ${account} (referenced as ${account}/${id}): its rules and members are not in this input`, id);
  }

  addRule(groupId: string, direction: Direction, protocol: unknown, from: unknown, to: unknown, peers: Peer[], description: string | undefined, origin: Origin): void {
    makeRules(this, groupId, direction, protocol, from, to, peers, description, origin);
  }

  unknownAt(rec: TfResource, path: (string | number)[]): boolean {
    return rec.unknown !== undefined && isUnknownAt(rec, path);
  }

  /**
   * True when a plan marks `path` unknown only because the provider computes it: the configuration
   * does not set the attribute at all (a rule's `source_security_group_id` next to `cidr_blocks`,
   * an ENI's `security_groups`, an unset inline `egress`). That is not a gap in the analysis.
   */
  isUnconfiguredComputed(rec: TfResource, path: (string | number)[]): boolean {
    return rec.expressions !== undefined && !(String(path[0]) in rec.expressions);
  }

  /**
   * In a plan, the resource instances that the configuration of an unknown attribute references
   * (`aws_lb.front` for a listener's `load_balancer_arn`), by address: what a resource the same
   * plan creates is keyed by until apply gives it an id. Only references that name one instance.
   */
  referencedAddresses(rec: TfResource, path: (string | number)[]): string[] {
    if (!this.unknownAt(rec, path)) return [];
    const out = new Set<string>();
    for (const ref of configReferencesAt(rec, path)) {
      for (const t of resolveReference(this.doc.moduleLinks, rec.module, ref)) if (!t.anyModuleKey) out.add(t.exact);
    }
    return [...out];
  }

  /**
   * `known` plus the ids, among those `byAddress` files by resource address, of the resources the
   * configuration expression at `path` of `rec` references: by exact address, else any instance of
   * the resource when the reference named none, and through a module call without an instance key,
   * any instance of that call (within the same enclosing instances).
   */
  private referencedIds(byAddress: ReadonlyMap<string, string>, rec: TfResource, path: (string | number)[], known: string[]): Set<string> {
    const resolved = new Set(known);
    const refs = configReferencesAt(rec, path);
    // `aws_security_group.svc[each.key].id` is referenced as `aws_security_group.svc` and `each.key`,
    // with no index: in that shape alone (one resource and the referrer's own key, nothing else) it
    // names the instance of the referrer's key. A lookup, a second resource or a variable beside it
    // may pick another: those keep every instance, with a warning. References cannot tell an
    // except-self comprehension over the same resource from this shape (see the document note).
    const computed = hasComputedKey(refs);
    const others = refs.filter((r) => r !== 'each.key' && r !== 'count.index');
    const ownShape = computed && others.length === 1 && others.length === refs.length - 1 && !/^(var|local|module|each|count|path|terraform|self)\./.test(others[0]!);
    const ownKey = ownShape ? instanceKeyOf(rec.address) : undefined;
    for (const ref of refs) {
      for (const t of resolveReference(this.doc.moduleLinks, rec.module, ref)) {
        const exact = t.anyModuleKey ? undefined : byAddress.get(t.exact);
        if (exact) {
          resolved.add(exact);
          continue;
        }
        const keyless = t.exact === t.base && !t.anyModuleKey;
        const own = keyless && ownKey !== undefined ? byAddress.get(t.exact + ownKey) : undefined;
        if (own) {
          resolved.add(own);
          this.ownKeyReadings++;
          continue;
        }
        const pattern = targetPattern(t);
        let found = 0;
        for (const [address, id] of byAddress) {
          if (!pattern.test(address)) continue;
          resolved.add(id);
          found++;
        }
        if (keyless && found > 1 && (computed || t.computedKey)) {
          this.warn('unknown-at-plan', `${rec.address} ${path.join('.')}: the instance of ${t.exact} it names has a key computed at apply; read as every instance of it, so this may be more open than planned`, rec.address);
        }
      }
    }
    return resolved;
  }

  /**
   * A VPC's or subnet's id: the known one, or in a plan that creates it, `tf:<address>` (as for
   * groups), which what it contains finds through the configuration's references to it.
   */
  idOrPlanned(rec: TfResource): string | undefined {
    return readString(rec.attrs.id) ?? (this.unknownAt(rec, ['id']) ? `tf:${rec.address}` : undefined);
  }

  /**
   * Subnet ids at `path` of `rec`: the known values, plus, in a plan where they are unknown (subnets
   * the plan creates), the subnets the configuration references. Without them a planned endpoint has
   * no subnet, so every CIDR rule about it would answer "depends" on where it lands.
   */
  subnetRefs(rec: TfResource, path: (string | number)[], value: unknown): string[] {
    const ids = readStringList(value);
    if (!this.unknownAt(rec, path)) return ids;
    return [...this.referencedIds(this.subnetIdByAddress, rec, path, ids)];
  }

  /** The VPC id at `path` of `rec`, followed like subnetRefs when a plan leaves it unknown. */
  vpcRef(rec: TfResource, path: (string | number)[], value: unknown): string | undefined {
    const id = readString(value);
    if (id !== undefined || !this.unknownAt(rec, path)) return id;
    const found = [...this.referencedIds(this.vpcIdByAddress, rec, path, [])];
    return found.length === 1 ? found[0] : undefined;
  }

  /**
   * Group ids at `path` of `rec`: the known values, plus (in a plan, when the value is unknown) the
   * groups its configuration expression references, as real ids or `tf:<address>`.
   */
  groupRefs(rec: TfResource, path: (string | number)[], value: unknown): string[] {
    const ids = readStringList(value);
    if (!this.unknownAt(rec, path)) return ids;
    const resolved = this.referencedIds(this.groupIdByAddress, rec, path, ids);
    if (resolved.size === ids.length && !this.isUnconfiguredComputed(rec, path)) {
      this.warn('unknown-at-plan', `${rec.address} ${path.join('.')} is unknown until apply and its configuration references no known group`, rec.address);
    } else if (resolved.size === 0 && assignsVpcDefault(rec, String(path[0]))) {
      // Read as that group, which the merge finds in the resource's VPC: with no group at all its
      // every question would answer "denied", where AWS will let the default group's rules through.
      this.warn('unknown-at-plan', `${rec.address} ${path.join('.')} is not set in the configuration: AWS assigns the VPC's default group at apply, and it is read as carrying that group`, rec.address);
      return [VPC_DEFAULT_GROUP];
    }
    return [...resolved];
  }
}
