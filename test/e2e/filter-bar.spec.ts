/**
 * End-to-end specs of the filter bar on the sample network (what `reachmap serve` shows with no
 * inputs): what typing makes of chips, and what the map says when they match nothing. Each test
 * saves a screenshot in test-results/screens/ for a person to look at.
 */
import type { Page } from '@playwright/test';
import { expect, test, waitForMap } from './serve-fixture';

/**
 * A state of one instance in a VPC and subnet of the given names, whose group has no rule: a map of
 * one node and no edge.
 */
function loneInstanceState(vpcName: string, subnetName: string): Buffer {
  const resource = (type: string, attributes: object) => ({ mode: 'managed', type, name: 'this', provider: 'provider["registry.terraform.io/hashicorp/aws"]', instances: [{ schema_version: 1, attributes }] });
  const state = {
    version: 4,
    terraform_version: '1.7.5',
    serial: 1,
    lineage: 'lone-instance',
    outputs: {},
    resources: [
      resource('aws_vpc', { id: 'vpc-0long', cidr_block: '10.40.0.0/16', tags: { Name: vpcName } }),
      resource('aws_subnet', { id: 'subnet-0long', vpc_id: 'vpc-0long', cidr_block: '10.40.1.0/24', availability_zone: 'eu-central-1a', tags: { Name: subnetName } }),
      resource('aws_security_group', { id: 'sg-0long', name: 'app', vpc_id: 'vpc-0long', ingress: [], egress: [] }),
      resource('aws_instance', { id: 'i-0long', private_ip: '10.40.1.5', subnet_id: 'subnet-0long', vpc_security_group_ids: ['sg-0long'], tags: { Name: 'app' } }),
    ],
  };
  return Buffer.from(JSON.stringify(state));
}

async function openState(page: Page, name: string, buffer: Buffer): Promise<void> {
  const loads = await page.evaluate(() => window.__reachmapTest!.loads);
  await page.locator('#file-input').setInputFiles({ name, mimeType: 'application/json', buffer });
  await waitForMap(page, loads + 1);
}

async function addFilter(page: Page, text: string): Promise<void> {
  await page.locator('#filter-input').fill(text);
  await page.locator('#filter-input').press('Enter');
}

const visibleEdges = (page: Page): Promise<string[]> => page.evaluate(() => window.__reachmapTest!.visibleEdgeIds().sort());
const clearFilters = (page: Page): Promise<number> => page.evaluate(() => window.__reachmapTest!.timeClearFilters());

test('comma-separated filters become one chip each, and tcp:22 or tcp 5432 read as tcp/22 and tcp/5432', async ({ app, shoot }) => {
  await addFilter(app, '22');
  const only22 = await visibleEdges(app);
  await clearFilters(app);
  await addFilter(app, '80-443');
  const only80to443 = await visibleEdges(app);
  await clearFilters(app);
  expect(only22.length).toBeGreaterThan(0);

  // The placeholder's first two examples, as typed: two port chips, which are alternatives.
  await addFilter(app, '22, 80-443');
  await expect(app.locator('#chips .chip')).toHaveCount(2);
  await expect(app.locator('#chips .chip.port')).toHaveCount(2);
  expect(await visibleEdges(app)).toEqual([...new Set([...only22, ...only80to443])].sort());
  await shoot('23-filter-commas');
  await clearFilters(app);

  for (const [typed, canonical] of [['tcp:22', 'tcp/22'], ['tcp 5432', 'tcp/5432']] as const) {
    await addFilter(app, canonical);
    const expected = await visibleEdges(app);
    await clearFilters(app);
    await addFilter(app, typed);
    await expect(app.locator('#chips .chip.port')).toHaveCount(1);
    expect(expected.length).toBeGreaterThan(0);
    expect(await visibleEdges(app)).toEqual(expected);
    await clearFilters(app);
  }
});

test('removing a chip with the keyboard keeps the focus in the filter bar', async ({ app }) => {
  await addFilter(app, '22, src:web, udp');
  await expect(app.locator('#chips .chip')).toHaveCount(3);
  await app.getByRole('button', { name: 'Remove filter src:web' }).focus();
  await app.keyboard.press('Enter');
  // The × now in its place has the focus, so Enter goes on removing.
  await expect(app.locator('#chips .chip')).toHaveCount(2);
  await expect(app.getByRole('button', { name: 'Remove filter udp' })).toBeFocused();
  await app.keyboard.press('Enter');
  await expect(app.getByRole('button', { name: 'Remove filter 22' })).toBeFocused();
  await app.keyboard.press('Enter');
  // The last chip gone, the filter box takes it.
  await expect(app.locator('#chips .chip')).toHaveCount(0);
  await expect(app.locator('#filter-input')).toBeFocused();
});

test('filters that match nothing say so and how to clear them; an unknown filter name is refused', async ({ app, shoot }) => {
  await addFilter(app, 'foo:bar');
  await expect(app.locator('#filter-error')).toContainText('"foo:" is not a known filter');
  await expect(app.locator('#chips .chip')).toHaveCount(0);
  await expect(app.locator('#empty')).toBeHidden();

  await addFilter(app, 'src:no-such-endpoint');
  expect(await visibleEdges(app)).toEqual([]);
  await expect(app.locator('#empty')).toBeVisible();
  await expect(app.locator('#empty')).toContainText('No edges match the filters');
  await expect(app.locator('#empty')).toContainText('Remove a chip');
  await shoot('24-filter-no-match');
  await app.locator('#empty').getByRole('button', { name: 'Clear all filters' }).click();
  await expect(app.locator('#chips .chip')).toHaveCount(0);
  await expect(app.locator('#empty')).toBeHidden();
  expect((await visibleEdges(app)).length).toBeGreaterThan(0);

  // Nothing reaches the sample's Lambda: its node stays, and the notice above the map says why
  // no edge does.
  await addFilter(app, 'dst:sample-worker');
  expect(await visibleEdges(app)).toEqual([]);
  await expect(app.locator('#empty')).toBeHidden();
  await expect(app.locator('#map-notice')).toBeVisible();
  await expect(app.locator('#map-notice')).toContainText('No edges match the filters. Remove a chip');
  // The notice clears them too, as the empty map's button does.
  await app.locator('#map-notice').getByRole('button', { name: 'clear all filters' }).click();
  await expect(app.locator('#chips .chip')).toHaveCount(0);
  await expect(app.locator('#map-notice')).toBeHidden();
  expect((await visibleEdges(app)).length).toBeGreaterThan(0);
});

test('"Exposed to outside sources only" shows the endpoints the status bar counts, public CIDRs included', async ({ app, shoot }) => {
  // The sample: the Internet reaches the ALB, the database and legacy-admin; 203.0.113.10/32 the bastion.
  await expect(app.locator('#status-counts')).toContainText('4 exposed to outside sources');
  const counted = Number(/(\d+) exposed to outside sources/.exec((await app.locator('#status-counts').textContent())!)![1]);
  await app.getByLabel('Exposed to outside sources only').check();
  const leaves = await app.evaluate(() => window.__reachmapTest!.visibleLeaves());
  const endpoints = leaves.filter((l) => l.id.startsWith('ep:') || l.id.startsWith('fg:'));
  expect(endpoints.map((l) => l.label.split('\n')[0]).sort()).toEqual(['legacy-admin', 'sample-bastion', 'sample-db', 'sample-web-alb']);
  expect(endpoints).toHaveLength(counted);
  expect(leaves.map((l) => l.id)).toContain('x:cidr:203.0.113.10/32');
  await shoot('25-exposed-to-outside');
});

test('a long VPC or subnet name keeps the filter bar on one row, its whole name in the tooltip', async ({ app, shoot }) => {
  await app.setViewportSize({ width: 1280, height: 800 });
  const subnetName = 'platform-shared-services-production-private-app-tier-subnet-a';
  await openState(app, 'long-scope.tfstate', loneInstanceState('platform-shared-services-production-eu-central-1-vpc', subnetName));
  const select = app.locator('#scope-select');
  const option = (await select.locator('option').allTextContents()).find((t) => t.includes(subnetName))!;
  await select.selectOption({ label: option });
  await expect(select).toHaveAttribute('title', option.trim());
  // The list sits beside the filter box rather than on a row under it, so the map keeps its height.
  const [box, list] = [await app.locator('#filter-box').boundingBox(), await select.boundingBox()];
  expect(Math.abs(box!.y + box!.height / 2 - (list!.y + list!.height / 2))).toBeLessThan(4);
  await shoot('26-filter-bar-long-scope');
});

test('a map with no edge at all does not say the filters match none', async ({ app }) => {
  await openState(app, 'lone.tfstate', loneInstanceState('lone-vpc', 'lone-subnet'));
  expect(await app.evaluate(() => window.__reachmapTest!.mapEdgeCount())).toBe(0);
  await app.locator('#scope-select').selectOption({ label: (await app.locator('#scope-select option').allTextContents()).find((t) => t.includes('lone-subnet'))! });
  await expect(app.locator('#map-notice')).toBeHidden();
  await expect(app.locator('#empty')).toBeHidden();
  // Filters that hide its one node leave a blank map: that still says so, with the way back.
  await addFilter(app, 'src:nothing-by-this-name');
  await expect(app.locator('#empty')).toContainText('No edges match the filters');
});

test('details of something a filter then hides say it is not on the map, until it is back', async ({ app, shoot }) => {
  const note = app.locator('#details-hidden');
  const bastion = (await app.evaluate(() => window.__reachmapTest!.visibleLeaves())).find((l) => l.label.startsWith('sample-bastion'))!;
  await app.evaluate((id) => window.__reachmapTest!.tap(id), bastion.id);
  await expect(app.locator('#details h3')).toHaveText('sample-bastion');
  await expect(note).toBeHidden();
  // Narrowing around it keeps the details but says the node left the map.
  await app.getByLabel('Hide endpoints with no flows').check();
  await expect(note).toBeHidden();
  await addFilter(app, 'src:nothing-by-this-name');
  expect(await app.evaluate((id) => window.__reachmapTest!.visibleLeaves().some((l) => l.id === id), bastion.id)).toBe(false);
  await expect(note).toBeVisible();
  await expect(note).toHaveText('Hidden on the map by the current filters.');
  await expect(app.locator('#details h3')).toHaveText('sample-bastion');
  await shoot('27-details-of-hidden');
  await clearFilters(app);
  await expect(note).toBeHidden();

  // An edge the filters hide says the same; clicking the empty map clears both.
  const edge = (await visibleEdges(app))[0]!;
  await app.evaluate((id) => window.__reachmapTest!.tap(id), edge);
  await expect(note).toBeHidden();
  await addFilter(app, 'src:nothing-by-this-name');
  await expect(note).toBeVisible();
  await clearFilters(app);
  await expect(note).toBeHidden();
  await addFilter(app, 'src:nothing-by-this-name');
  await expect(note).toBeVisible();
  await app.locator('#map').click({ position: { x: 4, y: 4 } });
  await expect(app.locator('#details')).toHaveText('Click a node or an edge on the map.');
  await expect(note).toBeHidden();
});

test('at 1024 pixels the filter bar keeps one row, the map most of the width, and the query form fits its column', async ({ app, shoot }) => {
  await app.setViewportSize({ width: 1024, height: 700 });
  const [box, select] = [await app.locator('#filter-box').boundingBox(), await app.locator('#scope-select').boundingBox()];
  expect(Math.abs(box!.y + box!.height / 2 - (select!.y + select!.height / 2))).toBeLessThan(4);
  expect((await app.locator('#map').boundingBox())!.width).toBeGreaterThanOrEqual(700);
  // Every control of the query form inside its column, none cut at the window's edge.
  const side = (await app.locator('aside.side').boundingBox())!;
  for (const id of ['#q-from', '#q-proto', '#q-port', '#q-ask']) {
    const b = (await app.locator(id).boundingBox())!;
    expect(b.x + b.width, id).toBeLessThanOrEqual(side.x + side.width - 8);
  }
  await shoot('28-filter-bar-1024');
});
