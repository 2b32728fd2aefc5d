/**
 * Render benchmark (`npm run bench`, after the core benchmark): in headless Debian Chromium, on a
 * synthetic network of 2,000 endpoints and 10,000 grouped flow edges, times our map (render, filter,
 * unfilter, one pan frame) next to a bare Cytoscape page with the same elements and positions, prints
 * the ratios, and fails when filtering the big map is not well under a second.
 * Why a bundle at run time: the page needs the renderer modules and Cytoscape as one browser script,
 * and esbuild makes it in a fraction of a second without another build step. The page is served
 * from a loopback HTTP server with the layout worker bundled beside it (at the URL layout-jobs.ts
 * asks for), so the map is laid out in the worker as in the app, not on the page's thread.
 */
import { build } from 'esbuild';
import { chromium } from '@playwright/test';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RenderTimes } from './bench-render/page';

/** Our own filtering work (decide + toggle, before the paint) must stay well under a second. */
const FILTER_BUDGET_MS = 1000;
/**
 * The paint after a filter is Cytoscape redrawing thousands of edges in software; on a shared machine
 * its wall time says more about the load than about us, so it is gated relative to bare Cytoscape.
 */
const MAX_RATIO_TO_BARE = 2.5;
const SIZES = [
  { endpoints: 200, edges: 1000 },
  { endpoints: 2000, edges: 10000 },
];

/** A source file of the repository, from the bundle in out/node or from the repository root. */
function findSource(relative: string): string {
  const candidates = [fileURLToPath(new URL(`../../${relative}`, import.meta.url)), path.resolve(relative)];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`bench-render: ${relative} not found; run from the repository root.`);
  return found;
}

async function bundle(entry: string): Promise<string> {
  const result = await build({ entryPoints: [findSource(entry)], bundle: true, format: 'esm', platform: 'browser', target: 'chrome120', write: false, minify: true, logLevel: 'warning' });
  return result.outputFiles[0]!.text;
}

/** The page, its script and the layout worker on 127.0.0.1; resolves with its URL and a close(). */
async function servePage(): Promise<{ url: string; close(): Promise<void> }> {
  const files = new Map<string, { type: string; body: string }>([
    ['/', { type: 'text/html', body: '<!doctype html><html><body style="margin:0"><script type="module" src="/page.js"></script></body></html>' }],
    ['/page.js', { type: 'text/javascript', body: await bundle('scripts/bench-render/page.ts') }],
    // Where `new URL('./layout-worker.ts', import.meta.url)` in the page's script leads.
    ['/layout-worker.ts', { type: 'text/javascript', body: await bundle('src/renderer/layout-worker.ts') }],
  ]);
  const server = createServer((req, res) => {
    const file = files.get(req.url ?? '');
    res.writeHead(file ? 200 : 404, { 'content-type': file?.type ?? 'text/plain' }).end(file?.body ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const formatMs = (ms: number): string => `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
const formatRatio = (a: number, b: number): string => (b > 0 ? `${(a / b).toFixed(2)}x` : 'n/a');

async function main(): Promise<number> {
  const served = await servePage();
  const browser = await chromium.launch({
    executablePath: process.env.REACHMAP_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  let failed = false;
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(served.url);
    await page.waitForFunction(() => !!window.reachmapBench);
    console.log('Render benchmark (headless Chromium, software rendering)');
    for (const size of SIZES) {
      const ours = (await page.evaluate(([n, e]) => window.reachmapBench.ours(n, e), [size.endpoints, size.edges] as const)) as RenderTimes;
      const bare = (await page.evaluate(([n, e]) => window.reachmapBench.bare(n, e), [size.endpoints, size.edges] as const)) as RenderTimes;
      console.log(`\n  ${size.endpoints} endpoints, ${size.edges} flow edges (map: ${ours.nodes} nodes, ${ours.edges} edges; laid out by ${ours.layout})`);
      console.log(`    ${'step'.padEnd(22)}${'reachmap'.padStart(12)}${'bare cytoscape'.padStart(16)}${'ratio'.padStart(9)}`);
      for (const [label, key] of [['render (first paint)', 'renderMs'], ['filter "22"', 'filterMs'], ['  of which script', 'filterSyncMs'], ['clear filter', 'unfilterMs'], ['pan/zoom frame', 'panFrameMs']] as const) {
        console.log(`    ${label.padEnd(22)}${formatMs(ours[key]).padStart(12)}${formatMs(bare[key]).padStart(16)}${formatRatio(ours[key], bare[key]).padStart(9)}`);
      }
      console.log(`    edges left by the filter: reachmap ${ours.visibleAfterFilter}, bare ${bare.visibleAfterFilter}`);
      if (ours.visibleAfterFilter !== bare.visibleAfterFilter) {
        console.error('    FAIL: the two pages disagree on what the filter keeps');
        failed = true;
      }
      if (ours.filterSyncMs >= FILTER_BUDGET_MS) {
        console.error(`    FAIL: deciding and toggling visibility took ${formatMs(ours.filterSyncMs)}; the budget is ${FILTER_BUDGET_MS} ms`);
        failed = true;
      }
      const worst = Math.max(ours.filterMs / bare.filterMs, ours.unfilterMs / bare.unfilterMs);
      if (worst > MAX_RATIO_TO_BARE) {
        console.error(`    FAIL: filtering with its paint is ${worst.toFixed(2)}x bare Cytoscape; the limit is ${MAX_RATIO_TO_BARE}x`);
        failed = true;
      }
      if (Math.max(ours.filterMs, ours.unfilterMs) >= FILTER_BUDGET_MS) {
        console.log(`    note: filter + paint over ${FILTER_BUDGET_MS} ms here (load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores); bare Cytoscape took ${formatMs(bare.filterMs)}`);
      }
    }
  } finally {
    await browser.close();
    await served.close();
  }
  return failed ? 1 : 0;
}

process.exitCode = await main();
