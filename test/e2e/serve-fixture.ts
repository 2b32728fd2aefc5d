/**
 * Playwright fixtures for browser mode: each test gets its own `reachmap serve` (startServer from
 * src/node/serve.ts, on 127.0.0.1 with a fresh token and a temporary user-data folder) serving the
 * built renderer from out/renderer, and a page opened on its URL that waits until the first map is
 * drawn. `shoot` saves a named screenshot under test-results/screens/ to be looked at.
 */
import { test as base, expect } from '@playwright/test';
import type { Page } from '@playwright/test';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer } from '../../src/node/serve';
import type { RunningServer } from '../../src/node/serve';

const root = path.resolve(import.meta.dirname, '..', '..');
export const SCREENS = path.join(root, 'test-results', 'screens');
export const FIXTURES = path.join(import.meta.dirname, 'fixtures');

function findWorker(): string | undefined {
  // The Node bundle (npm run build:node) or the one electron-vite puts next to the main bundle.
  for (const p of ['out/node/analysis-worker.mjs', 'out/main/analysis-worker.js']) {
    if (existsSync(path.join(root, p))) return path.join(root, p);
  }
  return undefined;
}

export interface AppFixtures {
  /** Makes every file open spin this long in the worker first (see WorkerStartData.testHoldOpensMs). */
  holdOpensMs: number;
  /** Files named on the command line, as in `reachmap serve a b c`; none opens the sample. */
  launchInputs: string[];
  /** Console errors a test causes on purpose (a request it makes fail); any other fails the test. */
  allowedConsoleErrors: RegExp[];
  server: RunningServer;
  app: Page;
  shoot(name: string): Promise<void>;
}

export const test = base.extend<AppFixtures>({
  holdOpensMs: [0, { option: true }],
  launchInputs: [[], { option: true }],
  allowedConsoleErrors: [[], { option: true }],
  server: async ({ holdOpensMs, launchInputs }, use) => {
    const rendererDir = path.join(root, 'out', 'renderer');
    if (!existsSync(path.join(rendererDir, 'index.html'))) {
      throw new Error('out/renderer is missing: run `npx electron-vite build` first (npm run test:e2e does).');
    }
    const userDataDir = mkdtempSync(path.join(tmpdir(), 'reachmap-e2e-'));
    const workerPath = findWorker();
    const server = await startServer({
      port: 0,
      rendererDir,
      userDataDir,
      version: 'e2e',
      inputs: launchInputs,
      ...(workerPath ? { workerPath } : {}),
      ...(holdOpensMs ? { testHooks: true, testHoldOpensMs: holdOpensMs } : {}),
    });
    await use(server);
    await server.close();
    rmSync(userDataDir, { recursive: true, force: true });
  },
  app: async ({ page, server, allowedConsoleErrors }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text());
    });
    await page.goto(server.url);
    await waitForMap(page);
    await use(page);
    // A CSP violation or an uncaught exception is a bug even when the assertions passed.
    expect(errors.filter((e) => !/favicon/.test(e) && !allowedConsoleErrors.some((r) => r.test(e)))).toEqual([]);
  },
  shoot: async ({ page }, use) => {
    mkdirSync(SCREENS, { recursive: true });
    await use(async (name) => {
      await page.screenshot({ path: path.join(SCREENS, `${name}.png`) });
    });
  },
});

/** Waits until the app has drawn a model (or finished trying) and the layout settled. */
export async function waitForMap(page: Page, minLoads = 1): Promise<void> {
  await page.waitForFunction((n) => !!window.__reachmapTest?.ready && window.__reachmapTest.loads >= n, minLoads, { timeout: 30_000 });
}

export { expect };
