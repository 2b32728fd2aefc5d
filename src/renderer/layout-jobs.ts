/**
 * The page's side of the layout worker: one job at a time, numbered. A newer job, or cancel() when
 * the map is reloaded, settles the one in flight as superseded and ends its worker, so a stale
 * layout never lands and a new one does not queue behind seconds of wasted work; an answer for any
 * other number than the current job is dropped. When the worker cannot start or fails, jobs settle
 * as failed (and, after a worker error, every later one at once) and graph-view.ts lays the map out
 * on the main thread as before: the map always appears, if with the window busy while it does.
 */
import type { Position } from 'cytoscape';
import type { LayoutJob, LayoutReply, LayoutRequest } from './layout-request';

/** What the jobs use of a Worker (tests give a fake). */
export interface LayoutWorker {
  postMessage(request: LayoutRequest): void;
  terminate(): void;
  addEventListener(type: 'message' | 'error' | 'messageerror', listener: (event: Event) => void): void;
}

export type LayoutOutcome =
  | { kind: 'positions'; positions: Record<string, Position> }
  /** A newer job or a reload came first; nothing is to be done with this one. */
  | { kind: 'superseded' }
  /** No answer from the worker: lay the map out on the main thread. */
  | { kind: 'failed'; reason: string };

export interface LayoutJobs {
  run(job: LayoutJob): Promise<LayoutOutcome>;
  /** Settles the job in flight, if any, as superseded. */
  cancel(): void;
  dispose(): void;
}

/** The real worker; electron-vite bundles layout-worker.ts as a separate same-origin module script. */
export function startLayoutWorker(): LayoutWorker {
  return new Worker(new URL('./layout-worker.ts', import.meta.url), { type: 'module' });
}

export function createLayoutJobs(startWorker: () => LayoutWorker): LayoutJobs {
  let worker: LayoutWorker | null = null;
  /** Why the worker is out of service for this page, once it failed. */
  let broken: string | null = null;
  let lastId = 0;
  let pending: { id: number; settle(outcome: LayoutOutcome): void } | null = null;

  const settle = (outcome: LayoutOutcome): void => {
    const job = pending;
    pending = null;
    job?.settle(outcome);
  };
  const stop = (): void => {
    worker?.terminate();
    worker = null;
  };
  const fail = (reason: string): void => {
    broken = reason;
    stop();
    settle({ kind: 'failed', reason });
  };

  const spawn = (): LayoutWorker | null => {
    let w: LayoutWorker;
    try {
      w = startWorker();
    } catch (err) {
      broken = `the layout worker could not start: ${err instanceof Error ? err.message : String(err)}`;
      return null;
    }
    w.addEventListener('message', (event) => {
      const reply = (event as MessageEvent<LayoutReply>).data;
      if (w !== worker || !pending || reply?.id !== pending.id) return;
      settle(reply.ok ? { kind: 'positions', positions: reply.positions } : { kind: 'failed', reason: reply.error });
    });
    w.addEventListener('error', (event) => {
      if (w !== worker) return;
      // Handled here (the map is laid out on the main thread instead), not an uncaught page error.
      event.preventDefault();
      const message = (event as ErrorEvent).message;
      fail(message ? `the layout worker failed: ${message}` : 'the layout worker could not be loaded');
    });
    w.addEventListener('messageerror', () => {
      if (w === worker) fail('the layout worker sent an unreadable answer');
    });
    return w;
  };

  const jobs: LayoutJobs = {
    run(job) {
      jobs.cancel();
      if (!broken && !worker) worker = spawn();
      if (broken || !worker) return Promise.resolve({ kind: 'failed', reason: broken ?? 'no layout worker' });
      const id = ++lastId;
      const target = worker;
      return new Promise<LayoutOutcome>((resolve) => {
        pending = { id, settle: resolve };
        try {
          target.postMessage({ ...job, id });
        } catch (err) {
          // The job could not be sent (nothing here should fail to clone); this job goes to the
          // main thread, the worker stays for the next.
          settle({ kind: 'failed', reason: `the layout job could not be sent: ${err instanceof Error ? err.message : String(err)}` });
        }
      });
    },

    cancel() {
      if (!pending) return;
      settle({ kind: 'superseded' });
      // Busy with work nobody wants: a fresh worker takes the next job rather than wait for it.
      stop();
    },

    dispose() {
      jobs.cancel();
      stop();
    },
  };
  return jobs;
}
