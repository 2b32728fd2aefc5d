/**
 * Generates a synthetic AWS account as a Terraform v4 state, shaped like a real microservice
 * estate: services of ~10 instances sharing 1–3 security groups, subnets spread over a few VPCs,
 * rules that are mostly group references with CIDRs (a few world-open, a few IPv6), prefix lists
 * and self rules, written both inline and as aws_security_group_rule resources. Instances carry a
 * realistic set of unrelated attributes because real state files do and importers must skip them.
 * Deterministic for a given seed; the benchmark runs it at full scale, tests at small scale.
 */
import { createRng, type Rng } from './prng';

export interface SyntheticOptions {
  seed?: number;
  instances?: number;
  groups?: number;
  /** Atomic rules (one peer each) before importer de-duplication. */
  rules?: number;
  services?: number;
  vpcs?: number;
  subnetsPerVpc?: number;
  prefixLists?: number;
  /** Share of rules written as aws_security_group_rule resources (the rest inline). */
  separateRuleShare?: number;
  /**
   * Distinct CIDR peers the rules draw from. Real accounts reuse a limited set of ranges (offices,
   * partners, VPC and on-premises blocks, the world), some far more than others; rules pick from
   * this pool with a skew towards its first entries.
   */
  cidrPool?: number;
}

export interface SyntheticInstance {
  id: string;
  name: string;
  address: string;
  privateIp: string;
  vpc: number;
  groupIds: string[];
}

export interface SyntheticAccount {
  /** The Terraform v4 state document. */
  state: Record<string, unknown>;
  instances: SyntheticInstance[];
  groupIds: string[];
  /** What was generated, before any importer de-duplication. */
  counts: { instances: number; groups: number; rules: number; inlineRules: number; separateRules: number; prefixLists: number; subnets: number; vpcs: number };
}

const PROVIDER = 'provider["registry.terraform.io/hashicorp/aws"]';
const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';
const COMMON_TCP = [22, 80, 443, 3306, 5432, 6379, 8080, 8443, 9090, 9100, 9200, 11211, 27017];
const COMMON_UDP = [53, 123, 161, 514, 4789, 8125];

interface GroupDraft {
  id: string;
  name: string;
  vpc: number;
  inline: { ingress: Record<string, unknown>[]; egress: Record<string, unknown>[] };
}

export function generateSyntheticAccount(options: SyntheticOptions = {}): SyntheticAccount {
  const o = {
    seed: 1,
    instances: 10_000,
    groups: 2_000,
    rules: 40_000,
    services: 1_000,
    vpcs: 4,
    subnetsPerVpc: 10,
    prefixLists: 6,
    separateRuleShare: 0.4,
    cidrPool: 600,
    ...options,
  };
  const rng = createRng(o.seed);
  const resources: Record<string, unknown>[] = [];
  const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

  // VPCs 10.v.0.0/16 and subnets 10.v.(16s).0/20: room for thousands of hosts per subnet.
  const subnets: { id: string; vpc: number; base: number; next: number }[] = [];
  for (let v = 0; v < o.vpcs; v++) {
    const vpcId = `vpc-${hex(v + 1, 17)}`;
    resources.push(makeResource('aws_vpc', `vpc_${v}`, [makeInstance({ id: vpcId, arn: `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc/${vpcId}`, cidr_block: `10.${v}.0.0/16`, ipv6_cidr_block: v === 0 ? '2001:db8:100::/56' : '', enable_dns_hostnames: true, enable_dns_support: true, instance_tenancy: 'default', owner_id: ACCOUNT, tags: { Name: `vpc-${v}` }, tags_all: { Name: `vpc-${v}` } })]));
    for (let s = 0; s < o.subnetsPerVpc; s++) {
      const id = `subnet-${hex(v * 100 + s + 1, 17)}`;
      subnets.push({ id, vpc: v, base: (10 << 24) | (v << 16) | ((s * 16) << 8), next: 4 });
      resources.push(makeResource('aws_subnet', `subnet_${v}_${s}`, [makeInstance({ id, arn: `arn:aws:ec2:${REGION}:${ACCOUNT}:subnet/${id}`, vpc_id: vpcId, cidr_block: `10.${v}.${s * 16}.0/20`, availability_zone: `${REGION}${'abc'[s % 3]}`, map_public_ip_on_launch: s === 0, ipv6_cidr_block: '', tags: { Name: `subnet-${v}-${s}` }, tags_all: { Name: `subnet-${v}-${s}` } })]));
    }
  }

  const prefixListIds: string[] = [];
  for (let p = 0; p < o.prefixLists; p++) {
    const id = `pl-${hex(p + 1, 17)}`;
    prefixListIds.push(id);
    const entries = Array.from({ length: 3 + (p % 4) }, (_, e) => ({ cidr: `172.${16 + p}.${e * 8}.0/21`, description: `site ${e}` }));
    resources.push(makeResource('aws_ec2_managed_prefix_list', `pl_${p}`, [makeInstance({ id, arn: `arn:aws:ec2:${REGION}:${ACCOUNT}:prefix-list/${id}`, name: `offices-${p}`, address_family: 'IPv4', max_entries: 10, owner_id: ACCOUNT, entry: entries, tags: {}, tags_all: {}, version: 1 })]));
  }

  // Groups belong to services (two per service on average); service k lives in VPC k mod vpcs.
  const groups: GroupDraft[] = [];
  const groupsByVpc: GroupDraft[][] = Array.from({ length: o.vpcs }, () => []);
  for (let g = 0; g < o.groups; g++) {
    const service = Math.floor((g * o.services) / o.groups);
    const draft: GroupDraft = { id: `sg-${hex(g + 1, 17)}`, name: `svc-${service}-${g}`, vpc: service % o.vpcs, inline: { ingress: [], egress: [] } };
    groups.push(draft);
    groupsByVpc[draft.vpc]?.push(draft);
  }
  const groupsOfService = (k: number) => groups.filter((_, g) => Math.floor((g * o.services) / o.groups) === k);
  // A few groups per VPC are "shared" (monitoring, bastion access) and ride along on many instances.
  const sharedByVpc = groupsByVpc.map((list) => list.slice(0, Math.max(1, Math.floor(list.length / 50))));

  const cidrPool = createCidrPool(rng, o.cidrPool);

  let inlineRules = 0;
  let separateRules = 0;
  const separate: Record<string, unknown>[] = [];
  for (let r = 0; r < o.rules; r++) {
    const group = groups[r % groups.length] as GroupDraft;
    const direction = rng.chance(0.7) ? 'ingress' : 'egress';
    const { protocol, from, to } = pickTraffic(rng);
    const peer = pickPeer(rng, group, groupsByVpc[group.vpc] as GroupDraft[], prefixListIds, cidrPool);
    if (rng.chance(o.separateRuleShare)) {
      separateRules++;
      const idx = separate.length;
      separate.push(makeResource('aws_security_group_rule', `r_${idx}`, [makeInstance({
        id: `sgrule-${1_000_000_000 + idx}`,
        security_group_rule_id: `sgr-${hex(idx + 1, 17)}`,
        type: direction,
        security_group_id: group.id,
        protocol,
        from_port: from,
        to_port: to,
        cidr_blocks: peer.cidr ? [peer.cidr] : null,
        ipv6_cidr_blocks: peer.ipv6 ? [peer.ipv6] : null,
        prefix_list_ids: peer.prefixList ? [peer.prefixList] : [],
        self: peer.self,
        source_security_group_id: peer.group ?? null,
        description: `rule ${idx}`,
      }, 2)]));
    } else {
      inlineRules++;
      group.inline[direction].push({
        cidr_blocks: peer.cidr ? [peer.cidr] : [],
        description: '',
        from_port: from,
        ipv6_cidr_blocks: peer.ipv6 ? [peer.ipv6] : [],
        prefix_list_ids: peer.prefixList ? [peer.prefixList] : [],
        protocol,
        security_groups: peer.group ? [peer.group] : [],
        self: peer.self,
        to_port: to,
      });
    }
  }
  for (const [g, draft] of groups.entries()) {
    resources.push(makeResource('aws_security_group', `sg_${g}`, [makeInstance({
      id: draft.id,
      arn: `arn:aws:ec2:${REGION}:${ACCOUNT}:security-group/${draft.id}`,
      name: draft.name,
      name_prefix: '',
      description: `Managed by Terraform (${draft.name})`,
      vpc_id: `vpc-${hex(draft.vpc + 1, 17)}`,
      owner_id: ACCOUNT,
      revoke_rules_on_delete: false,
      ingress: draft.inline.ingress,
      egress: draft.inline.egress,
      tags: { Name: draft.name },
      tags_all: { Name: draft.name, Environment: 'bench' },
      timeouts: null,
    }, 1)]));
  }
  resources.push(...separate);

  // Instances: service sizes vary around instances/services; each instance carries 1–3 groups.
  const instances: SyntheticInstance[] = [];
  const perService = Array.from({ length: o.services }, () => 0);
  for (let i = 0; i < o.instances; i++) perService[i < o.services ? i : rng.int(0, o.services - 1)]! += 1;
  for (let k = 0; k < o.services; k++) {
    const count = perService[k] as number;
    if (count === 0) continue;
    const vpc = k % o.vpcs;
    const own = groupsOfService(k);
    const subnetChoices = subnets.filter((s) => s.vpc === vpc);
    const subnet = rng.pick(subnetChoices);
    const instancesJson: Record<string, unknown>[] = [];
    for (let n = 0; n < count; n++) {
      const seq = instances.length;
      const id = `i-${hex(seq + 1, 17)}`;
      const ip = formatIpv4(subnet.base + subnet.next++);
      const groupIds = own.length > 0 ? [(own[0] as GroupDraft).id] : [];
      if (own.length > 1 && rng.chance(0.6)) groupIds.push((own[1] as GroupDraft).id);
      if (rng.chance(0.35)) {
        const shared = rng.pick(sharedByVpc[vpc] as GroupDraft[]).id;
        if (!groupIds.includes(shared)) groupIds.push(shared);
      }
      if (groupIds.length === 0) groupIds.push(rng.pick(groupsByVpc[vpc] as GroupDraft[]).id);
      const name = `svc-${k}-${n}`;
      const publicIp = subnet.next % 17 === 0 ? `198.51.${Math.floor(seq / 250) % 256}.${seq % 250}` : '';
      instances.push({ id, name, address: `aws_instance.svc_${k}[${n}]`, privateIp: ip, vpc, groupIds });
      instancesJson.push({ ...makeInstance(makeInstanceAttributes(id, name, ip, publicIp, subnet.id, groupIds, rng), 1), index_key: n });
    }
    resources.push(makeResource('aws_instance', `svc_${k}`, instancesJson));
  }

  return {
    state: {
      version: 4,
      terraform_version: '1.7.5',
      serial: 42,
      lineage: '00000000-bench-4000-8000-000000000000',
      outputs: {},
      resources,
      check_results: null,
    },
    instances,
    groupIds: groups.map((g) => g.id),
    counts: { instances: instances.length, groups: groups.length, rules: o.rules, inlineRules, separateRules, prefixLists: prefixListIds.length, subnets: subnets.length, vpcs: o.vpcs },
  };
}

function makeResource(type: string, name: string, instances: Record<string, unknown>[]): Record<string, unknown> {
  return { mode: 'managed', type, name, provider: PROVIDER, instances };
}

function makeInstance(attributes: Record<string, unknown>, schemaVersion = 0): Record<string, unknown> {
  return { schema_version: schemaVersion, attributes, sensitive_attributes: [] };
}

function pickTraffic(rng: Rng): { protocol: string; from: number; to: number } {
  const roll = rng.next();
  if (roll < 0.7) {
    if (rng.chance(0.8)) {
      const port = rng.pick(COMMON_TCP);
      return { protocol: 'tcp', from: port, to: port };
    }
    const from = rng.int(1024, 60000);
    return { protocol: 'tcp', from, to: from + rng.int(0, 1000) };
  }
  if (roll < 0.85) {
    const port = rng.pick(COMMON_UDP);
    return { protocol: 'udp', from: port, to: port };
  }
  if (roll < 0.92) {
    return rng.chance(0.5) ? { protocol: 'icmp', from: 8, to: 0 } : { protocol: 'icmp', from: -1, to: -1 };
  }
  return { protocol: '-1', from: 0, to: 0 };
}

interface PeerDraft {
  cidr?: string;
  ipv6?: string;
  prefixList?: string;
  group?: string;
  self: boolean;
}

function pickPeer(rng: Rng, group: GroupDraft, sameVpc: GroupDraft[], prefixLists: string[], cidrPool: PeerDraft[]): PeerDraft {
  const roll = rng.next();
  if (roll < 0.6) {
    const other = rng.pick(sameVpc);
    return other.id === group.id ? { self: true } : { group: other.id, self: false };
  }
  // Squaring skews the pick towards the start of the pool: a few ranges are used everywhere.
  if (roll < 0.9 && cidrPool.length > 0) return cidrPool[Math.floor(cidrPool.length * rng.next() ** 2)] as PeerDraft;
  if (roll < 0.95 && prefixLists.length > 0) return { prefixList: rng.pick(prefixLists), self: false };
  return { self: true };
}

/** The distinct CIDR peers: the world first (most used), then IPv6 and IPv4 blocks of /8 to /32. */
function createCidrPool(rng: Rng, size: number): PeerDraft[] {
  const pool: PeerDraft[] = [{ cidr: '0.0.0.0/0', self: false }, { cidr: '10.0.0.0/8', self: false }];
  const seen = new Set(['0.0.0.0/0', '10.0.0.0/8']);
  while (pool.length < size) {
    if (rng.chance(0.05)) {
      const ipv6 = rng.chance(0.2) ? '::/0' : `2001:db8:${rng.int(0, 0xfff).toString(16)}::/48`;
      if (!seen.has(ipv6)) pool.push({ ipv6, self: false });
      seen.add(ipv6);
      continue;
    }
    const prefix = rng.pick([8, 12, 16, 16, 20, 24, 24, 24, 28, 32, 32]);
    const base = rng.chance(0.7) ? (10 << 24) | (rng.int(0, 7) << 16) | (rng.int(0, 255) << 8) | rng.int(0, 255) : (rng.int(1, 223) << 24) | rng.int(0, 0xffffff);
    const mask = (0xffffffff << (32 - prefix)) >>> 0;
    const cidr = `${formatIpv4((base & mask) >>> 0)}/${prefix}`;
    if (!seen.has(cidr)) pool.push({ cidr, self: false });
    seen.add(cidr);
  }
  return pool;
}

function formatIpv4(n: number): string {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

function makeInstanceAttributes(id: string, name: string, ip: string, publicIp: string, subnetId: string, groupIds: string[], rng: Rng): Record<string, unknown> {
  return {
    ami: 'ami-0abcdef1234567890',
    arn: `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/${id}`,
    associate_public_ip_address: publicIp !== '',
    availability_zone: `${REGION}a`,
    cpu_core_count: 1,
    cpu_threads_per_core: 2,
    disable_api_termination: false,
    ebs_optimized: false,
    get_password_data: false,
    iam_instance_profile: '',
    id,
    instance_state: 'running',
    instance_type: rng.pick(['t3.micro', 't3.small', 'm6i.large', 'c6i.xlarge']),
    ipv6_address_count: 0,
    ipv6_addresses: [],
    key_name: 'deploy',
    metadata_options: [{ http_endpoint: 'enabled', http_put_response_hop_limit: 1, http_tokens: 'required', instance_metadata_tags: 'disabled' }],
    monitoring: false,
    primary_network_interface_id: `eni-${id.slice(2)}`,
    private_dns: `ip-${ip.replace(/\./g, '-')}.${REGION}.compute.internal`,
    private_ip: ip,
    public_dns: publicIp ? `ec2-${publicIp.replace(/\./g, '-')}.${REGION}.compute.amazonaws.com` : '',
    public_ip: publicIp,
    root_block_device: [{ delete_on_termination: true, device_name: '/dev/xvda', encrypted: true, iops: 3000, throughput: 125, volume_id: `vol-${id.slice(2)}`, volume_size: 20, volume_type: 'gp3' }],
    secondary_private_ips: [],
    security_groups: [],
    source_dest_check: true,
    subnet_id: subnetId,
    tags: { Name: name, Team: `team-${rng.int(1, 40)}` },
    tags_all: { Name: name, Team: 'bench', Environment: 'bench' },
    tenancy: 'default',
    user_data: null,
    vpc_security_group_ids: groupIds,
  };
}

/** Query lines in the `query --batch` format: ids, names, addresses and outside IPs, mixed protocols. */
export function generateQueryLines(account: SyntheticAccount, count: number, seed = 7): string[] {
  const rng = createRng(seed);
  const ref = (i: SyntheticInstance) => {
    const roll = rng.next();
    return roll < 0.4 ? i.id : roll < 0.6 ? i.name : roll < 0.8 ? i.privateIp : i.address;
  };
  const lines: string[] = [];
  for (let q = 0; q < count; q++) {
    const to = rng.pick(account.instances);
    const from = rng.chance(0.15) ? `${rng.int(1, 223)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}` : ref(rng.pick(account.instances));
    const roll = rng.next();
    const question: Record<string, unknown> = { from, to: ref(to) };
    if (roll < 0.7) Object.assign(question, { protocol: 'tcp', port: rng.pick(COMMON_TCP) });
    else if (roll < 0.85) Object.assign(question, { protocol: 'udp', port: rng.pick(COMMON_UDP) });
    else if (roll < 0.95) Object.assign(question, { protocol: 'icmp', icmpType: 8, icmpCode: 0 });
    else question.protocol = 'all';
    lines.push(JSON.stringify(question));
  }
  return lines;
}
