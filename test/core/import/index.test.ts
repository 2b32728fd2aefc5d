// importInputs: format detection through FORMAT_IMPORTERS, several files merged, progress reports,
// saved snapshots as input; parseJson's one-line reasons for text that is no JSON.
import { describe, expect, it } from 'vitest';
import { detectFormat, FORMAT_IMPORTERS, importInputs, parseJson } from '../../../src/core/import/index';
import { ImportError } from '../../../src/core/model';
import { serializeSnapshot } from '../../../src/core/snapshot-io';
import { fixture } from './terraform/fixture-helpers';

describe('importInputs', () => {
  it('lists the importers in an appendable array', () => {
    expect(FORMAT_IMPORTERS.map((i) => i.name)).toEqual(expect.arrayContaining(['reachmap-snapshot', 'terraform']));
  });

  it('detects each format', () => {
    const cases: [string, string][] = [
      ['v4-rules.tfstate.json', 'tfstate-v4'], ['v3-hash.tfstate.json', 'tfstate-v3'], ['v1.tfstate.json', 'tfstate-v1'],
      ['show-state.json', 'tf-show-json'], ['plan.json', 'tf-plan-json'], ['wrapped-plan.json', 'tf-plan-json'],
    ];
    for (const [name, format] of cases) {
      expect(detectFormat(JSON.parse(fixture(name).text), name)?.format).toBe(format);
    }
  });

  it('merges several files and reports progress', () => {
    const events: string[] = [];
    const s = importInputs([fixture('v4-dedup.tfstate.json'), fixture('v3-list.tfstate.json')], { onProgress: (p) => events.push(`${p.phase} ${p.done}/${p.total}`) });
    expect(s.sources.map((x) => x.format)).toEqual(['tfstate-v4', 'tfstate-v3']);
    expect(s.groups).toHaveLength(4);
    expect(events).toEqual(['read 0/2', 'read 1/2', 'merge 2/2', 'done 2/2']);
  });

  it('reads a saved snapshot back as an input, identical after a round trip', () => {
    const first = importInputs([fixture('v4-rules.tfstate.json')]);
    const again = importInputs([{ name: 'saved.json', text: serializeSnapshot(first) }]);
    expect(again.sources.map((x) => x.format)).toEqual(['tfstate-v4', 'reachmap-snapshot']);
    expect(again.rules).toEqual(first.rules);
    expect(again.groups).toEqual(first.groups);
    expect(again.endpoints).toEqual(first.endpoints);
  });

  it('is deterministic', () => {
    const a = serializeSnapshot(importInputs([fixture('v4-endpoints.tfstate.json'), fixture('v4-rules.tfstate.json')]));
    const b = serializeSnapshot(importInputs([fixture('v4-endpoints.tfstate.json'), fixture('v4-rules.tfstate.json')]));
    expect(a).toBe(b);
  });
});

/** The reason parseJson gives for a text it refuses. */
function reasonFor(text: string): string {
  try {
    parseJson({ name: 'in.json', text });
  } catch (e) {
    expect(e).toBeInstanceOf(ImportError);
    return (e as ImportError).reason;
  }
  throw new Error(`${JSON.stringify(text)} was accepted`);
}

describe('parseJson', () => {
  it.each([
    ['a missing colon', '{"a" 1}', "line 1, column 6: Expected ':' after property name"],
    ['garbage after the value', '{}\n\n  x', 'line 3, column 3: Unexpected non-whitespace character after JSON'],
  ])('names the line and column of %s, and no offset besides', (_, text, where) => {
    expect(reasonFor(text)).toBe(`malformed JSON at ${where}`);
  });
});
