/**
 * The analysis worker (a worker_threads entry, bundled to out/node/analysis-worker.mjs and, for
 * Electron, out/main/analysis-worker.js). It does everything heavy: reading inputs, importing them,
 * building the reach index, analysing flows, answering queries, explaining edges, serialising
 * exports and the live AWS import. Keeping all of it here means the host's event loop (Electron main,
 * or the HTTP server) never stalls, and cancelling is just terminating this thread.
 *
 * Requests are handled strictly one after another: a query sent during an import waits for it, so
 * it always sees a consistent index. The worker keeps the last model that loaded successfully; a
 * failed import leaves it untouched.
 *
 * Opening several files where some are bad gives the map of the good ones: each bad file is left
 * out with a warning and listed in the model's `partial`, which the UI shows in its banner. Only
 * when no file is usable does the open fail, with the first bad file's error (the one the open
 * would have failed with before), so the user keeps the map they had.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { AnalysisResult } from '../core/analysis-types';
import { packModel, unpackModelBody } from '../shared/model-wire';
import { importUsableInputs } from '../core/import';
import { badFileWarning, ImportError, type InputFile, type Snapshot } from '../core/model';
import { analyzeFlows, buildReachIndex, explainEdge } from '../core/reach';
import { SAMPLE_NAME, SAMPLE_STATE_TEXT } from '../core/samples/three-tier';
import { serializeSnapshot } from '../core/snapshot-io';
import { shortenSnapshotFiles } from '../core/export-names';
import { buildAnalysisDocument } from '../core/analysis-document';
import { answerQuery, QueryLineError } from '../cli/query-line';
import { TOOL } from '../cli/version';
import { AwsImportError } from './aws/aws-errors';
import { loadInputs, noUsableInputMessage } from './load-inputs';
import { convertEc2QueryXml } from './ec2-query-xml';
import { parseUploadBody, UploadError } from './upload-body';
import type { ApiError, ApiResult, AwsImportArgs, ProgressEvent, WireModel } from '../shared/api-contract';
import type { WorkerMessage, WorkerRequest, WorkerStartData } from './worker-protocol';

type ReachIndex = ReturnType<typeof buildReachIndex>;

interface Current {
  snapshot: Snapshot;
  analysis: AnalysisResult;
  index: ReachIndex;
}

/** Minimum time between two forwarded progress events of the same phase: the UI needs no more. */
const PROGRESS_INTERVAL_MS = 50;

const port = parentPort;
const startData = (workerData ?? {}) as WorkerStartData;
let current: Current | null = null;
let queue: Promise<void> = Promise.resolve();

if (port) {
  port.on('message', (request: WorkerRequest) => {
    // Serialise: each request starts when the previous one has answered.
    queue = queue.then(() => handle(request));
  });
}

function post(message: WorkerMessage): void {
  port?.postMessage(message);
}

async function handle(request: WorkerRequest): Promise<void> {
  const progress = createProgressSink(request.id);
  let result: ApiResult<unknown>;
  try {
    result = { ok: true, value: await run(request, progress) };
  } catch (err) {
    result = { ok: false, error: toApiError(err) };
  }
  post({ type: 'result', id: request.id, result });
}

async function run(request: WorkerRequest, progress: (event: ProgressEvent) => void): Promise<unknown> {
  switch (request.op) {
    case 'openSample':
      return load([{ name: SAMPLE_NAME, text: SAMPLE_STATE_TEXT }], [SAMPLE_NAME], [], progress);
    case 'openPaths': {
      const { paths } = request.payload;
      progress({ phase: 'read', message: `Reading ${describePaths(paths)}` });
      holdForTests(request.id);
      const bad: ImportError[] = [];
      const onBadFile = (err: ImportError) => void bad.push(err);
      const files = await convertEc2QueryXml(await loadInputs(paths, { onBadFile }), { onBadFile });
      return load(files, paths, bad, progress);
    }
    case 'openContents':
    case 'openUpload': {
      // An upload is decoded here, off the server's event loop: tens of MB of UTF-8 or UTF-16.
      if (request.op === 'openUpload') progress({ phase: 'read', message: 'Reading the uploaded files' });
      const given = request.op === 'openUpload' ? parseUploadBody(request.payload.body) : request.payload.files;
      const names = given.map((f) => f.name);
      holdForTests(request.id);
      const bad: ImportError[] = [];
      const files = await convertEc2QueryXml(given, { onBadFile: (err) => void bad.push(err) });
      return load(files, names, bad, progress);
    }
    case 'importAws':
      return importAws(request.payload.args, progress);
    case 'restore': {
      const { snapshot, analysis } = unpackModelBody(request.payload.body);
      current = { snapshot, analysis, index: buildReachIndex(snapshot) };
      return true;
    }
    case 'query':
      return answerQuery(requireCurrent().index, request.payload.args);
    case 'explainEdge': {
      const model = requireCurrent();
      const edgeId = request.payload.edgeId;
      if (!model.analysis.flows.edges.some((e) => e.id === edgeId)) {
        throw new BadInput(`There is no edge '${edgeId}' in the current map.`);
      }
      const explanation = explainEdge(model.index, model.analysis, edgeId);
      if (!explanation) throw new BadInput(`There is no edge '${edgeId}' in the current map.`);
      return explanation;
    }
    case 'exportText': {
      const model = requireCurrent();
      // An export is shared: inputs go by their base names, while the map keeps the full paths.
      const snapshot = shortenSnapshotFiles(model.snapshot);
      if (request.payload.format === 'snapshot') return serializeSnapshot(snapshot);
      const doc = buildAnalysisDocument(snapshot, withRuleIds(model), TOOL);
      return JSON.stringify(doc, null, 2);
    }
    case 'testCrash':
      if (!startData.testHooks) throw new BadInput('unknown operation');
      if (request.payload.how === 'exit') process.exit(70);
      // Thrown outside the request's try/catch, so it is an uncaught exception in the worker.
      setTimeout(() => {
        throw new Error('test crash');
      }, 0);
      return new Promise<never>(() => {});
    case 'testSpin': {
      if (!startData.testHooks) throw new BadInput('unknown operation');
      spin(request.id, request.payload.ms);
      return true;
    }
    default: {
      const unknownOp: never = request;
      throw new BadInput(`unknown operation ${JSON.stringify((unknownOp as { op?: unknown }).op)}`);
    }
  }
}

/** A synchronous busy loop, like a long import: only terminate() can stop it. */
function spin(id: number, ms: number): void {
  const end = Date.now() + ms;
  let ticks = 0;
  while (Date.now() < end) {
    const until = Math.min(end, Date.now() + 20);
    while (Date.now() < until) {
      /* spin */
    }
    post({ type: 'progress', id, event: { phase: 'analyze', message: 'spinning', done: ++ticks } });
  }
}

function holdForTests(id: number): void {
  if (startData.testHooks && startData.testHoldOpensMs) spin(id, startData.testHoldOpensMs);
}

/**
 * Imports, indexes and analyses what can be used of the inputs; the result becomes the current
 * model only on success. `bad` holds the files already left out while reading them.
 */
function load(files: InputFile[], inputs: string[], bad: ImportError[], progress: (event: ProgressEvent) => void): WireModel {
  progress({ phase: 'import', message: `Importing ${files.length} file${files.length === 1 ? '' : 's'}`, done: 0, total: files.length });
  const unreadable = bad.length;
  const { snapshot, imported, failed } = importUsableInputs(files, { onProgress: (p: unknown) => progress(toProgressEvent(p, 'import')) });
  bad.push(...failed);
  if (snapshot.sources.length === 0) {
    // Nothing usable: fail as a single bad file would, and the current map stays.
    if (bad[0]) throw bad[0];
    // A folder whose files no importer recognises would open as an empty network, as if it were
    // the user's: refuse it and say what was found.
    throw new BadInput(noUsableInputMessage(inputs, files.length));
  }
  snapshot.warnings.unshift(...bad.slice(0, unreadable).map((err) => badFileWarning(err.file, oneLine(err.reason))));
  const opened = withoutSkipped(inputs, bad);
  const model = finish(snapshot, titleFor(opened), opened, progress);
  if (bad.length > 0) model.partial = { opened: imported.length, skipped: bad.map((err) => ({ file: err.file, reason: oneLine(err.reason) })) };
  return model;
}

/**
 * The inputs minus those left out whole (a named file; a file of a scanned folder leaves the folder
 * in). Each bad file removes one input of its name, so two uploads sharing a name stay apart.
 */
function withoutSkipped(inputs: string[], bad: ImportError[]): string[] {
  const left = bad.map((err) => err.file);
  return inputs.filter((input) => {
    const i = left.indexOf(input);
    if (i < 0) return true;
    left.splice(i, 1);
    return false;
  });
}

function finish(snapshot: Snapshot, title: string, sources: string[], progress: (event: ProgressEvent) => void): WireModel {
  progress({ phase: 'analyze', message: `Analysing ${snapshot.endpoints.length} endpoints and ${snapshot.rules.length} rules` });
  const index = buildReachIndex(snapshot);
  // The map explains an edge when it is selected, so the edges need not list their rules here.
  const analysis = analyzeFlows(index, { ruleIds: false });
  current = { snapshot, analysis, index };
  progress({ phase: 'done', message: 'Done' });
  // The worker keeps the model as objects; it travels to the window as JSON text, edges in columns.
  return packModel({ title, sources, snapshot, analysis, warnings: snapshot.warnings });
}

async function importAws(args: AwsImportArgs, progress: (event: ProgressEvent) => void): Promise<WireModel> {
  // Loaded lazily: the AWS SDK is large and most sessions never use it.
  const { importAwsAccount } = await import('./aws/aws-import');
  const controller = new AbortController();
  progress({ phase: 'aws', message: 'Connecting to AWS' });
  const snapshot: Snapshot = await importAwsAccount({
    ...args,
    signal: controller.signal,
    onProgress: (p: unknown) => progress(toProgressEvent(p, 'aws')),
  });
  const title = args.profile ? `AWS (${args.profile})` : 'AWS';
  return finish(snapshot, title, [`aws:${args.profile ?? 'default'}:${args.regions.join(',') || 'all-regions'}`], progress);
}

/**
 * The analysis with each edge's rules, as `reachmap analyze --json` writes it: the map's own (from
 * finish, or a restore of it) leaves them out, so an export analyses again (the same result, plus
 * the rule ids).
 */
function withRuleIds(model: Current): AnalysisResult {
  return analyzeFlows(model.index);
}

function requireCurrent(): Current {
  if (!current) throw new BadInput('No network is open yet: open a file or the sample first.');
  return current;
}

/** Throttles progress per phase; phase changes and 'done' always go through. */
function createProgressSink(id: number): (event: ProgressEvent) => void {
  let lastPhase = '';
  let lastAt = 0;
  return (event) => {
    const now = Date.now();
    if (event.phase === lastPhase && event.phase !== 'done' && now - lastAt < PROGRESS_INTERVAL_MS) return;
    lastPhase = event.phase;
    lastAt = now;
    post({ type: 'progress', id, event });
  };
}

/** Importer and AWS progress is loosely typed; keep the fields the contract knows, as the right types. */
function toProgressEvent(detail: unknown, fallbackPhase: string): ProgressEvent {
  if (typeof detail === 'string') return { phase: fallbackPhase, message: detail };
  const d = (typeof detail === 'object' && detail !== null ? detail : {}) as Record<string, unknown>;
  const event: ProgressEvent = {
    phase: typeof d.phase === 'string' ? d.phase : fallbackPhase,
    message: typeof d.message === 'string' ? d.message : typeof d.file === 'string' ? d.file : fallbackPhase,
  };
  if (typeof d.done === 'number') event.done = d.done;
  if (typeof d.total === 'number') event.total = d.total;
  if (typeof d.region === 'string') event.region = d.region;
  if (typeof d.call === 'string') event.call = d.call;
  return event;
}

class BadInput extends Error {}

function toApiError(err: unknown): ApiError {
  if (err instanceof ImportError) return { message: oneLine(err.message), file: err.file, code: 'bad-input' };
  if (err instanceof BadInput || err instanceof QueryLineError || err instanceof UploadError) return { message: oneLine(err.message), code: 'bad-input' };
  // Its codes ('credentials', 'aws', 'no-region', 'cancelled', 'bad-input') are ApiError codes.
  if (err instanceof AwsImportError) return { message: oneLine(err.message), code: err.code };
  const message = err instanceof Error ? err.message : String(err);
  return { message: oneLine(message || 'Unexpected error in the analysis worker'), code: 'internal' };
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

function describePaths(paths: string[]): string {
  return paths.length === 1 ? (paths[0] ?? '') : `${paths.length} inputs`;
}

function titleFor(names: string[]): string {
  const base = (n: string) => n.split(/[\\/]/).filter(Boolean).pop() ?? n;
  if (names.length === 0) return 'Untitled';
  const first = base(names[0] ?? '');
  return names.length === 1 ? first : `${first} + ${names.length - 1} more`;
}
