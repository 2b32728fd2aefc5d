/**
 * Turns one question as the user wrote it (REF strings, a protocol name, optional port and ICMP
 * type/code) into the engine's `ReachQuery`, and answers it. Shared by `query`, `query --batch` and
 * the benchmark so all three validate and answer through exactly the same code. Every reason a
 * question cannot be asked surfaces as a QueryLineError with a short message.
 */
import type { ReachAnswer, ReachQuery, Locator } from '../core/analysis-types';
import { PROTO_ICMP, PROTO_ICMPV6, PROTO_TCP, PROTO_UDP } from '../core/model';
import { isIcmpCodeWithoutType } from '../core/net/traffic';
import { parseProtocol, queryReach, resolveRef, type ReachIndex, type ResolvedRef } from '../core/reach';

export type ReachIndexLike = ReachIndex;

/** The question in user terms: the fields of a batch line or the query options. */
export interface QueryInput {
  from?: unknown;
  to?: unknown;
  protocol?: unknown;
  port?: unknown;
  icmpType?: unknown;
  icmpCode?: unknown;
}

export class QueryLineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueryLineError';
  }
}

/**
 * Resolved REFs by their text. A batch asks about the same endpoints again and again and the index
 * does not change during a run, so each REF is resolved once. Bounded so a stream of distinct
 * addresses cannot grow it without limit.
 */
export class RefCache {
  private readonly map = new Map<string, ResolvedRef>();
  constructor(private readonly limit = 100_000) {}

  resolve(index: ReachIndexLike, ref: string): ResolvedRef {
    let hit = this.map.get(ref);
    if (!hit) {
      hit = resolveRef(index, ref);
      if (this.map.size >= this.limit) this.map.clear();
      this.map.set(ref, hit);
    }
    return hit;
  }
}

/** Resolves both REFs and validates protocol and ports; throws QueryLineError. */
export function buildQuery(index: ReachIndexLike, input: QueryInput, refs?: RefCache): ReachQuery {
  const from = locate(index, input.from, 'from', refs);
  const to = locate(index, input.to, 'to', refs);
  const protocol = readProtocol(input.protocol);
  const query: ReachQuery = { from, to, protocol };
  const isIcmp = protocol === PROTO_ICMP || protocol === PROTO_ICMPV6;
  const hasPort = input.port !== undefined && input.port !== null;
  if (protocol === PROTO_TCP || protocol === PROTO_UDP) {
    if (!hasPort) throw new QueryLineError(`${protocol === PROTO_TCP ? 'tcp' : 'udp'} needs a port`);
    query.port = readInt(input.port, 'port', 0, 65535);
  } else if (hasPort) {
    // ICMP is asked by type and code; a port there is most likely a type given in the wrong field.
    if (isIcmp) throw new QueryLineError(`${protocol === PROTO_ICMP ? 'icmp' : 'icmpv6'} has no port: give an ICMP type and code instead`);
    // For all traffic and other protocol numbers AWS ignores ports, so any port gets the same
    // answer: a question that names one (a batch written from one template) is answered, not
    // refused, once the port is checked.
    readInt(input.port, 'port', 0, 65535);
  }
  for (const key of ['icmpType', 'icmpCode'] as const) {
    const raw = input[key];
    if (raw === undefined || raw === null) continue;
    if (!isIcmp) throw new QueryLineError(`${key} applies to icmp and icmpv6 only`);
    query[key] = readInt(raw, key, -1, 255);
  }
  if (isIcmpCodeWithoutType(query.icmpType, query.icmpCode)) {
    throw new QueryLineError('icmpCode needs an icmpType: ICMP codes are numbered within a type');
  }
  return query;
}

/** Validates and answers one question. */
export function answerQuery(index: ReachIndexLike, input: QueryInput, refs?: RefCache): ReachAnswer {
  return queryReach(index, buildQuery(index, input, refs));
}

function locate(index: ReachIndexLike, raw: unknown, field: 'from' | 'to', refs?: RefCache): Locator {
  if (typeof raw !== 'string' || raw.trim() === '') throw new QueryLineError(`'${field}' must be a non-empty string`);
  const resolved = refs ? refs.resolve(index, raw) : resolveRef(index, raw);
  if (!resolved.ok) throw new QueryLineError(`${field}: ${resolved.error}`);
  return resolved.locator;
}

function readProtocol(raw: unknown): number {
  if (raw === undefined || raw === null || raw === '') throw new QueryLineError("'protocol' is required (tcp, udp, icmp, icmpv6, all or a number)");
  if (typeof raw !== 'string' && typeof raw !== 'number') throw new QueryLineError("'protocol' must be a string or number");
  const value = parseProtocol(raw);
  if (value === null) {
    throw new QueryLineError(`unknown protocol '${String(raw)}' (use tcp, udp, icmp, icmpv6, all or a number 0-255)`);
  }
  return value;
}

function readInt(raw: unknown, field: string, min: number, max: number): number {
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new QueryLineError(`'${field}' must be an integer from ${min} to ${max}, not ${JSON.stringify(raw)}`);
  }
  return value;
}
