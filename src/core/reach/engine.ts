/**
 * The public face of the reachability engine: build an index from a snapshot once, then ask exact
 * questions (queryReach), compute the grouped flow graph (analyzeFlows) and explain its edges or
 * any endpoint pair. The work lives in the modules re-exported here; callers import from this file
 * or from the barrel so that the split between modules can change without touching them.
 */
export { buildReachIndex, summarizeSnapshot } from './reach-index';
export type { ReachIndex, CompiledRule, EndpointAddresses } from './reach-index';
export { queryReach } from './query';
export { analyzeFlows } from './flows';
export type { AnalyzeOptions } from './flows';
export { explainPair } from './explain-pair';
export { explainEdge } from './flows';
