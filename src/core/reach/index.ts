/**
 * Barrel of the reachability engine: the functions the CLI, the worker and the UI call.
 */
export * from './engine';
export { resolveRef } from './resolve-ref';
export type { ResolvedRef } from './resolve-ref';
export { describeRule } from './explain';
export { parseProtocol, protocolName } from './protocols';
