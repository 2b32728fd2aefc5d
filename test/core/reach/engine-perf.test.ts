// A quick guard against accidental quadratic work: a scaled-down synthetic world must build,
// analyse and answer questions well inside the time a full benchmark run would allow per endpoint.
import { describe, expect, it } from 'vitest';
import { analyzeFlows, buildReachIndex, queryReach } from '../../../src/core/reach/engine';
import { syntheticSnapshot } from './synthetic';

describe('engine speed (scaled down)', () => {
  it('indexes, analyses and answers 5,000 questions on 1,000 endpoints quickly', () => {
    const s = syntheticSnapshot({ endpoints: 1000, groups: 200, rules: 4000 });
    const t0 = performance.now();
    const idx = buildReachIndex(s);
    const t1 = performance.now();
    const r = analyzeFlows(idx);
    const t2 = performance.now();
    for (let i = 0; i < 5000; i++) {
      const a = s.endpoints[(i * 7919) % 1000]!;
      const b = s.endpoints[(i * 104729 + 13) % 1000]!;
      queryReach(idx, { from: { endpointId: a.id }, to: { endpointId: b.id }, protocol: 6, port: 443 });
    }
    const t3 = performance.now();
    expect(Object.keys(r.flows.memberOf)).toHaveLength(1000);
    // Generous bounds for a shared 2-core machine; typical is well under half of each.
    expect(t1 - t0).toBeLessThan(500);
    expect(t2 - t1).toBeLessThan(2000);
    expect(t3 - t2).toBeLessThan(1500);
  });
});
