/**
 * The import entry point: parses each input file's JSON, asks the importers in `FORMAT_IMPORTERS` in
 * turn which format it is, reads it into a partial snapshot and merges all partial snapshots into one
 * finalised snapshot (merge.ts). Unusable input throws an ImportError naming the file and saying why
 * in one line; a file found by a folder scan (`optional`) that no importer recognises is skipped
 * with a warning instead.
 *
 * Parts read by the Terraform importer are handed over to the merge rather than copied (see
 * `MergeOptions.adopt`): it builds every object fresh and without `undefined` members, and on a
 * large state copying them cost about as much as reading them. Other importers' parts are copied.
 */
import { ImportError, type InputFile, type Snapshot, type Warning } from '../model';
import { snapshotImporter } from '../snapshot-io';
import type { FormatImporter } from './format-importer';
import { mergeSnapshots } from './merge';
import { terraformImporter } from './terraform';
import { awsCliImporter } from './aws/aws-cli-importer';

export { mergeSnapshots } from './merge';

/** Every known input format. Order matters only if two importers recognise the same document. */
/** Importers whose parts meet the conditions of `MergeOptions.adopt`. */
const ADOPTABLE_IMPORTERS: ReadonlySet<FormatImporter> = new Set([terraformImporter]);

export const FORMAT_IMPORTERS: FormatImporter[] = [
  snapshotImporter,
  terraformImporter,
  awsCliImporter,
];

export interface ImportProgress {
  phase: string;
  done: number;
  total: number;
  message: string;
}

export interface ImportOptions {
  onProgress?: (p: ImportProgress) => void;
}

export function importInputs(files: InputFile[], options: ImportOptions = {}): Snapshot {
  const report = options.onProgress ?? (() => {});
  const parts: Snapshot[] = [];
  const skipped: Warning[] = [];
  const adopt = new Set<Snapshot>();
  files.forEach((file, i) => {
    report({ phase: 'read', done: i, total: files.length, message: `reading ${file.name}` });
    const doc = parseJson(file);
    const found = detectFormat(doc, file.name);
    if (!found) {
      if (file.optional) {
        skipped.push({ code: 'skipped-file', message: `${file.name} is not a recognised format (Terraform state/plan, AWS CLI JSON, Reachmap snapshot); skipped`, file: file.name });
        return;
      }
      throw new ImportError(file.name, unrecognisedMessage(doc));
    }
    const part = found.importer.read(doc, file.name, found.format);
    if (ADOPTABLE_IMPORTERS.has(found.importer)) adopt.add(part);
    parts.push(part);
  });
  report({ phase: 'merge', done: files.length, total: files.length, message: `merging ${parts.length} input(s)` });
  const merged = mergeSnapshots(parts, { adopt });
  merged.warnings.unshift(...skipped);
  report({ phase: 'done', done: files.length, total: files.length, message: `${merged.groups.length} groups, ${merged.rules.length} rules, ${merged.endpoints.length} endpoints` });
  return merged;
}

/** The importer and format for a parsed document, or undefined when none recognises it. */
export function detectFormat(doc: unknown, fileName: string): { importer: FormatImporter; format: string } | undefined {
  for (const importer of FORMAT_IMPORTERS) {
    const format = importer.detect(doc, fileName);
    if (format) return { importer, format };
  }
  return undefined;
}

/** JSON.parse with errors that name the file, say "empty" or "truncated" and give line and column. */
export function parseJson(file: InputFile): unknown {
  const text = file.text.charCodeAt(0) === 0xfeff ? file.text.slice(1) : file.text;
  // A regex test instead of trim(): it stops at the first visible character instead of copying.
  if (!/\S/.test(text)) throw new ImportError(file.name, 'the file is empty');
  // JSON text never holds a NUL byte; a binary file would otherwise be reported with its raw bytes.
  const head = text.slice(0, 8192);
  if (head.startsWith('PK\u0003\u0004')) {
    throw new ImportError(file.name, 'not JSON but a zip archive, e.g. a saved Terraform plan (convert it with terraform show -json)');
  }
  if (head.includes('\u0000')) {
    // UTF-16 (PowerShell's `>` writes it) puts a NUL next to every ASCII character.
    // eslint-disable-next-line no-control-regex
    const utf16 = /^(?:\uFFFD\uFFFD)?(?:[\u0001-\u007f]\u0000|\u0000[\u0001-\u007f]){2}/.test(head);
    throw new ImportError(file.name, utf16 ? 'the file is UTF-16 text; save it as UTF-8' : 'not JSON but a binary file (a saved Terraform plan? convert it with terraform show -json)');
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    const raw = e instanceof Error ? e.message : String(e);
    const pos = /position (\d+)/.exec(raw);
    // An error at the very end of the text means the file was cut short (partial download, copy).
    // V8 gives no position for a bad token, e.g. a file cut inside `true` and ended by a newline:
    // then brackets still open at the end say it was cut short.
    if (/end of JSON input/.test(raw) || (pos && Number(pos[1]) >= text.trimEnd().length) || (!pos && hasUnclosedBrackets(text))) {
      throw new ImportError(file.name, `the JSON is truncated (it ends after ${text.length} characters)`);
    }
    if (pos) {
      const at = Number(pos[1]);
      const before = text.slice(0, at);
      const line = before.split('\n').length;
      const column = at - before.lastIndexOf('\n');
      throw new ImportError(file.name, `malformed JSON at line ${line}, column ${column}: ${raw.replace(/ in JSON at position.*$/, '')}`);
    }
    throw new ImportError(file.name, `malformed JSON: ${raw}`);
  }
}

/** True when some `{` or `[` outside strings is never closed: the text ends inside a container. */
function hasUnclosedBrackets(text: string): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return inString || depth > 0;
}

function unrecognisedMessage(doc: unknown): string {
  if (doc === null || typeof doc !== 'object') return `expected a JSON object, got ${doc === null ? 'null' : typeof doc}`;
  if (Array.isArray(doc)) return 'expected a JSON object, got an array';
  const keys = Object.keys(doc).slice(0, 5);
  return `not a recognised format (Terraform state or plan JSON, AWS CLI JSON, Reachmap snapshot); top-level keys: ${keys.join(', ') || '(none)'}`;
}
