/**
 * `reachmap serve`: the app in a browser, for people who cannot install the desktop app and for the
 * end-to-end tests. It starts the loopback server (src/node/serve.ts), prints the one URL that works
 * (it carries the per-launch token) as a single stdout line, optionally opens the default browser,
 * and runs until interrupted. Named inputs that cannot be opened are named on stderr first, the
 * way `analyze` names them; when none can, it does not start: the page would only show an error
 * over a blank map, and the cause is most often a typo.
 */
import { spawn } from 'node:child_process';
import { findUnreadablePaths } from '../../node/load-inputs';
import { startServer } from '../../node/serve';
import { CliError, EXIT_OK, EXIT_USAGE, type CliCommand } from '../cli-types';
import { toOneLine } from '../load-snapshot';
import { stringOption } from '../parse-args';
import { VERSION } from '../version';

export const command: CliCommand = {
  name: 'serve',
  summary: 'open the app in your browser (served on 127.0.0.1 only)',
  help: `Usage: reachmap serve [file|folder...] [--port N] [--no-open]

Serves the Reachmap app on http://127.0.0.1 and opens it in your browser. With no inputs it
shows the bundled sample network. An input that cannot be opened is named on stderr; when none
can, serve exits with status 2. The printed URL carries a secret token for this launch only;
requests without it, or from another host name, are refused. Stop with Ctrl+C.

Options:
  --port N     listen on port N (default: a free port)
  --no-open    print the URL but do not open a browser
  -h, --help   show this help`,
  options: {
    port: { type: 'string', valueName: 'N' },
    'no-open': { type: 'boolean' },
  },
  async run(args, io) {
    const portText = stringOption(args, 'port');
    let port = 0;
    if (portText !== undefined) {
      port = Number(portText);
      if (!/^\d+$/.test(portText) || port < 1 || port > 65535) throw new CliError(`serve: --port must be a number from 1 to 65535, not '${portText}'`);
    }
    const inputs = args.positionals;
    const unreadable = await findUnreadablePaths(inputs);
    for (const err of unreadable) io.stderr.write(`reachmap: ${toOneLine(err.message)}\n`);
    if (inputs.length > 0 && unreadable.length === inputs.length) return EXIT_USAGE;
    let server;
    try {
      server = await startServer({ inputs, port, version: VERSION });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') throw new CliError(`serve: port ${port} is already in use; pick another with --port or omit it`);
      throw new CliError(`serve: ${err instanceof Error ? err.message : String(err)}`);
    }
    io.stdout.write(`Reachmap is serving on ${server.url}\n`);
    if (args.options['no-open'] !== true) openBrowser(server.url);
    await waitForSignal();
    await server.close();
    return EXIT_OK;
  },
};

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** Best effort: a missing opener only means the user clicks the printed URL. */
function openBrowser(url: string): void {
  const [cmd, argv] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['explorer.exe', [url]] : ['xdg-open', [url]];
  try {
    const child = spawn(cmd, argv, { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // Ignore: the URL is printed.
  }
}
