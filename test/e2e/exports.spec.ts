/**
 * End-to-end specs of the exported pictures in browser mode: the SVG and the PNG both carry the
 * caption line (the inputs by file name and the export's date) and the edge legend below the map,
 * and the PNG keeps even margins. The PNG is checked the way a reader sees it: decoded by the
 * browser, its caption band compared with the expected line drawn in the same font, its legend rows
 * with the legend's colours, its margins with white. Each test saves the exported pictures under
 * test-results/screens/ for a person to look at.
 */
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { EDGE_LEGEND } from '../../src/renderer/graph-style';
import { EXPORT_FRAME } from '../../src/renderer/svg-export';
import { expect, FIXTURES, SCREENS, test, waitForMap } from './serve-fixture';

async function openFixture(page: Page, name: string): Promise<void> {
  const loads = await page.evaluate(() => window.__reachmapTest!.loads);
  await page.locator('#file-input').setInputFiles(path.join(FIXTURES, name));
  await waitForMap(page, loads + 1);
}

/** Exports the map, keeping a copy named `shot` under test-results/screens/ to be looked at. */
async function exportAs(page: Page, format: 'png' | 'svg', shot: string): Promise<string> {
  await page.locator('#btn-export').click();
  await page.locator(`input[name="format"][value="${format}"]`).check();
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-save').click()]);
  const file = (await download.path())!;
  mkdirSync(SCREENS, { recursive: true });
  copyFileSync(file, path.join(SCREENS, `${shot}.${format}`));
  return file;
}

/** Today in the page's time zone, as the caption prints it. */
async function today(page: Page): Promise<string> {
  return page.evaluate(() => {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  });
}

interface PngFindings {
  width: number;
  height: number;
  /** Pixels of the caption band that differ from the expected line drawn alone, and the line's own dark pixels. */
  captionDiff: number;
  captionInk: number;
  /** Per legend row: pixels of its colour in the line sample, and dark label pixels to its right. */
  legendRows: { swatch: number; label: number }[];
  /** Non-white pixels closer to an edge than the margin. */
  inMargins: number;
  /** In the map's rows: white columns left and right of the map. */
  mapLeft: number;
  mapRight: number;
  /** Pixels of the caption colour (#5c4400) in the band below the first caption line. */
  warningInk: number;
}

/** The colour a line of `color` at `opacity` shows on white (a faded legend row's line). */
function drawnOnWhite(color: string, opacity: number): string {
  const channels = [1, 3, 5].map((k) => Math.round(parseInt(color.slice(k, k + 2), 16) * opacity + 255 * (1 - opacity)));
  return `#${channels.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

/** Decodes the PNG in the page and reads it where the frame's layout puts each part. */
async function inspectPng(page: Page, file: string, caption: string, scale: number): Promise<PngFindings> {
  const base64 = readFileSync(file).toString('base64');
  const frame = { ...EXPORT_FRAME, scale, legend: EDGE_LEGEND.map((l) => drawnOnWhite(l.color, l.opacity ?? 1)), caption };
  return page.evaluate(async ([data, f]) => {
    const image = new Image();
    image.src = `data:image/png;base64,${data}`;
    await image.decode();
    const { width, height } = image;
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(image, 0, 0);
    const px = ctx.getImageData(0, 0, width, height).data;
    const at = (x: number, y: number): [number, number, number] => {
      const i = (y * width + x) * 4;
      return [px[i]!, px[i + 1]!, px[i + 2]!];
    };
    const white = (x: number, y: number): boolean => at(x, y).every((c) => c >= 245);
    const s = f.scale;
    const m = f.padding * s;

    // The caption line drawn alone, as the export draws it, over the same band.
    const bandH = Math.round(f.captionLine * s);
    const probe = document.createElement('canvas');
    probe.width = width;
    probe.height = bandH;
    const p = probe.getContext('2d')!;
    p.fillStyle = '#ffffff';
    p.fillRect(0, 0, width, bandH);
    p.font = `${f.captionSize * s}px Helvetica, Arial, sans-serif`;
    p.fillStyle = f.textColor;
    p.textBaseline = 'top';
    p.fillText(f.caption, m, 0);
    const expected = p.getImageData(0, 0, width, bandH).data;
    let captionDiff = 0;
    let captionInk = 0;
    for (let y = 0; y < bandH; y++) {
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 4;
        const got = at(x, y + m);
        if (expected[i]! < 160) captionInk++;
        if (Math.max(...[0, 1, 2].map((c) => Math.abs(got[c]! - expected[i + c]!))) > 48) captionDiff++;
      }
    }

    // Legend rows from the bottom margin up, each a line sample then its label.
    const row = f.legendRow * s;
    const legendTop = height - m - f.legend.length * row;
    const hex = (h: string): number[] => [1, 3, 5].map((k) => parseInt(h.slice(k, k + 2), 16));
    const legendRows = f.legend.map((color, k) => {
      const want = hex(color);
      let swatch = 0;
      let label = 0;
      for (let y = Math.floor(legendTop + k * row); y < legendTop + (k + 1) * row; y++) {
        for (let x = m; x < m + f.legendSwatch * s; x++) if (at(x, y).every((c, j) => Math.abs(c - want[j]!) < 24)) swatch++;
        for (let x = m + f.legendTextX * s; x < width - m; x++) if (at(x, y).every((c) => c < 140)) label++;
      }
      return { swatch, label };
    });

    let inMargins = 0;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const edge = Math.min(x, y, width - 1 - x, height - 1 - y);
        if (edge < m - 2 && !white(x, y)) inMargins++;
      }
    }

    // The map's rows lie between the caption's and the legend's.
    let mapLeft = width;
    let mapRight = width;
    for (let y = m + bandH + 4 * s; y < legendTop - 4 * s; y++) {
      for (let x = 0; x < width; x++) if (!white(x, y)) { mapLeft = Math.min(mapLeft, x); break; }
      for (let x = width - 1; x >= 0; x--) if (!white(x, y)) { mapRight = Math.min(mapRight, width - 1 - x); break; }
    }
    // The second caption line, past the drawing limit, is printed in the caption colour (92, 68, 0).
    let warningInk = 0;
    for (let y = m + bandH; y < Math.min(height, m + 2 * bandH); y++) {
      for (let x = 0; x < width; x++) {
        const [r, g, b] = at(x, y);
        if (Math.abs(r - 92) < 40 && Math.abs(g - 68) < 40 && b < 50) warningInk++;
      }
    }
    return { width, height, captionDiff, captionInk, legendRows, inMargins, mapLeft, mapRight, warningInk };
  }, [base64, frame] as const);
}

test('the SVG export says which inputs it was made from and when, and carries the legend', async ({ app }) => {
  await openFixture(app, 'shop-prod.tfstate');
  const svg = readFileSync(await exportAs(app, 'svg', '20-export'), 'utf8');
  const caption = /<g class="caption">(.*?)<\/g>/.exec(svg)?.[1] ?? '';
  expect(caption).toContain(`>Inputs: shop-prod.tfstate · Reachability view · exported ${await today(app)}</text>`);
  const legend = /<g class="legend">(.*?)<\/g>/.exec(svg)?.[1] ?? '';
  expect(legend.match(/<line /g)).toHaveLength(EDGE_LEGEND.length);
  for (const row of EDGE_LEGEND) expect(legend).toContain(`stroke="${row.color}"`);
  expect(legend).toContain('>Admin/DB port or all traffic from the Internet</text>');
  // The caption sits above the map's boxes, the legend below them.
  const y = (re: RegExp): number => Number(re.exec(svg)![1]);
  expect(y(/<g class="caption"><text x="[-\d.]+" y="([-\d.]+)"/)).toBeLessThan(y(/<g class="groups"><rect x="[-\d.]+" y="([-\d.]+)"/));
  // Endpoint labels fit the map's label width on one line each, there as here.
  expect(svg).toMatch(/<tspan [^>]*>EC2 instance · 10\.40\.1\.10<\/tspan>/);
  // Look at it the way a reader would.
  await app.setContent(svg.replace(/^<\?xml[^>]*>/, ''));
  await app.screenshot({ path: path.join(SCREENS, '20-export-svg-rendered.png') });
});

test('the SVG export wraps a long name at the map\'s break opportunities and within its width, into lines of plain text', async ({ app }) => {
  const name = 'platform-team-shared-services-green-blue-canary-rollout-node';
  const state = readFileSync(path.join(FIXTURES, 'long-names.tfstate'), 'utf8').replace('"Name": "node"', `"Name": "${name}"`);
  const loads = await app.evaluate(() => window.__reachmapTest!.loads);
  await app.locator('#file-input').setInputFiles({ name: 'long-names.tfstate', mimeType: 'application/json', buffer: Buffer.from(state) });
  await waitForMap(app, loads + 1);
  const svg = readFileSync(await exportAs(app, 'svg', '24-export-long-name'), 'utf8');
  const lines = [...svg.matchAll(/<tspan [^>]*>([^<]*)<\/tspan>/g)].map((m) => m[1] ?? '');
  // Broken after hyphens as on the map, then the kind line; the lines are the name itself, nothing
  // invisible added. Which hyphens depends on the fonts (the map's is measured, Helvetica estimated).
  expect(lines.length).toBeGreaterThan(2);
  expect(lines.slice(0, -1).join('')).toBe(name);
  expect(lines.slice(0, -2).every((l) => l.endsWith('-'))).toBe(true);
  expect(lines.at(-1)).toBe('EC2 instance · 10.0.1.5');
  expect(svg).not.toContain('\u200b');
  // Drawn by the browser, each line fits the map's label width.
  await app.setContent(svg.replace(/^<\?xml[^>]*>/, ''));
  const widths = await app.evaluate(() => [...document.querySelectorAll<SVGTSpanElement>('g.labels tspan')].map((t) => t.getComputedTextLength()));
  expect(widths).toHaveLength(lines.length);
  for (const w of widths) expect(w).toBeLessThanOrEqual(140);
  await app.screenshot({ path: path.join(SCREENS, '24-export-long-name-rendered.png') });
});

test('the PNG export has the caption line above the map, the legend below it and even margins', async ({ app }) => {
  await openFixture(app, 'shop-prod.tfstate');
  const large = await app.evaluate(() => window.__reachmapTest!.visibleEdgeCount() > 2000);
  const file = await exportAs(app, 'png', '20-export');
  const found = await inspectPng(app, file, `Inputs: shop-prod.tfstate · Reachability view · exported ${await today(app)}`, large ? 1 : 2);
  // The caption is that line, pixel for pixel up to anti-aliasing, and not some other text.
  expect(found.captionInk).toBeGreaterThan(200);
  expect(found.captionDiff).toBeLessThan(found.captionInk * 0.05);
  // Everything is drawn: no second line in the caption colour.
  expect(found.warningInk).toBe(0);
  // Every legend row: its line in its colour, its label in dark text.
  for (const [k, row] of found.legendRows.entries()) {
    expect(row.swatch, `legend row ${k} line`).toBeGreaterThan(20);
    expect(row.label, `legend row ${k} label`).toBeGreaterThan(40);
  }
  // Nothing in the margins, and the map as far from the left edge as from the right.
  expect(found.inMargins).toBe(0);
  expect(Math.abs(found.mapLeft - found.mapRight)).toBeLessThanOrEqual(8);
});

test('a PNG past the drawing limit says so on a second caption line, in the caption colour', async ({ app }) => {
  await openFixture(app, 'shop-prod.tfstate');
  await app.evaluate(() => window.__reachmapTest!.setEdgeDrawLimit(1));
  const file = await exportAs(app, 'png', '21-export-past-limit');
  // The inputs line still comes first, unchanged.
  const found = await inspectPng(app, file, `Inputs: shop-prod.tfstate · Reachability view · exported ${await today(app)}`, 2);
  expect(found.captionDiff).toBeLessThan(found.captionInk * 0.05);
  expect(found.warningInk).toBeGreaterThan(100);
  const svg = readFileSync(await exportAs(app, 'svg', '21-export-past-limit'), 'utf8');
  expect(/<g class="caption">(.*?)<\/g>/.exec(svg)?.[1]).toMatch(/Inputs: shop-prod\.tfstate · Reachability view · exported [\d-]+<\/text><text [^>]*fill="#5c4400"[^>]*>1 of 7 matching edges drawn/);
});

test('an export of a filtered view says which view and filters shaped it; a map the filters emptied is not exported', async ({ app }) => {
  await openFixture(app, 'shop-prod.tfstate');
  await app.keyboard.press('3');
  await app.locator('#filter-input').fill('443');
  await app.locator('#filter-input').press('Enter');
  await app.getByLabel('Hide endpoints with no flows').check();
  const svg = readFileSync(await exportAs(app, 'svg', '22-export-filtered'), 'utf8');
  const caption = /<g class="caption">(.*?)<\/g>/.exec(svg)?.[1] ?? '';
  expect(caption).toContain(`>Inputs: shop-prod.tfstate · Exposure view · exported ${await today(app)}</text>`);
  expect(caption).toMatch(/<text [^>]*fill="#5c4400"[^>]*>Filtered \(not the whole network\): 443 · endpoints with no flows hidden<\/text>/);

  // Filters that leave nothing: the dialog says so, and nothing is downloaded.
  await app.locator('#filter-input').fill('src:no-such-endpoint');
  await app.locator('#filter-input').press('Enter');
  let downloaded = false;
  app.on('download', () => (downloaded = true));
  await app.locator('#btn-export').click();
  await app.locator('input[name="format"][value="png"]').check();
  await app.locator('#export-save').click();
  await expect(app.locator('#export-error')).toHaveText('Nothing is on the map to draw: the filters leave no endpoint or edge. Clear them, or export the data as JSON.');
  await app.waitForTimeout(300);
  expect(downloaded).toBe(false);
  // Switching to another format takes the refusal away.
  await app.locator('input[name="format"][value="snapshot"]').check();
  await expect(app.locator('#export-error')).toBeHidden();
  await app.locator('#export-cancel').click();
});

test('an empty view with no filter is exported: a picture that shows nothing is exposed is a finding', async ({ app }) => {
  await openFixture(app, 'groups-only.tfstate');
  const svg = readFileSync(await exportAs(app, 'svg', '23-export-empty-view'), 'utf8');
  expect(/<g class="caption">(.*?)<\/g>/.exec(svg)?.[1]).toContain(`>Inputs: groups-only.tfstate · Reachability view · exported ${await today(app)}</text>`);
});

test('the caption says what a highlight marks: a group\'s endpoints from a warning, or the answer to "Can A reach B?"', async ({ app }) => {
  await openFixture(app, 'long-names.tfstate');
  // A warning about a group that only its endpoints stand for marks them and fades the rest.
  await app.locator('#warnings li button[data-subject="sg-0aaaabbbbccccdddd9-missing-and-long"]').click();
  expect(await app.evaluate(() => window.__reachmapTest!.highlighted())).not.toEqual([]);
  const captionOf = (svg: string): string => /<g class="caption">(.*?)<\/g>/.exec(svg)?.[1] ?? '';
  let caption = captionOf(readFileSync(await exportAs(app, 'svg', '25-export-warning-highlight'), 'utf8'));
  expect(caption).toContain('>Highlighted: the endpoints that carry sg-0aaaabbbbccccdddd9-missing-and-long; the rest is faded</text>');
  expect(caption).not.toContain('Can A reach B');

  // An answer asked next takes the highlight over, and the caption says so.
  await app.locator('#q-from').fill('Internet');
  await app.locator('#q-to').fill('node');
  await app.locator('#q-port').fill('22');
  await app.locator('#q-ask').click();
  await expect(app.locator('.verdict')).toBeVisible();
  caption = captionOf(readFileSync(await exportAs(app, 'svg', '25-export-answer-highlight'), 'utf8'));
  expect(caption).toContain('>Highlighted: the answer to &quot;Can A reach B?&quot;; the rest is faded</text>');
});
