// The API handlers over a fake worker: argument validation at the boundary, envelopes instead of
// exceptions, the current model, host-specific abilities injected or absent.
import { describe, expect, it, vi } from 'vitest';
import { createApiHandlers, decodeDataUrl, type ApiHandlerDeps } from '../../src/node/api-handlers';
import type { WorkerClient } from '../../src/node/worker-host';
import type { WorkerOp } from '../../src/node/worker-protocol';
import type { ApiResult, RecentFile, WireModel } from '../../src/shared/api-contract';
import { packModel } from '../../src/shared/model-wire';
import { API_METHODS } from '../../src/shared/api-contract';
import { DOCS_URL } from '../../src/node/external-links';
import { createEmptySnapshot } from '../../src/core/model';

/** A model as the real worker sends it, packed (the handlers pass it on unread). */
function model(title: string): WireModel {
  const snapshot = createEmptySnapshot();
  return packModel({
    title,
    sources: [title],
    snapshot,
    analysis: {
      summary: { groups: 0, externalGroups: 0, rules: 0, endpoints: 0, warnings: 0, flowNodes: 0, flowEdges: 0, internetExposedEndpoints: 0 },
      flows: { nodes: [], edges: [], memberOf: {} },
      exposures: [],
    },
    warnings: snapshot.warnings,
  });
}

function fakeWorker(answer?: (op: WorkerOp, payload: unknown) => ApiResult<unknown>) {
  const calls: { op: WorkerOp; payload: unknown }[] = [];
  const worker: WorkerClient & { calls: typeof calls } = {
    calls,
    async call(op, payload) {
      calls.push({ op, payload });
      if (answer) return answer(op, payload) as never;
      if (op === 'openSample') return { ok: true, value: model('sample') } as never;
      // As the real worker: the sources are the paths that opened.
      if (op === 'openPaths') return { ok: true, value: { ...model('opened'), sources: (payload as { paths: string[] }).paths } } as never;
      if (op === 'openContents') return { ok: true, value: model('opened') } as never;
      if (op === 'exportText') return { ok: true, value: '{"format":"x"}' } as never;
      return { ok: true, value: { op } } as never;
    },
    cancel: vi.fn(() => true),
    onProgress: () => () => undefined,
  };
  return worker;
}

function memoryRecent(initial: RecentFile[] = []) {
  const list = [...initial];
  return {
    list: async () => list,
    add: vi.fn(async (e: { paths: string[]; title: string }) => {
      list.unshift({ ...e, openedAt: 'now' });
      return list;
    }),
  };
}

function handlers(extra: Partial<ApiHandlerDeps> = {}) {
  const worker = extra.worker ?? fakeWorker();
  return { h: createApiHandlers({ mode: 'electron', version: '1.2.3', worker, ...extra }), worker: worker as ReturnType<typeof fakeWorker> };
}

describe('createApiHandlers', () => {
  it('implements every method of the contract, and only openUpload beside them, which is no API method', () => {
    const { h } = handlers();
    expect(Object.keys(h).filter((k) => k !== 'openUpload').sort()).toEqual([...API_METHODS].sort());
    expect(typeof h.openUpload).toBe('function');
    expect(API_METHODS as readonly string[]).not.toContain('openUpload');
  });

  it('openUpload checks the header and hands the bytes to the worker undecoded', async () => {
    const upload = (files: { name: string; bytes: number }[], rest: string): Uint8Array => new TextEncoder().encode(`${JSON.stringify({ files })}\n${rest}`);
    const { h, worker } = handlers({ worker: fakeWorker((op) => (op === 'openUpload' ? { ok: true, value: model('uploaded') } : { ok: false, error: { code: 'internal', message: op } })) });
    const body = upload([{ name: 'a.json', bytes: 2 }], '{}');
    expect(await h.openUpload(body)).toMatchObject({ ok: true, value: { title: 'uploaded' } });
    expect(worker.calls).toEqual([{ op: 'openUpload', payload: { body } }]);
    // The header's faults are answered here, before the worker is asked.
    expect(await h.openUpload(upload([{ name: 'a.json', bytes: 5 }], '{}'))).toEqual({ ok: false, error: { code: 'bad-input', message: 'The upload is damaged: its header announces 5 bytes of files, but 2 followed.' } });
    expect(await h.openUpload(upload([], ''))).toMatchObject({ ok: false, error: { code: 'bad-input', message: 'openContents: files: send at least one file' } });
    expect(await h.openUpload(upload([{ name: '', bytes: 2 }], '{}'))).toMatchObject({ ok: false, error: { code: 'bad-input' } });
    expect(worker.calls).toHaveLength(1);
  });

  it('getHostInfo reports mode and version; no-argument methods refuse arguments', async () => {
    const { h } = handlers({ platform: 'linux' });
    expect(await h.getHostInfo(null)).toEqual({ ok: true, value: { mode: 'electron', version: '1.2.3', platform: 'linux' } });
    const bad = await h.getHostInfo({ x: 1 } as never);
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad-input' } });
  });

  it('getInitialModel opens the launch paths, else the sample, and afterwards returns the current model', async () => {
    const recent = memoryRecent();
    const withPaths = handlers({ launchPaths: ['/data/a.tfstate'], recent });
    expect(await withPaths.h.getInitialModel(null)).toMatchObject({ ok: true, value: { title: 'opened' } });
    expect(withPaths.worker.calls).toEqual([{ op: 'openPaths', payload: { paths: ['/data/a.tfstate'] } }]);
    expect(recent.add).toHaveBeenCalledWith({ paths: ['/data/a.tfstate'], title: 'opened' });
    await withPaths.h.getInitialModel(null);
    expect(withPaths.worker.calls).toHaveLength(1);

    const plain = handlers();
    expect(await plain.h.getInitialModel(null)).toMatchObject({ ok: true, value: { title: 'sample' } });
    expect(plain.worker.calls[0]?.op).toBe('openSample');
  });

  it('openPaths validates its argument strictly', async () => {
    const { h, worker } = handlers();
    for (const bad of [null, 'a.json', { paths: 'a.json' }, { paths: [1] }, { paths: [] }, { paths: ['a'], extra: true }, { paths: ['a\0b'] }]) {
      const r = await h.openPaths(bad as never);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('bad-input');
    }
    expect(worker.calls).toHaveLength(0);
    expect(await h.openPaths({ paths: ['/x/a.json'] })).toMatchObject({ ok: true });
  });

  it('openPaths in browser mode only reopens launch or recent paths', async () => {
    const recent = memoryRecent([{ paths: ['/r/recent.json'], title: 'r', openedAt: 'x' }]);
    const { h, worker } = handlers({ mode: 'browser', launchPaths: ['/l/launch.tfstate'], recent });
    expect(await h.openPaths({ paths: ['/etc/passwd'] })).toMatchObject({ ok: false, error: { code: 'unsupported' } });
    expect(worker.calls).toHaveLength(0);
    expect(await h.openPaths({ paths: ['/r/recent.json'] })).toMatchObject({ ok: true });
    expect(await h.openPaths({ paths: ['/l/launch.tfstate'] })).toMatchObject({ ok: true });
  });

  it('openContents checks every file and bounds the size', async () => {
    const { h, worker } = handlers();
    expect(await h.openContents({ files: [{ name: 'a.json', text: '{}' }] })).toMatchObject({ ok: true });
    expect(worker.calls[0]).toEqual({ op: 'openContents', payload: { files: [{ name: 'a.json', text: '{}' }] } });
    for (const bad of [{ files: [] }, { files: [{ name: 'a' }] }, { files: [{ name: '', text: '' }] }, { files: [{ name: 'a', text: 'x', path: '/etc' }] }, { files: 'x' }]) {
      expect((await h.openContents(bad as never)).ok).toBe(false);
    }
  });

  it('passes worker failures through unchanged and keeps the previous model', async () => {
    const worker = fakeWorker((op) =>
      op === 'openContents' ? { ok: false, error: { code: 'bad-input', message: 'bad.json: not JSON', file: 'bad.json' } } : { ok: true, value: model('sample') },
    );
    const { h } = handlers({ worker });
    await h.openSample(null);
    expect(await h.openContents({ files: [{ name: 'bad.json', text: '{' }] })).toEqual({ ok: false, error: { code: 'bad-input', message: 'bad.json: not JSON', file: 'bad.json' } });
    expect(await h.getInitialModel(null)).toMatchObject({ ok: true, value: { title: 'sample' } });
  });

  it('remembers in Open Recent only the paths that opened when some were left out', async () => {
    const recent = memoryRecent();
    const partial: WireModel = { ...model('a.json + 1 more'), sources: ['/d/a.json', '/d/c.json'], partial: { opened: 2, skipped: [{ file: '/d/b.json', reason: 'the file is empty' }] } };
    const worker = fakeWorker((op) => (op === 'openPaths' ? { ok: true, value: partial } : { ok: true, value: model('sample') }));
    const { h } = handlers({ worker, recent });
    expect(await h.openPaths({ paths: ['/d/a.json', '/d/b.json', '/d/c.json'] })).toEqual({ ok: true, value: partial });
    expect(recent.add).toHaveBeenCalledWith({ paths: ['/d/a.json', '/d/c.json'], title: 'a.json + 1 more' });
    // The partial model is the current one: a reload (or Open Recent in Electron) shows it again, banner and all.
    expect(await h.getInitialModel(null)).toEqual({ ok: true, value: partial });
  });

  it('query and explainEdge need an open model and well-formed arguments', async () => {
    const { h, worker } = handlers();
    expect(await h.query({ from: 'a', to: 'b', protocol: 'tcp', port: 22 })).toMatchObject({ ok: false, error: { code: 'bad-input' } });
    await h.openSample(null);
    expect(await h.query({ from: 'a', to: 'b', protocol: 'tcp', port: 22 })).toMatchObject({ ok: true });
    expect(worker.calls.at(-1)).toEqual({ op: 'query', payload: { args: { from: 'a', to: 'b', protocol: 'tcp', port: 22 } } });
    for (const bad of [{ from: 'a', to: 'b' }, { from: '', to: 'b', protocol: 'tcp' }, { from: 'a', to: 'b', protocol: 'tcp', port: 2.5 }, { from: 'a', to: 'b', protocol: 'tcp', port: '22' }, { from: 'a', to: 'b', protocol: 'tcp', evil: 1 }]) {
      expect((await h.query(bad as never)).ok).toBe(false);
    }
    expect(await h.explainEdge({ edgeId: 'e1' })).toMatchObject({ ok: true });
    expect((await h.explainEdge({ edge: 'e1' } as never)).ok).toBe(false);
  });

  it('cancel asks the worker to cancel', async () => {
    const { h, worker } = handlers();
    expect(await h.cancel(null)).toEqual({ ok: true, value: true });
    expect(worker.cancel).toHaveBeenCalled();
  });

  it('exportData in browser mode returns a download', async () => {
    const { h } = handlers({ mode: 'browser' });
    await h.openSample(null);
    expect(await h.exportData({ format: 'snapshot' })).toEqual({
      ok: true,
      value: { download: { name: 'sample.reachmap.json', mime: 'application/json', content: '{"format":"x"}' } },
    });
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    expect(await h.exportData({ format: 'png', dataUrl: png, defaultName: 'map.png' })).toEqual({
      ok: true,
      value: { download: { name: 'map.png', mime: 'image/png', content: png } },
    });
  });

  it('exportData in Electron saves through the injected dialog, and refuses bad images and names', async () => {
    const writeFile = vi.fn(async (_file: string, _data: string | Uint8Array) => undefined);
    const showSaveDialog = vi.fn(async () => '/home/u/map.svg');
    const { h } = handlers({ writeFile, showSaveDialog });
    await h.openSample(null);
    const svg = `data:image/svg+xml;charset=utf-8,${encodeURIComponent('<svg/>')}`;
    expect(await h.exportData({ format: 'svg', dataUrl: svg })).toEqual({ ok: true, value: { savedTo: '/home/u/map.svg' } });
    expect(showSaveDialog).toHaveBeenCalledWith({ defaultName: 'sample.svg', filters: [{ name: 'SVG image', extensions: ['svg'] }] });
    expect(Buffer.from(writeFile.mock.calls[0]?.[1] as unknown as Uint8Array).toString()).toBe('<svg/>');
    showSaveDialog.mockResolvedValueOnce(null as never);
    expect(await h.exportData({ format: 'analysis' })).toEqual({ ok: true, value: {} });
    for (const bad of [
      { format: 'pdf' },
      { format: 'png' },
      { format: 'png', dataUrl: 'data:text/html,<script>' },
      { format: 'svg', dataUrl: 'javascript:alert(1)' },
      { format: 'snapshot', dataUrl: 'data:image/png;base64,AA==' },
      { format: 'snapshot', defaultName: '../../etc/x' },
    ]) {
      expect((await h.exportData(bad as never)).ok).toBe(false);
    }
  });

  it('openDialog uses the injected dialog; cancel gives null; browser mode is unsupported', async () => {
    const showOpenDialog = vi.fn(async (): Promise<string[] | null> => ['/a.json']);
    const { h } = handlers({ showOpenDialog });
    expect(await h.openDialog(null)).toMatchObject({ ok: true, value: { title: 'opened' } });
    showOpenDialog.mockResolvedValueOnce(null);
    expect(await h.openDialog(null)).toEqual({ ok: true, value: null });
    const browser = handlers({ mode: 'browser' });
    expect(await browser.h.openDialog(null)).toMatchObject({ ok: false, error: { code: 'unsupported' } });
  });

  it('openExternal opens allow-listed https links only', async () => {
    const openExternal = vi.fn(async () => undefined);
    const { h } = handlers({ openExternal });
    expect(await h.openExternal({ url: DOCS_URL })).toEqual({ ok: true, value: true });
    expect(await h.openExternal({ url: 'https://evil.example/' })).toMatchObject({ ok: false });
    expect(await h.openExternal({ url: 'file:///etc/passwd' })).toMatchObject({ ok: false });
    expect(openExternal).toHaveBeenCalledTimes(1);
  });

  it('importAws validates regions, profile and VPC id before the worker sees them', async () => {
    const { h, worker } = handlers();
    for (const bad of [{ regions: [] }, { regions: ['eu-west-1; rm -rf'] }, { regions: ['eu-west-1'], profile: 'a b' }, { regions: ['eu-west-1'], vpcId: 'x' }, { regions: ['eu-west-1'], secret: 'k' }]) {
      expect((await h.importAws(bad as never)).ok).toBe(false);
    }
    expect(worker.calls).toHaveLength(0);
    await h.importAws({ regions: ['eu-west-1'], profile: 'dev', vpcId: 'vpc-0abc' });
    expect(worker.calls[0]).toEqual({ op: 'importAws', payload: { args: { regions: ['eu-west-1'], profile: 'dev', vpcId: 'vpc-0abc' } } });
    expect((await h.importAws({ regions: [], allRegions: true })).ok).toBe(true);
  });

  it('importAws refuses an endpoint URL that is not http(s) or holds a password, with the reason', async () => {
    const { h, worker } = handlers();
    expect(await h.importAws({ regions: ['eu-west-1'], endpointUrl: 'https://admin:s3cr3t@proxy.example.com' })).toMatchObject({
      ok: false,
      error: { message: 'importAws: endpointUrl: must not hold a user name or password: it would be stored in the snapshot, and AWS credentials come from the profile' },
    });
    expect(await h.importAws({ regions: ['eu-west-1'], endpointUrl: 'file:///etc/passwd' })).toMatchObject({ ok: false, error: { message: "importAws: endpointUrl: 'file:///etc/passwd' must start with http:// or https://" } });
    expect(worker.calls).toHaveLength(0);
    expect((await h.importAws({ regions: ['eu-west-1'], endpointUrl: 'http://localhost:4566' })).ok).toBe(true);
    expect(worker.calls).toHaveLength(1);
  });

  it('never throws: a failing dependency becomes an internal error envelope', async () => {
    const { h } = handlers({
      listAwsProfiles: async () => {
        throw new Error('boom');
      },
    });
    expect(await h.listAwsProfiles(null)).toEqual({ ok: false, error: { code: 'internal', message: 'listAwsProfiles failed: boom' } });
  });

  it('refuses objects with a foreign prototype', async () => {
    const { h } = handlers();
    const sneaky = Object.create({ paths: ['/etc/passwd'] }) as object;
    expect((await h.openPaths(sneaky as never)).ok).toBe(false);
  });
});

describe('decodeDataUrl', () => {
  it('decodes base64 and percent-encoded bodies', () => {
    expect(Buffer.from(decodeDataUrl('data:image/png;base64,aGVsbG8=')).toString()).toBe('hello');
    expect(Buffer.from(decodeDataUrl('data:image/svg+xml,%3Csvg%2F%3E')).toString()).toBe('<svg/>');
  });
});
