/**
 * The implementation of every method of the API contract, shared by Electron main (ipcMain) and the
 * browser mode (HTTP). Arguments arrive from a page, so each one is checked here at the boundary:
 * exact shape, no unknown keys, sizes bounded. Nothing throws across the boundary; every outcome is
 * an `ApiResult` envelope. Heavy work (reading, importing, analysing, querying, serialising) goes to
 * the analysis worker; this module only routes, validates and remembers the current model.
 *
 * Host-specific abilities (native dialogs, the save dialog, opening a browser) are injected, so the
 * same code runs under plain Node in tests and in `reachmap serve`, where they are absent and the
 * methods answer 'unsupported' or return a download instead.
 */
import path from 'node:path';
import type { InputFile } from '../core/model';
import type {
  ApiArg,
  ApiError,
  ApiMethod,
  ApiResult,
  ApiValue,
  AwsImportArgs,
  AwsProfile,
  ExportArgs,
  ExportOutcome,
  WireModel,
  QueryArgs,
} from '../shared/api-contract';
import { isAllowedExternalUrl } from './external-links';
import { checkEndpointUrlOr } from './aws/endpoint-url';
import { readUploadLayout, UploadError } from './upload-body';
import type { RecentStore } from './recent-files';
import type { WorkerClient } from './worker-host';
import { writeFileAtomic } from './write-file-atomic';

export type ApiHandlers = { [M in ApiMethod]: (arg: ApiArg<M>) => Promise<ApiResult<ApiValue<M>>> };

/**
 * The handlers, and `openUpload` for the browser mode's upload body: `openContents` for files sent
 * as bytes, whose decoding belongs in the worker. It is no API method (IPC registers API_METHODS
 * only); `reachmap serve` calls it for a request of HTTP_UPLOAD_TYPE.
 */
export type HostHandlers = ApiHandlers & { openUpload(body: Uint8Array): Promise<ApiResult<WireModel>> };

/** Bounds on what a page may send; IPC and HTTP both carry whole strings in memory. */
export const MAX_CONTENT_FILES = 500;
export const MAX_CONTENT_BYTES = 256 * 1024 * 1024;
export const MAX_PATHS = 500;
export const MAX_DATA_URL_CHARS = 64 * 1024 * 1024;

export interface SaveRequest {
  defaultName: string;
  filters: { name: string; extensions: string[] }[];
}

export interface ApiHandlerDeps {
  mode: 'electron' | 'browser';
  version: string;
  platform?: string;
  worker: WorkerClient;
  recent?: RecentStore;
  /** Paths given at launch (command line); opened by getInitialModel when no model is open yet. */
  launchPaths?: string[];
  /** Electron: the native Open dialog; resolves to the chosen paths, or null when cancelled. */
  showOpenDialog?: () => Promise<string[] | null>;
  /** Electron: the native Save dialog; resolves to the chosen path, or null when cancelled. */
  showSaveDialog?: (request: SaveRequest) => Promise<string | null>;
  /** Electron: shell.openExternal. Only called for allow-listed https URLs. */
  openExternal?: (url: string) => Promise<void>;
  listAwsProfiles?: () => Promise<AwsProfile[]>;
  /** Writes an export; defaults to fs.writeFile (injected for tests). */
  writeFile?: (file: string, data: string | Uint8Array) => Promise<void>;
}

/** Thrown inside a handler for bad arguments; becomes `{ok:false, error:{code:'bad-input'}}`. */
class ArgError extends Error {}

export function createApiHandlers(deps: ApiHandlerDeps): HostHandlers {
  let current: WireModel | null = null;
  // An export replacing an earlier one must never leave half a file behind.
  const writeFile = deps.writeFile ?? writeFileAtomic;

  /**
   * Runs a model-producing worker op; on success the model becomes the current one. With
   * `remember`, Open Recent gets the model's sources: the paths that opened, so that an input left
   * out as bad is not reopened (and reported) each time the entry is chosen.
   */
  async function loadModel(result: Promise<ApiResult<WireModel>>, remember = false): Promise<ApiResult<WireModel>> {
    const answer = await result;
    if (answer.ok) {
      current = answer.value;
      if (remember && deps.recent) {
        // A recent list that cannot be written must not fail the open.
        await deps.recent.add({ paths: answer.value.sources, title: answer.value.title }).catch(() => undefined);
      }
    }
    return answer;
  }

  async function openPaths(paths: string[]): Promise<ApiResult<WireModel>> {
    if (deps.mode === 'browser' && !(await isKnownPath(paths))) {
      return fail('unsupported', 'In browser mode only the files named on the command line or in the recent list can be opened by path; upload files instead.');
    }
    return loadModel(deps.worker.call('openPaths', { paths }), true);
  }

  /**
   * Browser mode: the page may only reopen paths the user already chose (launch arguments or the
   * recent list), so a page can never make the server read arbitrary files by name.
   */
  async function isKnownPath(paths: string[]): Promise<boolean> {
    const known = new Set((deps.launchPaths ?? []).map((p) => path.resolve(p)));
    for (const r of (await deps.recent?.list().catch(() => [])) ?? []) for (const p of r.paths) known.add(path.resolve(p));
    return paths.every((p) => known.has(path.resolve(p)));
  }

  const handlers: HostHandlers = {
    getHostInfo: guard('getHostInfo', async (arg) => {
      expectNull(arg);
      return ok({ mode: deps.mode, version: deps.version, platform: deps.platform ?? process.platform });
    }),

    openSample: guard('openSample', async (arg) => {
      expectNull(arg);
      return loadModel(deps.worker.call('openSample', {}));
    }),

    openDialog: guard('openDialog', async (arg) => {
      expectNull(arg);
      if (!deps.showOpenDialog) return fail('unsupported', 'There is no file dialog in browser mode; use the upload button or drop files.');
      const paths = await deps.showOpenDialog();
      if (!paths || paths.length === 0) return ok(null);
      return openPaths(paths);
    }),

    openPaths: guard('openPaths', async (arg) => {
      const { paths } = expectShape(arg, { paths: 'string[]' });
      if (paths.length === 0) throw new ArgError('paths: name at least one file or folder');
      if (paths.length > MAX_PATHS) throw new ArgError(`paths: at most ${MAX_PATHS} at once`);
      if (paths.some((p) => p.length === 0 || p.length > 4096 || p.includes('\0'))) throw new ArgError('paths: each must be a non-empty file path');
      return openPaths(paths);
    }),

    openContents: guard('openContents', async (arg) => {
      const { files } = expectShape(arg, { files: 'array' });
      const checked = checkInputFiles(files);
      return loadModel(deps.worker.call('openContents', { files: checked }));
    }),

    async openUpload(body: Uint8Array) {
      // The header is checked here, which is cheap; the files' bytes are decoded in the worker.
      try {
        const layout = readUploadLayout(body);
        checkFileCount(layout.files.length);
        for (const f of layout.files) checkFileName(f.name);
        if (body.length - layout.start > MAX_CONTENT_BYTES) throw new ArgError(tooLarge);
        return await loadModel(deps.worker.call('openUpload', { body }));
      } catch (err) {
        // An upload's own problems are its message alone, as the server answered them before.
        if (err instanceof UploadError) return fail('bad-input', err.message);
        return failureOf('openContents', err);
      }
    },

    getInitialModel: guard('getInitialModel', async (arg) => {
      expectNull(arg);
      // After a window reload (or Open Recent from the menu) the page gets what it was showing.
      if (current) return ok(current);
      if (deps.launchPaths && deps.launchPaths.length > 0) {
        return loadModel(deps.worker.call('openPaths', { paths: deps.launchPaths }), true);
      }
      return loadModel(deps.worker.call('openSample', {}));
    }),

    listRecent: guard('listRecent', async (arg) => {
      expectNull(arg);
      return ok(deps.recent ? await deps.recent.list() : []);
    }),

    query: guard('query', async (arg) => {
      const args = checkQueryArgs(arg);
      if (!current) return fail('bad-input', 'No network is open yet: open a file or the sample first.');
      return deps.worker.call('query', { args });
    }),

    explainEdge: guard('explainEdge', async (arg) => {
      const { edgeId } = expectShape(arg, { edgeId: 'string' });
      if (edgeId.length === 0 || edgeId.length > 1024) throw new ArgError('edgeId: must be an edge id of the current map');
      if (!current) return fail('bad-input', 'No network is open yet: open a file or the sample first.');
      return deps.worker.call('explainEdge', { edgeId });
    }),

    cancel: guard('cancel', async (arg) => {
      expectNull(arg);
      return ok(deps.worker.cancel());
    }),

    exportData: guard('exportData', async (arg) => {
      const args = checkExportArgs(arg);
      if (!current) return fail('bad-input', 'Nothing to export: open a file or the sample first.');
      const file = exportFile(args, current.title);
      let content: string | Uint8Array;
      let text: string;
      if (args.format === 'snapshot' || args.format === 'analysis') {
        const serialised = await deps.worker.call('exportText', { format: args.format });
        if (!serialised.ok) return serialised;
        text = serialised.value;
        content = text;
      } else {
        text = args.dataUrl as string;
        content = decodeDataUrl(text);
      }
      if (!deps.showSaveDialog) {
        // Browser mode: the page saves it. JSON comes back as text, images as their data URL.
        return ok<ExportOutcome>({ download: { name: file.name, mime: file.mime, content: text } });
      }
      const target = await deps.showSaveDialog({ defaultName: file.name, filters: [file.filter] });
      if (!target) return ok<ExportOutcome>({});
      await writeFile(target, content);
      return ok<ExportOutcome>({ savedTo: target });
    }),

    listAwsProfiles: guard('listAwsProfiles', async (arg) => {
      expectNull(arg);
      if (!deps.listAwsProfiles) return fail('unsupported', 'AWS profiles are not available here.');
      return ok(await deps.listAwsProfiles());
    }),

    importAws: guard('importAws', async (arg) => {
      const args = checkAwsArgs(arg);
      // The fetch is network I/O and the normalisation is CPU work: both run in the worker, so the
      // host stays responsive and Cancel can stop a slow account by terminating the worker.
      return loadModel(deps.worker.call('importAws', { args }));
    }),

    openExternal: guard('openExternal', async (arg) => {
      const { url } = expectShape(arg, { url: 'string' });
      if (!isAllowedExternalUrl(url)) return fail('bad-input', 'Only the documentation links that ship with Reachmap can be opened.');
      if (!deps.openExternal) return fail('unsupported', 'Open the link from the page instead.');
      await deps.openExternal(url);
      return ok(true);
    }),
  };
  return handlers;
}

/** Wraps a handler so nothing escapes as an exception: bad arguments and surprises become envelopes. */
function guard<M extends ApiMethod>(method: M, fn: (arg: unknown) => Promise<ApiResult<ApiValue<M>>>): (arg: ApiArg<M>) => Promise<ApiResult<ApiValue<M>>> {
  return async (arg) => {
    try {
      return await fn(arg);
    } catch (err) {
      return failureOf(method, err);
    }
  };
}

/** What a handler that threw answers: bad input for an ArgError, else an internal error. */
function failureOf(method: ApiMethod, err: unknown): { ok: false; error: ApiError } {
  if (err instanceof ArgError) return fail('bad-input', `${method}: ${err.message}`);
  return fail('internal', `${method} failed: ${err instanceof Error ? err.message : String(err)}`);
}

function ok<T>(value: T): ApiResult<T> {
  return { ok: true, value };
}

function fail(code: string, message: string, file?: string): { ok: false; error: ApiError } {
  return { ok: false, error: file ? { code, message, file } : { code, message } };
}

function expectNull(arg: unknown): void {
  if (arg !== null && arg !== undefined) throw new ArgError('takes no argument (send null)');
}

type FieldType = 'string' | 'string[]' | 'array' | 'number' | 'boolean';
type FieldValue<T extends FieldType> = T extends 'string'
  ? string
  : T extends 'string[]'
    ? string[]
    : T extends 'array'
      ? unknown[]
      : T extends 'number'
        ? number
        : boolean;

/**
 * Checks that `arg` is a plain object with exactly the required fields (plus the optional ones, if
 * present) of the given types. Unknown keys are refused: a page sending them is out of contract.
 */
function expectShape<R extends Record<string, FieldType>, O extends Record<string, FieldType> = Record<string, never>>(
  arg: unknown,
  required: R,
  optional?: O,
): { [K in keyof R]: FieldValue<R[K]> } & { [K in keyof O]?: FieldValue<O[K]> } {
  if (typeof arg !== 'object' || arg === null || Array.isArray(arg)) throw new ArgError('expects an object argument');
  const proto = Object.getPrototypeOf(arg);
  if (proto !== Object.prototype && proto !== null) throw new ArgError('expects a plain object argument');
  const record = arg as Record<string, unknown>;
  const allowed = { ...required, ...(optional ?? {}) } as Record<string, FieldType>;
  for (const key of Object.keys(record)) {
    if (!Object.hasOwn(allowed, key)) throw new ArgError(`unknown field '${key}'`);
  }
  for (const [key, type] of Object.entries(allowed)) {
    const value = record[key];
    if (value === undefined) {
      if (Object.hasOwn(required, key)) throw new ArgError(`'${key}' is required`);
      continue;
    }
    if (!hasType(value, type)) throw new ArgError(`'${key}' must be ${describeType(type)}`);
  }
  return record as never;
}

function hasType(value: unknown, type: FieldType): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'string[]':
      return Array.isArray(value) && value.every((v) => typeof v === 'string');
    case 'array':
      return Array.isArray(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
  }
}

function describeType(type: FieldType): string {
  return { string: 'a string', 'string[]': 'a list of strings', array: 'a list', number: 'a number', boolean: 'true or false' }[type];
}

const tooLarge = `files: together larger than ${MAX_CONTENT_BYTES / (1024 * 1024)} MB; use the CLI or open by path`;

function checkFileCount(count: number): void {
  if (count === 0) throw new ArgError('files: send at least one file');
  if (count > MAX_CONTENT_FILES) throw new ArgError(`files: at most ${MAX_CONTENT_FILES} at once`);
}

function checkFileName(name: string): void {
  if (name.length === 0 || name.length > 1024) throw new ArgError('files: each needs a name of 1 to 1024 characters');
}

function checkInputFiles(files: unknown[]): InputFile[] {
  checkFileCount(files.length);
  let total = 0;
  const out: InputFile[] = [];
  for (const f of files) {
    const { name, text, optional } = expectShape(f, { name: 'string', text: 'string' }, { optional: 'boolean' });
    checkFileName(name);
    total += text.length;
    if (total > MAX_CONTENT_BYTES) throw new ArgError(tooLarge);
    out.push(optional === undefined ? { name, text } : { name, text, optional });
  }
  return out;
}

function checkQueryArgs(arg: unknown): QueryArgs {
  const q = expectShape(arg, { from: 'string', to: 'string', protocol: 'string' }, { port: 'number', icmpType: 'number', icmpCode: 'number' });
  for (const key of ['from', 'to', 'protocol'] as const) {
    if (q[key].trim() === '' || q[key].length > 1024) throw new ArgError(`'${key}' must be a non-empty string`);
  }
  for (const key of ['port', 'icmpType', 'icmpCode'] as const) {
    const v = q[key];
    if (v !== undefined && !Number.isInteger(v)) throw new ArgError(`'${key}' must be an integer`);
  }
  return q;
}

const EXPORT_FORMATS = ['snapshot', 'analysis', 'png', 'svg'] as const;

function checkExportArgs(arg: unknown): ExportArgs {
  const a = expectShape(arg, { format: 'string' }, { dataUrl: 'string', defaultName: 'string' });
  if (!(EXPORT_FORMATS as readonly string[]).includes(a.format)) throw new ArgError(`format must be one of ${EXPORT_FORMATS.join(', ')}`);
  const format = a.format as ExportArgs['format'];
  if (format === 'png' || format === 'svg') {
    if (!a.dataUrl) throw new ArgError(`${format} export needs the image as dataUrl`);
    if (a.dataUrl.length > MAX_DATA_URL_CHARS) throw new ArgError('dataUrl: image too large');
    const prefix = format === 'png' ? /^data:image\/png;base64,/ : /^data:image\/svg\+xml(;charset=utf-8)?(;base64)?,/i;
    if (!prefix.test(a.dataUrl)) throw new ArgError(`dataUrl must be a ${format === 'png' ? 'data:image/png;base64' : 'data:image/svg+xml'} URL`);
  } else if (a.dataUrl !== undefined) {
    throw new ArgError(`dataUrl applies to png and svg only`);
  }
  if (a.defaultName !== undefined && (a.defaultName.length > 255 || /[\\/\0]/.test(a.defaultName))) {
    throw new ArgError('defaultName must be a plain file name');
  }
  return { format, ...(a.dataUrl !== undefined ? { dataUrl: a.dataUrl } : {}), ...(a.defaultName !== undefined ? { defaultName: a.defaultName } : {}) };
}

function checkAwsArgs(arg: unknown): AwsImportArgs {
  const a = expectShape(arg, { regions: 'string[]' }, { profile: 'string', allRegions: 'boolean', vpcId: 'string', endpointUrl: 'string' });
  if (a.regions.length > 64 || a.regions.some((r) => !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(r))) throw new ArgError("regions: each must be an AWS region name like 'eu-west-1'");
  if (a.regions.length === 0 && !a.allRegions) throw new ArgError('name at least one region, or set allRegions');
  if (a.profile !== undefined && !/^[\w.@+-]{1,128}$/.test(a.profile)) throw new ArgError('profile: not a valid profile name');
  if (a.vpcId !== undefined && !/^vpc-[0-9a-f]{1,32}$/.test(a.vpcId)) throw new ArgError("vpcId: must look like 'vpc-0123abcd'");
  if (a.endpointUrl !== undefined) checkEndpointUrlOr(a.endpointUrl, (message) => new ArgError(`endpointUrl: ${message}`));
  return a;
}

interface ExportFile {
  name: string;
  mime: string;
  filter: { name: string; extensions: string[] };
}

function exportFile(args: ExportArgs, title: string): ExportFile {
  const stem = (args.defaultName ?? '').replace(/\.[^.]*$/, '') || `${title.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'reachmap'}`;
  switch (args.format) {
    case 'snapshot':
      return { name: withExt(args.defaultName, `${stem}.reachmap.json`), mime: 'application/json', filter: { name: 'Reachmap snapshot', extensions: ['json'] } };
    case 'analysis':
      return { name: withExt(args.defaultName, `${stem}.analysis.json`), mime: 'application/json', filter: { name: 'Analysis (JSON)', extensions: ['json'] } };
    case 'png':
      return { name: withExt(args.defaultName, `${stem}.png`), mime: 'image/png', filter: { name: 'PNG image', extensions: ['png'] } };
    case 'svg':
      return { name: withExt(args.defaultName, `${stem}.svg`), mime: 'image/svg+xml', filter: { name: 'SVG image', extensions: ['svg'] } };
  }
}

function withExt(given: string | undefined, fallback: string): string {
  return given && given.length > 0 ? given : fallback;
}

/** Decodes a data URL checked by checkExportArgs into the bytes to write. */
export function decodeDataUrl(dataUrl: string): Uint8Array {
  const comma = dataUrl.indexOf(',');
  const header = dataUrl.slice(0, comma);
  const body = dataUrl.slice(comma + 1);
  if (/;base64$/i.test(header)) return Buffer.from(body, 'base64');
  return Buffer.from(decodeURIComponent(body), 'utf8');
}
