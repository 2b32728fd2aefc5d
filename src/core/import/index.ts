/**
 * The import entry point: parses each input file's JSON, asks the importers in `FORMAT_IMPORTERS` in
 * turn which format it is, reads it into a partial snapshot and merges all partial snapshots into one
 * finalised snapshot (merge.ts). Unusable input throws an ImportError naming the file and saying why
 * in one line; a file found by a folder scan (`optional`) that no importer recognises is skipped
 * with a warning instead. `importUsableInputs` is the forgiving variant for the app: a bad file is
 * left out with a warning and the others are still imported, since a map of most of what the user
 * opened beats none; the CLI keeps the strict one, because scripts need loud failure.
 *
 * Parts read by the Terraform importer are handed over to the merge rather than copied (see
 * `MergeOptions.adopt`): it builds every object fresh and without `undefined` members, and on a
 * large state copying them cost about as much as reading them. Other importers' parts are copied.
 */
import { badFileWarning, ImportError, type InputFile, type Snapshot, type Warning } from '../model';
import { snapshotImporter } from '../snapshot-io';
import type { FormatImporter } from './format-importer';
import { parseJson } from './parse-json';
import { mergeSnapshots } from './merge';
import { terraformImporter } from './terraform';
import { awsCliImporter } from './aws/aws-cli-importer';

export { mergeSnapshots } from './merge';
export { parseJson } from './parse-json';

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

/** Reads and merges every file; the first file that cannot be used throws an ImportError naming it. */
export function importInputs(files: InputFile[], options: ImportOptions = {}): Snapshot {
  return importEach(files, options).snapshot;
}

/** What `importUsableInputs` made of its files. */
export interface UsableImport {
  /** The files that could be used, merged; empty (no sources) when none could. */
  snapshot: Snapshot;
  /** Names of the files read into the snapshot, in input order. */
  imported: string[];
  /** One error per file left out because it could not be used, in input order. */
  failed: ImportError[];
}

/**
 * Imports every file that can be used and leaves out each one that cannot (empty, truncated,
 * malformed, not AWS, a format no importer reads), with a 'bad-file' warning naming it and why.
 * The parts are independent, so the rest is exactly what opening the good files alone gives. When
 * no file is usable the snapshot is empty; the caller decides (the app refuses and keeps its map).
 */
export function importUsableInputs(files: InputFile[], options: ImportOptions = {}): UsableImport {
  const failed: ImportError[] = [];
  const { snapshot, imported } = importEach(files, options, (err) => failed.push(err));
  snapshot.warnings.unshift(...failed.map((err) => badFileWarning(err.file, err.reason)));
  return { snapshot, imported, failed };
}

/**
 * Reads and merges the files. Without `onBadFile` the first ImportError ends the import; with it,
 * that file is handed over and left out. Other errors are bugs, not bad input, and always escape.
 */
function importEach(files: InputFile[], options: ImportOptions, onBadFile?: (err: ImportError) => void): { snapshot: Snapshot; imported: string[] } {
  const report = options.onProgress ?? (() => {});
  const parts: Snapshot[] = [];
  const imported: string[] = [];
  const skipped: Warning[] = [];
  const adopt = new Set<Snapshot>();
  files.forEach((file, i) => {
    report({ phase: 'read', done: i, total: files.length, message: `reading ${file.name}` });
    let read: ReturnType<typeof readOne>;
    try {
      read = readOne(file);
    } catch (err) {
      if (!onBadFile || !(err instanceof ImportError)) throw err;
      onBadFile(err);
      return;
    }
    if ('skip' in read) {
      skipped.push({ code: 'skipped-file', message: read.skip, file: file.name });
      return;
    }
    if (ADOPTABLE_IMPORTERS.has(read.importer)) adopt.add(read.part);
    parts.push(read.part);
    imported.push(file.name);
  });
  report({ phase: 'merge', done: files.length, total: files.length, message: `merging ${parts.length} input(s)` });
  const merged = mergeSnapshots(parts, { adopt });
  merged.warnings.unshift(...skipped);
  report({ phase: 'done', done: files.length, total: files.length, message: `${merged.groups.length} groups, ${merged.rules.length} rules, ${merged.endpoints.length} endpoints` });
  return { snapshot: merged, imported };
}

/**
 * One file's part; for an optional file (found by a folder scan) that is no JSON at all (emptied,
 * as Terraform leaves a state moved to a remote backend, or cut short) or that no importer
 * recognises, why it is skipped. Throws ImportError.
 */
function readOne(file: InputFile): { importer: FormatImporter; part: Snapshot } | { skip: string } {
  let doc: unknown;
  try {
    doc = parseJson(file);
  } catch (err) {
    if (file.optional && err instanceof ImportError) return { skip: `${file.name}: ${err.reason}; skipped` };
    throw err;
  }
  const found = detectFormat(doc, file.name);
  if (!found) {
    if (file.optional) return { skip: `${file.name} is not a recognised format (Terraform state/plan, AWS CLI JSON, Reachmap snapshot); skipped` };
    throw new ImportError(file.name, unrecognisedMessage(doc));
  }
  return { importer: found.importer, part: found.importer.read(doc, file.name, found.format) };
}

/** The importer and format for a parsed document, or undefined when none recognises it. */
export function detectFormat(doc: unknown, fileName: string): { importer: FormatImporter; format: string } | undefined {
  for (const importer of FORMAT_IMPORTERS) {
    const format = importer.detect(doc, fileName);
    if (format) return { importer, format };
  }
  return undefined;
}

function unrecognisedMessage(doc: unknown): string {
  if (doc === null || typeof doc !== 'object') return `expected a JSON object, got ${doc === null ? 'null' : typeof doc}`;
  if (Array.isArray(doc)) return 'expected a JSON object, got an array';
  const keys = Object.keys(doc).slice(0, 5);
  return `not a recognised format (Terraform state or plan JSON, AWS CLI JSON, Reachmap snapshot); top-level keys: ${keys.join(', ') || '(none)'}`;
}
