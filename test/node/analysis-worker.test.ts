// The app's "Export snapshot" and "Export analysis" through the API handlers and the REAL bundled
// worker: files opened by absolute path are exported under their base names (two of one base name
// keep the folder that tells them apart), the export reads back, and the model the map shows keeps
// the full paths.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisDocument } from '../../src/core/analysis-document';
import { parseSnapshot } from '../../src/core/snapshot-io';
import { createApiHandlers } from '../../src/node/api-handlers';
import { resolveWorkerPath, WorkerHost } from '../../src/node/worker-host';
import { writeTwoEnvStates } from './fixtures/env-state';
import { unpackModel } from '../../src/shared/model-wire';

const root = path.resolve(__dirname, '../..');
let home: string;
let inputs: string[];
let host: WorkerHost;

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build-node.mjs'], { cwd: root, stdio: 'inherit' });
  host = new WorkerHost({ workerPath: resolveWorkerPath() });
  ({ home, inputs } = writeTwoEnvStates());
}, 120_000);
afterAll(async () => {
  await host.close();
  rmSync(home, { recursive: true, force: true });
});

describe('exports from the app', () => {
  it('name the inputs by base name and read back, while the map keeps the full paths', async () => {
    const written = new Map<string, string>();
    const h = createApiHandlers({
      mode: 'electron',
      version: 'test',
      worker: host,
      showSaveDialog: async (request) => path.join(home, 'out', request.defaultName),
      writeFile: async (file, data) => void written.set(file, typeof data === 'string' ? data : Buffer.from(data).toString('utf8')),
    });
    const opened = await h.openPaths({ paths: inputs });
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    expect(unpackModel(opened.value).snapshot.sources.map((s) => s.file)).toEqual(inputs);

    const snap = await h.exportData({ format: 'snapshot' });
    const analysis = await h.exportData({ format: 'analysis' });
    expect(snap.ok && analysis.ok).toBe(true);
    const [snapText, docText] = [...written.values()] as [string, string];
    for (const text of [snapText, docText]) expect(text).not.toContain(home);

    const back = parseSnapshot(snapText, 'shared.reachmap.json');
    expect(back.sources.map((s) => s.file)).toEqual(['a/prod.tfstate', 'b/prod.tfstate']);
    expect(back.rules.length).toBe(unpackModel(opened.value).snapshot.rules.length);
    const doc = JSON.parse(docText) as AnalysisDocument;
    expect(doc.snapshot.sources).toEqual(back.sources);
    expect(doc.warnings.map((w) => w.file)).toEqual(back.warnings.map((w) => w.file));

    // Exporting changed nothing the app keeps: a later export or the map still has the paths.
    const reopened = await h.getInitialModel(null);
    expect(reopened.ok && unpackModel(reopened.value).snapshot.sources.map((s) => s.file)).toEqual(inputs);
  });
});
