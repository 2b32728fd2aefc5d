// Where labels and captions break into lines: the map (through Cytoscape) and the SVG export must
// break a long name at the same places, and the export's lines must be plain, searchable text.
import { describe, expect, it } from 'vitest';
import { breakLongWords, fillLines, wrapLabel } from '../../src/renderer/label-wrap';

const ZW = '\u200b';
/** One unit per character, so widths are counted by hand. */
const measure = (s: string): number => s.length;

describe('breakLongWords', () => {
  it.each<[string, string]>([
    // A prefix list's name: one 45-character word, free to wrap after each dot.
    ['com.amazonaws.global.cloudfront.origin-facing', `com.${ZW}amazonaws.${ZW}global.${ZW}cloudfront.${ZW}origin-${ZW}facing`],
    // A Terraform address on the second line of a label; the first line's short words untouched.
    ['build\naws_codebuild_project.hellowaws', `build\naws_${ZW}codebuild_${ZW}project.${ZW}hellowaws`],
    // Addresses and short names never break inside: no word here is over 20 characters.
    ['legacy-admin\nEC2 instance · 10.20.1.50', 'legacy-admin\nEC2 instance · 10.20.1.50'],
    ['2001:db8::1 · 10.0.0.0/16', '2001:db8::1 · 10.0.0.0/16'],
    // A separator at the end of a word gives no break after it.
    ['a-very-long-name-without-spaces-', `a-${ZW}very-${ZW}long-${ZW}name-${ZW}without-${ZW}spaces-`],
  ])('%j', (label, expected) => {
    expect(breakLongWords(label)).toBe(expected);
    // What is drawn reads the same once the zero-width spaces are dropped.
    expect(breakLongWords(label).replaceAll(ZW, '')).toBe(label);
  });
});

describe('fillLines', () => {
  it.each<[string, string, number, string[]]>([
    ['text that fits stays as it is, zero-width spaces dropped', `a.${ZW}b  c`, 10, ['a.b  c']],
    ['breaks at the last space that fits, dropping it', 'one two three', 7, ['one two', 'three']],
    ['breaks at zero-width spaces, leaving nothing in their place', `com.${ZW}amazonaws.${ZW}global`, 12, ['com.', 'amazonaws.', 'global']],
    ['a piece wider than the line gets a line of its own', 'see averyveryverylongword here', 8, ['see', 'averyveryverylongword', 'here']],
    ['trailing white space makes no empty line', 'abc def ', 5, ['abc', 'def']],
    ['an empty line stays one empty line', '', 5, ['']],
  ])('%s', (_name, text, width, lines) => {
    expect(fillLines(text, width, measure)).toEqual(lines);
  });
});

describe('wrapLabel', () => {
  it('wraps a long Terraform address after its separators, each line within the width', () => {
    const label = 'module.network.aws_security_group.internal_services';
    const lines = wrapLabel(label, 24, measure);
    // module.|network.|aws_|security_|group.|internal_|services, filled greedily to 24 characters.
    expect(lines).toEqual(['module.network.aws_', 'security_group.internal_', 'services']);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(24);
    expect(lines.join('')).toBe(label);
  });

  it('breaks at each newline, and at spaces only where a line is too wide', () => {
    expect(wrapLabel('web-1\nEC2 instance · 10.0.1.5', 100, measure)).toEqual(['web-1', 'EC2 instance · 10.0.1.5']);
    expect(wrapLabel('web-1\nEC2 instance · 10.0.1.5', 14, measure)).toEqual(['web-1', 'EC2 instance ·', '10.0.1.5']);
  });

  it('never breaks inside a short word, so addresses stay whole', () => {
    expect(wrapLabel('2001:db8::1 · 10.0.0.0/16', 14, measure)).toEqual(['2001:db8::1 ·', '10.0.0.0/16']);
    expect(wrapLabel('10.20.1.50', 4, measure)).toEqual(['10.20.1.50']);
  });

  it('leaves no zero-width space in any line, the label\'s own included', () => {
    const lines = wrapLabel(`com.amazonaws.global.cloudfront.origin-facing and a${ZW}b`, 19, measure);
    expect(lines.join('\n')).not.toContain(ZW);
    expect(lines).toEqual(['com.amazonaws.', 'global.cloudfront.', 'origin-facing and a', 'b']);
  });
});
