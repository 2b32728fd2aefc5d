/**
 * Where text may break into lines, shared by the map and the exports so they wrap a name alike. The
 * map hands Cytoscape a label with zero-width spaces at the extra break opportunities and lets it
 * measure and wrap; the SVG export has no browser to measure with and wraps here itself, from the
 * same opportunities, into plain lines a reader can search. The PNG's caption wraps here too.
 */

const ZERO_WIDTH_SPACE = '\u200b';

/**
 * A label whose long words (over 20 characters without a space: a prefix list's name, a Terraform
 * address) may wrap after their separators (. _ / - :), by a zero-width space Cytoscape breaks at.
 * Without it such a name stays one line however wide, which widened the fitted map and shrank
 * every label on it; breaking anywhere (text-overflow-wrap) split addresses mid-number instead.
 */
export function breakLongWords(label: string): string {
  return label.replace(/\S{21,}/g, (word) => word.replace(/([._/:-])(?=\S)/g, `$1${ZERO_WIDTH_SPACE}`));
}

/**
 * Fills lines no wider than `maxWidth` as `measure` sees them, greedily, breaking at runs of white
 * space and at zero-width spaces, as Cytoscape's `text-wrap: wrap` does. A break drops its white
 * space; zero-width spaces are dropped everywhere, so every line is plain text. A piece wider than
 * the line gets a line of its own rather than being cut. Text that fits is kept as it is.
 */
export function fillLines(text: string, maxWidth: number, measure: (s: string) => number): string[] {
  const plain = text.replaceAll(ZERO_WIDTH_SPACE, '');
  if (measure(plain) <= maxWidth) return [plain];
  // Words at even indexes, the separators between them at odd ones.
  const parts = text.split(/([\s\u200b]+)/);
  const lines: string[] = [];
  let line = parts[0] ?? '';
  for (let k = 1; k < parts.length; k += 2) {
    const word = parts[k + 1] ?? '';
    // Trailing white space would only make an empty last line.
    if (!word) continue;
    const next = line + (parts[k] ?? '').replaceAll(ZERO_WIDTH_SPACE, '') + word;
    if (line && measure(next) > maxWidth) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  lines.push(line);
  return lines;
}

/**
 * A node label's lines as the map wraps it: at each '\n', then within `maxWidth` at spaces and after
 * the separators of long words (breakLongWords). No zero-width space is left in any line.
 */
export function wrapLabel(label: string, maxWidth: number, measure: (s: string) => number): string[] {
  return label.split('\n').flatMap((line) => fillLines(breakLongWords(line), maxWidth, measure));
}
