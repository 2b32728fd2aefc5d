// The window's API client unpacks every model the host sends (JSON text, the edges in columns) so
// the rest of the renderer sees plain objects and edges; other calls, failures and a cancelled dialog pass as
// they are, and a model that arrives damaged fails its call with the reason instead of throwing.
import { describe, expect, it } from 'vitest';
import { createHttpApi, readModelAnswer, unwireApi } from '../../src/renderer/api-client';
import { packModel } from '../../src/shared/model-wire';
import { API_METHODS, MODEL_METHODS } from '../../src/shared/api-contract';
import type { ApiResult, LoadedModel, ReachmapApi } from '../../src/shared/api-contract';
import { analyzeFlows, buildReachIndex } from '../../src/core/reach/engine';
import { importInputs } from '../../src/core/import';
import { SAMPLE_NAME, SAMPLE_STATE_TEXT } from '../../src/core/samples/three-tier';

const snapshot = importInputs([{ name: SAMPLE_NAME, text: SAMPLE_STATE_TEXT }]);
const analysis = analyzeFlows(buildReachIndex(snapshot), { ruleIds: false });
const model: LoadedModel = { title: 'sample', sources: [SAMPLE_NAME], snapshot, analysis, warnings: snapshot.warnings };
const wire = packModel(model);

/** A host API whose every method answers `answer(method)`. */
function fakeApi(answer: (method: string) => ApiResult<unknown>): ReachmapApi {
  const api: Record<string, unknown> = Object.fromEntries(API_METHODS.map((m) => [m, async () => answer(m)]));
  api.on = () => () => undefined;
  return api as unknown as ReachmapApi;
}

describe('unwireApi', () => {
  it('unpacks every method that returns a model into the model the worker packed', async () => {
    const api = unwireApi(fakeApi(() => ({ ok: true, value: wire })));
    for (const method of MODEL_METHODS) {
      const result = await (api[method] as (arg: unknown) => Promise<ApiResult<unknown>>)(null);
      expect(result, method).toEqual({ ok: true, value: model });
    }
    // Sent once, the warnings are the snapshot's list again, as in the worker.
    const back = await api.openSample(null);
    expect(back.ok && back.value.warnings === back.value.snapshot.warnings).toBe(true);
  });

  it('unpacks the model of an upload too, and gives no upload where the host has none (Electron)', async () => {
    const host = fakeApi(() => ({ ok: true, value: wire }));
    host.openUploads = async () => ({ ok: true, value: wire });
    expect(await unwireApi(host).openUploads!([])).toEqual({ ok: true, value: model });
    expect(unwireApi(fakeApi(() => ({ ok: true, value: wire }))).openUploads).toBeUndefined();
  });

  it('keeps a partial open and warnings of their own', async () => {
    const partial: LoadedModel = { ...model, warnings: [{ code: 'bad-file', message: 'x.json: the file is empty', file: 'x.json' }], partial: { opened: 1, skipped: [{ file: 'x.json', reason: 'the file is empty' }] } };
    const packed = packModel(partial);
    expect(packed.partial).toEqual(partial.partial);
    expect(await unwireApi(fakeApi(() => ({ ok: true, value: packed }))).openPaths({ paths: ['a'] })).toEqual({ ok: true, value: partial });
  });

  it('passes other calls, failures and a cancelled open dialog through as they are', async () => {
    const failure: ApiResult<never> = { ok: false, error: { code: 'bad-input', message: 'broken.tfstate: not JSON' } };
    const api = unwireApi(fakeApi((m) => (m === 'openDialog' ? { ok: true, value: null } : m === 'openPaths' ? failure : { ok: true, value: `answer of ${m}` })));
    expect(await api.openDialog(null)).toEqual({ ok: true, value: null });
    expect(await api.openPaths({ paths: ['x'] })).toEqual(failure);
    expect(await api.listRecent(null)).toEqual({ ok: true, value: 'answer of listRecent' });
    expect(typeof api.on).toBe('function');
    expect(api.pathsForFiles).toBeUndefined();
    const paths = (files: File[]) => files.map(() => '/tmp/x');
    expect(unwireApi({ ...fakeApi(() => ({ ok: true, value: null })), pathsForFiles: paths }).pathsForFiles).toBe(paths);
  });

  it('fails the call, saying why, when a model arrives damaged', async () => {
    const body = JSON.parse(wire.body) as { analysis: { packedFlows: { from: number[] } } };
    body.analysis.packedFlows.from = [];
    const cases: [string, string][] = [
      [JSON.stringify(body), 'The analysis arrived damaged: its edge columns differ in length.'],
      [wire.body.slice(0, 1000), 'The model arrived damaged: it is not JSON.'],
      ['{"analysis":{"packedFlows":{}}}', 'The model arrived damaged: it has no snapshot or no analysis.'],
      ['null', 'The model arrived damaged: it has no snapshot or no analysis.'],
    ];
    for (const [text, message] of cases) {
      const result = await unwireApi(fakeApi(() => ({ ok: true, value: { ...wire, body: text } }))).openSample(null);
      expect(result).toEqual({ ok: false, error: { code: 'internal', message } });
    }
  });
});

describe('readModelAnswer (browser mode framing of a model)', () => {
  it('gives the envelope with the body text after the header line, unparsed', () => {
    const { body, ...header } = wire;
    expect(readModelAnswer(`${JSON.stringify({ ok: true, value: header })}\n${body}`)).toEqual({ ok: true, value: wire });
  });

  it('says the model is damaged rather than guessing', () => {
    const failure = { ok: false, error: { code: 'internal', message: 'The server sent a damaged model.' } };
    for (const text of ['', wire.body, '{"ok":true,"value":{"title":"x"}', '{"ok":false,"value":{}}\n{}', '{"ok":true,"value":null}\n{}', 'not json\n{}']) {
      expect(readModelAnswer(text), text.slice(0, 30)).toEqual(failure);
    }
  });
});

describe('createHttpApi uploads', () => {
  it("says 'unreadable' when the files cannot be sent, so the window reads them one by one to name the file", async () => {
    // A port nothing listens on: fetch fails as it does when the browser cannot read a chosen file.
    const api = createHttpApi('token', 'http://127.0.0.1:9');
    const r = await api.openUploads!([new File(['{}'], 'a.json')]);
    expect(r).toMatchObject({ ok: false, error: { code: 'unreadable' } });
    expect(!r.ok && r.error.message).toMatch(/^The files could not be sent \(/);
    // Other calls still say the server cannot be reached.
    expect(await api.getHostInfo(null)).toMatchObject({ ok: false, error: { message: expect.stringMatching(/^Cannot reach the Reachmap server/) } });
  });
});
