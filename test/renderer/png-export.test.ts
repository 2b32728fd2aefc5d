/**
 * The PNG export's caption wrapping: lines break at spaces within the width, and a word wider than
 * the line is kept whole on its own line. Characters measure 1 unit each here, so widths are lengths.
 */
import { describe, expect, it } from 'vitest';
import { wrapCaption } from '../../src/renderer/png-caption';

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
