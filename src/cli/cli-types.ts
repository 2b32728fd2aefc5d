/**
 * The small shared vocabulary of the `reachmap` command: what a command module exports, the
 * streams it writes to, and the error that means "bad usage or unreadable input" (exit status 2).
 * Commands receive their streams instead of touching `process` so tests and benchmarks can drive
 * them in-process, and so the stream handling (buffering, EPIPE) lives in one place.
 */
import type { OptionSpec, ParsedArgs } from './parse-args';

export const EXIT_OK = 0;
/** Some batch line could not be answered; the other lines were. */
export const EXIT_PARTIAL = 1;
/** Bad usage or unreadable input; a one-line message went to stderr. */
export const EXIT_USAGE = 2;

/** Where a command reads and writes. Mirrors the parts of `process` the CLI needs. */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  /** Progress lines go to stderr only when a person is watching it. */
  stderrIsTty: boolean;
}

export interface CliCommand {
  name: string;
  /** One line for the command list in `reachmap --help`. */
  summary: string;
  /** The full `reachmap <name> --help` text. */
  help: string;
  options: Record<string, OptionSpec>;
  run(args: ParsedArgs, io: CliIo): Promise<number>;
}

/** Bad usage or unusable input: main prints `reachmap: <message>` on one line and exits 2. */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = EXIT_USAGE) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}
