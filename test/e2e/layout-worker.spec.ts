/**
 * The map's fcose layout runs in a Web Worker (layout-worker.ts): the window keeps painting and
 * answering clicks while a 200-node map is laid out, a layout overtaken by another view never
 * lands, and when the worker cannot start or fails the main thread lays the map out instead, to
 * the same positions. The numbers behind the first test are printed for the record.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { generateSyntheticAccount } from '../../scripts/bench-lib/synthetic-account';
import { expect, test, waitForMap } from './serve-fixture';

let dir: string;
test.beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'reachmap-e2e-layout-'));
});
test.afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A generated account's state of about `instances` endpoints (250: 205 map nodes, 916 edges). */
function syntheticState(instances: number): string {
  const file = path.join(dir, `synthetic-${instances}.tfstate`);
  const account = generateSyntheticAccount({ seed: 5, instances, groups: instances / 5, rules: Math.round(instances * 2.3), services: instances / 10 });
  writeFileSync(file, JSON.stringify(account.state));
  return file;
}

async function open(page: Page, file: string): Promise<void> {
  const loads = await page.evaluate(() => window.__reachmapTest!.loads);
  await page.locator('#file-input').setInputFiles(file);
  await waitForMap(page, loads + 1);
}

/** Where every visible endpoint is drawn. */
async function places(page: Page): Promise<Record<string, { x: number; y: number } | null>> {
  return page.evaluate(() => {
    const t = window.__reachmapTest!;
    return Object.fromEntries(t.visibleLeaves().map((l) => [l.id, t.renderedCenter(l.id)]));
  });
}

function expectSamePlaces(actual: Record<string, { x: number; y: number } | null>, expected: Record<string, { x: number; y: number } | null>): void {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [id, p] of Object.entries(expected)) {
    expect(actual[id]!.x, id).toBeCloseTo(p!.x, 3);
    expect(actual[id]!.y, id).toBeCloseTo(p!.y, 3);
  }
}

/**
 * Lets a test hold the layout worker's answers: while `__holdLayouts` is set, each answer is kept
 * (in `__heldLayouts`) instead of reaching the page, until `__releaseLayouts()`. A test can then
 * act while a layout is certainly still in flight, however fast the machine lays it out, and make
 * an overtaken answer arrive late on purpose. `__heldAt` says when each answer came.
 */
function holdLayoutAnswers(): void {
  const w = window as unknown as { __holdLayouts: boolean; __heldLayouts: (() => void)[]; __heldAt: number[]; __releaseLayouts(): void };
  w.__holdLayouts = false;
  w.__heldLayouts = [];
  w.__heldAt = [];
  w.__releaseLayouts = () => {
    w.__holdLayouts = false;
    for (const deliver of w.__heldLayouts.splice(0)) deliver();
  };
  const RealWorker = window.Worker;
  window.Worker = class extends RealWorker {
    override addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void {
      const call = (e: Event) => (typeof listener === 'function' ? listener.call(this, e) : listener.handleEvent(e));
      const held = (e: Event): void => {
        if (!w.__holdLayouts || type !== 'message') return void call(e);
        // When the worker answered (the page's clock), to tell frames painted while it worked.
        w.__heldAt.push(performance.now());
        w.__heldLayouts.push(() => call(e));
      };
      super.addEventListener(type, held, options);
    }
  } as typeof Worker;
}

async function holdLayouts(page: Page): Promise<void> {
  await page.addInitScript(holdLayoutAnswers);
  await page.reload();
  await waitForMap(page);
  await page.evaluate(() => void ((window as unknown as { __holdLayouts: boolean }).__holdLayouts = true));
}

/** Waits until the worker has answered `count` layouts that the page has not been given. */
async function waitHeldAnswers(page: Page, count: number): Promise<void> {
  await expect.poll(() => page.evaluate(() => (window as unknown as { __heldLayouts: unknown[] }).__heldLayouts.length)).toBe(count);
}

/** Gives the page every held answer, in the order they came, and stops holding. */
async function releaseLayouts(page: Page): Promise<void> {
  await page.evaluate(() => (window as unknown as { __releaseLayouts(): void }).__releaseLayouts());
}

/**
 * Opens a generated state with the layout answers held, and returns once its layout is answered
 * but not given to the page: the map is certainly still being drawn. Resolves with the page's map
 * count from before the open.
 */
async function openWithLayoutHeld(page: Page, file: string): Promise<number> {
  await holdLayouts(page);
  const loads = await page.evaluate(() => window.__reachmapTest!.loads);
  await page.locator('#file-input').setInputFiles(file);
  await expect(page.locator('#progress-text')).toHaveText(/^Drawing the map/);
  await waitHeldAnswers(page, 1);
  return loads;
}

test('a 200-node map is laid out in the worker while the window keeps painting and answering clicks', async ({ app }) => {
  test.setTimeout(120_000);
  const file = syntheticState(250);
  await holdLayouts(app);
  // Every frame, and whether the "Drawing the map" notice was up; every click on Fit, and the same.
  await app.evaluate(() => {
    const w = window as unknown as { frames: { t: number; drawing: boolean }[]; fitClicks: boolean[]; stopFrames: boolean };
    const drawing = () => !document.getElementById('progress')!.hidden && /^Drawing the map/.test(document.getElementById('progress-text')!.textContent ?? '');
    w.frames = [];
    w.fitClicks = [];
    w.stopFrames = false;
    const tick = (t: number) => {
      w.frames.push({ t, drawing: drawing() });
      if (!w.stopFrames) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    document.getElementById('btn-fit')!.addEventListener('click', () => w.fitClicks.push(drawing()));
  });
  const loads = await app.evaluate(() => window.__reachmapTest!.loads);
  await app.locator('#file-input').setInputFiles(file);
  await expect(app.locator('#progress-text')).toHaveText(/^Drawing the map: \d+ nodes/);
  await app.locator('#btn-fit').click();
  // The answer is held until the click is in, so that a fast layout cannot land before it.
  await waitHeldAnswers(app, 1);
  await expect.poll(() => app.evaluate(() => (window as unknown as { fitClicks: boolean[] }).fitClicks.length)).toBe(1);
  await releaseLayouts(app);
  await waitForMap(app, loads + 1);
  await expect(app.locator('#progress')).toBeHidden();
  const { frames, fitClicks, answeredAt } = await app.evaluate(() => {
    const w = window as unknown as { frames: { t: number; drawing: boolean }[]; fitClicks: boolean[]; stopFrames: boolean; __heldAt: number[] };
    w.stopFrames = true;
    return { frames: w.frames, fitClicks: w.fitClicks, answeredAt: w.__heldAt[0]! };
  });
  const stats = await app.evaluate(() => window.__reachmapTest!.lastLoad!);
  expect(stats).toMatchObject({ layout: 'fcose', layoutThread: 'worker', large: false });
  expect(stats.nodes).toBeGreaterThan(150);

  // Frames painted with the notice up while the worker was laying the map out (not while held).
  const drawingFrames = frames.filter((f) => f.drawing && f.t <= answeredAt);
  const gaps = drawingFrames.slice(1).map((f, i) => f.t - drawingFrames[i]!.t);
  const drawnFor = drawingFrames.length ? drawingFrames.at(-1)!.t - drawingFrames[0]!.t : 0;
  console.log(
    `layout worker: ${stats.nodes} nodes, ${stats.edges} edges; ` +
      `${drawingFrames.length} frames painted over ${Math.round(drawnFor)} ms before the worker answered, longest gap ${Math.round(Math.max(0, ...gaps))} ms`,
  );
  // Laid out on the page's thread, the notice got its two frames and then nothing until the map
  // was there: the spinner and any click waited for fcose. Now frames keep coming (14 to 60 here,
  // however busy the machine; the bound leaves room for a slower one).
  expect(drawingFrames.length).toBeGreaterThanOrEqual(6);
  // The click was handled while the map was still being drawn, not queued until after.
  expect(fitClicks).toEqual([true]);
  // The map itself is there, and every endpoint is shown.
  expect(await app.evaluate(() => window.__reachmapTest!.visibleNodeCount())).toBe(stats.nodes);
});

test('a layout overtaken by another view never lands', async ({ app }) => {
  test.setTimeout(120_000);
  // The reachability layout is done in the worker but held from the page: switch views now.
  const loads = await openWithLayoutHeld(app, syntheticState(250));
  await app.locator('#view-switch button[data-view="groups"]').click();
  await expect(app.locator('#view-switch button[data-view="groups"]')).toHaveAttribute('aria-selected', 'true');
  // The groups layout is answered too; then both answers reach the page, the overtaken one first.
  await waitHeldAnswers(app, 2);
  await releaseLayouts(app);
  await waitForMap(app, loads + 1);
  await expect(app.locator('#progress')).toBeHidden();
  // Give an old answer time to come back, were it still to land.
  await app.waitForTimeout(500);
  expect(await app.evaluate(() => window.__reachmapTest!.view())).toBe('groups');
  // One map drawn: the reachability layout was dropped, not drawn and then replaced.
  expect(await app.evaluate(() => window.__reachmapTest!.loads)).toBe(loads + 1);
  expect(await app.evaluate(() => window.__reachmapTest!.lastLoad)).toMatchObject({ layout: 'fcose', layoutThread: 'worker' });
  const overtaken = await places(app);
  // The same view drawn afresh is the same map: nothing of the dropped layout is left on it.
  await app.locator('#view-switch button[data-view="reachability"]').click();
  await waitForMap(app, loads + 2);
  await app.locator('#view-switch button[data-view="groups"]').click();
  await waitForMap(app, loads + 3);
  expectSamePlaces(overtaken, await places(app));
  await expect(app.locator('#progress')).toBeHidden();
});

test('a redraw that keeps places, asked while the map is still being laid out, lays it out afresh', async ({ app }) => {
  test.setTimeout(120_000);
  const loads = await openWithLayoutHeld(app, syntheticState(250));
  // A redraw keeping places (as expanding a group does) while the new map waits, stacked, for its layout.
  await app.evaluate(() => void window.__reachmapTest!.setEdgeDrawLimit(100_000));
  await waitHeldAnswers(app, 2);
  await releaseLayouts(app);
  await waitForMap(app, loads + 1);
  expect(await app.evaluate(() => window.__reachmapTest!.lastLoad)).toMatchObject({ layout: 'fcose', layoutThread: 'worker' });
  // Spread out, not kept where they waited: no two endpoints in the same place.
  const at = Object.values(await places(app)).map((p) => `${Math.round(p!.x)},${Math.round(p!.y)}`);
  expect(new Set(at).size).toBe(at.length);
});

// What the page sees when its worker cannot start (a policy refusing it, no Worker at all), and
// when the worker fails at once (a script that does not load).
const brokenWorkers = {
  'cannot start': () => {
    window.Worker = class {
      constructor() {
        throw new DOMException('Refused to create a worker', 'SecurityError');
      }
    } as unknown as typeof Worker;
  },
  'fails to load': () => {
    window.Worker = class extends EventTarget {
      onmessage = null;
      onerror = null;
      postMessage(): void {
        setTimeout(() => this.dispatchEvent(new Event('error', { cancelable: true })), 20);
      }
      terminate(): void {}
    } as unknown as typeof Worker;
  },
};

for (const [what, breakWorker] of Object.entries(brokenWorkers)) {
  test(`when the layout worker ${what}, the main thread draws the same map`, async ({ app, context, server }) => {
    test.setTimeout(120_000);
    const file = syntheticState(60);
    const fallback = await context.newPage();
    const errors: string[] = [];
    fallback.on('pageerror', (err) => errors.push(err.message));
    fallback.on('console', (msg) => void (msg.type() === 'error' && errors.push(msg.text())));
    await fallback.addInitScript(breakWorker);
    await fallback.goto(server.url);
    await waitForMap(fallback);

    // The sample, as the worker and as the main thread lay it out.
    expect(await app.evaluate(() => window.__reachmapTest!.lastLoad)).toMatchObject({ layout: 'fcose', layoutThread: 'worker' });
    expect(await fallback.evaluate(() => window.__reachmapTest!.lastLoad)).toMatchObject({ layout: 'fcose', layoutThread: 'main' });
    expectSamePlaces(await places(fallback), await places(app));

    // A generated state, then a group expanded to its members (the short incremental pass).
    for (const page of [app, fallback]) await open(page, file);
    expectSamePlaces(await places(fallback), await places(app));
    const group = (await app.evaluate(() => window.__reachmapTest!.visibleLeaves())).find((l) => l.id.startsWith('fg:'));
    expect(group, 'the generated state has grouped endpoints').toBeDefined();
    for (const page of [app, fallback]) {
      const loads = await page.evaluate(() => window.__reachmapTest!.loads);
      await page.evaluate((id) => window.__reachmapTest!.tap(id), group!.id);
      await page.getByRole('button', { name: 'Expand to members' }).click();
      await waitForMap(page, loads + 1);
    }
    expect(await app.evaluate(() => window.__reachmapTest!.lastLoad)).toMatchObject({ layout: 'kept', layoutThread: 'worker' });
    expect(await fallback.evaluate(() => window.__reachmapTest!.lastLoad)).toMatchObject({ layout: 'kept', layoutThread: 'main' });
    expectSamePlaces(await places(fallback), await places(app));
    expect(errors).toEqual([]);
    await fallback.close();
  });
}
