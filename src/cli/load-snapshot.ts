/**
 * The front half every command shares: read the named files and folders, import them into one
 * Snapshot, and optionally build the reachability index. Failures become a CliError whose one-line
 * message names the file, which main turns into exit status 2. Phase timings go to stderr only
 * when stderr is a terminal, so pipes and scripts see clean output.
 */
import { importInputs } from '../core/import';
import { ImportError, type Snapshot } from '../core/model';
import { loadInputs, noUsableInputMessage } from '../node/load-inputs';
import { convertEc2QueryXml } from '../node/ec2-query-xml';
import { CliError, type CliIo } from './cli-types';

export interface Progress {
  phase(text: string): void;
  /** Ends the current phase, printing how long it took. */
  done(extra?: string): void;
  /** Forwarded importer progress, throttled. */
  tick(detail: unknown): void;
  /** Turns the output on once the input is known to be big enough for it to matter. */
  enable(): void;
}

/** Inputs at least this large get phase lines; small ones finish before anyone could read them. */
export const PROGRESS_MIN_BYTES = 1_000_000;

export function createProgress(io: CliIo): Progress {
  const silent: Progress = { phase: () => {}, done: () => {}, tick: () => {}, enable: () => {} };
  if (!io.stderrIsTty) return silent;
  let on = false;
  let started = 0;
  let current = '';
  let lastTick = 0;
  return {
    enable() {
      on = true;
    },
    phase(text) {
      current = text;
      started = performance.now();
      lastTick = started;
      if (on) io.stderr.write(`reachmap: ${text}…\n`);
    },
    done(extra) {
      const ms = performance.now() - started;
      if (on) io.stderr.write(`reachmap: ${current} done in ${formatMs(ms)}${extra ? ` (${extra})` : ''}\n`);
    },
    tick(detail) {
      const now = performance.now();
      if (!on || now - lastTick < 500) return;
      lastTick = now;
      const text = describeProgress(detail);
      if (text) io.stderr.write(`reachmap:   ${text}\n`);
    },
  };
}

/** The importer reports { phase, done, total, message }; show the message and the count. */
function describeProgress(detail: unknown): string {
  if (typeof detail === 'string') return detail;
  if (typeof detail !== 'object' || detail === null) return '';
  const d = detail as Record<string, unknown>;
  const text = typeof d.message === 'string' ? d.message : typeof d.phase === 'string' ? d.phase : '';
  const count = typeof d.done === 'number' && typeof d.total === 'number' && d.total > 1 ? ` (${d.done}/${d.total})` : '';
  return text + count;
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** Reads and imports the inputs; throws CliError naming the file on any failure. */
export async function loadSnapshot(paths: string[], io: CliIo, command: string, progress = createProgress(io)): Promise<Snapshot> {
  if (paths.length === 0) throw new CliError(`${command}: name at least one input file or folder (see reachmap ${command} --help)`);
  progress.phase(`reading ${paths.length === 1 ? paths[0] : `${paths.length} inputs`}`);
  let files;
  try {
    files = await convertEc2QueryXml(await loadInputs(paths));
  } catch (err) {
    throw toCliError(err, paths);
  }
  const bytes = files.reduce((sum, f) => sum + f.text.length, 0);
  if (bytes >= PROGRESS_MIN_BYTES) progress.enable();
  progress.done(`${files.length} file${files.length === 1 ? '' : 's'}, ${(bytes / 1e6).toFixed(1)} MB`);
  progress.phase('importing');
  let snapshot: Snapshot;
  try {
    snapshot = importInputs(files, { onProgress: (p: unknown) => progress.tick(p) });
  } catch (err) {
    throw toCliError(err, paths);
  }
  // Folders skip the files no importer recognises; when that leaves nothing, an analysis or an
  // answer would describe an empty network as if it were the user's, so refuse instead.
  if (snapshot.sources.length === 0) {
    throw new CliError(noUsableInputMessage(paths, files.length));
  }
  progress.done(`${snapshot.groups.length} groups, ${snapshot.rules.length} rules, ${snapshot.endpoints.length} endpoints`);
  return snapshot;
}

/** ImportError already reads `file: reason`; anything else gets the input names prepended. */
function toCliError(err: unknown, paths: string[]): CliError {
  if (err instanceof CliError) return err;
  if (err instanceof ImportError) return new CliError(toOneLine(err.message));
  const reason = err instanceof Error ? err.message : String(err);
  return new CliError(toOneLine(`${paths.join(', ')}: ${reason}`));
}

/** One line for stderr: line breaks (also those other tools split on) become spaces, other control characters '?'. */
export function toOneLine(text: string): string {
  /* eslint-disable no-control-regex */
  return text
    .replace(/\s*[\r\n\v\f\u001c-\u001e\u0085\u2028\u2029]+\s*/g, ' ')
    .replace(/[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/g, '?')
    .trim();
  /* eslint-enable no-control-regex */
}
