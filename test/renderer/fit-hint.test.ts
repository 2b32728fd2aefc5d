// Pins the filter hint's choice: the longest that fits, the shortest when none does, and every
// hint a run of examples the filter parser reads as chips.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FILTER_HINTS, pickFittingHint } from '../../src/renderer/fit-hint';
import { parseFilterInput } from '../../src/renderer/filters';

/** Ten pixels a character: widths in the tests are easy to work out. */
const measure = (text: string) => text.length * 10;

describe('pickFittingHint', () => {
  const hints = ['a long hint', 'short', 'x'];
  it('takes the longest hint that fits', () => {
    expect(pickFittingHint(hints, 110, measure)).toBe('a long hint');
    expect(pickFittingHint(hints, 109, measure)).toBe('short');
    expect(pickFittingHint(hints, 50, measure)).toBe('short');
    expect(pickFittingHint(hints, 49, measure)).toBe('x');
  });
  it('falls back to the shortest when none fits', () => {
    expect(pickFittingHint(hints, 0, measure)).toBe('x');
  });
});

describe('FILTER_HINTS', () => {
  it('start with the hint the page shows before the window measures the field', () => {
    const html = readFileSync(new URL('../../src/renderer/index.html', import.meta.url), 'utf8');
    expect(/id="filter-input"[^>]*placeholder="([^"]*)"/.exec(html)?.[1]).toBe(FILTER_HINTS[0]);
  });
  it('go from longest to shortest', () => {
    for (let k = 1; k < FILTER_HINTS.length; k++) expect(FILTER_HINTS[k]!.length).toBeLessThan(FILTER_HINTS[k - 1]!.length);
  });
  it('give only examples the filter reads as chips', () => {
    for (const hint of FILTER_HINTS) {
      const examples = hint.replace(/^Filter:?/, '').replace(/(?:, name or id)?… \(Enter\)$/, '').trim();
      if (!examples) continue;
      const parsed = parseFilterInput(examples);
      expect(parsed.ok, hint).toBe(true);
      if (parsed.ok) expect(parsed.chips.map((c) => c.text)).toEqual(examples.split(', '));
    }
  });
});
