/**
 * The analysis as it crosses from the analysis worker to the app's window (inside a model's JSON
 * body, shared/model-wire.ts): the same content with the flow edges in columns. A large estate's
 * graph has ~170,000 edges, and as objects each carries its id, both ends and its label as separate
 * strings. In columns the ends are numbers into one list of node ids and the traffic a number into
 * one list of distinct port sets: on the benchmark account the edges' JSON shrinks from 38 MB to
 * 3 MB, and with it the time to write and parse it. The window builds the edge objects back,
 * sharing those strings. Only the worker packs and only the window (or a respawned worker) unpacks.
 */
import type { AnalysisResult, FlowEdge, FlowGraph, ProtocolPorts } from './analysis-types';

/** FlowGraph with its edges in columns, index k of each column describing edge k. */
export interface PackedFlows {
  nodes: FlowGraph['nodes'];
  memberOf: FlowGraph['memberOf'];
  /** The distinct edge ends; `from` and `to` index into it. */
  ends: string[];
  from: number[];
  to: number[];
  /** Index into `traffic`. */
  traffic: number[];
  /** The distinct (ports, label) pairs of the edges, each shared by every edge that carries it. */
  trafficTable: { ports: ProtocolPorts[]; label: string }[];
  /** Indices of the edges that depend on unknown addresses or prefix-list entries. */
  depends: number[];
  /** For those of them with a sure part (FlowEdge.surePorts), as [index, ports]. */
  surePorts?: [number, ProtocolPorts[]][];
  /** Each edge's rule ids (null where an edge has none), present when any edge lists them. */
  ruleIds?: (string[] | null)[];
  /** Edges whose id is not `from->to`, as [index, id]; analyzeFlows makes none. */
  otherIds?: [number, string][];
}

/** AnalysisResult with `flows` replaced by `packedFlows`, the other fields as they are. */
export type PackedAnalysis = Omit<AnalysisResult, 'flows'> & { packedFlows: PackedFlows };

/** The analysis in columns, for sending. Its nodes, exposures and port sets are shared, not copied. */
export function packAnalysis(analysis: AnalysisResult): PackedAnalysis {
  const out: Record<string, unknown> = {};
  // Field by field, so the unpacked result keeps the order (and any field) of the original.
  for (const [key, value] of Object.entries(analysis)) {
    if (key === 'flows') out.packedFlows = packFlows(value as FlowGraph);
    else out[key] = value;
  }
  return out as PackedAnalysis;
}

function packFlows(flows: FlowGraph): PackedFlows {
  const edges = flows.edges;
  const endIndex = new Map<string, number>();
  const ends: string[] = [];
  const endOf = (id: string): number => {
    let k = endIndex.get(id);
    if (k === undefined) {
      endIndex.set(id, (k = ends.length));
      ends.push(id);
    }
    return k;
  };
  // Edges of one traffic share one `ports` array (analyzeFlows renders each set once); keyed by it
  // and the label, edges built elsewhere with equal but separate arrays still pack correctly.
  const trafficIndex = new Map<ProtocolPorts[], Map<string, number>>();
  const trafficTable: PackedFlows['trafficTable'] = [];
  const trafficOf = (e: FlowEdge): number => {
    let byLabel = trafficIndex.get(e.ports);
    if (!byLabel) trafficIndex.set(e.ports, (byLabel = new Map()));
    let k = byLabel.get(e.label);
    if (k === undefined) {
      byLabel.set(e.label, (k = trafficTable.length));
      trafficTable.push({ ports: e.ports, label: e.label });
    }
    return k;
  };
  const from = new Array<number>(edges.length);
  const to = new Array<number>(edges.length);
  const traffic = new Array<number>(edges.length);
  const depends: number[] = [];
  const surePorts: [number, ProtocolPorts[]][] = [];
  const otherIds: [number, string][] = [];
  let ruleIds: (string[] | null)[] | undefined;
  for (let k = 0; k < edges.length; k++) {
    const e = edges[k] as FlowEdge;
    from[k] = endOf(e.from);
    to[k] = endOf(e.to);
    traffic[k] = trafficOf(e);
    if (e.depends) depends.push(k);
    if (e.surePorts) surePorts.push([k, e.surePorts]);
    if (e.id !== `${e.from}->${e.to}`) otherIds.push([k, e.id]);
    if (e.ruleIds) (ruleIds ??= new Array<string[] | null>(edges.length).fill(null))[k] = e.ruleIds;
  }
  const packed: PackedFlows = { nodes: flows.nodes, memberOf: flows.memberOf, ends, from, to, traffic, trafficTable, depends };
  if (ruleIds) packed.ruleIds = ruleIds;
  if (surePorts.length) packed.surePorts = surePorts;
  if (otherIds.length) packed.otherIds = otherIds;
  return packed;
}

/**
 * The analysis back from its columns, equal to the one packed as analyzeFlows builds edges: its
 * JSON too, since an edge's keys come back in makeEdge's order (`depends` only when true, after
 * `ruleIds`, and `surePorts` after it).
 */
export function unpackAnalysis(packed: PackedAnalysis): AnalysisResult {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(packed)) {
    if (key === 'packedFlows') out.flows = unpackFlows(value as PackedFlows);
    else out[key] = value;
  }
  return out as unknown as AnalysisResult;
}

function unpackFlows(p: PackedFlows): FlowGraph {
  const columns = [p.nodes, p.ends, p.from, p.to, p.traffic, p.trafficTable, p.depends];
  if (!columns.every(Array.isArray) || typeof p.memberOf !== 'object' || p.memberOf === null) {
    throw new Error('The analysis arrived damaged: a part of its flow graph is missing.');
  }
  const n = p.from.length;
  if (p.to.length !== n || p.traffic.length !== n || (p.ruleIds && p.ruleIds.length !== n)) {
    throw new Error('The analysis arrived damaged: its edge columns differ in length.');
  }
  const otherIds = new Map(p.otherIds ?? []);
  const depends = new Set(p.depends);
  const surePorts = new Map(Array.isArray(p.surePorts) ? p.surePorts : []);
  const edges = new Array<FlowEdge>(n);
  for (let k = 0; k < n; k++) {
    const from = p.ends[p.from[k] as number];
    const to = p.ends[p.to[k] as number];
    const t = p.trafficTable[p.traffic[k] as number];
    if (from === undefined || to === undefined || t === undefined) throw new Error(`The analysis arrived damaged: edge ${k} points outside its tables.`);
    const edge: FlowEdge = { id: otherIds.get(k) ?? `${from}->${to}`, from, to, ports: t.ports, label: t.label };
    // In analyzeFlows' key order, so the JSON of an unpacked analysis is the original's.
    const ids = p.ruleIds?.[k];
    if (ids) edge.ruleIds = ids;
    if (depends.has(k)) edge.depends = true;
    const sure = surePorts.get(k);
    if (sure) edge.surePorts = sure;
    edges[k] = edge;
  }
  return { nodes: p.nodes, edges, memberOf: p.memberOf };
}
