/**
 * Test helpers that build the real CLI bundle and run it as a child process, exactly as users do
 * (`node bin/reachmap.mjs …`), after bundling it with scripts/build-node.mjs.
 */
import { execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES = path.join(ROOT, 'test/cli/fixtures');
export const STATE = path.join(FIXTURES, 'web-stack.tfstate');

/** Builds the CLI bundle with the project's own build script, which writes atomically. */
export async function buildCli(): Promise<void> {
  await execFileAsync(process.execPath, [path.join(ROOT, 'scripts/build-node.mjs')], { cwd: ROOT });
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/reachmap.mjs ...args` from the repo root, feeding `stdin` when given. */
export function runCli(args: string[], stdin?: string): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/reachmap.mjs'), ...args], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, REACHMAP_DEBUG: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.on('error', () => {}); // the CLI may exit before reading stdin (usage errors)
    child.stdin.end(stdin ?? '');
  });
}

/** Fixture path relative to the repo root, as a user would type it. */
export const STATE_REL = path.relative(ROOT, STATE);
