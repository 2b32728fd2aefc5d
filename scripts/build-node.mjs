// Bundles the Node-side entry points (CLI, analysis worker, corpus check, benchmarks) with esbuild.
// Why a bundle rather than a TS loader: a worker_threads worker cannot load a .ts entry, and a bundled
// CLI starts fast enough for batch use. Entries that do not exist yet are skipped so partial trees build.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const entries = {
  'cli/reachmap': 'src/cli/main.ts',
  'node/analysis-worker': 'src/node/analysis-worker.ts',
  'node/check-corpus': 'scripts/check-corpus.ts',
  'node/bench': 'scripts/bench.ts',
  'node/bench-render': 'scripts/bench-render.ts',
};

const present = Object.fromEntries(Object.entries(entries).filter(([, src]) => existsSync(src)));
if (Object.keys(present).length > 0) {
  await build({
    entryPoints: present,
    outdir: 'out',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    packages: 'external',
    logLevel: 'warning',
  });
}
