/**
 * `reachmap query`: answers "can A reach B on this protocol/port?" once (--from/--to) or for every
 * JSON line of a batch file (--batch FILE, `-` for stdin). The inputs are imported and the index is
 * built once; each batch line is answered independently and in order. JSON answers name the files
 * their rules come from by base name, as every JSON the CLI writes does (see export-names.ts); the
 * answer for people keeps the paths given.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { shortenSnapshotFiles } from '../../core/export-names';
import type { ReachQuery } from '../../core/analysis-types';
import { buildReachIndex, protocolName, queryReach } from '../../core/reach';
import { describeFsError } from '../../node/load-inputs';
import { runBatch } from '../batch';
import { CliError, EXIT_OK, EXIT_PARTIAL, type CliCommand, type CliIo } from '../cli-types';
import { formatAnswer } from '../format-text';
import { createProgress, loadSnapshot } from '../load-snapshot';
import { OutputBuffer } from '../output-buffer';
import { intOption, stringOption, type ParsedArgs } from '../parse-args';
import { buildQuery, QueryLineError, type QueryInput } from '../query-line';

export const command: CliCommand = {
  name: 'query',
  summary: 'answer whether one endpoint or address can reach another (or a batch of such questions)',
  help: `Usage: reachmap query <file|folder>... --from REF --to REF --protocol P [--port N]
                     [--icmp-type T --icmp-code C] [--json]
       reachmap query <file|folder>... --batch FILE|-

REF is an endpoint id (i-…, eni-…, ARN), a Terraform address (aws_instance.web[0]), a unique
Name tag, or an IP address (an endpoint's address, or any outside address such as 203.0.113.7).
P is tcp, udp, icmp, icmpv6, all, or an IP protocol number. tcp and udp need --port.
For icmp/icmpv6, --icmp-type/--icmp-code ask about one type/code (-1 or omitted = all; a code needs a type).

Prints ALLOWED, DENIED or DEPENDS (the answer depends on what the input leaves unknown: an
endpoint's address, a prefix list's entries, or the rules of a group it references but does not
define), the explanation, and the egress/ingress rules that allow the traffic.

Batch mode reads one JSON question per line and writes one JSON answer per line, in order
(blank lines and lines starting with # or // are skipped):
  {"from": "web-1", "to": "10.0.2.5", "protocol": "tcp", "port": 5432}
  {"from": "bastion", "to": "db", "protocol": "icmp", "icmpType": 8, "icmpCode": 0}
Answers are objects like {"allowed": true, "verdict": "allowed", "egress": [...], "ingress": [...]};
a line that cannot be answered gets {"error": "...", "line": N} and the run goes on.

Options:
  --from REF         source
  --to REF           destination
  --protocol P       tcp | udp | icmp | icmpv6 | all | <number>
  --port N           destination port (tcp/udp)
  --icmp-type T      ICMP type (icmp/icmpv6)
  --icmp-code C      ICMP code (icmp/icmpv6)
  --batch FILE       answer the JSON lines of FILE (- for stdin)
  --json             print the answer as JSON
  -h, --help         show this help

Exit status: 0 answered (whatever the verdict), 1 some batch line had an error,
2 bad usage or unreadable input.`,
  options: {
    from: { type: 'string', valueName: 'REF' },
    to: { type: 'string', valueName: 'REF' },
    protocol: { type: 'string', valueName: 'P' },
    port: { type: 'string', valueName: 'N' },
    'icmp-type': { type: 'string', valueName: 'T' },
    'icmp-code': { type: 'string', valueName: 'C' },
    batch: { type: 'string', valueName: 'FILE' },
    json: { type: 'boolean' },
  },
  async run(args, io) {
    const batch = stringOption(args, 'batch');
    if (batch !== undefined) return runBatchMode(args, batch, io);
    return runSingle(args, io);
  },
};

async function runSingle(args: ParsedArgs, io: CliIo): Promise<number> {
  // Validate the option syntax before the (possibly slow) import.
  const missing = ['from', 'to', 'protocol'].filter((k) => stringOption(args, k) === undefined);
  if (missing.length > 0) {
    throw new CliError(`query: missing ${missing.map((m) => `--${m}`).join(', ')} (or use --batch FILE; see reachmap query --help)`);
  }
  const input: QueryInput = {
    from: stringOption(args, 'from'),
    to: stringOption(args, 'to'),
    protocol: stringOption(args, 'protocol'),
    port: intOption(args, 'port', 0, 65535, 'query'),
    icmpType: intOption(args, 'icmp-type', -1, 255, 'query'),
    icmpCode: intOption(args, 'icmp-code', -1, 255, 'query'),
  };
  const progress = createProgress(io);
  const loaded = await loadSnapshot(args.positionals, io, 'query', progress);
  const snapshot = args.options.json ? shortenSnapshotFiles(loaded) : loaded;
  progress.phase('indexing');
  const index = buildReachIndex(snapshot);
  progress.done();
  let query;
  try {
    query = buildQuery(index, input);
  } catch (err) {
    if (err instanceof QueryLineError) throw new CliError(`query: ${err.message}`);
    throw err;
  }
  const answer = queryReach(index, query);
  const out = new OutputBuffer(io.stdout);
  if (args.options.json) {
    out.write(JSON.stringify(answer) + '\n');
  } else {
    out.write(formatAnswer(answer, { from: String(input.from), to: String(input.to), traffic: describeTraffic(query) }));
  }
  await out.flush();
  return EXIT_OK;
}

/** The traffic as the engine was asked it (`tcp 22`, `icmp type 8 code 0`, `all`), not as typed. */
function describeTraffic(query: ReachQuery): string {
  const parts = [protocolName(query.protocol)];
  if (query.port !== undefined) parts.push(String(query.port));
  if (query.icmpType !== undefined) parts.push(`type ${query.icmpType}`);
  if (query.icmpCode !== undefined) parts.push(`code ${query.icmpCode}`);
  return parts.join(' ');
}

async function runBatchMode(args: ParsedArgs, batch: string, io: CliIo): Promise<number> {
  const single = ['from', 'to', 'protocol', 'port', 'icmp-type', 'icmp-code'].filter((k) => args.options[k] !== undefined);
  if (single.length > 0) throw new CliError(`query: --batch cannot be combined with ${single.map((s) => `--${s}`).join(', ')}`);
  if (args.positionals.includes('-') && batch === '-') throw new CliError('query: stdin cannot be both an input and the batch');
  // Open the batch file before the import so a typo fails fast and names the right file.
  const stream = batch === '-' ? io.stdin : await openBatchFile(batch);
  const progress = createProgress(io);
  const snapshot = shortenSnapshotFiles(await loadSnapshot(args.positionals, io, 'query', progress));
  progress.phase('indexing');
  const index = buildReachIndex(snapshot);
  progress.done();
  progress.phase('answering');
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let stats;
  try {
    stats = await runBatch(index, lines, new OutputBuffer(io.stdout));
  } catch (err) {
    throw new CliError(`${batch === '-' ? 'stdin' : batch}: ${err instanceof Error ? describeFsError(err) : String(err)}`);
  }
  progress.done(`${stats.questions} questions, ${stats.errors} errors`);
  return stats.errors > 0 ? EXIT_PARTIAL : EXIT_OK;
}

async function openBatchFile(file: string): Promise<NodeJS.ReadableStream> {
  const info = await stat(file).catch((err: unknown) => {
    throw new CliError(`${file}: ${describeFsError(err)}`);
  });
  if (info.isDirectory()) throw new CliError(`${file}: is a folder, not a batch file`);
  const stream = createReadStream(file, { encoding: 'utf8' });
  await new Promise<void>((resolve, reject) => {
    stream.once('ready', () => resolve());
    stream.once('error', (err) => reject(new CliError(`${file}: ${describeFsError(err)}`)));
  });
  return stream;
}
