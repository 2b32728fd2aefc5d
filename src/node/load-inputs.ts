/**
 * Turns the paths a user names (CLI arguments, dropped files, the open dialog) into the `InputFile`s
 * the core importers take. Files named directly must be usable; files found by scanning a folder are
 * marked optional so one stray JSON file in a Terraform folder does not fail the whole import.
 * The app passes `onBadFile` to open what it can of several inputs: a path or file that cannot be
 * read is then handed over and left out, while the CLI keeps failing on it.
 * A scan leaves out a state's backup when the state itself is beside it (see scanDirectory).
 * Order is deterministic (arguments as given, folder entries sorted by path) so that ids, warnings
 * and output never depend on the file system's listing order.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ImportError, type InputFile } from '../core/model';
import { decodeInputBytes } from './decode-input';

/** V8 cannot hold a string much larger than this anyway; refuse early with a clear message. */
export const MAX_INPUT_BYTES = 512 * 1024 * 1024;

/** Directory names never worth scanning: dependencies and Terraform's provider cache. */
const SKIPPED_DIRS = new Set(['node_modules', '.terraform']);

export interface LoadInputsOptions {
  /** Overrides MAX_INPUT_BYTES (tests use a small value). */
  maxBytes?: number;
  /**
   * Set to leave out what cannot be read (a named path, or one file of a scanned folder) instead of
   * failing: each such ImportError is handed here and reading goes on with the next.
   */
  onBadFile?: (err: ImportError) => void;
}

/** True for the file names a folder scan picks up. */
export function isScannableName(name: string): boolean {
  const lower = name.toLowerCase();
  // .tfplan.json and .tfstate.json are covered by .json; .tfstate.backup by .backup.
  return lower.endsWith('.json') || lower.endsWith('.tfstate') || lower.endsWith('.backup');
}

/** Reads every path (file or folder) into InputFiles; throws ImportError naming the path on failure. */
export async function loadInputs(paths: string[], options: LoadInputsOptions = {}): Promise<InputFile[]> {
  const maxBytes = options.maxBytes ?? MAX_INPUT_BYTES;
  const out: InputFile[] = [];
  const seen = new Set<string>();
  /** Runs one read; a bad file is handed over when the caller asked for that, else it ends the load. */
  const attempt = async (read: () => Promise<void>): Promise<void> => {
    try {
      await read();
    } catch (err) {
      if (!options.onBadFile || !(err instanceof ImportError)) throw err;
      options.onBadFile(err);
    }
  };
  for (const given of paths) {
    await attempt(async () => {
      const stat = await statOrThrow(given);
      if (stat.isDirectory()) {
        const found = await scanDirectory(given);
        if (found.length === 0) {
          throw new ImportError(given, 'folder holds no .json, .tfstate or .backup files');
        }
        for (const file of found) {
          const key = path.resolve(file);
          if (seen.has(key)) continue;
          seen.add(key);
          await attempt(async () => void out.push({ name: file, text: await readText(file, maxBytes), optional: true }));
        }
      } else {
        const key = path.resolve(given);
        if (seen.has(key)) return;
        seen.add(key);
        out.push({ name: given, text: await readText(given, maxBytes) });
      }
    });
  }
  return out;
}

/**
 * The named paths that cannot be opened at all (missing, not permitted, under a file), one
 * ImportError each in argument order, without reading a file: `reachmap serve` names them before
 * it starts instead of leaving the page to show an error over a blank map. What the files hold is
 * left to the load.
 */
export async function findUnreadablePaths(paths: readonly string[]): Promise<ImportError[]> {
  const bad: ImportError[] = [];
  for (const given of paths) {
    try {
      // The calls loadInputs makes on a named path, short of reading it.
      if ((await fs.stat(given)).isDirectory()) await fs.readdir(given);
      else await (await fs.open(given, 'r')).close();
    } catch (err) {
      bad.push(new ImportError(given, describeFsError(err)));
    }
  }
  return bad;
}

async function statOrThrow(file: string) {
  try {
    return await fs.stat(file);
  } catch (err) {
    throw new ImportError(file, describeFsError(err));
  }
}

/** Recursively lists scannable files below `dir`, sorted by path, skipping hidden and vendor folders. */
async function scanDirectory(dir: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (current: string): Promise<void> => {
    let entries;
    try {
      entries = await fs.readdir(current, { withFileTypes: true });
    } catch (err) {
      throw new ImportError(current, describeFsError(err));
    }
    // Sort by name with a locale-independent comparison so every machine sees the same order.
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) await walk(full);
      } else if ((entry.isFile() || entry.isSymbolicLink()) && isScannableName(entry.name)) {
        if (entry.isSymbolicLink()) {
          // Follow links to files only: a linked folder could loop.
          const target = await fs.stat(full).catch(() => null);
          if (!target?.isFile()) continue;
        }
        found.push(full);
      }
    }
  };
  await walk(dir);
  // A state's backup (terraform.tfstate.backup, or terraform.tfstate.1700000000.backup after a
  // state mv) holds it as it was before the last write: merged with it, the map would keep rules
  // and groups since removed. It is read only where its state is not beside it, or is empty (as
  // Terraform leaves it after moving the state to a remote backend).
  const names = new Set(found);
  const usable = new Map<string, boolean>();
  const out: string[] = [];
  for (const f of found) {
    const base = f.replace(/(\.\d+)?\.backup$/i, '');
    if (base !== f && names.has(base)) {
      if (!usable.has(base)) usable.set(base, ((await fs.stat(base).catch(() => null))?.size ?? 0) > 0);
      if (usable.get(base)) continue;
    }
    out.push(f);
  }
  return out;
}

async function readText(file: string, maxBytes: number): Promise<string> {
  let handle;
  try {
    handle = await fs.open(file, 'r');
  } catch (err) {
    throw new ImportError(file, describeFsError(err));
  }
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw new ImportError(file, 'is a folder');
    if (stat.size > maxBytes) {
      throw new ImportError(file, `too large (${formatSize(stat.size)}; the limit is ${formatSize(maxBytes)})`);
    }
    return decodeInputBytes(await handle.readFile());
  } catch (err) {
    if (err instanceof ImportError) throw err;
    throw new ImportError(file, describeFsError(err));
  } finally {
    await handle.close();
  }
}

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${bytes} bytes`;
}

/** One short reason for a file system error, without Node's "ENOENT: …, open '…'" noise. */
export function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a folder';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    case 'ELOOP':
      return 'too many symbolic links';
    default:
      return err instanceof Error ? err.message : String(err);
  }
}

/**
 * The message for inputs of which no file was recognised (a folder of other things): the CLI and
 * the app refuse such an open rather than show an empty network as if it were the user's.
 */
export function noUsableInputMessage(paths: readonly string[], filesFound: number): string {
  return `${paths.join(', ')}: no usable input (${filesFound} file${filesFound === 1 ? '' : 's'} found; none is Terraform state or plan JSON, AWS CLI JSON or a Reachmap snapshot)`;
}
