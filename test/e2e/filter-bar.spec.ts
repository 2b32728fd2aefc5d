/**
 * End-to-end specs of the filter bar on the sample network (what `reachmap serve` shows with no
 * inputs): what typing makes of chips, and what the map says when they match nothing. Each test
 * saves a screenshot in test-results/screens/ for a person to look at.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './serve-fixture';

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
