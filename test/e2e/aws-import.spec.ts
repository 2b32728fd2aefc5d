/**
 * "Import from AWS…" end to end: the dialog drives the real live importer (worker, real SDK client)
 * against the fake EC2 endpoint the node tests use, and the imported account becomes the map.
 * Credentials are fake and come from the environment, as the default chain reads them; the
 * analysis worker copies the environment when it starts, so they are set before any fixture runs.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { importInputs } from '../../src/core/import';
import { accountData, accountFiles } from '../node/aws/account-fixture';
import { startFakeEc2, type FakeEc2 } from '../node/aws/fake-ec2-server';
import { expect, test, waitForMap } from './serve-fixture';

const home = mkdtempSync(path.join(tmpdir(), 'reachmap-e2e-aws-'));
Object.assign(process.env, {
  AWS_ACCESS_KEY_ID: 'AKIDFAKEFAKEFAKE',
  AWS_SECRET_ACCESS_KEY: 'fake-secret-not-real',
  AWS_CONFIG_FILE: path.join(home, 'no-config'),
  AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'no-credentials'),
  AWS_EC2_METADATA_DISABLED: 'true',
});

let fake: FakeEc2;
test.beforeAll(async () => {
  fake = await startFakeEc2({ regions: accountData(), pageSize: 3 });
});
test.afterAll(async () => {
  await fake.close();
});

test('Import from AWS through an endpoint URL turns the account into the map', async ({ app, shoot }) => {
  const loads = await app.evaluate(() => window.__reachmapTest!.loads);
  await app.locator('#btn-aws').click();
  await app.locator('#aws-regions').fill('us-east-1');
  await app.locator('#aws-endpoint').fill(fake.url);
  await app.locator('#aws-import').click();
  await waitForMap(app, loads + 1);
  await expect(app.locator('#aws-dialog')).toBeHidden();
  await expect(app.locator('#status-title')).toContainText('us-east-1');
  // As many endpoints as the offline importer reads from the same recorded answers.
  const expected = importInputs(accountFiles('us-east-1')).endpoints.length;
  expect(expected).toBeGreaterThan(3);
  await expect(app.locator('#status-counts')).toContainText(`${expected} endpoints`);
  expect(fake.log.some((r) => r.action === 'DescribeNetworkInterfaces')).toBe(true);
  await shoot('18-aws-import');
  // The NAT gateway carries no group and AWS filters it with none: the panel says so instead of
  // "nothing may connect in".
  expect(await app.evaluate(() => window.__reachmapTest!.tap('ep:nat-0a1b000000000001'))).toBeTruthy();
  await expect(app.locator('#details')).toContainText('Not filtered by security groups');
  await expect(app.locator('#details')).toContainText('It accepts no connection itself');
  await expect(app.locator('#details')).not.toContainText('nothing may connect in');
});

test('an import the endpoint refuses shows the reason in the dialog and keeps the map', async ({ app }) => {
  const title = await app.evaluate(() => window.__reachmapTest!.title());
  await app.locator('#btn-aws').click();
  await app.locator('#aws-regions').fill('us-east-1');
  // Nothing listens there: the import fails with a readable error instead of hanging.
  await app.locator('#aws-endpoint').fill('http://127.0.0.1:9');
  await app.locator('#aws-import').click();
  await expect(app.locator('#aws-error')).toBeVisible({ timeout: 60_000 });
  await expect(app.locator('#aws-error')).not.toBeEmpty();
  await app.locator('#aws-cancel').click();
  expect(await app.evaluate(() => window.__reachmapTest!.title())).toBe(title);
});

test('Escape during an import cancels it, keeps the dialog saying so, and shows a progress bar while it runs', async ({ app }) => {
  // An endpoint that never answers DescribeSecurityGroups: the import waits there.
  const hanging = await startFakeEc2({ regions: accountData(), intercept: (r) => (r.action === 'DescribeSecurityGroups' ? { hang: true } : undefined) });
  try {
    const title = await app.evaluate(() => window.__reachmapTest!.title());
    await app.locator('#btn-aws').click();
    await app.locator('#aws-regions').fill('us-east-1');
    await app.locator('#aws-endpoint').fill(hanging.url);
    await app.locator('#aws-import').click();
    await expect(app.locator('#aws-progress')).toBeVisible();
    const track = await app.locator('#aws-progress .progress-track').boundingBox();
    expect(track!.height).toBeGreaterThanOrEqual(5);
    await app.keyboard.press('Escape');
    await expect(app.locator('#aws-error')).toHaveText('Import cancelled.');
    await expect(app.locator('#aws-dialog')).toBeVisible();
    await expect(app.locator('#aws-import')).toBeEnabled();
    // Now nothing runs: Escape closes it, and the map is the one from before.
    await app.keyboard.press('Escape');
    await expect(app.locator('#aws-dialog')).toBeHidden();
    expect(await app.evaluate(() => window.__reachmapTest!.title())).toBe(title);
  } finally {
    await hanging.close();
  }
});

test('an import that some calls were refused says so in a banner, not only in the warnings count', async ({ app }) => {
  const actions = new Set(['DescribeSecurityGroups', 'DescribeSecurityGroupRules', 'DescribeNetworkInterfaces', 'DescribeVpcs', 'DescribeSubnets']);
  const partial = await startFakeEc2({ regions: accountData(), allowedActions: actions });
  try {
    const loads = await app.evaluate(() => window.__reachmapTest!.loads);
    await app.locator('#btn-aws').click();
    await app.locator('#aws-regions').fill('us-east-1');
    await app.locator('#aws-endpoint').fill(partial.url);
    await app.locator('#aws-import').click();
    await waitForMap(app, loads + 1);
    await expect(app.locator('#banner')).toHaveClass(/warning/);
    await expect(app.locator('#banner-text')).toHaveText(/^Imported with gaps: \d+ calls were refused for lack of a permission, so the map may miss what they would have given\. The Warnings list each\.$/);
  } finally {
    await partial.close();
  }
});
