/**
 * Test helpers that build the real CLI bundle and run it as a child process, exactly as users do
 * (`node bin/reachmap.mjs …`). The build writes through temp files and renames so several test
 * files building at once never let a child load a half-written bundle.
 */
import { spawn } from 'node:child_process';
import { renameSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES = path.join(ROOT, 'test/cli/fixtures');
export const STATE = path.join(FIXTURES, 'web-stack.tfstate');

/** Bundles src/cli/main.ts to out/cli/reachmap.mjs with the options scripts/build-node.mjs uses. */
export async function buildCli(): Promise<void> {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { 'cli/reachmap': 'src/cli/main.ts' },
    outdir: 'out',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    packages: 'external',
    logLevel: 'silent',
    write: false,
  });
  for (const file of result.outputFiles) {
    mkdirSync(path.dirname(file.path), { recursive: true });
    const tmp = `${file.path}.${process.pid}.tmp`;
    writeFileSync(tmp, file.contents);
    renameSync(tmp, file.path);
  }
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
