/**
 * Builds the object the preload exposes as `window.reachmap`: one function per API method, derived
 * from API_METHODS, plus `on` for the contract's events and the narrow `pathsForFiles` helper. It
 * takes ipcRenderer and webUtils as arguments so it can be unit-tested without Electron, and it never
 * hands the page anything generic: no raw ipcRenderer, no channel names, no IpcRendererEvent.
 */
import {
  API_EVENTS,
  API_METHODS,
  channelOf,
  eventChannelOf,
  type ApiEventName,
  type ApiEvents,
  type ApiMethod,
  type ApiResult,
  type ReachmapApi,
} from '../shared/api-contract';

/** The slices of Electron's ipcRenderer and webUtils the preload uses. */
export interface PreloadIpc {
  invoke(channel: string, arg: unknown): Promise<unknown>;
  on(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
}
export interface PreloadWebUtils {
  getPathForFile(file: File): string;
}

export function buildPreloadApi(ipc: PreloadIpc, webUtils: PreloadWebUtils): ReachmapApi {
  const api: Record<string, unknown> = {};
  for (const method of API_METHODS) {
    api[method] = (arg: unknown) => invoke(ipc, method, arg);
  }
  api.on = <E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): (() => void) => {
    if (!(API_EVENTS as readonly string[]).includes(event) || typeof listener !== 'function') {
      throw new TypeError(`reachmap.on: unknown event '${String(event)}'`);
    }
    const wrapped = (_event: unknown, payload: unknown) => listener(payload as ApiEvents[E]);
    ipc.on(eventChannelOf(event), wrapped);
    return () => {
      ipc.removeListener(eventChannelOf(event), wrapped);
    };
  };
  api.pathsForFiles = (files: File[]): string[] =>
    Array.from(files, (file) => {
      try {
        return webUtils.getPathForFile(file);
      } catch {
        return '';
      }
    });
  return api as unknown as ReachmapApi;
}

/** The host never rejects, but IPC itself can (e.g. a closing window): keep the envelope promise. */
async function invoke(ipc: PreloadIpc, method: ApiMethod, arg: unknown): Promise<ApiResult<unknown>> {
  try {
    return (await ipc.invoke(channelOf(method), arg === undefined ? null : arg)) as ApiResult<unknown>;
  } catch (err) {
    return { ok: false, error: { code: 'internal', message: `${method}: ${err instanceof Error ? err.message : String(err)}` } };
  }
}
