/**
 * The benchmark's synthetic account at small scale, through the real CLI: the generated state
 * imports with the generated counts, and every generated batch question is answered (no error
 * lines), so the benchmark measures real answers rather than a stream of errors.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateQueryLines, generateSyntheticAccount } from '../../scripts/bench-lib/synthetic-account';
import { buildCli, runCli } from './run-cli';

let tmp: string;
beforeAll(async () => {
  await buildCli();
  tmp = mkdtempSync(path.join(tmpdir(), 'reachmap-synth-'));
}, 120_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

it('is deterministic for a seed', () => {
  const a = JSON.stringify(generateSyntheticAccount({ seed: 3, instances: 50, groups: 10, rules: 80, services: 5 }).state);
  const b = JSON.stringify(generateSyntheticAccount({ seed: 3, instances: 50, groups: 10, rules: 80, services: 5 }).state);
  const c = JSON.stringify(generateSyntheticAccount({ seed: 4, instances: 50, groups: 10, rules: 80, services: 5 }).state);
  expect(a).toBe(b);
  expect(a).not.toBe(c);
});

it('imports with the generated counts and answers every generated question', async () => {
  const account = generateSyntheticAccount({ instances: 300, groups: 60, rules: 1200, services: 30 });
  const state = path.join(tmp, 'synthetic.tfstate');
  writeFileSync(state, JSON.stringify(account.state));
  const analyzed = await runCli(['analyze', state, '--json']);
  expect(analyzed.stderr).toBe('');
  expect(analyzed.code).toBe(0);
  const summary = (JSON.parse(analyzed.stdout) as { summary: Record<string, number> }).summary;
  expect(summary.groups).toBe(60);
  expect(summary.externalGroups).toBe(0);
  expect(summary.endpoints).toBe(300);
  // Identical generated rules in the same group are merged by the importer, so at most 1200.
  expect(summary.rules).toBeGreaterThan(1100);
  expect(summary.rules).toBeLessThanOrEqual(1200);

  const questions = generateQueryLines(account, 500);
  const run = await runCli(['query', state, '--batch', '-'], questions.join('\n'));
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const answers = run.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { verdict?: string; error?: string });
  expect(answers).toHaveLength(500);
  expect(answers.filter((a) => a.error)).toEqual([]);
  expect(answers.some((a) => a.verdict === 'allowed')).toBe(true);
  expect(answers.some((a) => a.verdict === 'denied')).toBe(true);
});
