/**
 * Picks the text field hint that fits: the filter field's hint lists its syntax by example, and in
 * a window of 1024 px or less the field is narrower than the whole list, which was then cut
 * mid-example. A shorter hint with fewer examples reads better than a cut one; the whole list stays
 * the field's tooltip. Pure: the caller measures text (a canvas in the window, anything in tests).
 */

/** The filter field's hints, longest first, each a complete sentence of examples. */
export const FILTER_HINTS = [
  'Filter: 22, 80-443, udp, tcp/443, src:web, dst:10.0.2.15, name or id… (Enter)',
  'Filter: 22, 80-443, udp, src:web, dst:10.0.2.15… (Enter)',
  'Filter: 22, udp, src:web, dst:web… (Enter)',
  'Filter: 22, src:web… (Enter)',
  'Filter… (Enter)',
] as const;

/** The first (longest) hint whose text fits in `width` pixels as `measure` gives them; the last when none does. */
export function pickFittingHint(hints: readonly string[], width: number, measure: (text: string) => number): string {
  for (const hint of hints) if (measure(hint) <= width) return hint;
  return hints[hints.length - 1] ?? '';
}
