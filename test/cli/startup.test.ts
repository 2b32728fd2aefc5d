/**
 * The AWS SDK is large (about 400 ms to load) and only import-aws and the live import use it: the
 * CLI must not load it for any other command, and the analysis worker must not load it at start.
 * Checked on the real bundles: the CLI in a child process whose CommonJS cache (where the SDK's
 * modules land) is read after a command ran, the worker by its top-level imports.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli, ROOT, STATE } from './run-cli';

const execFileAsync = promisify(execFile);

beforeAll(async () => {
  await buildCli();
}, 120_000);

/** Runs the bundled CLI's main in a child and says whether the EC2 client was loaded by then. */
async function sdkLoadedAfter(args: string[], loadAwsImport = false): Promise<boolean> {
  const script = `
    import { createRequire } from 'node:module';
    const { main } = await import(${JSON.stringify(path.join(ROOT, 'out/cli/reachmap.mjs'))});
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = () => true;
    await main(${JSON.stringify(args)});
    ${loadAwsImport ? `await import(${JSON.stringify(path.join(ROOT, 'out/chunks', readdirSync(path.join(ROOT, 'out/chunks')).find((f) => /^aws-import-.*\.mjs$/.test(f)) ?? 'missing'))});` : ''}
    write(String(Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes('client-ec2'))));
  `;
  const { stdout } = await execFileAsync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT });
  return stdout.trim() === 'true';
}

describe('startup without the AWS SDK', () => {
  it('the CLI loads it for no command but import-aws', async () => {
    expect(await sdkLoadedAfter(['--version'])).toBe(false);
    expect(await sdkLoadedAfter(['analyze', STATE])).toBe(false);
    expect(await sdkLoadedAfter(['query', STATE, '--from', '203.0.113.9', '--to', '10.0.1.10', '--protocol', 'tcp', '--port', '22'])).toBe(false);
    // The check sees the SDK once the import-aws code is loaded.
    expect(await sdkLoadedAfter(['--version'], true)).toBe(true);
  }, 60_000);

  it('the analysis worker bundle imports it only on demand', () => {
    const entry = path.join(ROOT, 'out/node/analysis-worker.mjs');
    // The entry and every chunk it imports statically, transitively: shared code lands in chunks.
    const loaded = new Set<string>();
    const visit = (file: string): void => {
      if (loaded.has(file)) return;
      loaded.add(file);
      for (const m of readFileSync(file, 'utf8').matchAll(/^(?:import|export)[^;]*?from\s*["'](\.{1,2}\/[^"']+)["']/gm)) visit(path.resolve(path.dirname(file), m[1] as string));
    };
    visit(entry);
    expect(loaded.size).toBeGreaterThan(1);
    for (const file of loaded) expect(readFileSync(file, 'utf8'), path.relative(ROOT, file)).not.toMatch(/^(?:import|export)[^;]*from\s*["']@aws-sdk\//m);
    expect(readFileSync(entry, 'utf8')).toMatch(/import\(["']\.\.\/chunks\/aws-import-[\w-]+\.mjs["']\)/);
  });
});
