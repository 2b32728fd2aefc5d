// Bundles the Node-side entry points (CLI, analysis worker, corpus check, benchmarks) with esbuild,
// code shared by them or loaded on demand in out/chunks.
// Why a bundle rather than a TS loader: a worker_threads worker cannot load a .ts entry, and a bundled
// CLI starts fast enough for batch use. Outputs are written to a temp file and renamed, because test
// files run this build concurrently and a child must never load a half-written bundle.
import { build } from 'esbuild';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const result = await build({
  absWorkingDir: root,
  entryPoints: {
    'cli/reachmap': 'src/cli/main.ts',
    'node/analysis-worker': 'src/node/analysis-worker.ts',
    'node/check-corpus': 'scripts/check-corpus.ts',
    'node/bench': 'scripts/bench.ts',
    'node/bench-render': 'scripts/bench-render.ts',
  },
  outdir: 'out',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  // Dynamic imports (the AWS SDK behind import-aws and the live import) become chunks loaded when
  // used: inlined, the SDK's imports were hoisted to the top of every bundle and cost each CLI run
  // and each worker start ~400 ms. Chunk names carry a content hash, so builds running at once
  // write the same files.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  packages: 'external',
  logLevel: 'warning',
  write: false,
});
// Chunks before the entries that import them, so a process started mid-build never finds an entry
// whose new chunk is not there yet.
const chunksDir = path.join(root, 'out', 'chunks') + path.sep;
const outputs = [...result.outputFiles].sort((a, b) => Number(!a.path.startsWith(chunksDir)) - Number(!b.path.startsWith(chunksDir)));
for (const file of outputs) {
  mkdirSync(path.dirname(file.path), { recursive: true });
  const tmp = `${file.path}.${process.pid}.tmp`;
  writeFileSync(tmp, file.contents);
  renameSync(tmp, file.path);
}
