// analyzeFlows keeps its per-(class, cell) and per-(group, cell) memos in flat tables when they are
// small and in per-group maps otherwise; every test input is small, so this one forces the map
// path and checks both give the same graph, byte for byte, in each CIDR-pair mode.
import { afterEach, describe, expect, it } from 'vitest';
import { analyzeFlows, buildReachIndex } from '../../../src/core/reach/engine';
import { setFlatMemoLimit } from '../../../src/core/reach/flows';
import type { AnalyzeOptions } from '../../../src/core/reach/flows';
import { syntheticSnapshot } from './synthetic';

const DEFAULT_LIMIT = setFlatMemoLimit(0);
setFlatMemoLimit(DEFAULT_LIMIT);

describe('analyzeFlows memo tables', () => {
  afterEach(() => {
    setFlatMemoLimit(DEFAULT_LIMIT);
  });

  for (const cidrPairs of ['auto', 'expand', 'via-node'] as const) {
    it(`flat tables and per-group maps give the same graph (${cidrPairs})`, () => {
      const index = buildReachIndex(syntheticSnapshot({ endpoints: 400, groups: 80, rules: 1600, seed: 5 }));
      const options: AnalyzeOptions = { cidrPairs, cidrPairLimit: 500 };
      const flat = JSON.stringify(analyzeFlows(index, options));
      setFlatMemoLimit(0);
      const maps = JSON.stringify(analyzeFlows(index, options));
      expect(maps).toBe(flat);
      expect(JSON.parse(flat).flows.edges.length).toBeGreaterThan(0);
    });
  }
});
