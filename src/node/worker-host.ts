/**
 * The host side of the analysis worker: spawns the bundled worker, matches answers to requests by
 * id, fans progress events out to subscribers, and turns the two ways a worker can stop early into
 * ordinary results instead of a dead app:
 * - cancel terminates the worker; every pending call resolves `{ok:false, error:{code:'cancelled'}}`;
 * - a crash (uncaught exception, process.exit, out of memory) resolves every pending call with
 *   `{code:'worker-crashed'}`.
 * Either way a fresh worker is spawned and handed the last model that loaded, so queries keep
 * working on what the user sees without re-importing.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { ApiResult, ProgressEvent, WireModel } from '../shared/api-contract';
import {
  isWorkerMessage,
  type WorkerOp,
  type WorkerPayload,
  type WorkerRequest,
  type WorkerStartData,
  type WorkerValue,
} from './worker-protocol';

export interface WorkerHostOptions {
  /** Path of the bundled worker entry; defaults to `resolveWorkerPath()`. */
  workerPath?: string;
  /** Enables the worker's test-only operations (crash, spin). */
  testHooks?: boolean;
  /** See `WorkerStartData.testHoldOpensMs`. */
  testHoldOpensMs?: number;
  /** Caps the worker's heap so a huge input fails that worker, not the whole process. */
  resourceLimits?: ResourceLimits;
}

/** The part of the host the API handlers use; tests substitute fakes. */
export interface WorkerClient {
  call<O extends WorkerOp>(op: O, payload: WorkerPayload<O>): Promise<ApiResult<WorkerValue<O>>>;
  cancel(): boolean;
  onProgress(listener: (event: ProgressEvent) => void): () => void;
}

interface Pending {
  resolve(result: ApiResult<unknown>): void;
  /** Internal requests (restore) neither count as running work nor report progress. */
  internal: boolean;
}

/** Ops whose successful value is a model (a WireModel) that becomes the worker's current model. */
const MODEL_OPS: ReadonlySet<WorkerOp> = new Set(['openSample', 'openPaths', 'openContents', 'openUpload', 'importAws']);

export class WorkerHost implements WorkerClient {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(event: ProgressEvent) => void>();
  /** The last model's body as it came from the worker: handed back as it is to restore a respawned worker. */
  private lastModel: { body: string } | null = null;
  private lastError: Error | null = null;
  private closed = false;
  private readonly workerPath: string;

  constructor(private readonly options: WorkerHostOptions = {}) {
    this.workerPath = options.workerPath ?? resolveWorkerPath();
  }

  call<O extends WorkerOp>(op: O, payload: WorkerPayload<O>): Promise<ApiResult<WorkerValue<O>>> {
    if (this.closed) return Promise.resolve(failure('internal', 'The analysis worker has been shut down.'));
    let worker: Worker;
    try {
      worker = this.ensureWorker();
    } catch (err) {
      return Promise.resolve(failure('worker-crashed', `The analysis worker could not start: ${messageOf(err)}`));
    }
    return this.send(worker, op, payload, false).then((result) => {
      if (result.ok && MODEL_OPS.has(op)) {
        this.lastModel = { body: (result.value as WireModel).body };
      }
      return result as ApiResult<WorkerValue<O>>;
    });
  }

  /** Terminates the worker if it is doing anything; returns whether something was cancelled. */
  cancel(): boolean {
    const running = [...this.pending.values()].some((p) => !p.internal);
    if (!running || !this.worker) return false;
    const worker = this.worker;
    this.worker = null;
    this.settleAll(failure('cancelled', 'Cancelled.'));
    void worker.terminate();
    // Respawn now so the restore runs while the user is still reading "Cancelled".
    if (!this.closed) this.ensureWorkerQuietly();
    return true;
  }

  onProgress(listener: (event: ProgressEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Whether a worker thread is currently alive (tests). */
  get running(): boolean {
    return this.worker !== null;
  }

  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = null;
    this.settleAll(failure('cancelled', 'The app is closing.'));
    if (worker) await worker.terminate();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const data: WorkerStartData = {
      testHooks: this.options.testHooks === true,
      ...(this.options.testHoldOpensMs ? { testHoldOpensMs: this.options.testHoldOpensMs } : {}),
    };
    const worker = new Worker(this.workerPath, {
      workerData: data,
      ...(this.options.resourceLimits ? { resourceLimits: this.options.resourceLimits } : {}),
    });
    this.worker = worker;
    this.lastError = null;
    worker.on('message', (message: unknown) => this.receive(worker, message));
    worker.on('error', (err) => {
      if (worker === this.worker) this.lastError = err;
    });
    worker.on('messageerror', (err) => {
      if (worker === this.worker) this.lastError = err;
    });
    worker.on('exit', (code) => this.exited(worker, code));
    if (this.lastModel) {
      // Message order is preserved, so the restore completes before any request sent after it.
      void this.send(worker, 'restore', this.lastModel, true);
    }
    return worker;
  }

  private ensureWorkerQuietly(): void {
    try {
      this.ensureWorker();
    } catch {
      // The next call reports the failure to start.
    }
  }

  private send<O extends WorkerOp>(worker: Worker, op: O, payload: WorkerPayload<O>, internal: boolean): Promise<ApiResult<unknown>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, { resolve, internal });
      try {
        worker.postMessage({ id, op, payload } as WorkerRequest);
      } catch (err) {
        // E.g. a value that cannot be cloned: a programming error, reported rather than thrown.
        this.pending.delete(id);
        resolve(failure('internal', `Could not send the request to the analysis worker: ${messageOf(err)}`));
      }
    });
  }

  private receive(worker: Worker, message: unknown): void {
    if (worker !== this.worker || !isWorkerMessage(message)) return;
    const pending = this.pending.get(message.id);
    if (!pending) return;
    if (message.type === 'progress') {
      if (pending.internal) return;
      for (const listener of this.listeners) {
        try {
          listener(message.event);
        } catch {
          // A failing subscriber must not break the request it listens to.
        }
      }
      return;
    }
    this.pending.delete(message.id);
    pending.resolve(message.result);
  }

  private exited(worker: Worker, code: number): void {
    // A worker we terminated on purpose has already been replaced and its calls settled.
    if (worker !== this.worker) return;
    this.worker = null;
    const reason = this.lastError ? messageOf(this.lastError) : `it exited with code ${code}`;
    this.settleAll(failure('worker-crashed', `The analysis stopped unexpectedly (${reason}). Try again; the map you had is still there.`));
  }

  private settleAll(result: ApiResult<never>): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) p.resolve(result);
  }
}

function failure(code: string, message: string): ApiResult<never> {
  return { ok: false, error: { code, message } };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Finds the bundled worker. Electron's main bundle has it as a sibling (out/main/analysis-worker.js,
 * emitted by electron.vite.config.ts); the CLI bundle (out/cli) and the sources under test find
 * out/node/analysis-worker.mjs (emitted by scripts/build-node.mjs) in an ancestor folder.
 */
export function resolveWorkerPath(fromUrl: string = import.meta.url): string {
  const here = path.dirname(fileURLToPath(fromUrl));
  const candidates = [path.join(here, 'analysis-worker.js'), path.join(here, 'analysis-worker.mjs')];
  for (let dir = here; ; dir = path.dirname(dir)) {
    candidates.push(path.join(dir, 'out', 'node', 'analysis-worker.mjs'));
    if (path.dirname(dir) === dir) break;
  }
  const found = candidates.find((c) => existsSync(c));
  if (!found) {
    throw new Error('the analysis worker is not built; run `npm run build:node` (or `npm run build`) first');
  }
  return found;
}
