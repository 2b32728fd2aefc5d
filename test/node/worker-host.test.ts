// Spawns the REAL bundled analysis worker (out/node/analysis-worker.mjs, built in beforeAll): open
// the sample, query, explain, progress events, cancel mid-import, and crash handling.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../src/shared/api-contract';
import { resolveWorkerPath, WorkerHost } from '../../src/node/worker-host';
import { unpackModel } from '../../src/shared/model-wire';
import { syntheticState } from './fixtures/synthetic-state';

const root = path.resolve(__dirname, '../..');
let workerPath: string;
let host: WorkerHost | null = null;

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build-node.mjs'], { cwd: root, stdio: 'inherit' });
  workerPath = resolveWorkerPath();
}, 120_000);

afterEach(async () => {
  await host?.close();
  host = null;
});

function start(): WorkerHost {
  host = new WorkerHost({ workerPath, testHooks: true });
  return host;
}

describe('WorkerHost with the bundled worker', () => {
  it('finds the bundle built by scripts/build-node.mjs', () => {
    expect(workerPath).toBe(path.join(root, 'out', 'node', 'analysis-worker.mjs'));
  });

  it('opens the sample, reports progress, answers a query and explains an edge', async () => {
    const h = start();
    const events: ProgressEvent[] = [];
    const off = h.onProgress((e) => events.push(e));
    const opened = await h.call('openSample', {});
    off();
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    expect(opened.value.title).toBe('three-tier-sample.tfstate');
    // The model travels as JSON text, its edges in columns; the window unpacks it.
    expect(typeof opened.value.body).toBe('string');
    expect(opened.value).not.toHaveProperty('snapshot');
    const model = unpackModel(opened.value);
    expect(model.snapshot.endpoints.length).toBeGreaterThan(5);
    const flows = model.analysis.flows;
    expect(flows.edges.length).toBeGreaterThan(0);
    expect(events.map((e) => e.phase)).toContain('import');
    expect(events.at(-1)?.phase).toBe('done');

    const ssh = await h.call('query', { args: { from: '203.0.113.9', to: 'legacy-admin', protocol: 'tcp', port: 22 } });
    expect(ssh).toMatchObject({ ok: true, value: { allowed: true, verdict: 'allowed' } });
    const bad = await h.call('query', { args: { from: 'nobody-here', to: 'legacy-admin', protocol: 'tcp', port: 22 } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad-input' } });

    const edge = flows.edges[0];
    const explained = await h.call('explainEdge', { edgeId: edge?.id ?? '' });
    expect(explained).toMatchObject({ ok: true, value: { edgeId: edge?.id } });
    expect(await h.call('explainEdge', { edgeId: 'no-such-edge' })).toMatchObject({ ok: false, error: { code: 'bad-input' } });

    const doc = await h.call('exportText', { format: 'analysis' });
    expect(doc.ok && Object.keys(JSON.parse(doc.value) as object)).toEqual(expect.arrayContaining(['summary', 'snapshot', 'warnings', 'flows', 'exposures']));
    // The map's analysis leaves each edge's rules out (an edge is explained when selected), while
    // the exported document lists them as `analyze --json` does, on the same edges.
    expect(flows.edges.every((e) => e.ruleIds === undefined)).toBe(true);
    const exported = doc.ok ? (JSON.parse(doc.value) as { flows: { edges: { id: string; ruleIds?: string[] }[] } }).flows.edges : [];
    expect(exported.map((e) => e.id)).toEqual(flows.edges.map((e) => e.id));
    expect(exported.every((e) => Array.isArray(e.ruleIds))).toBe(true);
    const web = exported.find((e) => (e.ruleIds?.length ?? 0) >= 3);
    expect(web).toBeDefined();
    const webExplained = await h.call('explainEdge', { edgeId: web?.id ?? '' });
    const named = webExplained.ok ? webExplained.value.segments.flatMap((seg) => [...seg.egress, ...seg.ingress].map((r) => r.ruleId)) : [];
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((id) => !web?.ruleIds?.includes(id))).toEqual([]);
    const snap = await h.call('exportText', { format: 'snapshot' });
    expect(snap.ok && (JSON.parse(snap.value) as { format: string }).format).toBe('reachmap-snapshot');
  }, 60_000);

  it('reports bad input with the file name and keeps the previous model', async () => {
    const h = start();
    await h.call('openSample', {});
    const bad = await h.call('openContents', { files: [{ name: 'broken.tfstate', text: '{"version": 4, "resources": ' }] });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad-input', file: 'broken.tfstate' } });
    expect(bad.ok === false && bad.error.message).toMatch(/broken\.tfstate/);
    expect(await h.call('query', { args: { from: '203.0.113.9', to: 'legacy-admin', protocol: 'tcp', port: 22 } })).toMatchObject({ ok: true });
  }, 60_000);

  it('cancels a long import by terminating the worker; the next worker still has the previous model', async () => {
    const h = start();
    await h.call('openSample', {});
    const big = syntheticState(3000, 8);
    const events: ProgressEvent[] = [];
    h.onProgress((e) => events.push(e));
    const importing = h.call('openContents', { files: [{ name: 'big.tfstate', text: big }] });
    // Cancel once the worker has reported that the import is under way.
    await waitFor(() => events.some((e) => e.phase === 'import'), 20_000);
    // The import really was mid-way: it had not finished (no 'done' event) when cancel came.
    expect(events.some((e) => e.phase === 'done')).toBe(false);
    const started = Date.now();
    expect(h.cancel()).toBe(true);
    expect(await importing).toEqual({ ok: false, error: { code: 'cancelled', message: 'Cancelled.' } });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(h.cancel()).toBe(false);
    // The respawned worker was handed the sample again: queries work without re-opening.
    expect(await h.call('query', { args: { from: '203.0.113.9', to: 'legacy-admin', protocol: 'tcp', port: 22 } })).toMatchObject({ ok: true, value: { allowed: true } });
  }, 60_000);

  it('cancels a busy synchronous computation', async () => {
    const h = start();
    const events: ProgressEvent[] = [];
    h.onProgress((e) => events.push(e));
    const spinning = h.call('testSpin', { ms: 30_000 });
    await waitFor(() => events.length > 0, 20_000);
    expect(h.cancel()).toBe(true);
    expect(await spinning).toMatchObject({ ok: false, error: { code: 'cancelled' } });
  }, 60_000);

  it.each(['throw', 'exit'] as const)('turns a worker crash (%s) into worker-crashed and respawns', async (how) => {
    const h = start();
    await h.call('openSample', {});
    const crashed = await h.call('testCrash', { how });
    expect(crashed).toMatchObject({ ok: false, error: { code: 'worker-crashed' } });
    expect(h.running).toBe(false);
    const again = await h.call('query', { args: { from: '203.0.113.9', to: 'legacy-admin', protocol: 'tcp', port: 22 } });
    expect(again).toMatchObject({ ok: true, value: { allowed: true } });
    expect(h.running).toBe(true);
  }, 60_000);

  it('refuses the test-only operations unless started with testHooks', async () => {
    host = new WorkerHost({ workerPath });
    expect(await host.call('testCrash', { how: 'exit' })).toMatchObject({ ok: false, error: { code: 'bad-input' } });
    expect(host.running).toBe(true);
  }, 60_000);

  it('holds file opens (not the sample) for testHoldOpensMs, and ignores it without testHooks', async () => {
    const files = [{ name: 'tiny.tfstate', text: JSON.stringify({ version: 4, resources: [] }) }];
    host = new WorkerHost({ workerPath, testHooks: true, testHoldOpensMs: 30_000 });
    expect(await host.call('openSample', {})).toMatchObject({ ok: true });
    const held = host.call('openContents', { files });
    await new Promise((r) => setTimeout(r, 300));
    expect(host.cancel()).toBe(true);
    expect(await held).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    await host.close();

    host = new WorkerHost({ workerPath, testHoldOpensMs: 30_000 });
    const t0 = Date.now();
    expect(await host.call('openContents', { files })).toMatchObject({ ok: true });
    expect(Date.now() - t0).toBeLessThan(10_000);
  }, 60_000);

  it('refuses a folder with no usable file, naming it, and keeps the current model', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'reachmap-unusable-'));
    try {
      writeFileSync(path.join(dir, 'README.txt'), 'notes');
      writeFileSync(path.join(dir, 'package.json'), '{"name": "not-a-network"}');
      const h = start();
      expect(await h.call('openSample', {})).toMatchObject({ ok: true });
      const r = await h.call('openPaths', { paths: [dir] });
      expect(r).toMatchObject({ ok: false, error: { code: 'bad-input' } });
      expect(!r.ok && r.error.message).toContain(`${dir}: no usable input (1 file found`);
      const still = await h.call('query', { args: { from: '203.0.113.9', to: 'legacy-admin', protocol: 'tcp', port: 22 } });
      expect(still).toMatchObject({ ok: true, value: { allowed: true } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('answers queries before any model with a clear error', async () => {
    const h = start();
    expect(await h.call('query', { args: { from: 'a', to: 'b', protocol: 'tcp', port: 1 } })).toMatchObject({ ok: false, error: { code: 'bad-input' } });
  }, 60_000);
});

// Several files opened at once where some are bad: the app shows what the good ones hold and names
// each bad one; only when none is usable does the open fail, keeping the map the user had.
describe('opening several files of which some are bad', () => {
  const PARTIAL = path.resolve(__dirname, '../core/import/fixtures/partial');
  const at = (name: string) => path.join(PARTIAL, name);
  const contents = (name: string) => ({ name, text: readFileSync(at(name), 'utf8') });
  const sshToLegacyAdmin = { from: '203.0.113.9', to: 'legacy-admin', protocol: 'tcp', port: 22 };

  it('opens the good paths, names each bad one with its reason, and lists only what opened', async () => {
    const h = start();
    const missing = at('not-there.tfstate');
    const r = await h.call('openPaths', { paths: [at('web.tfstate'), at('malformed.json'), missing, at('db.tfstate')] });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const m = unpackModel(r.value);
    expect(m.snapshot.groups.map((g) => g.id).sort()).toEqual(['sg-0partdb', 'sg-0partweb']);
    expect(m.partial).toEqual({
      opened: 2,
      skipped: [
        { file: missing, reason: 'no such file or folder' },
        { file: at('malformed.json'), reason: expect.stringMatching(/^malformed JSON at line 3, column 3: /) },
      ],
    });
    expect(m.warnings.slice(0, 2).map((w) => [w.code, w.file])).toEqual([['bad-file', missing], ['bad-file', at('malformed.json')]]);
    expect(m.sources).toEqual([at('web.tfstate'), at('db.tfstate')]);
    expect(m.title).toBe('web.tfstate + 1 more');
    // The analysis is of the good files: web reaches db on 5432.
    expect(await h.call('query', { args: { from: 'shop-web-1', to: 'shop-db-1', protocol: 'tcp', port: 5432 } })).toMatchObject({ ok: true, value: { allowed: true } });
  }, 60_000);

  it('does the same for uploaded contents, and says nothing of a partial open when all are good', async () => {
    const h = start();
    const r = await h.call('openContents', { files: [contents('gcp.tfstate'), contents('web.tfstate')] });
    expect(r).toMatchObject({ ok: true, value: { title: 'web.tfstate', sources: ['web.tfstate'], partial: { opened: 1, skipped: [{ file: 'gcp.tfstate', reason: expect.stringContaining('Google Cloud') }] } } });
    const good = await h.call('openContents', { files: [contents('web.tfstate'), contents('db.tfstate')] });
    expect(good.ok && good.value.partial).toBeUndefined();
  }, 60_000);

  it('opens an upload body in the worker: files decoded there (UTF-16 with its mark too), a damaged body refused', async () => {
    const h = start();
    const web = new TextEncoder().encode(contents('web.tfstate').text);
    const db = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(contents('db.tfstate').text, 'utf16le')]);
    const body = Buffer.concat([Buffer.from(`${JSON.stringify({ files: [{ name: 'web.tfstate', bytes: web.length }, { name: 'db.tfstate', bytes: db.length }] })}\n`), web, db]);
    const r = await h.call('openUpload', { body: new Uint8Array(body) });
    expect(r).toMatchObject({ ok: true, value: { title: 'web.tfstate + 1 more', sources: ['web.tfstate', 'db.tfstate'] } });
    expect(await h.call('query', { args: { from: 'shop-web-1', to: 'shop-db-1', protocol: 'tcp', port: 5432 } })).toMatchObject({ ok: true, value: { allowed: true } });
    const damaged = await h.call('openUpload', { body: new Uint8Array(body.subarray(0, body.length - 1)) });
    expect(damaged).toMatchObject({ ok: false, error: { code: 'bad-input', message: expect.stringContaining('The upload is damaged') } });
  }, 60_000);

  it('fails as before when every file is bad, naming the first, and keeps the current model', async () => {
    const h = start();
    expect(await h.call('openSample', {})).toMatchObject({ ok: true });
    const byPath = await h.call('openPaths', { paths: [at('malformed.json'), at('empty.json')] });
    expect(byPath).toMatchObject({ ok: false, error: { code: 'bad-input', file: at('malformed.json') } });
    expect(!byPath.ok && byPath.error.message).toMatch(/malformed\.json: malformed JSON at line 3/);
    const uploaded = await h.call('openContents', { files: [contents('truncated.tfstate'), contents('gcp.tfstate')] });
    expect(uploaded).toMatchObject({ ok: false, error: { code: 'bad-input', file: 'truncated.tfstate', message: expect.stringContaining('truncated') } });
    expect(await h.call('query', { args: sshToLegacyAdmin })).toMatchObject({ ok: true, value: { allowed: true } });
  }, 60_000);
});

async function waitFor(predicate: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}
