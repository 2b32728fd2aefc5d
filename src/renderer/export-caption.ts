/**
 * The caption that the SVG and PNG exports print above the map. A diagram pasted into a review
 * document is read far from the app, so it says what it was made from and when: the inputs by file
 * name (never the paths, which carry the user's name and folders; see core/export-names.ts), cut
 * short past a few, the view and the export's date. Then what shaped the picture: the filters in
 * force (a filtered map read as the whole network would hide flows from the reader), what is
 * highlighted (an answer, or a group's endpoints), and past the drawing limit how many of the
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

/** What shaped the picture besides the inputs (see buildExportCaption). */
export interface CaptionContext {
  /** The view's name as the toolbar gives it ('Reachability', 'Security groups', 'Exposure'). */
  view?: string;
  /** The filters in force, each as the user reads it (a chip's text, 'exposed to outside sources only', …). */
  filters?: readonly string[];
  /**
   * What is highlighted, the rest faded: the A-to-B answer, or the endpoints that carry a group
   * (named as the reader knows it), as a warning about the group marks them.
   */
  highlighted?: 'answer' | { carriersOf: string };
  /** Past the drawing limit: how many of the matching edges are drawn. */
  undrawn?: string;
}

/** The caption's lines: what the export was made from and when, then what shaped or cut it, if anything. */
export function buildExportCaption(files: readonly string[], exportedAt: Date, context: CaptionContext = {}): CaptionLine[] {
  const inputs = describeInputs(files);
  const date = formatExportDate(exportedAt);
  const view = context.view ? ` · ${context.view} view` : '';
  const lines: CaptionLine[] = [{ text: inputs ? `Inputs: ${inputs}${view} · exported ${date}` : `Exported ${date}${view}`, tone: 'note' }];
  if (context.filters?.length) lines.push({ text: `Filtered (not the whole network): ${context.filters.join(' · ')}`, tone: 'warning' });
  if (context.highlighted) {
    const what = context.highlighted === 'answer' ? 'the answer to "Can A reach B?"' : `the endpoints that carry ${context.highlighted.carriersOf}`;
    lines.push({ text: `Highlighted: ${what}; the rest is faded`, tone: 'note' });
  }
  if (context.undrawn) lines.push({ text: context.undrawn, tone: 'warning' });
  return lines;
}

function cutMiddle(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = Math.ceil((max - 1) / 2);
  return `${text.slice(0, head)}…${text.slice(text.length - (max - 1 - head))}`;
}
