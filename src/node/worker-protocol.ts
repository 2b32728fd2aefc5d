/**
 * The message protocol between the host (Electron main or `reachmap serve`) and the analysis worker.
 * Every request carries an id; the worker answers each with exactly one `result` message holding an
 * `ApiResult` envelope, and may send `progress` messages for it before that. The worker is the only
 * place that holds the reach index, so queries and edge explanations go there too. Keeping the types
 * in one module means the host and the worker cannot drift apart silently.
 */
import type { EdgeExplanation, ReachAnswer } from '../core/analysis-types';
import type { InputFile } from '../core/model';
import type { ApiResult, AwsImportArgs, ProgressEvent, QueryArgs, WireModel } from '../shared/api-contract';

/** What the worker can be asked to do, keyed by operation name: [payload, result value]. */
export interface WorkerOps {
  openSample: [Record<string, never>, WireModel];
  openPaths: [{ paths: string[] }, WireModel];
  openContents: [{ files: InputFile[] }, WireModel];
  /** A browser-mode upload body (upload-body.ts), decoded in the worker rather than on the server's event loop. */
  openUpload: [{ body: Uint8Array }, WireModel];
  importAws: [{ args: AwsImportArgs }, WireModel];
  /** Re-installs a model after a respawn (its WireModel body) so queries keep working without re-importing. */
  restore: [{ body: string }, true];
  query: [{ args: QueryArgs }, ReachAnswer];
  explainEdge: [{ edgeId: string }, EdgeExplanation];
  /** Serialises the current model: 'snapshot' (reachmap JSON) or 'analysis' (the CLI --json document). */
  exportText: [{ format: 'snapshot' | 'analysis' }, string];
  /** Test-only (honoured only when the worker was started with `testHooks`): crash on purpose. */
  testCrash: [{ how: 'throw' | 'exit' }, never];
  /** Test-only: a slow operation that reports progress, so cancel can be tested deterministically. */
  testSpin: [{ ms: number }, true];
}

export type WorkerOp = keyof WorkerOps;
export type WorkerPayload<O extends WorkerOp> = WorkerOps[O][0];
export type WorkerValue<O extends WorkerOp> = WorkerOps[O][1];

export type WorkerRequest = {
  [O in WorkerOp]: { id: number; op: O; payload: WorkerPayload<O> };
}[WorkerOp];

export type WorkerMessage =
  | { type: 'result'; id: number; result: ApiResult<unknown> }
  | { type: 'progress'; id: number; event: ProgressEvent };

/** Data handed to the worker at start (worker_threads `workerData`). */
export interface WorkerStartData {
  /** Enables the test-only operations; the hosts never set it. */
  testHooks?: boolean;
  /**
   * Test-only: every open of files (not the sample) first spins this long, reporting progress, so a
   * test can cancel an open deterministically however fast the machine imports. Needs `testHooks`.
   */
  testHoldOpensMs?: number;
}

export function isWorkerMessage(value: unknown): value is WorkerMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as { type?: unknown; id?: unknown };
  return (m.type === 'result' || m.type === 'progress') && typeof m.id === 'number';
}
