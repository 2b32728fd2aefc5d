/**
 * The caption that the SVG and PNG exports print above the map. A diagram pasted into a review
 * document is read far from the app, so it says what it was made from and when: the inputs by file
 * name (never the paths, which carry the user's name and folders; see core/export-names.ts), cut
 * short past a few, and the export's date. Past the drawing limit a second line says how many of the
 * matching edges the picture holds. Pure, so both exports print the same words and tests need no
 * browser.
 */
import { shortenFileNames } from '../core/export-names';

export interface CaptionLine {
  text: string;
  /** 'note' says what the picture shows; 'warning' what it leaves out (printed in the caption colour). */
  tone: 'note' | 'warning';
}

/** At most this many inputs are named; the rest are counted. */
const MAX_NAMES = 3;
/** …and only as many as fit in this many characters, so the line stays one line on a small map. */
const MAX_NAMES_CHARS = 72;

/** The day as ISO 8601 (2026-11-21), in the user's time zone: the date on their calendar when they exported. */
export function formatExportDate(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/**
 * The inputs as a reader needs them: each once, by file name (a parent folder where two share a
 * name), the first few and then `+ N more`. At least one name is given, cut in the middle when it
 * alone is too long.
 */
export function describeInputs(files: readonly string[]): string {
  const short = shortenFileNames(files);
  const names = [...new Set(files.map((f) => short.get(f) ?? f))];
  if (names.length === 0) return '';
  const shown = [cutMiddle(names[0]!, MAX_NAMES_CHARS)];
  for (const name of names.slice(1)) {
    if (shown.length >= MAX_NAMES || [...shown, name].join(', ').length > MAX_NAMES_CHARS) break;
    shown.push(name);
  }
  const more = names.length - shown.length;
  return `${shown.join(', ')}${more > 0 ? ` + ${more} more` : ''}`;
}

/** The caption's lines: what the export was made from and when, then what it leaves out, if anything. */
export function buildExportCaption(files: readonly string[], exportedAt: Date, undrawn?: string): CaptionLine[] {
  const inputs = describeInputs(files);
  const date = formatExportDate(exportedAt);
  const lines: CaptionLine[] = [{ text: inputs ? `Inputs: ${inputs} · exported ${date}` : `Exported ${date}`, tone: 'note' }];
  if (undrawn) lines.push({ text: undrawn, tone: 'warning' });
  return lines;
}

function cutMiddle(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = Math.ceil((max - 1) / 2);
  return `${text.slice(0, head)}…${text.slice(text.length - (max - 1 - head))}`;
}
