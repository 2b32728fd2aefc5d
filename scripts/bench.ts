/**
 * `npm run bench`: measures Reachmap on a synthetic 10,000-instance account against the cost of
 * JSON.parse on the same file text, which is the floor any importer pays. Each measurement runs in
 * a fresh child process so peak RSS belongs to one phase and earlier garbage does not skew timings.
 * Prints absolute numbers, ratios and whether import + analysis stays within the 5x target.
 *
 * Options: --scale F (fraction of the default size, e.g. 0.1 for a quick run), --json (print the
 * results as one JSON object on the last line), --strict (exit 1 when the target is missed).
 * Other benchmarks chain after this one in package.json, so it exits 0 unless --strict says otherwise.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { importInputs } from '../src/core/import';
import { analyzeFlows, buildReachIndex } from '../src/core/reach';
import { runBatch } from '../src/cli/batch';
import { OutputBuffer } from '../src/cli/output-buffer';
import { generateQueryLines, generateSyntheticAccount, type SyntheticOptions } from './bench-lib/synthetic-account';

const TARGET_RATIO = 5;
const QUERY_COUNT = 10_000;

interface ParseResult {
  parseMs: number;
  parseRuns: number[];
  peakRssDelta: number;
  heapRetained: number;
}

interface ReachmapResult {
  importMs: number;
  analysisMs: number;
  indexMs: number;
  flowsMs: number;
  batchMs: number;
  batchErrors: number;
  batchAnswers: { allowed: number; denied: number; depends: number };
  importPeakRssDelta: number;
  totalPeakRssDelta: number;
  heapRetained: number;
  counts: { groups: number; rules: number; endpoints: number; warnings: number; flowNodes: number; flowEdges: number };
}

const args = process.argv.slice(2);
if (args[0] === '--child') {
  runChild(args[1] as string, args[2] as string, args[3]);
} else {
  runMain();
}

function runMain(): void {
  const scale = Number(valueOf('--scale') ?? '1');
  const asJson = args.includes('--json');
  const strict = args.includes('--strict');
  if (!(scale > 0 && scale <= 4)) fail('--scale must be a number in (0, 4]');

  const dir = mkdtempSync(path.join(tmpdir(), 'reachmap-bench-'));
  try {
    const options: SyntheticOptions = {
      instances: Math.round(10_000 * scale),
      groups: Math.round(2_000 * scale),
      rules: Math.round(40_000 * scale),
      services: Math.max(1, Math.round(1_000 * scale)),
    };
    const genStart = performance.now();
    const account = generateSyntheticAccount(options);
    const text = JSON.stringify(account.state);
    const stateFile = path.join(dir, 'synthetic.tfstate');
    writeFileSync(stateFile, text);
    const queriesFile = path.join(dir, 'queries.jsonl');
    writeFileSync(queriesFile, generateQueryLines(account, QUERY_COUNT).join('\n') + '\n');
    const genMs = performance.now() - genStart;
    log(`synthetic account: ${account.counts.instances} instances, ${account.counts.groups} groups, ${account.counts.rules} rules ` +
      `(${account.counts.inlineRules} inline, ${account.counts.separateRules} aws_security_group_rule), ` +
      `${account.counts.subnets} subnets in ${account.counts.vpcs} VPCs; ${(text.length / 1e6).toFixed(1)} MB; generated in ${ms(genMs)}`);

    const parse = child<ParseResult>('parse', stateFile);
    const reach = child<ReachmapResult>('reachmap', stateFile, queriesFile);
    const analyzeMs = reach.importMs + reach.analysisMs;
    const ratio = (x: number) => x / parse.parseMs;
    const rows: [string, string, string][] = [
      ['JSON.parse (baseline, median of 3)', ms(parse.parseMs), '1.0x'],
      ['import (importInputs)', ms(reach.importMs), `${ratio(reach.importMs).toFixed(2)}x`],
      ['analysis (buildReachIndex + analyzeFlows)', `${ms(reach.analysisMs)} (index ${ms(reach.indexMs)}, flows ${ms(reach.flowsMs)})`, `${ratio(reach.analysisMs).toFixed(2)}x`],
      ['analyze run (import + analysis)', ms(analyzeMs), `${ratio(analyzeMs).toFixed(2)}x`],
      [`${QUERY_COUNT} batch queries (query --batch path)`, `${ms(reach.batchMs)} (${(reach.batchMs * 1000 / QUERY_COUNT).toFixed(0)} us/query)`, `${ratio(reach.batchMs).toFixed(2)}x`],
      ['peak RSS delta: JSON.parse', mb(parse.peakRssDelta), '1.0x'],
      ['peak RSS delta: import', mb(reach.importPeakRssDelta), `${(reach.importPeakRssDelta / parse.peakRssDelta).toFixed(2)}x`],
      ['peak RSS delta: import + analysis + batch', mb(reach.totalPeakRssDelta), `${(reach.totalPeakRssDelta / parse.peakRssDelta).toFixed(2)}x`],
      ['retained heap: parsed document', mb(parse.heapRetained), '1.0x'],
      ['retained heap: snapshot + index + flows', mb(reach.heapRetained), `${(reach.heapRetained / parse.heapRetained).toFixed(2)}x`],
    ];
    const w0 = Math.max(...rows.map((r) => r[0].length));
    const w1 = Math.max(...rows.map((r) => r[1].length));
    log('');
    for (const [name, abs, rel] of rows) log(`  ${name.padEnd(w0)}  ${abs.padStart(w1)}  ${rel.padStart(7)}`);
    log('');
    log(`  imported: ${reach.counts.groups} groups, ${reach.counts.rules} rules, ${reach.counts.endpoints} endpoints, ${reach.counts.warnings} warnings; ` +
      `flow graph ${reach.counts.flowNodes} nodes, ${reach.counts.flowEdges} edges`);
    log(`  batch: ${reach.batchAnswers.allowed} allowed, ${reach.batchAnswers.denied} denied, ${reach.batchAnswers.depends} depends, ${reach.batchErrors} errors`);
    const within = ratio(analyzeMs) <= TARGET_RATIO;
    log(`  target: analyze run within ${TARGET_RATIO}x JSON.parse: ${within ? 'YES' : 'NO'} (${ratio(analyzeMs).toFixed(2)}x)`);
    if (asJson) {
      process.stdout.write(JSON.stringify({ scale, bytes: text.length, parse, reach, analyzeRatio: ratio(analyzeMs), withinTarget: within }) + '\n');
    }
    if (strict && !within) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function child<T>(phase: string, file: string, extra?: string): T {
  const self = fileURLToPath(import.meta.url);
  const res = spawnSync(process.execPath, ['--max-old-space-size=8192', self, '--child', phase, file, ...(extra ? [extra] : [])], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (res.status !== 0) fail(`${phase} phase failed (exit ${res.status}): ${res.stderr.trim().split('\n').slice(-5).join(' | ')}`);
  const last = res.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as T;
}

/** In a child: one phase, result as a JSON line on stdout. */
function runChild(phase: string, file: string, queriesFile: string | undefined): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const text = readFileSync(file, 'utf8');
  gc();
  const baseRss = process.memoryUsage().rss;
  const baseHeap = process.memoryUsage().heapUsed;
  const peakRss = () => process.resourceUsage().maxRSS * 1024 - baseRss;

  if (phase === 'parse') {
    const runs: number[] = [];
    let doc: unknown;
    for (let i = 0; i < 3; i++) {
      doc = undefined;
      gc();
      const t = performance.now();
      doc = JSON.parse(text);
      runs.push(performance.now() - t);
    }
    const peak = peakRss();
    gc();
    const heapRetained = process.memoryUsage().heapUsed - baseHeap;
    keepAlive(doc);
    const sorted = [...runs].sort((a, b) => a - b);
    emit({ parseMs: sorted[1] as number, parseRuns: runs, peakRssDelta: peak, heapRetained } satisfies ParseResult);
    return;
  }

  const t0 = performance.now();
  const snapshot = importInputs([{ name: path.basename(file), text }]);
  const importMs = performance.now() - t0;
  const importPeak = peakRss();
  const t1 = performance.now();
  const index = buildReachIndex(snapshot);
  const indexMs = performance.now() - t1;
  const t2 = performance.now();
  const analysis = analyzeFlows(index);
  const flowsMs = performance.now() - t2;
  gc();
  const heapRetained = process.memoryUsage().heapUsed - baseHeap;

  const queryText = readFileSync(queriesFile as string, 'utf8');
  const answers = { allowed: 0, denied: 0, depends: 0 };
  const sink = new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      // Tally verdicts so a broken engine (every line an error) shows in the report.
      const s = chunk.toString();
      answers.allowed += count(s, '"verdict":"allowed"');
      answers.denied += count(s, '"verdict":"denied"');
      answers.depends += count(s, '"verdict":"depends"');
      cb();
    },
  });
  const t3 = performance.now();
  const lines = createInterface({ input: Readable.from([queryText]), crlfDelay: Infinity });
  void runBatch(index, lines, new OutputBuffer(sink)).then((stats) => {
    const batchMs = performance.now() - t3;
    keepAlive(analysis);
    emit({
      importMs,
      analysisMs: indexMs + flowsMs,
      indexMs,
      flowsMs,
      batchMs,
      batchErrors: stats.errors,
      batchAnswers: answers,
      importPeakRssDelta: importPeak,
      totalPeakRssDelta: peakRss(),
      heapRetained,
      counts: {
        groups: snapshot.groups.filter((g) => !g.external).length,
        rules: snapshot.rules.length,
        endpoints: snapshot.endpoints.length,
        warnings: snapshot.warnings.length,
        flowNodes: analysis.flows.nodes.length,
        flowEdges: analysis.flows.edges.length,
      },
    } satisfies ReachmapResult);
  });
}

function count(haystack: string, needle: string): number {
  let n = 0;
  for (let i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + needle.length)) n++;
  return n;
}

let sinkHole: unknown;
/** Stops V8 from collecting a value before its memory was measured. */
function keepAlive(value: unknown): void {
  sinkHole = value;
  if (sinkHole === Symbol.for('never')) log('');
}

function emit(result: object): void {
  process.stdout.write(JSON.stringify(result) + '\n');
}

function valueOf(flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
}

function log(line: string): void {
  process.stdout.write(line + '\n');
}

function fail(message: string): never {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

function ms(x: number): string {
  return x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(0)} ms`;
}

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(0)} MB`;
}
