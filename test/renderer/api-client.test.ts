// The window's API client unpacks every model the host sends (the analysis travels in columns) so
// the rest of the renderer sees plain edges; other calls, failures and a cancelled dialog pass as
// they are, and a model that arrives damaged fails its call with the reason instead of throwing.
import { describe, expect, it } from 'vitest';
import { unwireApi } from '../../src/renderer/api-client';
import { packAnalysis } from '../../src/core/analysis-wire';
import { API_METHODS, MODEL_METHODS } from '../../src/shared/api-contract';
import type { ApiResult, ReachmapApi, WireModel } from '../../src/shared/api-contract';
import { analyzeFlows, buildReachIndex } from '../../src/core/reach/engine';
import { importInputs } from '../../src/core/import';
import { SAMPLE_NAME, SAMPLE_STATE_TEXT } from '../../src/core/samples/three-tier';

const snapshot = importInputs([{ name: SAMPLE_NAME, text: SAMPLE_STATE_TEXT }]);
const analysis = analyzeFlows(buildReachIndex(snapshot), { ruleIds: false });
const wire: WireModel = { title: 'sample', sources: [SAMPLE_NAME], snapshot, analysis: packAnalysis(analysis), warnings: [] };

/** A host API whose every method answers `answer(method)`. */
function fakeApi(answer: (method: string) => ApiResult<unknown>): ReachmapApi {
  const api: Record<string, unknown> = Object.fromEntries(API_METHODS.map((m) => [m, async () => answer(m)]));
  api.on = () => () => undefined;
  return api as unknown as ReachmapApi;
}

describe('unwireApi', () => {
  it('unpacks the analysis of every method that returns a model', async () => {
    const api = unwireApi(fakeApi(() => ({ ok: true, value: wire })));
    for (const method of MODEL_METHODS) {
      const result = await (api[method] as (arg: unknown) => Promise<ApiResult<unknown>>)(null);
      expect(result, method).toEqual({ ok: true, value: { ...wire, analysis } });
    }
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
    const damaged = { ...wire, analysis: { ...wire.analysis, packedFlows: { ...wire.analysis.packedFlows, from: [] } } };
    const result = await unwireApi(fakeApi(() => ({ ok: true, value: damaged }))).openSample(null);
    expect(result).toEqual({ ok: false, error: { code: 'internal', message: 'The analysis arrived damaged: its edge columns differ in length.' } });
  });
});
