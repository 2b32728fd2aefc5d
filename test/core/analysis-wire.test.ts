// The analysis travels from the worker to the window packed in columns (core/analysis-wire.ts),
// as JSON inside the model's body (shared/model-wire.ts). Unpacked, it must be the analysis that
// was packed, to the byte of its JSON, for the app's lean analysis and the full one alike, through
// JSON as the real hops make; it must be much smaller on the wire; and a damaged message must fail
// loudly rather than draw wrong edges.
import { describe, expect, it } from 'vitest';
import { packAnalysis, unpackAnalysis } from '../../src/core/analysis-wire';
import type { PackedAnalysis } from '../../src/core/analysis-wire';
import type { AnalysisResult } from '../../src/core/analysis-types';
import { analyzeFlows, buildReachIndex } from '../../src/core/reach/engine';
import { importInputs } from '../../src/core/import';
import { SAMPLE_NAME, SAMPLE_STATE_TEXT } from '../../src/core/samples/three-tier';
import { syntheticSnapshot } from './reach/synthetic';

/** The packed analysis as the window receives it: written and read as JSON. */
const throughJson = (packed: PackedAnalysis): PackedAnalysis => JSON.parse(JSON.stringify(packed)) as PackedAnalysis;

const sample = (): AnalysisResult => analyzeFlows(buildReachIndex(importInputs([{ name: SAMPLE_NAME, text: SAMPLE_STATE_TEXT }])));

describe('packAnalysis / unpackAnalysis', () => {
  for (const ruleIds of [false, true]) {
    it(`gives back the analysis that was packed, through JSON (${ruleIds ? 'with' : 'without'} rule ids)`, () => {
      const index = buildReachIndex(syntheticSnapshot({ endpoints: 300, groups: 60, rules: 1200, seed: 7 }));
      for (const analysis of [analyzeFlows(index, { ruleIds }), analyzeFlows(index, { ruleIds, cidrPairs: 'via-node' })]) {
        const wire = throughJson(packAnalysis(analysis));
        const back = unpackAnalysis(wire);
        expect(JSON.stringify(back)).toBe(JSON.stringify(analysis));
        expect(back.flows.edges.length).toBeGreaterThan(100);
      }
    });
  }

  it('keeps edges that depend on unknown addresses, notes, and edges whose id is not from->to', () => {
    const analysis = sample();
    analysis.notes = ['a note'];
    const [first, second] = analysis.flows.edges as [AnalysisResult['flows']['edges'][number], AnalysisResult['flows']['edges'][number]];
    first.depends = true;
    first.surePorts = [{ protocol: 6, name: 'tcp', ranges: [[443, 443]], label: 'tcp 443' }];
    second.id = 'hand-made';
    const back = unpackAnalysis(throughJson(packAnalysis(analysis)));
    expect(back).toEqual(analysis);
    expect(JSON.stringify(back)).toBe(JSON.stringify(analysis));
    expect(back.flows.edges[0]?.depends).toBe(true);
    expect(back.flows.edges[0]?.surePorts?.[0]?.label).toBe('tcp 443');
    expect(back.flows.edges[1]?.id).toBe('hand-made');
  });

  it('edges sharing a traffic share one ports list after unpacking too, and the message is several times smaller', () => {
    const index = buildReachIndex(syntheticSnapshot({ endpoints: 600, groups: 120, rules: 2400, seed: 3 }));
    const analysis = analyzeFlows(index, { ruleIds: false });
    const packed = packAnalysis(analysis);
    expect(packed.packedFlows.trafficTable.length).toBeLessThan(analysis.flows.edges.length / 5);
    const back = unpackAnalysis(throughJson(packed));
    expect(new Set(back.flows.edges.map((e) => e.ports)).size).toBe(packed.packedFlows.trafficTable.length);
    expect(JSON.stringify(packed).length * 2.5).toBeLessThan(JSON.stringify(analysis).length);
  });

  it('refuses a damaged message instead of drawing wrong edges', () => {
    const packed = packAnalysis(sample());
    const shortColumn = { ...packed, packedFlows: { ...packed.packedFlows, to: packed.packedFlows.to.slice(1) } };
    expect(() => unpackAnalysis(shortColumn)).toThrow(/edge columns differ in length/);
    const outside = { ...packed, packedFlows: { ...packed.packedFlows, traffic: packed.packedFlows.traffic.map(() => 10_000) } };
    expect(() => unpackAnalysis(outside)).toThrow(/edge 0 points outside its tables/);
    for (const column of ['from', 'ends', 'trafficTable', 'depends', 'nodes', 'memberOf'] as const) {
      const missing = { ...packed, packedFlows: { ...packed.packedFlows, [column]: undefined } };
      expect(() => unpackAnalysis(missing), column).toThrow(/a part of its flow graph is missing/);
    }
  });
});
