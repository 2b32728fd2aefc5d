// The preload exposes exactly the API contract: one function per API method, `on`, and the narrow
// pathsForFiles helper, nothing generic.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { API_METHODS, channelOf, eventChannelOf } from '../../src/shared/api-contract';

const exposed: Record<string, Record<string, unknown>> = {};
const listeners = new Map<string, Set<(event: unknown, payload: unknown) => void>>();
const invoke = vi.fn(async (channel: string, arg: unknown) => ({ ok: true, value: { channel, arg } }));

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, api: Record<string, unknown>) => {
      exposed[key] = api;
    },
  },
  ipcRenderer: {
    invoke: (channel: string, arg: unknown) => invoke(channel, arg),
    on: (channel: string, l: (event: unknown, payload: unknown) => void) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)?.add(l);
    },
    removeListener: (channel: string, l: (event: unknown, payload: unknown) => void) => {
      listeners.get(channel)?.delete(l);
    },
  },
  webUtils: {
    getPathForFile: (file: { fakePath?: string }) => {
      if (!file.fakePath) throw new Error('no path');
      return file.fakePath;
    },
  },
}));

async function loadApi(): Promise<Record<string, unknown>> {
  await import('../../src/preload/index');
  const api = exposed.reachmap;
  if (!api) throw new Error('nothing exposed');
  return api;
}

describe('preload', () => {
  beforeEach(() => invoke.mockClear());

  it('exposes window.reachmap with exactly the API methods, on and pathsForFiles', async () => {
    const api = await loadApi();
    expect(Object.keys(exposed)).toEqual(['reachmap']);
    expect(Object.keys(api).sort()).toEqual([...API_METHODS, 'on', 'pathsForFiles'].sort());
    for (const key of Object.keys(api)) expect(typeof api[key]).toBe('function');
  });

  it('each method invokes its own channel with the one argument', async () => {
    const api = await loadApi();
    const result = await (api.query as (a: unknown) => Promise<unknown>)({ from: 'a', to: 'b', protocol: 'tcp', port: 22 });
    expect(invoke).toHaveBeenCalledWith(channelOf('query'), { from: 'a', to: 'b', protocol: 'tcp', port: 22 });
    expect(result).toEqual({ ok: true, value: { channel: 'reachmap:query', arg: { from: 'a', to: 'b', protocol: 'tcp', port: 22 } } });
    await (api.openSample as (a?: unknown) => Promise<unknown>)();
    expect(invoke).toHaveBeenLastCalledWith(channelOf('openSample'), null);
  });

  it('turns an IPC failure into an error envelope instead of a rejection', async () => {
    const api = await loadApi();
    invoke.mockRejectedValueOnce(new Error('window closing'));
    await expect((api.cancel as (a: null) => Promise<unknown>)(null)).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('on subscribes to a contract event, passes only the payload, and unsubscribes', async () => {
    const api = await loadApi();
    const got: unknown[] = [];
    const off = (api.on as (e: string, l: (p: unknown) => void) => () => void)('progress', (p) => got.push(p));
    const channel = eventChannelOf('progress');
    for (const l of listeners.get(channel) ?? []) l({ sender: 'secret ipc event' }, { phase: 'import', message: 'x' });
    expect(got).toEqual([{ phase: 'import', message: 'x' }]);
    off();
    expect(listeners.get(channel)?.size).toBe(0);
  });

  it('on refuses events outside the contract', async () => {
    const api = await loadApi();
    expect(() => (api.on as (e: string, l: () => void) => void)('reachmap:openSample', () => {})).toThrow(/unknown event/);
  });

  it('pathsForFiles maps files through webUtils and gives "" when there is no path', async () => {
    const api = await loadApi();
    const paths = (api.pathsForFiles as (f: unknown[]) => string[])([{ fakePath: '/tmp/a.tfstate' }, {}]);
    expect(paths).toEqual(['/tmp/a.tfstate', '']);
  });
});
