/**
 * Entry point of the `reachmap` command (bin/reachmap.mjs calls `main` from the bundle). It owns
 * dispatch, help, and the exit-status contract: 0 answered, 1 some batch line failed, 2 bad usage or
 * unreadable input with a single `reachmap: …` line on stderr. Commands are listed in COMMANDS; each
 * is loaded only when used, and adding one is a single line there.
 */
import { CliError, EXIT_OK, EXIT_USAGE, type CliCommand, type CliIo } from './cli-types';
import { toOneLine } from './load-snapshot';
import { parseArgs } from './parse-args';
import { VERSION } from './version';

type CommandModule = { command: CliCommand };

/** name -> loader. Order here is the order in `reachmap --help`. */
const COMMANDS: Record<string, () => Promise<CommandModule>> = {
  analyze: () => import('./commands/analyze'),
  query: () => import('./commands/query'),
  'export-snapshot': () => import('./commands/export-snapshot'),
  'import-aws': () => import('./commands/import-aws'),
  serve: () => import('./commands/serve'),
};

const HELP_FLAGS = new Set(['-h', '--help']);

export async function main(argv: string[], io: CliIo = createProcessIo()): Promise<number> {
  watchBrokenPipe(io);
  try {
    return await dispatch(argv, io);
  } catch (err) {
    if (err instanceof CliError) {
      io.stderr.write(`reachmap: ${toOneLine(err.message)}\n`);
      return err.exitCode;
    }
    // A bug or an engine failure on odd input: still one line and exit 2, with the stack on request.
    const message = err instanceof Error ? err.message : String(err);
    io.stderr.write(`reachmap: internal error: ${toOneLine(message)}\n`);
    if (process.env.REACHMAP_DEBUG && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
    return EXIT_USAGE;
  }
}

async function dispatch(argv: string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    // No command is bad usage: the help goes to stderr so scripts do not mistake it for output.
    io.stderr.write(await renderTopLevelHelp());
    return EXIT_USAGE;
  }
  if (HELP_FLAGS.has(first)) {
    io.stdout.write(await renderTopLevelHelp());
    return EXIT_OK;
  }
  if (first === '--version' || first === '-V' || first === 'version') {
    io.stdout.write(`${VERSION}\n`);
    return EXIT_OK;
  }
  if (first === 'help') {
    const topic = rest[0];
    if (topic === undefined) {
      io.stdout.write(await renderTopLevelHelp());
      return EXIT_OK;
    }
    const command = await loadCommand(topic);
    io.stdout.write(`${command.help}\n`);
    return EXIT_OK;
  }
  const command = await loadCommand(first);
  // --help anywhere wins, so `reachmap query x.json --from a --help` shows help rather than an error.
  if (rest.some((a) => HELP_FLAGS.has(a))) {
    io.stdout.write(`${command.help}\n`);
    return EXIT_OK;
  }
  const args = parseArgs(rest, command.options, command.name);
  return command.run(args, io);
}

async function loadCommand(name: string): Promise<CliCommand> {
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    const hint = name.startsWith('-') ? `unknown option ${name}` : `unknown command '${name}'`;
    throw new CliError(`${hint}; commands: ${Object.keys(COMMANDS).join(', ')} (see reachmap --help)`);
  }
  return (await load()).command;
}

async function renderTopLevelHelp(): Promise<string> {
  const commands = await Promise.all(Object.values(COMMANDS).map(async (load) => (await load()).command));
  const width = Math.max(...commands.map((c) => c.name.length));
  const list = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n');
  return `reachmap ${VERSION}: who can reach what through AWS security groups.

Usage: reachmap <command> [options]

Commands:
${list}

Inputs are Terraform state (v1-v4), terraform show -json (state or plan), AWS CLI JSON
(describe-security-groups, -instances, -network-interfaces, ...), saved EC2 Query API XML
answers (named directly; folder scans skip .xml) or reachmap snapshots; name files or folders.

Run 'reachmap <command> --help' for a command's options. 'reachmap --version' prints the version.
Exit status: 0 ok, 1 some batch line failed, 2 bad usage or unreadable input.
`;
}

function createProcessIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    stderrIsTty: Boolean(process.stderr.isTTY),
  };
}

/** `reachmap analyze … | head` closes stdout early: stop quietly instead of crashing on EPIPE. */
function watchBrokenPipe(io: CliIo): void {
  if (io.stdout !== process.stdout) return;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}
