/**
 * The PNG export's frame: caption wrapping (lines break at spaces within the width, a word wider
 * than the line is kept whole on its own line), and the layout around the map: caption lines above
 * it, the app's edge legend below it, one row per legend item, nothing overlapping and even margins.
 * Characters measure half their font size here, so widths are predictable.
 */
import { describe, expect, it } from 'vitest';
import type { CaptionLine } from '../../src/renderer/export-caption';
import { EDGE_LEGEND } from '../../src/renderer/graph-style';
import { layoutPngFrame, wrapCaption, type PngFrame } from '../../src/renderer/png-export';

const measure = (s: string): number => s.length;

describe('wrapCaption', () => {
  it.each([
    ['a short caption fits on one line', 'ten edges drawn', 40, ['ten edges drawn']],
    ['a long caption breaks at the last space that fits', '1 of 3 matching edges drawn', 12, ['1 of 3', 'matching', 'edges drawn']],
    ['a line may be exactly the width', 'abc def', 7, ['abc def']],
    ['a word wider than the line gets a line of its own', 'see averyveryverylongword here', 8, ['see', 'averyveryverylongword', 'here']],
    ['runs of spaces and newlines count as one break', '  a \n b  ', 10, ['a b']],
    ['no text gives no lines', '   ', 10, []],
  ])('%s', (_name, text, width, lines) => {
    expect(wrapCaption(text, width, measure)).toEqual(lines);
    for (const line of wrapCaption(text, width, measure)) if (line.includes(' ')) expect(line.length).toBeLessThanOrEqual(width);
  });
});

const NOTE: CaptionLine = { text: 'Inputs: prod.tfstate, vpc.json · exported 2026-11-21', tone: 'note' };
const WARNING: CaptionLine = { text: '1 of 3 matching edges drawn (risky and Internet first); narrow the filters to draw the rest.', tone: 'warning' };
const halfEm = (text: string, px: number): number => (text.length * px) / 2;

function frame(imageWidth: number, imageHeight: number, scale: number, caption: CaptionLine[] = [NOTE]): PngFrame {
  return layoutPngFrame({ imageWidth, imageHeight, scale, caption, legend: EDGE_LEGEND, measure: halfEm });
}

/** Vertical extents of everything drawn, top to bottom, as [top, bottom, what]; the thick legend line is 4 pixels wide. */
function bands(f: PngFrame, imageHeight: number, scale: number): [number, number, string][] {
  return [
    ...f.caption.map((c): [number, number, string] => [c.y, c.y + f.captionFont, `caption ${c.text}`]),
    [f.image.y, f.image.y + imageHeight, 'map'],
    ...f.legend.map((r): [number, number, string] => [Math.min(r.y, r.lineY - 2 * scale), Math.max(r.y + f.legendFont, r.lineY + 2 * scale), `legend ${r.item.label}`]),
  ];
}

describe('layoutPngFrame', () => {
  it.each<[string, number, number, number]>([
    ['a wide map at 2x', 2400, 900, 2],
    ['a wide map at 1x (big maps)', 3000, 1500, 1],
    ['a map narrower than the caption and legend', 120, 80, 2],
    ['a tiny map at 1x', 40, 40, 1],
  ])('%s: caption above, map, legend below, nothing overlapping, even margins', (_name, w, h, scale) => {
    const f = frame(w, h, scale, [NOTE, WARNING]);
    const margin = 24 * scale;
    // One legend row per row of the app's legend, in its order, each drawn as its edges are.
    expect(f.legend.map((r) => r.item)).toEqual(EDGE_LEGEND);
    // Top to bottom without overlap: caption lines, the map, the legend rows.
    const b = bands(f, h, scale);
    for (let i = 1; i < b.length; i++) expect(b[i]![0], `${b[i]![2]} starts below ${b[i - 1]![2]}`).toBeGreaterThanOrEqual(b[i - 1]![1]);
    expect(b[0]![2]).toMatch(/^caption Inputs/);
    expect(b.at(-1)![2]).toMatch(/^legend /);
    // The same margin above the caption and below the legend (within the row's own spacing).
    expect(b[0]![0]).toBe(margin);
    expect(Math.abs(f.height - b.at(-1)![1] - margin)).toBeLessThanOrEqual(4 * scale);
    // The map in the middle: as much room on its left as on its right, at least the margin.
    const left = f.image.x;
    const right = f.width - f.image.x - w;
    expect(Math.abs(left - right)).toBeLessThanOrEqual(1);
    expect(Math.min(left, right)).toBeGreaterThanOrEqual(margin - 1);
    // Text starts at the margin and fits within the width.
    for (const c of f.caption) {
      expect(c.x).toBe(margin);
      expect(c.x + halfEm(c.text, f.captionFont)).toBeLessThanOrEqual(f.width - margin);
    }
    for (const r of f.legend) {
      expect(r.x).toBe(margin);
      expect(r.textX).toBeGreaterThan(r.x + f.swatch);
      expect(r.textX + halfEm(r.item.label, f.legendFont)).toBeLessThanOrEqual(f.width - margin);
    }
  });

  it('wraps a caption line longer than the picture, keeping its tone', () => {
    const f = frame(200, 100, 1, [NOTE, WARNING]);
    expect(f.width).toBe(480);
    expect(f.caption.length).toBeGreaterThan(2);
    expect(f.caption.map((c) => c.tone)).toEqual(['note', ...Array(f.caption.length - 1).fill('warning')]);
    expect(f.caption.filter((c) => c.tone === 'warning').map((c) => c.text).join(' ')).toBe(WARNING.text);
  });

  it('a map wider than the minimum sets the width: the margin on both sides of it, no more', () => {
    const f = frame(2400, 900, 2);
    expect(f.width).toBe(2400 + 2 * 48);
    expect(f.image.x).toBe(48);
  });
});
