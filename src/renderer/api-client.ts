/**
 * Where the UI gets its ReachmapApi: the preload's `window.reachmap` in Electron, or an HTTP client
 * speaking the browser-mode protocol of `reachmap serve` (POST /api/<method> with the token header,
 * server-sent events on /api/events). Everything above this module is the same in both modes.
 */
import { unpackModel } from '../shared/model-wire';
import {
  API_METHODS,
  MODEL_METHODS,
  HTTP_API_PREFIX,
  HTTP_EVENTS_PATH,
  HTTP_MODEL_TYPE,
  HTTP_TOKEN_HEADER,
  HTTP_UPLOAD_TYPE,
  HTTP_TOKEN_QUERY,
} from '../shared/api-contract';
import type { ApiEventName, ApiEvents, ApiMethod, ApiResult, LoadedModel, ReachmapApi, RendererApi, UploadHeader, WireModel } from '../shared/api-contract';

declare global {
  interface Window {
    reachmap?: ReachmapApi;
  }
}

const TOKEN_KEY = 'reachmap.token';

/** The per-launch token: from `?token=` on first load, then from sessionStorage (reloads keep working). */
export function readToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get(HTTP_TOKEN_QUERY);
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    // Keep the token out of the address bar, history and screenshots; the cookie covers static files.
    url.searchParams.delete(HTTP_TOKEN_QUERY);
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

const REFUSED_TOKEN =
  'The server refused this page: its token is not the one the server has now (was `reachmap serve` started again?). Open the URL it printed last.';

function makeFailure(message: string, code = 'internal'): ApiResult<never> {
  return { ok: false, error: { message, code } };
}

/**
 * A model answer framed as HTTP_MODEL_TYPE says: the envelope with the model's header on the first
 * line, then the body text, handed on unparsed (unpackModel parses it once).
 */
export function readModelAnswer(text: string): ApiResult<unknown> {
  const cut = text.indexOf('\n');
  try {
    const head = cut > 0 ? (JSON.parse(text.slice(0, cut)) as unknown) : null;
    if (head && typeof head === 'object' && 'ok' in head && head.ok === true && 'value' in head && head.value && typeof head.value === 'object') {
      return { ok: true, value: { ...head.value, body: text.slice(cut + 1) } };
    }
  } catch {
    // Said below.
  }
  return makeFailure('The server sent a damaged model.');
}

/** An HTTP implementation of the contract for browser mode. Calls never reject, like the preload's. */
export function createHttpApi(token: string, base = ''): ReachmapApi {
  const post = async (method: ApiMethod, contentType: string, body: BodyInit, onFailure: (err: unknown) => ApiResult<never>): Promise<ApiResult<unknown>> => {
    let response: Response;
    try {
      response = await fetch(`${base}${HTTP_API_PREFIX}${method}`, { method: 'POST', headers: { 'content-type': contentType, [HTTP_TOKEN_HEADER]: token }, body });
    } catch (err) {
      return onFailure(err);
    }
    const text = await response.text();
    if (response.ok && response.headers.get('content-type')?.startsWith(HTTP_MODEL_TYPE)) return readModelAnswer(text);
    // A server started again has a new token: this page's is refused, whatever the body says.
    if (response.status === 401 || response.status === 403) return makeFailure(REFUSED_TOKEN, 'unauthorized');
    try {
      const parsed = JSON.parse(text) as ApiResult<unknown>;
      if (parsed && typeof parsed === 'object' && 'ok' in parsed) return parsed;
    } catch {
      // Fall through to a readable error below.
    }
    return makeFailure(`The server answered ${response.status} ${response.statusText} to ${method}.`);
  };
  const unreachable = (err: unknown): ApiResult<never> =>
    makeFailure(`Cannot reach the Reachmap server (${err instanceof Error ? err.message : String(err)}). Is \`reachmap serve\` still running?`);
  const call = (method: ApiMethod, arg: unknown): Promise<ApiResult<unknown>> => post(method, 'application/json', JSON.stringify(arg ?? null), unreachable);

  const listeners = new Map<ApiEventName, Set<(payload: never) => void>>();
  let source: EventSource | null = null;
  const connect = (): void => {
    if (source) return;
    source = new EventSource(`${base}${HTTP_EVENTS_PATH}?${HTTP_TOKEN_QUERY}=${encodeURIComponent(token)}`);
    for (const name of ['progress', 'menu'] as const) {
      source.addEventListener(name, (ev) => {
        let payload: unknown;
        try {
          payload = JSON.parse((ev as MessageEvent<string>).data);
        } catch {
          return;
        }
        for (const l of listeners.get(name) ?? []) (l as (p: unknown) => void)(payload);
      });
    }
  };

  const api = Object.fromEntries(API_METHODS.map((m) => [m, (arg: unknown) => call(m, arg)])) as unknown as ReachmapApi;
  api.openUploads = (files) => {
    const header: UploadHeader = { files: files.map((f) => ({ name: f.name, bytes: f.size })) };
    // A Blob of the File objects: the browser streams them from disk, and the page never holds their text.
    const body = new Blob([`${JSON.stringify(header)}\n`, ...files]);
    // fetch fails alike when a file cannot be read and when the server is gone: the caller, told
    // 'unreadable', reads the files one by one, which names an unreadable one or fails to reach the server again.
    return post('openContents', HTTP_UPLOAD_TYPE, body, (err) => makeFailure(`The files could not be sent (${err instanceof Error ? err.message : String(err)}).`, 'unreadable')) as Promise<ApiResult<WireModel>>;
  };
  api.on = <E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): (() => void) => {
    const set = listeners.get(event) ?? new Set();
    set.add(listener as (payload: never) => void);
    listeners.set(event, set);
    connect();
    return () => {
      set.delete(listener as (payload: never) => void);
    };
  };
  return api;
}

/** The API for this window: the preload's in Electron, HTTP in a browser, with models unpacked. */
export function getApi(): RendererApi {
  return unwireApi(window.reachmap ?? createHttpApi(readToken()));
}

/**
 * The API with each model unpacked from the JSON text and columns it travels in (shared/model-wire),
 * so the rest of the renderer sees plain objects and edges. A model that cannot be unpacked fails its call.
 */
export function unwireApi(api: ReachmapApi): RendererApi {
  // Copied by name, not spread: Electron's contextBridge object is a copy whose shape it controls.
  const out: Record<string, unknown> = Object.fromEntries(API_METHODS.map((m) => [m, api[m]]));
  out.on = api.on;
  if (api.pathsForFiles) out.pathsForFiles = api.pathsForFiles;
  const unwire = <A>(call: (arg: A) => Promise<ApiResult<WireModel | null>>) =>
    async (arg: A): Promise<ApiResult<LoadedModel | null>> => {
      const result = await call(arg);
      if (!result.ok || result.value === null) return result as ApiResult<null>;
      try {
        return { ok: true, value: unpackModel(result.value) };
      } catch (err) {
        return makeFailure(err instanceof Error ? err.message : String(err));
      }
    };
  for (const method of MODEL_METHODS) out[method] = unwire(api[method] as (arg: unknown) => Promise<ApiResult<WireModel | null>>);
  if (api.openUploads) out.openUploads = unwire(api.openUploads);
  return out as unknown as RendererApi;
}
