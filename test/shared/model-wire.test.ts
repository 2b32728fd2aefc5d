// A model crosses from the analysis worker to the window as JSON text (shared/model-wire.ts), where
// it used to be structured-cloned. Unpacked, it must be the model that was packed, on every kind of
// input the importers meet, and the warnings list must be shared with the snapshot exactly when it
// was before packing (the worker's model shares it; the window must not show it twice).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { importInputs } from '../../src/core/import';
import { analyzeFlows, buildReachIndex } from '../../src/core/reach/engine';
import type { Snapshot } from '../../src/core/model';
import type { LoadedModel } from '../../src/shared/api-contract';
import { packModel, unpackModel, unpackModelBody } from '../../src/shared/model-wire';
import { syntheticSnapshot } from '../core/reach/synthetic';

const here = path.dirname(new URL(import.meta.url).pathname);
const fixtureDirs = ['../core/import/terraform/fixtures', '../core/import/aws/fixtures'].map((d) => path.join(here, d));

function modelOf(snapshot: Snapshot, ruleIds: boolean): LoadedModel {
  return { title: 't', sources: snapshot.sources.map((s) => s.file), snapshot, analysis: analyzeFlows(buildReachIndex(snapshot), { ruleIds }), warnings: snapshot.warnings };
}

/** The fixtures that import (the malformed ones are meant to fail, and are not models). */
function fixtureModels(): [string, LoadedModel][] {
  const out: [string, LoadedModel][] = [];
  for (const dir of fixtureDirs) {
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
      let snapshot: Snapshot;
      try {
        snapshot = importInputs([{ name, text: readFileSync(path.join(dir, name), 'utf8') }]);
      } catch {
        continue;
      }
      out.push([name, modelOf(snapshot, true)]);
    }
  }
  return out;
}

describe('packModel / unpackModel', () => {
  it('gives back the model that was packed for every importer fixture, exactly as a structured clone would', () => {
    const models = fixtureModels();
    expect(models.length).toBeGreaterThan(30);
    for (const [name, model] of models) {
      const wire = packModel(model);
      expect(typeof wire.body, name).toBe('string');
      // Deep strict: no key lost or gained, no value changed in type (undefined, NaN, -0 would show).
      expect(isDeepStrictEqual(unpackModel(wire), structuredClone(model)), name).toBe(true);
    }
  });

  it('gives back a large synthetic model, lean or with rule ids', () => {
    const snapshot = syntheticSnapshot({ endpoints: 400, groups: 80, rules: 1600, seed: 11 });
    for (const ruleIds of [false, true]) {
      const model = modelOf(snapshot, ruleIds);
      expect(model.analysis.flows.edges.length).toBeGreaterThan(100);
      expect(isDeepStrictEqual(unpackModel(packModel(model)), structuredClone(model))).toBe(true);
    }
  });

  it('shares the warnings with the snapshot exactly when the packed model did', () => {
    const snapshot = syntheticSnapshot({ endpoints: 20, groups: 5, rules: 40, seed: 1 });
    snapshot.warnings.push({ code: 'generic-endpoint', message: 'x' });
    const shared = modelOf(snapshot, false);
    const back = unpackModel(packModel(shared));
    expect(back.warnings).toBe(back.snapshot.warnings);
    // Sent once: the body holds the list only inside the snapshot.
    expect(JSON.parse(packModel(shared).body)).not.toHaveProperty('warnings');

    const own = { ...shared, warnings: [...snapshot.warnings, { code: 'bad-file', message: 'y.json: empty; skipped', file: 'y.json' }] };
    const backOwn = unpackModel(packModel(own));
    expect(backOwn.warnings).not.toBe(backOwn.snapshot.warnings);
    expect(backOwn.warnings).toEqual(own.warnings);
    expect(backOwn.snapshot.warnings).toEqual(snapshot.warnings);
  });

  it('refuses a damaged body with a sentence, never a TypeError', () => {
    const good = packModel(modelOf(syntheticSnapshot({ endpoints: 20, groups: 5, rules: 40, seed: 2 }), false)).body;
    const body = JSON.parse(good) as Record<string, unknown>;
    const cases: [string, RegExp][] = [
      ['', /not JSON/],
      [good.slice(0, good.length - 1), /not JSON/],
      ['[]', /no snapshot or no analysis/],
      [JSON.stringify({ ...body, snapshot: { warnings: 'x' } }), /no snapshot or no analysis/],
      [JSON.stringify({ ...body, warnings: {} }), /no snapshot or no analysis/],
      [JSON.stringify({ snapshot: { warnings: [] }, analysis: { packedFlows: {} } }), /a part of its flow graph is missing/],
    ];
    for (const [text, message] of cases) expect(() => unpackModelBody(text), text.slice(0, 40)).toThrow(message);
  });
});
