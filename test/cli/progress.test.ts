/**
 * Progress lines: printed on stderr only when stderr is a terminal and the input is big enough for
 * the phases to take noticeable time; stdout is never touched. Runs `main` in-process with fake
 * streams, since a child process cannot be given a terminal for stderr here.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { STATE } from './run-cli';

let tmp: string;
let big: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'reachmap-progress-'));
  // The fixture padded with a large output value: big input, same small network.
  const state = JSON.parse(readFileSync(STATE, 'utf8')) as { outputs: Record<string, unknown> };
  state.outputs.padding = { value: 'x'.repeat(1_500_000), type: 'string' };
  big = path.join(tmp, 'big.tfstate');
  writeFileSync(big, JSON.stringify(state));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function runInProcess(args: string[], tty: boolean) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await main(args, { stdout, stderr, stdin: new PassThrough(), stderrIsTty: tty });
  return { code, out, err };
}

it('prints phases for a big input when stderr is a terminal', async () => {
  const run = await runInProcess(['analyze', big], true);
  expect(run.code).toBe(0);
  expect(run.err).toMatch(/^reachmap: reading .* done in \d+ ms \(1 file, 1\.\d MB\)$/m);
  expect(run.err).toMatch(/^reachmap: importing…$/m);
  expect(run.err).toMatch(/^reachmap: analysing done in /m);
  expect(run.out).toContain('security groups   4 defined, 1 external');
});

it('stays quiet for a big input when stderr is not a terminal', async () => {
  const run = await runInProcess(['analyze', big], false);
  expect(run.code).toBe(0);
  expect(run.err).toBe('');
});

it('stays quiet for a small input even on a terminal', async () => {
  const run = await runInProcess(['analyze', STATE], true);
  expect(run.code).toBe(0);
  expect(run.err).toBe('');
});
