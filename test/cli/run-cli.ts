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

export interface CliRunOptions {
  /** Working directory; the repo root unless given. */
  cwd?: string;
  /** The child's whole environment (not merged with this process's); this one's unless given. */
  env?: NodeJS.ProcessEnv;
  /** Called once the child runs, with a way to signal it (cancellation tests). */
  onStart?: (kill: (signal: NodeJS.Signals) => void) => void;
}

/** Runs `node bin/reachmap.mjs ...args` from the repo root, feeding `stdin` when given. */
export function runCli(args: string[], stdin?: string, options: CliRunOptions = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/reachmap.mjs'), ...args], {
      cwd: options.cwd ?? ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: options.env ?? { ...process.env, REACHMAP_DEBUG: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.on('error', () => {}); // the CLI may exit before reading stdin (usage errors)
    child.stdin.end(stdin ?? '');
    options.onStart?.((signal) => child.kill(signal));
  });
}

/** Fixture path relative to the repo root, as a user would type it. */
export const STATE_REL = path.relative(ROOT, STATE);
