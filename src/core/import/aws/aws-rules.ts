/**
 * Security-group permissions (`IpPermissions` / `IpPermissionsEgress` of DescribeSecurityGroups, and
 * the flat `SecurityGroupRules` of DescribeSecurityGroupRules) into atomic `Rule`s: one per CIDR,
 * IPv6 range, prefix list or group pair. Rule ids are derived from the rule's content rather than its
 * position so that the same rule read from either call, from a live import or from a file, gets the
 * same id, and so that re-importing after a change does not renumber unrelated rules.
 */
import {
  PROTO_ALL,
  PROTO_ICMP,
  PROTO_ICMPV6,
  PROTO_TCP,
  PROTO_UDP,
  type Direction,
  type Origin,
  type Peer,
  type Rule,
} from '../../model';
import { normalizePorts, type PortRange } from '../terraform/normalize';
import { readAwsCidr } from './aws-cidr';
import { eachObject, objectsOf, objectsWarned, readString, type JsonObject } from './aws-json';

const PROTOCOL_NAMES: Record<string, number> = {
  '-1': PROTO_ALL,
  all: PROTO_ALL,
  icmp: PROTO_ICMP,
  tcp: PROTO_TCP,
  udp: PROTO_UDP,
  icmpv6: PROTO_ICMPV6,
  'icmp-v6': PROTO_ICMPV6,
  ipv6_icmp: PROTO_ICMPV6,
  gre: 47,
  esp: 50,
  ah: 51,
  sctp: 132,
};

/** AWS sends names ('tcp'), numbers as strings ('6', '-1') or, in converted files, numbers. Null when unusable. */
export function parseAwsProtocol(value: unknown): number | null {
  if (typeof value === 'number' && Number.isInteger(value)) return value >= -1 && value <= 255 ? value : null;
  if (typeof value !== 'string') return null;
  const text = value.trim().toLowerCase();
  if (text in PROTOCOL_NAMES) return PROTOCOL_NAMES[text]!;
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return n <= 255 ? n : null;
  }
  return null;
}

export function protocolLabel(protocol: number): string {
  switch (protocol) {
    case PROTO_ALL:
      return 'all';
    case PROTO_TCP:
      return 'tcp';
    case PROTO_UDP:
      return 'udp';
    case PROTO_ICMP:
      return 'icmp';
    case PROTO_ICMPV6:
      return 'icmpv6';
    default:
      return String(protocol);
  }
}

/**
 * Ports as the model wants them for a protocol, or why the permission cannot be used. AWS omits
 * FromPort/ToPort for -1 and numeric protocols; a tcp/udp permission without either port, or with
 * both -1, is read as every port (both seen in old Classic answers: dropping it would turn what it
 * allows into a wrong 'denied'). Any other port goes through the Terraform importer's
 * normalizePorts, so a value AWS itself rejects (-5, 70000, 22.5, "22-25", from above to) drops
 * the permission with a warning instead of widening it to all ports.
 */
export function portsFor(protocol: number, from: unknown, to: unknown): PortRange | { error: string } {
  const tcpOrUdp = protocol === PROTO_TCP || protocol === PROTO_UDP;
  if (tcpOrUdp && ((from === undefined && to === undefined) || (from === -1 && to === -1))) return { fromPort: 0, toPort: 65535 };
  // AWS never writes null: the XML reader leaves it for a port element it cannot read as a number.
  if ((tcpOrUdp || protocol === PROTO_ICMP || protocol === PROTO_ICMPV6) && (from === null || to === null)) {
    return { error: `has a port that is not a number (${JSON.stringify(from ?? null)}, ${JSON.stringify(to ?? null)})` };
  }
  return normalizePorts(protocol, from, to);
}

function peerKey(peer: Peer): string {
  return peer.kind === 'cidr' ? peer.cidr : peer.kind === 'prefixList' ? peer.id : peer.groupId;
}

/** `sg-1/ingress/tcp:22/10.0.0.0/8`: readable and stable across imports. */
export function ruleIdOf(groupId: string, direction: Direction, protocol: number, fromPort: number | null, toPort: number | null, peer: Peer): string {
  const ports = fromPort === null ? '' : fromPort === toPort ? `:${fromPort}` : `:${fromPort}-${toPort}`;
  return `${groupId}/${direction}/${protocolLabel(protocol)}${ports}/${peerKey(peer)}`;
}

/** A reference to another group as AWS writes it, before deciding whether it is external. */
export interface GroupPairRef {
  groupId: string;
  groupName?: string;
  userId?: string;
  vpcId?: string;
  peeringId?: string;
}

/** A permission or rule that was skipped, as the warning the normaliser turns it into. */
export interface RuleProblem {
  code: 'malformed-rule' | 'bad-rule' | 'malformed-item' | 'cidr-normalized';
  message: string;
  subject?: string;
}

/** Collects rules for one document, merging duplicates (same content) by concatenating origins. */
export class RuleCollector {
  private readonly byId = new Map<string, Rule>();
  readonly problems: RuleProblem[] = [];

  constructor(private readonly onGroupRef: (ref: GroupPairRef, ownerGroupId: string) => string) {}

  get rules(): Rule[] {
    return [...this.byId.values()];
  }

  add(groupId: string, direction: Direction, protocol: number, fromPort: number | null, toPort: number | null, peer: Peer, description: string | undefined, origin: Origin): void {
    const id = ruleIdOf(groupId, direction, protocol, fromPort, toPort, peer);
    const existing = this.byId.get(id);
    if (existing) {
      if (existing.description === undefined && description !== undefined) existing.description = description;
      const same = existing.origins.some((o) => o.file === origin.file && o.ruleId === origin.ruleId);
      if (!same) existing.origins.push(origin);
      else if (origin.ruleId !== undefined) existing.origins.forEach((o) => (o.ruleId ??= origin.ruleId));
      return;
    }
    const rule: Rule = { id, groupId, direction, protocol, fromPort, toPort, peer, origins: [origin] };
    if (description !== undefined) rule.description = description;
    this.byId.set(id, rule);
  }

  /** Attaches an `sgr-…` id to the rule with this content, when the group answer already produced it. */
  attachRuleId(id: string, ruleId: string, file: string): boolean {
    const rule = this.byId.get(id);
    if (!rule) return false;
    const origin = rule.origins.find((o) => o.file === file && o.ruleId === undefined);
    if (origin) origin.ruleId = ruleId;
    else if (!rule.origins.some((o) => o.ruleId === ruleId)) rule.origins.push({ file, ruleId });
    return true;
  }

  private problem(message: string, code: RuleProblem['code'] = 'malformed-rule', subject?: string): void {
    this.problems.push(subject === undefined ? { code, message } : { code, message, subject });
  }

  /** One IpPermissions entry of a group into atomic rules; `where` names it (`IpPermissions[2]`) in warnings. */
  addPermission(groupId: string, direction: Direction, perm: JsonObject, file: string, where: string): void {
    const protocol = parseAwsProtocol(perm.IpProtocol);
    if (protocol === null) {
      this.problem(`${groupId}: ${direction} permission with unknown protocol ${JSON.stringify(perm.IpProtocol ?? null)} skipped`);
      return;
    }
    const ports = portsFor(protocol, perm.FromPort, perm.ToPort);
    if ('error' in ports) {
      this.problem(`${groupId}: ${where} (${protocolLabel(protocol)}) ${ports.error}; permission skipped`, 'bad-rule', groupId);
      return;
    }
    const { fromPort, toPort } = ports;
    const origin = (): Origin => ({ file });
    const malformed = (message: string): void => this.problem(message, 'malformed-item', groupId);
    const parts = (key: string): JsonObject[] => objectsWarned(perm[key], `${groupId}: ${where}.${key}`, malformed);
    for (const [key, field, family] of [['IpRanges', 'CidrIp', 4], ['Ipv6Ranges', 'CidrIpv6', 6]] as const) {
      eachObject(perm[key], `${groupId}: ${where}.${key}`, malformed, (range, i) => {
        const cidr = this.readCidr(groupId, range[field], family, `${where}.${key}[${i}].${field}`);
        if (cidr === null) this.problem(`${groupId}: ${direction} rule with invalid CIDR ${JSON.stringify(range[field] ?? null)} skipped`);
        else if (cidr !== undefined) this.add(groupId, direction, protocol, fromPort, toPort, { kind: 'cidr', cidr }, readString(range.Description), origin());
      });
    }
    for (const pl of parts('PrefixListIds')) {
      const id = readString(pl.PrefixListId);
      if (id === undefined) continue;
      this.add(groupId, direction, protocol, fromPort, toPort, { kind: 'prefixList', id }, readString(pl.Description), origin());
    }
    for (const pair of parts('UserIdGroupPairs')) {
      const ref = readGroupPair(pair);
      if (!ref) {
        this.problem(`${groupId}: ${direction} group reference without GroupId or GroupName skipped`);
        continue;
      }
      const target = this.onGroupRef(ref, groupId);
      this.add(groupId, direction, protocol, fromPort, toPort, { kind: 'group', groupId: target }, readString(pair.Description), origin());
    }
  }

  /**
   * The canonical CIDR of a rule's CidrIp / CidrIpv6 (CidrIpv4 / CidrIpv6 of a rule entry) value:
   * null when it is not a CIDR at all, undefined when it is one of the other family than its field
   * (`::/0` as a CidrIp), which is skipped with a warning rather than read as the field says or
   * not. Host bits are cleared with a cidr-normalized warning, as the Terraform importer gives.
   */
  private readCidr(groupId: string, value: unknown, family: 4 | 6, where: string): string | null | undefined {
    const text = readString(value);
    const c = text === undefined ? null : readAwsCidr(text);
    if (c === null) return null;
    if (c.family !== family) {
      this.problem(`${groupId}: ${where} ${JSON.stringify(text)} is an IPv${c.family} CIDR in an IPv${family} field; skipped`, 'malformed-rule', groupId);
      return undefined;
    }
    if (c.hostBitsSet) this.problem(`${groupId}: ${where} ${JSON.stringify(text)} has host bits set; read as ${c.cidr}`, 'cidr-normalized', groupId);
    return c.cidr;
  }

  /**
   * One entry of DescribeSecurityGroupRules. When the group's permissions were read too, the rule
   * already exists and only gains its `sgr-` id; otherwise it is added from this entry alone.
   */
  addSecurityGroupRule(entry: JsonObject, file: string): void {
    const groupId = readString(entry.GroupId);
    const protocol = parseAwsProtocol(entry.IpProtocol);
    if (groupId === undefined || protocol === null) {
      this.problem(`security group rule ${readString(entry.SecurityGroupRuleId) ?? '?'} without GroupId or with unknown protocol skipped`);
      return;
    }
    const direction: Direction = entry.IsEgress === true ? 'egress' : 'ingress';
    const ports = portsFor(protocol, entry.FromPort, entry.ToPort);
    if ('error' in ports) {
      this.problem(`security group rule ${readString(entry.SecurityGroupRuleId) ?? '?'} of ${groupId} (${protocolLabel(protocol)}) ${ports.error}; skipped`, 'bad-rule', groupId);
      return;
    }
    const { fromPort, toPort } = ports;
    let peer: Peer | undefined;
    const v4 = readString(entry.CidrIpv4) !== undefined;
    const prefixList = readString(entry.PrefixListId);
    const refInfo = objectsOf([entry.ReferencedGroupInfo])[0];
    if (v4 || readString(entry.CidrIpv6) !== undefined) {
      const field = v4 ? 'CidrIpv4' : 'CidrIpv6';
      const cidr = this.readCidr(groupId, entry[field], v4 ? 4 : 6, `security group rule ${readString(entry.SecurityGroupRuleId) ?? '?'} ${field}`);
      if (cidr === undefined) return;
      if (cidr !== null) peer = { kind: 'cidr', cidr };
    } else if (prefixList !== undefined) {
      peer = { kind: 'prefixList', id: prefixList };
    } else if (refInfo) {
      const ref = readGroupPair(refInfo);
      if (ref) peer = { kind: 'group', groupId: this.onGroupRef(ref, groupId) };
    }
    if (!peer) {
      this.problem(`security group rule ${readString(entry.SecurityGroupRuleId) ?? '?'} of ${groupId} has no usable peer; skipped`);
      return;
    }
    const ruleId = readString(entry.SecurityGroupRuleId);
    const id = ruleIdOf(groupId, direction, protocol, fromPort, toPort, peer);
    if (ruleId !== undefined && this.attachRuleId(id, ruleId, file)) return;
    const origin: Origin = ruleId === undefined ? { file } : { file, ruleId };
    this.add(groupId, direction, protocol, fromPort, toPort, peer, readString(entry.Description), origin);
  }
}

function readGroupPair(pair: JsonObject): GroupPairRef | null {
  const groupId = readString(pair.GroupId);
  const groupName = readString(pair.GroupName);
  const userId = readString(pair.UserId);
  // Classic answers may name the group only; keep the owner in the synthetic id so two accounts' "default" differ.
  const id = groupId ?? (groupName !== undefined ? (userId !== undefined ? `${userId}/${groupName}` : groupName) : undefined);
  if (id === undefined) return null;
  const ref: GroupPairRef = { groupId: id };
  if (groupName !== undefined) ref.groupName = groupName;
  if (userId !== undefined) ref.userId = userId;
  const vpcId = readString(pair.VpcId);
  if (vpcId !== undefined) ref.vpcId = vpcId;
  const peeringId = readString(pair.VpcPeeringConnectionId);
  if (peeringId !== undefined) ref.peeringId = peeringId;
  return ref;
}
