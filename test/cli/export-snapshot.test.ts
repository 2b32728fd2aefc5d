/**
 * What the CLI writes for sharing names the inputs by base name: `export-snapshot`, `analyze --json`
 * and `query --json`/`--batch`, run through the real bundle on two states of one base name in two
 * folders under an absolute path (as /home/alice/clients/… would be). The exported snapshot reads
 * back and analyses the same; the output meant for people keeps the paths given.
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisDocument } from '../../src/core/analysis-document';
import { parseSnapshot } from '../../src/core/snapshot-io';
import { writeTwoEnvStates } from '../node/fixtures/env-state';
import { buildCli, runCli } from './run-cli';

let home: string;
let inputs: string[];
beforeAll(async () => {
  await buildCli();
  ({ home, inputs } = writeTwoEnvStates());
}, 120_000);
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('export-snapshot', () => {
  it('writes no absolute path, keeps same-named inputs apart, and reads back', async () => {
    const out = path.join(home, 'shared.reachmap.json');
    expect(await runCli(['export-snapshot', ...inputs, '--out', out])).toEqual({ code: 0, stdout: '', stderr: '' });
    const text = readFileSync(out, 'utf8');
    expect(text).not.toContain(home);
    expect(text).not.toContain('clients');
    const snapshot = parseSnapshot(text, 'shared.reachmap.json');
    expect(snapshot.sources.map((s) => s.file)).toEqual(['a/prod.tfstate', 'b/prod.tfstate']);
    expect(new Set(snapshot.rules.flatMap((r) => r.origins.map((o) => o.file)))).toEqual(new Set(['a/prod.tfstate', 'b/prod.tfstate']));
    expect(snapshot.endpoints.map((e) => e.origin?.file).sort()).toEqual(['a/prod.tfstate', 'b/prod.tfstate']);
    expect(snapshot.warnings.length).toBeGreaterThan(0);

    // Opened again, it is the same network.
    const fresh = JSON.parse((await runCli(['analyze', ...inputs, '--json'])).stdout) as AnalysisDocument;
    const again = await runCli(['analyze', out, '--json']);
    expect(again.code).toBe(0);
    expect((JSON.parse(again.stdout) as AnalysisDocument).summary).toEqual(fresh.summary);
  });
});

describe('JSON output', () => {
  it('analyze --json names the inputs by base name; the summary for people keeps the paths', async () => {
    const run = await runCli(['analyze', ...inputs, '--json']);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain(home);
    const doc = JSON.parse(run.stdout) as AnalysisDocument;
    expect(doc.snapshot.sources.map((s) => s.file)).toEqual(['a/prod.tfstate', 'b/prod.tfstate']);
    expect(doc.warnings.every((w) => w.file === undefined || !path.isAbsolute(w.file))).toBe(true);
    const text = await runCli(['analyze', ...inputs]);
    expect(text.stdout).toContain(inputs[0]);
  });

  it('query --json and --batch name rule origins by base name', async () => {
    const single = await runCli(['query', ...inputs, '--from', '198.51.100.1', '--to', 'web-a', '--protocol', 'tcp', '--port', '443', '--json']);
    expect(single.code).toBe(0);
    expect(single.stdout).not.toContain(home);
    expect(JSON.parse(single.stdout).ingress[0].origins[0].file).toBe('a/prod.tfstate');
    const batch = await runCli(['query', ...inputs, '--batch', '-'], '{"from": "198.51.100.1", "to": "web-b", "protocol": "tcp", "port": 443}\n');
    expect(batch.code).toBe(0);
    expect(batch.stdout).not.toContain(home);
    expect(JSON.parse(batch.stdout).ingress[0].origins[0].file).toBe('b/prod.tfstate');
  });
});
