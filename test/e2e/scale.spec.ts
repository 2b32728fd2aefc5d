/**
 * Scale in the real app: a generated Terraform state of 2,000 instances (about 10,000 flow edges
 * once analysed) goes through the host's importer and worker analysis and onto the map, which must
 * render, filter well under a second and keep panning smooth. The per-step numbers are printed; the render benchmark (npm run bench) covers
 * the 10,000-edge map next to bare Cytoscape.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateSyntheticAccount, type SyntheticOptions } from '../../scripts/bench-lib/synthetic-account';
import { expect, test, waitForMap } from './serve-fixture';

/** Writes a generated account's state to a temporary file, runs `body` with its path, then removes it. */
async function withSyntheticState(name: string, options: SyntheticOptions, body: (file: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'reachmap-e2e-state-'));
  try {
    const file = path.join(dir, name);
    writeFileSync(file, JSON.stringify(generateSyntheticAccount(options).state));
    await body(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a 2,000-instance state renders, filters in well under a second and pans', async ({ app, shoot }) => {
  test.setTimeout(240_000);
  await withSyntheticState('scale-2000.tfstate', { seed: 3, instances: 2000, groups: 400, rules: 4600, services: 200 }, async (file) => {
    const loads = await app.evaluate(() => window.__reachmapTest!.loads);
    // The sample drew at once; a map this size says it is drawing before the page goes busy.
    expect(await app.evaluate(() => window.__reachmapTest!.lastDrawNotice)).toBeNull();
    const t0 = Date.now();
    await app.locator('#file-input').setInputFiles(file);
    await waitForMap(app, loads + 1);
    const openMs = Date.now() - t0;
    expect(await app.evaluate(() => window.__reachmapTest!.lastDrawNotice)).toMatch(/^Drawing the map: \d{4} nodes, (\d+ of )?\d+ edges…$/);
    await expect(app.locator('#progress')).toBeHidden();
    expect(await app.locator('#progress-cancel').getAttribute('hidden')).toBeNull();
    const size = await app.evaluate(() => {
      const t = window.__reachmapTest!;
      return { nodes: t.visibleNodeCount(), edges: t.visibleEdgeCount(), layout: t.lastLoad?.layout, layoutMs: t.lastLoad?.layoutMs };
    });
    expect(size.nodes).toBeGreaterThan(1000);
    expect(size.edges).toBeGreaterThan(5000);

    await shoot('13-scale-2000');
    // Best of three filter/clear cycles: the machine is shared, and one scheduling hiccup is not
    // what a user sees on every filter change.
    let filterMs = Infinity;
    let clearMs = Infinity;
    let filtered = 0;
    for (let i = 0; i < 3; i++) {
      filterMs = Math.min(filterMs, await app.evaluate(() => window.__reachmapTest!.timeFilter('22')));
      filtered = await app.evaluate(() => window.__reachmapTest!.visibleEdgeCount());
      clearMs = Math.min(clearMs, await app.evaluate(() => window.__reachmapTest!.timeClearFilters()));
    }
    expect(filtered).toBeLessThan(size.edges);
    // A narrowing filter hides the edges it leaves out rather than taking them off the map, so
    // clearing it only shows them again (adding them back took seconds).
    await app.evaluate(() => window.__reachmapTest!.timeFilter('22'));
    expect(await app.evaluate(() => window.__reachmapTest!.mapEdgeCount())).toBeGreaterThanOrEqual(size.edges);
    await app.evaluate(() => window.__reachmapTest!.timeClearFilters());

    // A real drag on the canvas: Cytoscape hides edges while the viewport moves on big maps.
    const box = (await app.locator('#map').boundingBox())!;
    await app.evaluate(() => window.__reachmapTest!.startFrameMonitor());
    await app.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await app.mouse.down();
    for (let i = 1; i <= 20; i++) await app.mouse.move(box.x + box.width / 2 + i * 10, box.y + box.height / 2 + i * 4);
    await app.mouse.up();
    const gaps = await app.evaluate(() => window.__reachmapTest!.stopFrameMonitor());
    const sorted = [...gaps].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? 0;

    console.log(
      `scale: opened in ${openMs} ms (map ${size.nodes} nodes, ${size.edges} edges, layout ${size.layout} ${Math.round(size.layoutMs ?? 0)} ms); ` +
        `filter "22" ${Math.round(filterMs)} ms -> ${filtered} edges, clear ${Math.round(clearMs)} ms; drag: ${gaps.length} frames, median gap ${Math.round(median)} ms`,
    );
    await shoot('14-scale-2000-after-drag');
    // The sub-second requirement itself is gated where timing is meaningful: the render benchmark
    // (npm run bench, paint included, next to bare Cytoscape) and the pure 10,000-edge filter test.
    // Here, on a CI machine that may be busy, the bound catches order-of-magnitude regressions
    // (clearing took 3.7 s before filters stopped forcing bounds and z-order recomputation).
    expect(filterMs).toBeLessThan(2000);
    expect(clearMs).toBeLessThan(2000);
  });
});

test.describe('cancel', () => {
  // However fast the machine imports, the open spins in the worker long enough to be cancelled
  // (CI once finished the real import before the click landed).
  test.use({ holdOpensMs: 60_000 });
  test('a long open shows progress and can be cancelled, keeping the current map', async ({ app, shoot }) => {
    test.setTimeout(120_000);
    await withSyntheticState('cancel-me.tfstate', { seed: 5, instances: 200, groups: 40, rules: 460, services: 20 }, async (file) => {
      const title = await app.evaluate(() => window.__reachmapTest!.title());
      await app.locator('#file-input').setInputFiles(file);
      await expect(app.locator('#progress')).toBeVisible();
      await shoot('15-progress');
      await app.locator('#progress-cancel').click();
      await expect(app.locator('#banner-text')).toHaveText('Cancelled.');
      await expect(app.locator('#progress')).toBeHidden();
      expect(await app.evaluate(() => window.__reachmapTest!.title())).toBe(title);
    });
  });
});
