#!/usr/bin/env node
// Launcher for the `reachmap` CLI. The CLI is bundled by `npm run build:node` (run on `npm install`
// through `prepare`) so it starts fast and needs no TypeScript loader at run time.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const bundle = fileURLToPath(new URL('../out/cli/reachmap.mjs', import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write('reachmap: the CLI is not built yet; run `npm run build:node` in the reachmap folder.\n');
  process.exit(2);
}
const { main } = await import(pathToFileURL(bundle).href);
process.exitCode = await main(process.argv.slice(2));
