/**
 * Map filters as pure functions: parsing what the user types into chips, and deciding which elements
 * stay visible. Filtering only reads the data the view model put on each element, so it never touches
 * the analysis and runs in milliseconds even on 10,000 edges; the graph module then only toggles
 * visibility, which keeps every position where the layout put it.
 *
 * Semantics: port/protocol chips are alternatives (an edge passes when it meets any of them); text
 * chips must all match (a `src:`/`dst:` chip on that end of the edge, a plain one on either end); the
 * scope (VPC or subnet) keeps edges touching it; "exposed to outside sources only" keeps the edges
 * that make an endpoint exposed (from the Internet, a public CIDR or a prefix list: the endpoints the
 * status bar counts);
 * "hide endpoints with no flows" hides nodes left without a visible edge.
 */
import type { ElementDefinition } from 'cytoscape';
import type { PortCriterion } from './port-sets';
import { matchPorts } from './port-sets';
import type { MapEdgeData, MapNodeData } from './view-model';

export type FilterChip =
  | { kind: 'port'; text: string; criterion: PortCriterion }
  | { kind: 'text'; text: string; side: 'any' | 'source' | 'destination'; needle: string };

export interface MapFilters {
  chips: FilterChip[];
  vpcId?: string | null;
  subnetId?: string | null;
  /** Keep only exposure edges (MapEdgeData.exposure). */
  exposedOnly?: boolean;
  hideIsolated?: boolean;
}

export type ChipParseResult = { ok: true; chip: FilterChip } | { ok: false; error: string };

export interface Visibility {
  nodes: Set<string>;
  edges: Set<string>;
}

const PROTOCOLS: Record<string, number> = { tcp: 6, udp: 17, icmp: 1, icmpv6: 58, all: -1, any: -1 };

function parsePortRange(spec: string): [number, number] | string {
  const m = /^(\d+)(?:-(\d+))?$/.exec(spec);
  if (!m) return `"${spec}" is not a port or a port range like 80-443`;
  const lo = Number(m[1]);
  const hi = m[2] === undefined ? lo : Number(m[2]);
  if (lo > 65535 || hi > 65535) return `port ${Math.max(lo, hi)} is out of range (0-65535)`;
  if (hi < lo) return `the range ${lo}-${hi} is reversed; write ${hi}-${lo}`;
  return [lo, hi];
}

/** A protocol and its ports (`tcp/443`, `tcp:443`, `tcp 443`) as a port chip, or why it is not one. */
function parseProtocolPorts(text: string, proto: string, spec: string): ChipParseResult {
  const protocol = PROTOCOLS[proto] ?? (/^\d+$/.test(proto) ? Number(proto) : undefined);
  if (protocol === undefined) return { ok: false, error: `Unknown protocol "${proto}": use tcp, udp, icmp, icmpv6, all or a number.` };
  if (!spec) return { ok: false, error: `"${text}" needs a port, e.g. ${proto}/443.` };
  if (protocol !== 6 && protocol !== 17) return { ok: false, error: `Only tcp and udp have ports; filter on "${proto}" alone.` };
  const range = parsePortRange(spec);
  if (typeof range === 'string') return { ok: false, error: `Cannot filter on "${text}": ${range}.` };
  return { ok: true, chip: { kind: 'port', text, criterion: { protocol, range } } };
}

/**
 * Parses one filter chip: `22`, `80-443`, `udp`, `tcp/443` (or `tcp:443`, `tcp 443`),
 * `tcp/8000-8080`, `port:22`, `src:web`, `dst:10.0.2.15`, or any other text (matched against
 * names, ids, IPs and Terraform addresses on either end).
 */
export function parseFilterChip(input: string): ChipParseResult {
  const text = input.trim();
  if (!text) return { ok: false, error: 'Type a port (22, 80-443), a protocol (udp, tcp/443) or a name, id or IP.' };
  const lower = text.toLowerCase();
  const prefixed = /^(src|source|from|dst|dest|destination|to|port|proto|protocol|text):(.*)$/.exec(lower);
  if (prefixed) {
    const [, key, rest = ''] = prefixed;
    const value = rest.trim();
    if (!value) return { ok: false, error: `"${key}:" needs a value after the colon.` };
    if (key === 'port' || key === 'proto' || key === 'protocol') {
      const parsed = parseFilterChip(value);
      if (parsed.ok && parsed.chip.kind !== 'port') return { ok: false, error: `"${value}" is not a ${key === 'port' ? 'port' : 'protocol'}.` };
      return parsed.ok ? { ok: true, chip: { ...parsed.chip, text } } : parsed;
    }
    const side = key === 'text' ? 'any' : key === 'src' || key === 'source' || key === 'from' ? 'source' : 'destination';
    return { ok: true, chip: { kind: 'text', text, side, needle: value } };
  }
  if (/^\d+(-\d*)?$/.test(lower)) {
    const range = parsePortRange(lower);
    if (typeof range === 'string') return { ok: false, error: `Cannot filter on "${text}": ${range}.` };
    return { ok: true, chip: { kind: 'port', text, criterion: { protocol: null, range } } };
  }
  if (lower in PROTOCOLS) return { ok: true, chip: { kind: 'port', text, criterion: { protocol: PROTOCOLS[lower]! } } };
  const slash = /^([a-z0-9]+)\/(.*)$/.exec(lower);
  if (slash) return parseProtocolPorts(text, slash[1] ?? '', slash[2] ?? '');
  // `tcp:443` and `tcp 443` are how rules and edge labels spell it; only a protocol name and a
  // port-like rest, so an IPv6 address or a name with a space stays text.
  const spaced = /^([a-z][a-z0-9]*)(?:\s*:\s*|\s+)(\d[\d-]*)$/.exec(lower);
  if (spaced && spaced[1]! in PROTOCOLS) return parseProtocolPorts(text, spaced[1]!, spaced[2]!);
  // A word and a colon reads as a filter name (`foo:bar`): searching for it as text would match
  // nothing without saying why. ARNs and IPv6 addresses (hex groups) are text, as is `text:…`.
  const named = /^([a-z][a-z0-9_-]*):(.*)$/.exec(lower);
  if (named && named[1] !== 'arn' && !/^[0-9a-f]{1,4}$/.test(named[1]!)) {
    const [, key = '', rest = ''] = named;
    if (key in PROTOCOLS) return parseProtocolPorts(text, key, rest.trim());
    return { ok: false, error: `"${key}:" is not a known filter: use src:, dst:, port:, proto: or text: (text:${text} searches for the text itself).` };
  }
  return { ok: true, chip: { kind: 'text', text, side: 'any', needle: lower } };
}

/**
 * Splits what was typed into entries at commas (`22, 80-443, src:web`), outside brackets and
 * quotes so a Terraform address like `module.m["a,b"].aws_instance.x` stays whole.
 */
export function splitFilterEntries(input: string): string[] {
  const entries: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (c === '"' && input[i - 1] !== '\\') quoted = !quoted;
    else if (!quoted && c === '[') depth++;
    else if (!quoted && c === ']') depth = Math.max(0, depth - 1);
    else if (!quoted && depth === 0 && c === ',') {
      entries.push(input.slice(start, i));
      start = i + 1;
    }
  }
  entries.push(input.slice(start));
  return entries.map((e) => e.trim()).filter(Boolean);
}

/** Parses the filter box: one chip per comma-separated entry, or the first entry's error. */
export function parseFilterInput(input: string): { ok: true; chips: FilterChip[] } | { ok: false; error: string } {
  const entries = splitFilterEntries(input);
  if (entries.length === 0) {
    const empty = parseFilterChip('');
    return empty.ok ? { ok: true, chips: [] } : empty;
  }
  const chips: FilterChip[] = [];
  for (const entry of entries) {
    const parsed = parseFilterChip(entry);
    if (!parsed.ok) return parsed;
    chips.push(parsed.chip);
  }
  return { ok: true, chips };
}

/** The short text a chip shows (what the user typed, normalised). */
export function describeChip(chip: FilterChip): string {
  return chip.text;
}

/** Whether any filter would hide something; lets the UI show "filtered" state. */
export function hasActiveFilters(f: MapFilters): boolean {
  return f.chips.length > 0 || !!f.vpcId || !!f.subnetId || !!f.exposedOnly || !!f.hideIsolated;
}

interface LeafEntry {
  id: string;
  data: MapNodeData;
  /** Compound ancestors, innermost first. */
  ancestors: string[];
}

interface FilterIndex {
  leaves: LeafEntry[];
  leafById: Map<string, LeafEntry>;
  compounds: string[];
  edges: MapEdgeData[];
}

// One index per elements array: the elements do not change between filter changes, so the
// parent chains and edge lists are computed once per model/view.
const indexCache = new WeakMap<readonly ElementDefinition[], FilterIndex>();

function indexElements(elements: readonly ElementDefinition[]): FilterIndex {
  const cached = indexCache.get(elements);
  if (cached) return cached;
  const parentOf = new Map<string, string | undefined>();
  const compoundIds = new Set<string>();
  const nodes: MapNodeData[] = [];
  const edges: MapEdgeData[] = [];
  for (const el of elements) {
    if (el.group === 'edges' || (el.data as MapEdgeData).source !== undefined) edges.push(el.data as MapEdgeData);
    else {
      const d = el.data as MapNodeData;
      nodes.push(d);
      parentOf.set(d.id, d.parent);
      if (d.parent) compoundIds.add(d.parent);
    }
  }
  const leaves: LeafEntry[] = [];
  for (const d of nodes) {
    if (d.role === 'vpc' || d.role === 'subnet') continue;
    const ancestors: string[] = [];
    for (let p = d.parent; p; p = parentOf.get(p)) ancestors.push(p);
    leaves.push({ id: d.id, data: d, ancestors });
  }
  for (const d of nodes) if (d.role === 'vpc' || d.role === 'subnet') compoundIds.add(d.id);
  const index: FilterIndex = { leaves, leafById: new Map(leaves.map((l) => [l.id, l])), compounds: [...compoundIds], edges };
  indexCache.set(elements, index);
  return index;
}

/** Whether a leaf's search text holds the (lower-cased) needle; its ARNs only for text with a colon or a slash (MapNodeData.searchArns). */
function matchesText(data: MapNodeData, needle: string): boolean {
  if (data.search.includes(needle)) return true;
  return data.searchArns !== undefined && /[:/]/.test(needle) && data.searchArns.includes(needle);
}

/**
 * The ids that stay visible under the filters. Compounds (VPCs, subnets) are visible when something
 * inside them is, so an emptied subnet disappears with its endpoints.
 */
export function applyFilters(elements: readonly ElementDefinition[], filters: MapFilters): Visibility {
  const index = indexElements(elements);
  const portChips = filters.chips.filter((c): c is Extract<FilterChip, { kind: 'port' }> => c.kind === 'port');
  const textChips = filters.chips.filter((c): c is Extract<FilterChip, { kind: 'text' }> => c.kind === 'text');
  const scopeSubnet = filters.subnetId || null;
  const scopeVpc = scopeSubnet ? null : filters.vpcId || null;
  const hasScope = !!(scopeSubnet || scopeVpc);

  // Per-leaf answers computed once, so the edge loop only does lookups.
  const textMatch = new Map<string, boolean[]>();
  const inScope = new Map<string, boolean>();
  for (const leaf of index.leaves) {
    if (textChips.length) textMatch.set(leaf.id, textChips.map((c) => matchesText(leaf.data, c.needle.toLowerCase())));
    if (hasScope) {
      inScope.set(leaf.id, scopeSubnet ? leaf.data.subnetIds.includes(scopeSubnet) : leaf.data.vpcIds.includes(scopeVpc!));
    }
  }

  const visibleEdges = new Set<string>();
  const leavesWithEdge = new Set<string>();
  for (const e of index.edges) {
    if (portChips.length && !portChips.some((c) => matchPorts(e.ports, c.criterion))) continue;
    if (filters.exposedOnly && !e.exposure) continue;
    if (hasScope && !inScope.get(e.source) && !inScope.get(e.target)) continue;
    if (textChips.length) {
      const s = textMatch.get(e.source);
      const t = textMatch.get(e.target);
      let ok = true;
      for (let i = 0; i < textChips.length && ok; i++) {
        const side = textChips[i]!.side;
        const sm = !!s?.[i];
        const tm = !!t?.[i];
        ok = side === 'source' ? sm : side === 'destination' ? tm : sm || tm;
      }
      if (!ok) continue;
    }
    visibleEdges.add(e.id);
    leavesWithEdge.add(e.source);
    leavesWithEdge.add(e.target);
  }

  const visibleNodes = new Set<string>();
  // Text and "exposed only" narrow the map to what they match; port chips only hide edges.
  const narrowsNodes = !!filters.exposedOnly;
  for (const leaf of index.leaves) {
    let visible = leavesWithEdge.has(leaf.id);
    if (!visible && !filters.hideIsolated && !narrowsNodes) {
      const isExternal = leaf.data.role === 'external';
      visible = true;
      if (hasScope) visible = !isExternal && !!inScope.get(leaf.id);
      if (visible && textChips.length) visible = textMatch.get(leaf.id)!.every(Boolean);
    }
    if (visible) {
      visibleNodes.add(leaf.id);
      for (const a of leaf.ancestors) visibleNodes.add(a);
    }
  }
  return { nodes: visibleNodes, edges: visibleEdges };
}

/**
 * Most edges the map draws at once. Cytoscape paints 10,000 edges in about two seconds in software
 * (`npm run bench`, render benchmark) but a 10,000-instance estate has ~170,000 flow edges, whose
 * drawing froze the window for most of a minute and gave a picture no one can read. Past the limit
 * the most important edges are drawn and the map says how many more the filters match.
 */
export const EDGE_DRAW_LIMIT = 10_000;

export interface DrawnVisibility {
  /** What the map draws: the visible nodes, and at most the limit of the visible edges. */
  visibility: Visibility;
  /** Edges the filters let through, drawn or not. */
  matched: number;
}

/**
 * Order of importance for drawing: what a review looks for first. Risky exposure, then anything
 * from the Internet, then from other outside sources (CIDRs, prefix lists, other accounts' groups),
 * then between endpoints, and last traffic leaving towards the outside (mostly the default egress).
 */
function drawTier(e: MapEdgeData, leafById: Map<string, LeafEntry>): number {
  if (e.risky) return 0;
  if (e.sourceExternal === 'internet') return 1;
  if (e.sourceExternal) return 2;
  return leafById.get(e.target)?.data.role === 'external' ? 4 : 3;
}

/** The visible edges, cut to `limit` by drawTier (in map order within a tier); nodes are unchanged. */
export function limitDrawnEdges(elements: readonly ElementDefinition[], visible: Visibility, limit = EDGE_DRAW_LIMIT): DrawnVisibility {
  const matched = visible.edges.size;
  if (matched <= limit) return { visibility: visible, matched };
  const index = indexElements(elements);
  const tiers: string[][] = [[], [], [], [], []];
  for (const e of index.edges) if (visible.edges.has(e.id)) tiers[drawTier(e, index.leafById)]!.push(e.id);
  const edges = new Set<string>();
  for (const tier of tiers) {
    for (const id of tier) {
      if (edges.size >= limit) break;
      edges.add(id);
    }
  }
  return { visibility: { nodes: visible.nodes, edges }, matched };
}
