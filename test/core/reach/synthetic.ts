/**
 * A synthetic snapshot shaped like the benchmark's Terraform state, built directly in model form so
 * the engine's cost can be measured without an importer: ~10 instances per service sharing 1-3
 * groups, subnets in a few VPCs, rules ~60% group references, ~30% CIDRs (/8../32, some
 * 0.0.0.0/0, a few IPv6), ~10% prefix lists or self, over tcp/udp/icmp/all. Seeded, so runs repeat.
 */
import { createEmptySnapshot } from '../../../src/core/model';
import type { Endpoint, Peer, Rule, Snapshot } from '../../../src/core/model';
import { mulberry32 } from '../../../src/shared/prng';

export interface SyntheticOptions {
  endpoints: number;
  groups: number;
  rules: number;
  vpcs?: number;
  subnetsPerVpc?: number;
  seed?: number;
}

/** mulberry32: small, fast and good enough for shaping test data. */
const rng = mulberry32;

export function syntheticSnapshot(o: SyntheticOptions): Snapshot {
  const r = rng(o.seed ?? 42);
  const int = (n: number): number => Math.floor(r() * n);
  const s = createEmptySnapshot();
  const vpcs = o.vpcs ?? 4;
  const perVpc = o.subnetsPerVpc ?? 10;
  for (let v = 0; v < vpcs; v++) {
    s.vpcs.push({ id: `vpc-${v}`, cidrs: [`10.${v}.0.0/16`], ipv6Cidrs: [] });
    for (let k = 0; k < perVpc; k++) s.subnets.push({ id: `subnet-${v}-${k}`, vpcId: `vpc-${v}`, cidr: `10.${v}.${k * 4}.0/22` });
  }
  for (let g = 0; g < o.groups; g++) s.groups.push({ id: `sg-${g}`, name: `group-${g}`, vpcId: `vpc-${g % vpcs}`, external: false });
  s.prefixLists.push({ id: 'pl-s3', name: 's3', entries: ['52.216.0.0/15', '3.5.0.0/19'] });
  s.prefixLists.push({ id: 'pl-office', name: 'office', entries: ['203.0.113.0/24', '10.3.0.0/16'] });
  const used = new Map<string, number>();
  for (let i = 0; i < o.endpoints; i++) {
    const svc = Math.floor(i / 10);
    const vpc = svc % vpcs;
    const base = (svc * 7) % o.groups;
    const groupIds = [`sg-${base}`];
    if (svc % 3 >= 1) groupIds.push(`sg-${(base + 1) % o.groups}`);
    if (svc % 3 === 2) groupIds.push(`sg-${(base + 2) % o.groups}`);
    // A service lives in one or two subnets of its VPC, as deployments usually do.
    const k = ((svc * 3) % perVpc + (i % 10 < 5 ? 0 : svc % 2)) % perVpc;
    // Subnets are /22: hand out addresses in order from .4, as AWS leaves the first four.
    const n = (used.get(`${vpc}/${k}`) ?? 4) % 1020;
    used.set(`${vpc}/${k}`, n + 1);
    const ip = `10.${vpc}.${k * 4 + Math.floor(n / 256)}.${n % 256}`;
    const ep: Endpoint = { id: `i-${i.toString(16).padStart(8, '0')}`, kind: 'instance', name: `svc${svc}-${i % 10}`, tfAddress: `aws_instance.svc${svc}[${i % 10}]`, vpcId: `vpc-${vpc}`, subnetIds: [`subnet-${vpc}-${k}`], privateIpv4: [ip], ipv6: [], publicIpv4: i % 50 === 0 ? [`54.0.${Math.floor(i / 256) % 256}.${i % 256}`] : [], groupIds };
    s.endpoints.push(ep);
  }
  const protos: [number, number | null, number | null][] = [
    [6, 443, 443], [6, 80, 80], [6, 22, 22], [6, 5432, 5432], [6, 8000, 8100], [17, 53, 53], [1, 8, -1], [1, -1, -1], [-1, null, null], [6, 0, 65535],
  ];
  const perGroup = new Map<string, number>();
  for (let n = 0; n < o.rules; n++) {
    const gi = n % o.groups;
    const groupId = `sg-${gi}`;
    const direction = r() < 0.55 ? 'ingress' : 'egress';
    const x = r();
    let peer: Peer;
    if (x < 0.6) peer = { kind: 'group', groupId: `sg-${int(o.groups)}` };
    else if (x < 0.9) {
      const y = r();
      if (y < 0.15) peer = { kind: 'cidr', cidr: '0.0.0.0/0' };
      else if (y < 0.2) peer = { kind: 'cidr', cidr: y < 0.18 ? '::/0' : '2001:db8::/32' };
      else {
        const len = 8 + int(25);
        // Mostly anywhere in 10/8 (so most narrow CIDRs miss every VPC), sometimes aimed at one.
        const aimed = r() < 0.2;
        const addr = aimed ? (10 * 2 ** 24 + int(vpcs) * 2 ** 16 + int((perVpc + 1) * 4) * 256 + int(256)) >>> 0 : 10 * 2 ** 24 + int(2 ** 24);
        const size = 2 ** (32 - len);
        const start = Math.floor(addr / size) * size;
        peer = { kind: 'cidr', cidr: `${Math.floor(start / 2 ** 24) % 256}.${Math.floor(start / 65536) % 256}.${Math.floor(start / 256) % 256}.${start % 256}/${len}` };
      }
    } else if (x < 0.95) peer = { kind: 'prefixList', id: r() < 0.5 ? 'pl-s3' : 'pl-office' };
    else peer = { kind: 'group', groupId };
    const [protocol, fromPort, toPort] = protos[int(protos.length)] as [number, number | null, number | null];
    const k = `${groupId}/${direction}`;
    const c = perGroup.get(k) ?? 0;
    perGroup.set(k, c + 1);
    const rule: Rule = { id: `${k}/${c}`, groupId, direction, protocol, fromPort, toPort, peer, origins: [] };
    s.rules.push(rule);
  }
  return s;
}
