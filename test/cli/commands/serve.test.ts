// `reachmap serve` as a user runs it: the bundled CLI prints one parseable URL line, answers the API
// with that token, refuses without it, and exits 0 on SIGTERM; it names inputs it cannot open, and
// does not start when it can open none.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readModelAnswer } from '../../../src/renderer/api-client';
import { runCli, STATE_REL, type CliRun } from '../run-cli';

const root = path.resolve(__dirname, '../../..');
let child: ChildProcess | null = null;
const env = { ...process.env, REACHMAP_USER_DATA: path.join(os.tmpdir(), 'reachmap-serve-cli-test') };

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build-node.mjs'], { cwd: root, stdio: 'inherit' });
}, 120_000);

afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  child = null;
});

/** Runs serve to its exit; one that starts serving instead is killed after a while (code null). */
async function runServeToExit(args: string[]): Promise<CliRun> {
  let timer: NodeJS.Timeout | undefined;
  const run = await runCli(['serve', '--no-open', ...args], undefined, { env, onStart: (kill) => (timer = setTimeout(() => kill('SIGKILL'), 10_000)) });
  clearTimeout(timer);
  return run;
}

function firstLine(proc: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    proc.stdout?.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve(out.slice(0, nl));
    });
    proc.stderr?.on('data', (c: Buffer) => (err += c.toString('utf8')));
    proc.on('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
  });
}

describe('reachmap serve', () => {
  it('prints the tokenised URL on one line, serves the API with it, and stops on SIGTERM', async () => {
    child = spawn(process.execPath, ['bin/reachmap.mjs', 'serve', '--no-open'], { cwd: root, env });
    const line = await firstLine(child);
    const match = /^Reachmap is serving on (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]{43}))$/.exec(line);
    expect(match, line).not.toBeNull();
    const [, , port, token] = match as RegExpExecArray;
    const ok = await fetch(`http://127.0.0.1:${port}/api/getInitialModel`, { method: 'POST', headers: { 'x-reachmap-token': token as string }, body: 'null' });
    // A model comes framed (api-contract HTTP_MODEL_TYPE), read as the page reads it.
    const body = readModelAnswer(await ok.text());
    expect(body).toMatchObject({ ok: true, value: { title: 'three-tier-sample.tfstate' } });
    const refused = await fetch(`http://127.0.0.1:${port}/api/getInitialModel`, { method: 'POST', body: 'null' });
    expect(refused.status).toBe(401);
    const exited = new Promise<number | null>((resolve) => child?.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 60_000);

  it('refuses a bad port with exit status 2 and one line', () => {
    let status = 0;
    let stderr = '';
    try {
      execFileSync(process.execPath, ['bin/reachmap.mjs', 'serve', '--port', '99999', '--no-open'], { cwd: root, stdio: 'pipe' });
    } catch (err) {
      const e = err as { status: number; stderr: Buffer };
      status = e.status;
      stderr = e.stderr.toString();
    }
    expect(status).toBe(2);
    expect(stderr.trim()).toBe("reachmap: serve: --port must be a number from 1 to 65535, not '99999'");
  });

  it('does not start when the one input named does not exist (a typo): one line naming it, exit 2', async () => {
    const run = await runServeToExit(['missing.json']);
    expect(run).toEqual({ code: 2, stdout: '', stderr: 'reachmap: missing.json: no such file or folder\n' });
  });

  it('names each input it cannot open, one line each, and exits 2 when it can open none', async () => {
    const run = await runServeToExit(['missing.json', `${STATE_REL}/under-a-file.json`]);
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: `reachmap: missing.json: no such file or folder\nreachmap: ${STATE_REL}/under-a-file.json: a part of the path is not a folder\n`,
    });
  });

  it('names the inputs it cannot open and serves the others', async () => {
    child = spawn(process.execPath, ['bin/reachmap.mjs', 'serve', '--no-open', 'missing.json', STATE_REL], { cwd: root, env });
    let stderr = '';
    child.stderr?.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const line = await firstLine(child);
    const [, port, token] = /^Reachmap is serving on http:\/\/127\.0\.0\.1:(\d+)\/\?token=(\S+)$/.exec(line) ?? [];
    expect(port, line).toBeDefined();
    const answer = await fetch(`http://127.0.0.1:${port}/api/getInitialModel`, { method: 'POST', headers: { 'x-reachmap-token': token as string }, body: 'null' });
    expect(readModelAnswer(await answer.text())).toMatchObject({ ok: true, value: { title: path.basename(STATE_REL) } });
    const exited = new Promise<number | null>((resolve) => child?.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toBe('reachmap: missing.json: no such file or folder\n');
  }, 60_000);
});
