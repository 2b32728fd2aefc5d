/**
 * End-to-end specs of opening several files at once when some are bad: the map shows what the good
 * ones hold, and a banner a user cannot miss names each skipped file and why (as do the warnings).
 * When every file is bad the open fails as one bad file does and the map stays. The same holds for
 * files named on the command line (`reachmap serve a b c`), and Open Recent keeps only what opened.
 * Each test saves a screenshot in test-results/screens/ for a person to look at.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, FIXTURES, test, waitForMap } from './serve-fixture';

const hasPaymentsApi = (page: Page): Promise<boolean> =>
  page.evaluate(() => window.__reachmapTest!.hasElement('ep:i-0api1') && window.__reachmapTest!.hasElement('ep:i-0ledger'));

test('a good and a bad file chosen together: the good one is mapped, the bad one named in the banner and the warnings', async ({ app, shoot }) => {
  const loads = await app.evaluate(() => window.__reachmapTest!.loads);
  await app.locator('#file-input').setInputFiles(['payments.tfstate', 'malformed.json'].map((f) => path.join(FIXTURES, f)));
  await waitForMap(app, loads + 1);

  expect(await hasPaymentsApi(app)).toBe(true);
  await expect(app.locator('#status-title')).toHaveText(/^payments\.tfstate/);
  await expect(app.locator('#status-title')).not.toContainText('malformed.json');

  const banner = app.locator('#banner');
  await expect(banner).toBeVisible();
  await expect(banner).toHaveClass(/warning/);
  await expect(app.locator('#banner-text')).toHaveText(
    "Opened 1 of 2 files. Skipped malformed.json: malformed JSON at line 4, column 3: Expected ',' or '}' after property value. The map shows only the files that opened.",
  );
  const warning = app.locator('#warnings li', { hasText: 'bad-file' });
  await expect(warning).toHaveCount(1);
  await expect(warning).toContainText('malformed.json: malformed JSON at line 4');
  // It concerns no node on the map: it is not offered as a button that would lead to one.
  await expect(warning.getByRole('button')).toHaveCount(0);
  await shoot('open-several-partial');

  // The query answers from the good file alone.
  await app.locator('#q-from').fill('i-0api1');
  await app.locator('#q-to').fill('i-0ledger');
  await app.locator('#q-port').fill('5432');
  await app.locator('#q-ask').click();
  await expect(app.locator('.verdict')).toHaveAttribute('data-verdict', 'allowed');
});

test.describe('uploads', () => {
  // The request this test fails on purpose is logged by Chromium.
  test.use({ allowedConsoleErrors: [/^Failed to load resource: net::ERR_FAILED$/] });

  test('chosen files go up as the browser reads them; when that fails the page reads them itself and still opens them', async ({ app }) => {
    const sent: string[] = [];
    await app.route('**/api/openContents', async (route) => {
      const type = route.request().headers()['content-type'] ?? '';
      sent.push(type);
      // The first upload fails the way it does when the browser cannot read a chosen file.
      if (type.startsWith('application/vnd.reachmap.upload') && sent.length === 1) return route.abort('failed');
      return route.continue();
    });
    let loads = await app.evaluate(() => window.__reachmapTest!.loads);
    await app.locator('#file-input').setInputFiles(['payments.tfstate', 'malformed.json'].map((f) => path.join(FIXTURES, f)));
    await waitForMap(app, loads + 1);
    expect(sent).toEqual(['application/vnd.reachmap.upload', 'application/json']);
    expect(await hasPaymentsApi(app)).toBe(true);
    await expect(app.locator('#banner-text')).toHaveText(/^Opened 1 of 2 files\. Skipped malformed\.json: malformed JSON at line 4/);

    // An upload that goes through is the only request.
    loads = await app.evaluate(() => window.__reachmapTest!.loads);
    await app.locator('#file-input').setInputFiles(path.join(FIXTURES, 'shop-prod.tfstate'));
    await waitForMap(app, loads + 1);
    expect(sent).toEqual(['application/vnd.reachmap.upload', 'application/json', 'application/vnd.reachmap.upload']);
    await expect(app.locator('#status-title')).toHaveText(/^shop-prod\.tfstate/);

    // The server gone: the page says so, and does not read the files into itself for nothing.
    await app.route('**/api/getHostInfo', (route) => route.abort('failed'));
    await app.unroute('**/api/openContents');
    await app.route('**/api/openContents', (route) => {
      sent.push(route.request().headers()['content-type'] ?? '');
      return route.abort('failed');
    });
    await app.locator('#file-input').setInputFiles(path.join(FIXTURES, 'payments.tfstate'));
    await expect(app.locator('#banner-text')).toHaveText(/^Cannot reach the Reachmap server/);
    expect(sent.slice(3)).toEqual(['application/vnd.reachmap.upload']);
    await expect(app.locator('#status-title')).toHaveText(/^shop-prod\.tfstate/);
  });
});

test('two chosen files of one name (from two folders) are told apart on the map and in its sources', async ({ app }) => {
  const read = (f: string) => readFileSync(path.join(FIXTURES, f));
  const loads = await app.evaluate(() => window.__reachmapTest!.loads);
  await app.locator('#file-input').setInputFiles([
    { name: 'prod.tfstate', mimeType: 'application/json', buffer: read('payments.tfstate') },
    { name: 'prod.tfstate', mimeType: 'application/json', buffer: read('shop-prod.tfstate') },
  ]);
  await waitForMap(app, loads + 1);
  expect(await hasPaymentsApi(app)).toBe(true);
  await expect(app.locator('#status-title')).toHaveText('prod.tfstate, prod (2).tfstate');
});

test('when every chosen file is bad the open fails naming the first, and the map stays', async ({ app, shoot }) => {
  await app.locator('#file-input').setInputFiles(path.join(FIXTURES, 'payments.tfstate'));
  await waitForMap(app, 2);
  await app.locator('#file-input').setInputFiles(['malformed.json', 'gcp.tfstate'].map((f) => path.join(FIXTURES, f)));
  await expect(app.locator('#banner')).toBeVisible();
  await expect(app.locator('#banner')).not.toHaveClass(/warning|info/);
  await expect(app.locator('#banner-text')).toHaveText(/^malformed\.json: malformed JSON at line 4/);
  expect(await hasPaymentsApi(app)).toBe(true);
  await expect(app.locator('#status-title')).toHaveText(/^payments\.tfstate/);
  await expect(app.locator('#warnings li', { hasText: 'bad-file' })).toHaveCount(0);
  await shoot('open-several-all-bad');
});

test.describe('files named on the command line', () => {
  test.use({ launchInputs: ['payments.tfstate', 'malformed.json', 'gcp.tfstate'].map((f) => path.join(FIXTURES, f)) });

  test('open what they can, say what they skipped, and Open Recent keeps only what opened', async ({ app, server, shoot }) => {
    expect(await hasPaymentsApi(app)).toBe(true);
    const text = app.locator('#banner-text');
    await expect(text).toContainText('Opened 1 of 3 files. Skipped ');
    await expect(text).toContainText(`${path.join(FIXTURES, 'malformed.json')}: malformed JSON at line 4`);
    await expect(text).toContainText(`${path.join(FIXTURES, 'gcp.tfstate')}: no AWS resources: this looks like a Google Cloud state`);
    await expect(app.locator('#warning-count')).not.toHaveText('0');
    await shoot('open-several-launch');
    const recent = await server.handlers.listRecent(null);
    expect(recent.ok && recent.value.map((r) => r.paths)).toEqual([[path.join(FIXTURES, 'payments.tfstate')]]);
  });
});
