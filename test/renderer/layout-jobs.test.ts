// The page's side of the layout worker, against a fake worker: jobs are numbered, a newer job or a
// reload settles the one in flight as superseded and ends its busy worker, answers for any other
// job are dropped, and a worker that cannot start or fails sends every job to the main thread.
import { describe, expect, it } from 'vitest';
import { createLayoutJobs } from '../../src/renderer/layout-jobs';
import type { LayoutWorker } from '../../src/renderer/layout-jobs';
import type { LayoutJob, LayoutReply, LayoutRequest } from '../../src/renderer/layout-request';

class FakeWorker implements LayoutWorker {
  readonly received: LayoutRequest[] = [];
  terminated = false;
  private readonly listeners = new Map<string, ((event: Event) => void)[]>();

  postMessage(request: LayoutRequest): void {
    this.received.push(request);
  }
  terminate(): void {
    this.terminated = true;
  }
  addEventListener(type: string, listener: (event: Event) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  /** The worker answering (after terminate() a real one never does; the jobs must not care). */
  reply(reply: LayoutReply): void {
    for (const l of this.listeners.get('message') ?? []) l(new MessageEvent('message', { data: reply }));
  }
  fail(message = ''): Event {
    // An ErrorEvent when the worker threw (Node has no ErrorEvent), a plain Event when it never loaded.
    const event = message ? Object.assign(new Event('error', { cancelable: true }), { message }) : new Event('error', { cancelable: true });
    for (const l of this.listeners.get('error') ?? []) l(event);
    return event;
  }
}

function harness() {
  const workers: FakeWorker[] = [];
  const jobs = createLayoutJobs(() => {
    const w = new FakeWorker();
    workers.push(w);
    return w;
  });
  return { jobs, workers };
}

const job = (tag: string): LayoutJob => ({ settings: { name: 'fcose', tag }, nodes: [], edges: [], center: { x: 0, y: 0 } });
const at = (x: number) => ({ n: { x, y: 0 } });

/** Whether the promise has settled, after pending callbacks ran. */
async function settled<T>(p: Promise<T>): Promise<{ value: T } | null> {
  let out: { value: T } | null = null;
  void p.then((value) => (out = { value }));
  await new Promise((r) => setTimeout(r, 0));
  return out;
}

describe('layout jobs', () => {
  it('sends a numbered job to the worker and answers with its positions', async () => {
    const { jobs, workers } = harness();
    const running = jobs.run(job('a'));
    expect(workers).toHaveLength(1);
    const [sent] = workers[0]!.received;
    expect(sent).toMatchObject({ ...job('a'), id: expect.any(Number) });
    workers[0]!.reply({ id: sent!.id, ok: true, positions: at(5) });
    expect(await running).toEqual({ kind: 'positions', positions: at(5) });
    // The worker stays for the next map: starting one costs a module load.
    const next = jobs.run(job('b'));
    expect(workers).toHaveLength(1);
    const second = workers[0]!.received[1]!;
    expect(second.id).not.toBe(sent!.id);
    workers[0]!.reply({ id: second.id, ok: true, positions: at(6) });
    expect(await next).toEqual({ kind: 'positions', positions: at(6) });
  });

  it('settles a job as superseded when a newer one starts, and never lands its late answer', async () => {
    const { jobs, workers } = harness();
    const old = jobs.run(job('old'));
    const oldId = workers[0]!.received[0]!.id;
    const fresh = jobs.run(job('new'));
    expect(await old).toEqual({ kind: 'superseded' });
    // The old worker was busy with work nobody wants: it is ended, and a new one takes the job.
    expect(workers[0]!.terminated).toBe(true);
    expect(workers).toHaveLength(2);
    const newId = workers[1]!.received[0]!.id;
    workers[0]!.reply({ id: oldId, ok: true, positions: at(1) });
    // An answer numbered for the old job, even from the new worker, is not the new job's.
    workers[1]!.reply({ id: oldId, ok: true, positions: at(2) });
    expect(await settled(fresh)).toBeNull();
    workers[1]!.reply({ id: newId, ok: true, positions: at(3) });
    expect(await fresh).toEqual({ kind: 'positions', positions: at(3) });
  });

  it('cancel() supersedes the job in flight (a reload without fcose) and leaves an idle worker be', async () => {
    const { jobs, workers } = harness();
    jobs.cancel();
    expect(workers).toHaveLength(0);
    const first = jobs.run(job('a'));
    workers[0]!.reply({ id: workers[0]!.received[0]!.id, ok: true, positions: at(1) });
    await first;
    jobs.cancel();
    expect(workers[0]!.terminated).toBe(false);
    const pending = jobs.run(job('b'));
    jobs.cancel();
    expect(await pending).toEqual({ kind: 'superseded' });
    expect(workers[0]!.terminated).toBe(true);
  });

  it('reports a layout the worker could not do as failed, and keeps the worker', async () => {
    const { jobs, workers } = harness();
    const running = jobs.run(job('a'));
    workers[0]!.reply({ id: workers[0]!.received[0]!.id, ok: false, error: 'fcose threw' });
    expect(await running).toEqual({ kind: 'failed', reason: 'fcose threw' });
    void jobs.run(job('b'));
    expect(workers).toHaveLength(1);
    expect(workers[0]!.received).toHaveLength(2);
  });

  it('after a worker error, fails the job in flight and every later one without a new worker', async () => {
    const { jobs, workers } = harness();
    const running = jobs.run(job('a'));
    const event = workers[0]!.fail();
    // Handled: the map is laid out on the main thread, not reported as an uncaught error.
    expect(event.defaultPrevented).toBe(true);
    expect(await running).toEqual({ kind: 'failed', reason: 'the layout worker could not be loaded' });
    expect(workers[0]!.terminated).toBe(true);
    expect(await jobs.run(job('b'))).toEqual({ kind: 'failed', reason: 'the layout worker could not be loaded' });
    expect(workers).toHaveLength(1);
  });

  it('says what the worker threw', async () => {
    const { jobs, workers } = harness();
    const running = jobs.run(job('a'));
    workers[0]!.fail('out of memory');
    expect(await running).toEqual({ kind: 'failed', reason: 'the layout worker failed: out of memory' });
  });

  it('fails every job when no worker can be started (no Worker, or the policy refuses it)', async () => {
    let attempts = 0;
    const jobs = createLayoutJobs(() => {
      attempts++;
      throw new Error('Worker is not defined');
    });
    expect(await jobs.run(job('a'))).toEqual({ kind: 'failed', reason: 'the layout worker could not start: Worker is not defined' });
    expect((await jobs.run(job('b'))).kind).toBe('failed');
    expect(attempts).toBe(1);
  });

  it('dispose() ends the worker and supersedes what was running', async () => {
    const { jobs, workers } = harness();
    const running = jobs.run(job('a'));
    jobs.dispose();
    expect(await running).toEqual({ kind: 'superseded' });
    expect(workers[0]!.terminated).toBe(true);
  });
});
