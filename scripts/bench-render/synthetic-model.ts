/**
 * A synthetic LoadedModel of a given size (endpoints, flow edges), built directly rather than through
 * the importers and the engine, so the render benchmark and the renderer's scale tests measure the map
 * alone. Deterministic: a seeded generator gives the same network every run.
 */
import type { FlowEdge, FlowGraph, FlowNode, ProtocolPorts } from '../../src/core/analysis-types';
import type { Endpoint, EndpointKind, Snapshot, Subnet, Vpc } from '../../src/core/model';
import { createEmptySnapshot } from '../../src/core/model';
import type { LoadedModel } from '../../src/shared/api-contract';

export interface SyntheticSize {
  endpoints: number;
  edges: number;
  /** Endpoints per grouped flow node (the rest are singletons). */
  groupSize?: number;
  groupedShare?: number;
}

function createRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const KINDS: EndpointKind[] = ['instance', 'instance', 'instance', 'eni', 'database', 'lambda', 'ecs', 'load-balancer', 'cache', 'vpc-endpoint'];
const PORT_SETS: ProtocolPorts[][] = [
  [{ protocol: 6, name: 'tcp', ranges: [[443, 443]], label: 'tcp 443' }],
  [{ protocol: 6, name: 'tcp', ranges: [[80, 80], [443, 443]], label: 'tcp 80, 443' }],
  [{ protocol: 6, name: 'tcp', ranges: [[5432, 5432]], label: 'tcp 5432' }],
  [{ protocol: 6, name: 'tcp', ranges: [[22, 22]], label: 'tcp 22' }],
  [{ protocol: 17, name: 'udp', ranges: [[53, 53]], label: 'udp 53' }],
  [{ protocol: 6, name: 'tcp', ranges: [[8000, 8080]], label: 'tcp 8000-8080' }],
  [{ protocol: -1, name: 'all', ranges: [], label: 'all traffic' }],
];

/** A network of `endpoints` endpoints in 4 VPCs and `edges` flow edges between their flow nodes. */
export function createSyntheticModel(size: SyntheticSize): LoadedModel {
  const rand = createRandom(42);
  const snapshot: Snapshot = createEmptySnapshot();
  const vpcCount = 4;
  const subnetsPerVpc = Math.max(1, Math.ceil(size.endpoints / vpcCount / 50));
  const vpcs: Vpc[] = [];
  const subnets: Subnet[] = [];
  for (let v = 0; v < vpcCount; v++) {
    vpcs.push({ id: `vpc-${v}`, name: `vpc-${v}`, cidrs: [`10.${v}.0.0/16`], ipv6Cidrs: [] });
    for (let s = 0; s < subnetsPerVpc; s++) {
      subnets.push({ id: `subnet-${v}-${s}`, vpcId: `vpc-${v}`, name: `subnet-${v}-${s}`, availabilityZone: `eu-west-1${'abc'[s % 3]}`, cidr: `10.${v}.${s}.0/24` });
    }
  }
  const endpoints: Endpoint[] = [];
  for (let i = 0; i < size.endpoints; i++) {
    const subnet = subnets[i % subnets.length]!;
    endpoints.push({
      id: `i-${i.toString(16).padStart(8, '0')}`,
      kind: KINDS[i % KINDS.length]!,
      name: `node-${i}`,
      tfAddress: `aws_instance.node[${i}]`,
      vpcId: subnet.vpcId,
      subnetIds: [subnet.id],
      privateIpv4: [`${subnet.cidr!.split('.').slice(0, 3).join('.')}.${(i % 250) + 4}`],
      ipv6: [],
      publicIpv4: [],
      groupIds: [`sg-${i % 97}`],
    });
  }
  snapshot.vpcs = vpcs;
  snapshot.subnets = subnets;
  snapshot.endpoints = endpoints;
  snapshot.groups = Array.from({ length: 97 }, (_, g) => ({ id: `sg-${g}`, name: `group-${g}`, external: false, vpcId: `vpc-${g % vpcCount}` }));

  const nodes: FlowNode[] = [
    { id: 'internet', kind: 'internet', label: 'Internet', cidrs: ['0.0.0.0/0', '::/0'] },
    { id: 'cidr:192.0.2.0/24', kind: 'cidr', label: 'office 192.0.2.0/24', cidrs: ['192.0.2.0/24'] },
  ];
  const memberOf: Record<string, string> = {};
  const groupSize = size.groupSize ?? 4;
  const groupedCount = Math.floor((size.endpoints * (size.groupedShare ?? 0.2)) / groupSize) * groupSize;
  // Groups take members from one subnet each, as real equivalence classes mostly do.
  const bySubnet = [...endpoints].sort((a, b) => subnets.findIndex((s) => s.id === a.subnetIds[0]) - subnets.findIndex((s) => s.id === b.subnetIds[0]));
  for (let i = 0; i < bySubnet.length; ) {
    const take = i < groupedCount ? groupSize : 1;
    const members = bySubnet.slice(i, i + take).map((e) => e.id);
    i += take;
    const id = `class-${nodes.length}`;
    nodes.push({ id, kind: 'endpoints', members, label: take > 1 ? `group ${nodes.length}` : members[0]! });
    for (const m of members) memberOf[m] = id;
  }
  const edges: FlowEdge[] = [];
  const seen = new Set<string>();
  while (edges.length < size.edges) {
    const fromOutside = edges.length < size.edges * 0.03;
    const from = fromOutside ? nodes[Math.floor(rand() * 2)]! : nodes[2 + Math.floor(rand() * (nodes.length - 2))]!;
    const to = nodes[2 + Math.floor(rand() * (nodes.length - 2))]!;
    const key = `${from.id}>${to.id}`;
    if (from.id === to.id || seen.has(key)) continue;
    seen.add(key);
    const ports = PORT_SETS[Math.floor(rand() * PORT_SETS.length)]!;
    edges.push({ id: `e${edges.length}`, from: from.id, to: to.id, ports, label: ports.map((p) => p.label).join('; '), ruleIds: [] });
  }
  const flows: FlowGraph = { nodes, edges, memberOf };
  return {
    title: `synthetic ${size.endpoints} endpoints / ${size.edges} edges`,
    sources: ['synthetic'],
    snapshot,
    warnings: [],
    analysis: {
      summary: { groups: 97, externalGroups: 0, rules: 0, endpoints: size.endpoints, warnings: 0, flowNodes: nodes.length, flowEdges: edges.length, internetExposedEndpoints: 0 },
      flows,
      exposures: [],
    },
  };
}
