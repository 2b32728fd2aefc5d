/**
 * The one API contract between the UI and its host, in both shapes the host takes: Electron
 * (preload + ipcMain) and browser mode (`reachmap serve`, HTTP on 127.0.0.1). The preload, the main
 * handlers, the HTTP router and the renderer's client are all derived from `API_METHODS` and
 * `ApiSpec`, so a method exists everywhere or nowhere. Every call takes one argument and resolves to
 * an `ApiResult` envelope; it never rejects across the boundary.
 */
import type { AnalysisResult, EdgeExplanation, ReachAnswer } from '../core/analysis-types';
import type { PackedAnalysis } from '../core/analysis-wire';
export type { EdgeExplanation } from '../core/analysis-types';
import type { InputFile, Snapshot, Warning } from '../core/model';

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export interface ApiError {
  /** One line a user can act on, naming the file when there is one. */
  message: string;
  file?: string;
  /** 'cancelled' | 'bad-input' | 'worker-crashed' | 'unsupported' | 'aws' | 'internal' | … */
  code?: string;
}

/** What the renderer shows: the snapshot, its analysis and where it came from. */
export interface LoadedModel {
  title: string;
  /** The inputs (paths or uploaded names) the map was made from: those that opened. */
  sources: string[];
  snapshot: Snapshot;
  analysis: AnalysisResult;
  warnings: Warning[];
  /**
   * Set only when some of the files could not be opened and the map shows the others, so the UI
   * can say so where the user looks: how many files went into the map, and each file left out with
   * why (each is also a 'bad-file' warning). When no file opens, the open fails instead.
   */
  partial?: PartialOpen;
}

/**
 * A LoadedModel as it travels from the worker through the host to the window (shared/model-wire.ts
 * packs and unpacks it): the fields the host reads, and the rest as one JSON text. The host passes
 * the text on unread, so it never spends its event loop copying the model's objects.
 */
export interface WireModel {
  title: string;
  sources: string[];
  partial?: PartialOpen;
  /** JSON of a ModelBody: the snapshot, the analysis in columns, and the warnings. */
  body: string;
}

/** What WireModel.body holds. `warnings` is left out when it is the snapshot's own list. */
export interface ModelBody {
  snapshot: Snapshot;
  analysis: PackedAnalysis;
  warnings?: Warning[];
}

export interface PartialOpen {
  /** Files read into the map (files of a scanned folder that no importer recognises not counted). */
  opened: number;
  skipped: SkippedFile[];
}

export interface SkippedFile {
  /** The name as opened: a path, or an uploaded file's name. */
  file: string;
  /** One line, without the file name: "malformed JSON at line 3, column 5: …". */
  reason: string;
}

export interface QueryArgs {
  /** Endpoint id, AWS id, Terraform address, Name tag or IP address (same REF syntax as the CLI). */
  from: string;
  to: string;
  /** 'tcp' | 'udp' | 'icmp' | 'icmpv6' | 'all' | '<number>' */
  protocol: string;
  port?: number;
  icmpType?: number;
  icmpCode?: number;
}

export interface RecentFile {
  paths: string[];
  title: string;
  openedAt: string;
}

export interface AwsProfile {
  name: string;
  /** Where it was found: 'config' | 'credentials' | 'both'. */
  source: string;
  region?: string;
  /** 'sso' | 'role' | 'static' | 'process' | 'unknown' — never the secret itself. */
  kind: string;
}

export interface AwsImportArgs {
  profile?: string;
  regions: string[];
  allRegions?: boolean;
  vpcId?: string;
  endpointUrl?: string;
}

export interface ExportArgs {
  /** 'snapshot' (reachmap JSON, secrets-free), 'analysis' (CLI --json document), 'png' or 'svg' (diagram data URL from the renderer). */
  format: 'snapshot' | 'analysis' | 'png' | 'svg';
  /** For png/svg: the image as a data URL produced by the renderer. */
  dataUrl?: string;
  /** Suggested file name. */
  defaultName?: string;
}

export interface ExportOutcome {
  /**
   * Where it was saved (Electron), or the content to download (browser mode): the JSON text for
   * 'snapshot' and 'analysis', the data URL itself for 'png' and 'svg'. Neither is set when the user
   * cancelled the save dialog.
   */
  savedTo?: string;
  download?: { name: string; mime: string; content: string };
}

export interface HostInfo {
  mode: 'electron' | 'browser';
  version: string;
  platform: string;
}

/** Each method: [argument, result]. Methods with no input take `null`. */
export interface ApiSpec {
  getHostInfo: [null, HostInfo];
  openSample: [null, WireModel];
  /** Electron: shows the native Open dialog; resolves to null when the user cancels. Browser mode: 'unsupported'. */
  openDialog: [null, WireModel | null];
  /** Paths on the host's disk (Electron drag and drop, Open Recent, command line). */
  openPaths: [{ paths: string[] }, WireModel];
  /** File contents read by the renderer (browser upload, drag and drop in browser mode). */
  openContents: [{ files: InputFile[] }, WireModel];
  /** The model that the host opened at launch (CLI arguments, last session), or the sample. */
  getInitialModel: [null, WireModel];
  listRecent: [null, RecentFile[]];
  query: [QueryArgs, ReachAnswer];
  explainEdge: [{ edgeId: string }, EdgeExplanation];
  /** Cancels the running import or analysis; the worker is terminated and respawned. */
  cancel: [null, boolean];
  exportData: [ExportArgs, ExportOutcome];
  listAwsProfiles: [null, AwsProfile[]];
  importAws: [AwsImportArgs, WireModel];
  /** Opens one of the https links that the app ships (docs); anything else is refused. */
  openExternal: [{ url: string }, boolean];
}

export type ApiMethod = keyof ApiSpec;
export type ApiArg<M extends ApiMethod> = ApiSpec[M][0];
export type ApiValue<M extends ApiMethod> = ApiSpec[M][1];

/** The methods whose value is a model: the window's API client unpacks it (shared/model-wire.ts). */
export const MODEL_METHODS = ['openSample', 'openDialog', 'openPaths', 'openContents', 'getInitialModel', 'importAws'] as const satisfies readonly ApiMethod[];

// Compile-time check that MODEL_METHODS lists exactly the methods whose value holds a WireModel.
type ModelMethods = { [M in ApiMethod]: WireModel extends ApiValue<M> ? M : never }[ApiMethod];
const _modelMethodsListed: Exclude<ModelMethods, (typeof MODEL_METHODS)[number]> extends never ? (Exclude<(typeof MODEL_METHODS)[number], ModelMethods> extends never ? true : never) : never = true;
void _modelMethodsListed;

/** The runtime list of methods; the preload and the HTTP router iterate it, so it must match ApiSpec. */
export const API_METHODS = [
  'getHostInfo',
  'openSample',
  'openDialog',
  'openPaths',
  'openContents',
  'getInitialModel',
  'listRecent',
  'query',
  'explainEdge',
  'cancel',
  'exportData',
  'listAwsProfiles',
  'importAws',
  'openExternal',
] as const satisfies readonly ApiMethod[];

// Compile-time check that API_METHODS lists every method of ApiSpec.
type MissingMethods = Exclude<ApiMethod, (typeof API_METHODS)[number]>;
const _allMethodsListed: MissingMethods extends never ? true : never = true;
void _allMethodsListed;

/** Progress of a long import or analysis, pushed from host to UI. */
export interface ProgressEvent {
  /** 'read' | 'parse' | 'import' | 'analyze' | 'aws' | 'done' */
  phase: string;
  message: string;
  done?: number;
  total?: number;
  /** AWS import: region and call being fetched. */
  region?: string;
  call?: string;
}

/** Menu commands pushed from the Electron menu (or keyboard shortcuts) to the renderer. */
export type MenuCommand =
  | 'open'
  | 'open-sample'
  | 'export'
  | 'find'
  | 'fit'
  | 'zoom-in'
  | 'zoom-out'
  | 'view-reachability'
  | 'view-groups'
  | 'view-exposure'
  | 'import-aws';

export interface ApiEvents {
  progress: ProgressEvent;
  menu: MenuCommand;
}
export type ApiEventName = keyof ApiEvents;
export const API_EVENTS = ['progress', 'menu'] as const satisfies readonly ApiEventName[];

/** What the preload exposes as `window.reachmap` (Electron) and the HTTP client speaks (browser mode): models on the wire. */
export type ReachmapApi = {
  [M in ApiMethod]: (arg: ApiArg<M>) => Promise<ApiResult<ApiValue<M>>>;
} & ApiExtras<WireModel>;

/** A wire value as the window uses it: a WireModel unpacked into a LoadedModel, anything else as is. */
export type Unwired<T> = T extends WireModel ? LoadedModel : T;

/** What the rest of the renderer uses (renderer/api-client.ts getApi): ReachmapApi with its models unpacked. */
export type RendererApi = {
  [M in ApiMethod]: (arg: ApiArg<M>) => Promise<ApiResult<Unwired<ApiValue<M>>>>;
} & ApiExtras<LoadedModel>;

/** `Model`: the wire model, or the unpacked one the rest of the renderer uses. */
interface ApiExtras<Model> {
  /** Subscribes to an event; returns the unsubscribe function. */
  on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void;
  /**
   * Not an API method (no host round trip, no envelope): Electron only, absent in browser mode.
   * Returns the disk paths of dropped `File`s (Electron 32+ removed `File.path`; the preload uses
   * `webUtils.getPathForFile`), to pass to `openPaths`. Files without a path give ''.
   */
  pathsForFiles?(files: File[]): string[];
  /**
   * Browser mode only (absent in Electron, which opens by path): `openContents` for the files the
   * user chose, sent as the browser reads them (see HTTP_UPLOAD_TYPE). When the browser cannot read
   * one of them the call fails with the code 'unreadable', and the caller reads them one by one to
   * find which.
   */
  openUploads?(files: File[]): Promise<ApiResult<Model>>;
}

/** IPC channel names, derived so nothing generic is ever exposed. */
export function channelOf(method: ApiMethod): string {
  return `reachmap:${method}`;
}
export function eventChannelOf(event: ApiEventName): string {
  return `reachmap-event:${event}`;
}

/**
 * Browser mode (`reachmap serve`) speaks the same contract over HTTP on 127.0.0.1:
 * - `POST /api/<method>` with the JSON argument as body and the token in the `x-reachmap-token`
 *   header; the answer is the JSON `ApiResult`. A custom header means a foreign page cannot send it
 *   without a CORS preflight, which the server never grants. A model (MODEL_METHODS) comes as
 *   `HTTP_MODEL_TYPE`: the envelope with the model's header (`body` left out) on one JSON line, then
 *   the body text as it is, so its megabytes are neither escaped by the server nor unescaped by the
 *   page before the page parses them once.
 * - Browser mode uploads files (`openUploads`) to `POST /api/openContents` as `HTTP_UPLOAD_TYPE`:
 *   an `UploadHeader` on one JSON line, then each file's bytes as they are on disk, in order. The
 *   page hands the browser the chosen files themselves, so it never holds their text: reading and
 *   escaping a large state into a JSON string froze the page for about a second. The server decodes
 *   the bytes as it decodes files it opens by path and calls `openContents` with them.
 * - `GET /api/events?token=…` is a server-sent-events stream (`event: progress` / `event: menu`);
 *   EventSource cannot set headers, hence the query parameter.
 * - Static files: the first `GET /?token=…` sets an HttpOnly SameSite=Strict cookie so the page's own
 *   scripts and styles load; the renderer keeps the token from its URL for API calls. The cookie holds
 *   a separate page-only secret, never the token (cookies are shared by every port of a host).
 * Every request is refused without a valid token or with a Host header other than the server's own.
 */
export const HTTP_TOKEN_HEADER = 'x-reachmap-token';
export const HTTP_TOKEN_COOKIE = 'reachmap_token';
export const HTTP_TOKEN_QUERY = 'token';
export const HTTP_API_PREFIX = '/api/';
export const HTTP_EVENTS_PATH = '/api/events';
export const HTTP_MODEL_TYPE = 'application/vnd.reachmap.model';
export const HTTP_UPLOAD_TYPE = 'application/vnd.reachmap.upload';

/** The first line of an upload: each file's name and size in bytes, in the order of the bytes that follow. */
export interface UploadHeader {
  files: { name: string; bytes: number }[];
}
