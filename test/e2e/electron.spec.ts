/**
 * The desktop app end to end through Playwright's Electron driver: the built app (out/main, from
 * `electron-vite build`) opens the sample, opens a Terraform state named on the command line, filters
 * by port, explains an edge, answers "Can A reach B?" and reports a bad file. It needs the Electron
 * binary, which `npm install` downloads; where it is absent (offline CI, this sandbox) the whole file
 * is skipped with a message saying so. The browser-mode spec (app.spec.ts) covers the same flow.
 */
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FIXTURES, waitForMap } from './serve-fixture';

const root = path.resolve(import.meta.dirname, '..', '..');
const mainBundle = path.join(root, 'out', 'main', 'index.js');

/**
 * Where the electron package keeps its binary. Not `require('electron')`: since Electron 36 that
 * tries to download a missing binary, which must not happen as a side effect of listing tests.
 */
function electronBinary(): string | null {
  try {
    const pkgDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const relative = existsSync(path.join(pkgDir, 'path.txt')) ? readFileSync(path.join(pkgDir, 'path.txt'), 'utf8').trim() : '';
    const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
    const binary = override ? path.join(override, relative || 'electron') : relative ? path.join(pkgDir, 'dist', relative) : '';
    return binary && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
const hasElectronBinary = binary !== null;

test.skip(!hasElectronBinary, 'Electron binary not installed here: `npm install` (with network access) downloads it to node_modules/electron/dist; the same flow runs in browser mode in app.spec.ts.');
test.skip(hasElectronBinary && !existsSync(mainBundle), 'out/main is missing: run `npx electron-vite build` first.');

let userData: string;

async function launch(files: string[] = []): Promise<{ app: ElectronApplication; page: Page }> {
  const app = await electron.launch({
    executablePath: binary ?? undefined,
    args: [mainBundle, ...files],
    cwd: root,
    env: { ...process.env, REACHMAP_USER_DATA: userData, ELECTRON_DISABLE_SECURITY_WARNINGS: 'false' },
  });
  const page = await app.firstWindow();
  await waitForMap(page);
  return { app, page };
}

async function visibleEdges(page: Page): Promise<number> {
  return page.evaluate(() => window.__reachmapTest!.visibleEdgeCount());
}

test.beforeEach(() => {
  userData = mkdtempSync(path.join(tmpdir(), 'reachmap-electron-'));
});
test.afterEach(() => {
  rmSync(userData, { recursive: true, force: true });
});

test('the sample opens in a locked-down window', async () => {
  const { app, page } = await launch();
  try {
    await expect(page.locator('#status-title')).toContainText('three-tier-sample');
    expect(await visibleEdges(page)).toBeGreaterThan(3);
    // The page sees only the contract: no Node, no require, a reachmap API with the contract's keys.
    const globals = await page.evaluate(() => ({
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
      api: Object.keys((window as unknown as { reachmap: object }).reachmap).sort(),
    }));
    expect(globals.require).toBe('undefined');
    expect(globals.process).toBe('undefined');
    expect(globals.api).toContain('openSample');
    expect(globals.api).toContain('on');
    const prefs = await app.evaluate(({ BrowserWindow }) => {
      // getLastWebPreferences is an Electron internal that its typings omit; it reports what the window really got.
      const contents = BrowserWindow.getAllWindows()[0]!.webContents as unknown as {
        getLastWebPreferences(): { contextIsolation?: boolean; sandbox?: boolean; nodeIntegration?: boolean } | null;
      };
      const p = contents.getLastWebPreferences();
      return { contextIsolation: p?.contextIsolation, sandbox: p?.sandbox, nodeIntegration: p?.nodeIntegration };
    });
    expect(prefs).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    // The map was laid out in the layout worker, a module worker from file:// under the page's
    // worker-src 'self' (were it refused, the main thread would draw the same map, frozen meanwhile).
    expect(await page.evaluate(() => window.__reachmapTest!.lastLoad)).toMatchObject({ layout: 'fcose', layoutThread: 'worker' });
    await page.screenshot({ path: path.join(root, 'test-results', 'screens', 'electron-01-sample.png') });
  } finally {
    await app.close();
  }
});

test('a Terraform state named on the command line opens; filter, details and A-to-B work', async () => {
  const { app, page } = await launch([path.join(FIXTURES, 'payments.tfstate')]);
  try {
    await expect(page.locator('#status-title')).toContainText('payments.tfstate');
    expect(await visibleEdges(page)).toBe(3);

    await page.locator('#filter-input').fill('5432');
    await page.locator('#filter-input').press('Enter');
    // API -> ledger on 5432, and API -> Internet with all traffic (which carries 5432 too).
    expect(await visibleEdges(page)).toBe(2);
    await page.locator('#filter-input').fill('dst:ledger');
    await page.locator('#filter-input').press('Enter');
    expect(await visibleEdges(page)).toBe(1);

    const [edge] = await page.evaluate(() => window.__reachmapTest!.visibleEdgeIds());
    await page.evaluate((id) => window.__reachmapTest!.tap(id), edge!);
    await expect(page.locator('#details .segment .ports')).toHaveText('tcp 5432');
    await expect(page.locator('#details')).toContainText('Ingress on the destination');

    await page.locator('#q-from').fill('payments-api-1');
    await page.locator('#q-to').fill('ledger-db-host');
    await page.locator('#q-proto').selectOption('tcp');
    await page.locator('#q-port').fill('5432');
    await page.locator('#q-ask').click();
    await expect(page.locator('.verdict')).toHaveAttribute('data-verdict', 'allowed');
    await page.screenshot({ path: path.join(root, 'test-results', 'screens', 'electron-02-payments.png') });
  } finally {
    await app.close();
  }
});

test('a bad file gets a readable error naming it and the map stays', async () => {
  const { app, page } = await launch();
  try {
    await page.locator('#file-input').setInputFiles(path.join(FIXTURES, 'truncated.tfstate'));
    await expect(page.locator('#banner-text')).toContainText('truncated.tfstate');
    expect(await visibleEdges(page)).toBeGreaterThan(0);
  } finally {
    await app.close();
  }
});

test('menu commands reach the page (View > Security Groups)', async () => {
  const { app, page } = await launch();
  try {
    await app.evaluate(({ Menu }) => {
      const item = Menu.getApplicationMenu()?.items.flatMap((m) => m.submenu?.items ?? []).find((i) => i.label === 'Security Groups');
      item?.click();
    });
    await page.waitForFunction(() => window.__reachmapTest!.view() === 'groups');
  } finally {
    await app.close();
  }
});
