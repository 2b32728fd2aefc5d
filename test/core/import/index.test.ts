// importInputs: format detection through FORMAT_IMPORTERS, several files merged, progress reports,
// saved snapshots as input; parseJson's one-line reasons for text that is no JSON.
import fc from 'fast-check';
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
  // Node 20's V8 gives a position for some of these and none for the others (`Unexpected token`):
  // every one gets a line and a column all the same.
  it.each([
    ['a value missing between a colon and a comma', '{"a": 1, "b": , }', "line 1, column 15: Unexpected token ','"],
    ['a missing colon', '{"a" 1}', "line 1, column 6: Expected ':' after property name"],
    ['a bad literal', '{"ok": tru}', "line 1, column 11: Unexpected token '}'"],
    ['a number with a leading zero', '[01]', 'line 1, column 3: Unexpected number'],
    ['a raw control character inside a string', '["a\u0001b"]', 'line 1, column 4: Bad control character in string literal'],
    ['a bad escape', '["\\x"]', 'line 1, column 4: Bad escaped character'],
    ['a trailing comma in an array', '[1, 2,\n]', "line 2, column 1: Unexpected token ']'"],
    ['garbage after the value', '{}\n\n  x', 'line 3, column 3: Unexpected non-whitespace character after JSON'],
    ['the error on a later line', '{\n  "a": 1,\n  "b": ,\n}', "line 3, column 8: Unexpected token ','"],
  ])('names the line and column of %s', (_, text, where) => {
    expect(reasonFor(text)).toBe(`malformed JSON at ${where}`);
  });

  it.each([
    ['cut inside a container', '{"a": [1, 2', 'the JSON is truncated (it ends after 11 characters)'],
    ['cut inside a literal, then a newline', '{"a": tru\n', 'the JSON is truncated (it ends after 10 characters)'],
    ['cut inside a string', '["abc', 'the JSON is truncated (it ends after 5 characters)'],
  ])('still calls a text %s truncated', (_, text, reason) => {
    expect(reasonFor(text)).toBe(reason);
  });

  // V8 puts the bad token in the message as it is: a newline would break the one-line reason,
  // and a no-break or zero-width space, or half an emoji, would show as nothing or garbage.
  it.each([
    ['a newline', '{"a": t\nue}', "line 1, column 8: Unexpected token '\\n'"],
    ['a control character', '[\u0007]', "line 1, column 2: Unexpected token '\\u0007'"],
    ['a no-break space', '[\u00a0]', "line 1, column 2: Unexpected token '\\u00a0'"],
    ['a zero-width space', '[1,\u200b]', "line 1, column 4: Unexpected token '\\u200b'"],
    ['half an emoji, as V8 gives it', '["x", \u{1f600}]', "line 1, column 7: Unexpected token '\\ud83d'"],
  ])('names the bad token by its escape when it is %s', (_, text, where) => {
    expect(reasonFor(text)).toBe(`malformed JSON at ${where}`);
  });

  // V8 quotes the text around a bad token, all of it when it is short; a reason goes into
  // warnings and exports, and a file opened by mistake may hold credentials.
  it.each([
    ['all of a short text', '["hunter2", tru]', 'hunter2', "line 1, column 16: Unexpected token ']'"],
    ['the stretch before the error', '{"a": [tru], "password": "hunter2"}', 'passwo', "line 1, column 11: Unexpected token ']'"],
    ['the stretch after the error', '{"pw": "hunter2", "b": , }', 'r2', "line 1, column 24: Unexpected token ','"],
  ])('quotes none of the text where V8 quotes %s', (_, text, quoted, where) => {
    expect(() => JSON.parse(text)).toThrow(quoted);
    expect(reasonFor(text)).toBe(`malformed JSON at ${where}`);
  });

  it('names a line for any single-character corruption, and quotes none of the text (fast-check)', () => {
    const doc = fc.tuple(fc.json(), fc.json(), fc.boolean()).map(([a, b, indent]) =>
      JSON.stringify({ a: JSON.parse(a), password: 'hunter2-secret', b: JSON.parse(b) }, null, indent ? 2 : undefined));
    const corrupted = fc.tuple(doc, fc.nat(), fc.constantFrom(...' \n{}[]:,"\\-.0etx')).map(([text, at, ch]) => {
      const k = at % text.length;
      return text.slice(0, k) + ch + text.slice(k + 1);
    });
    fc.assert(fc.property(corrupted, (text) => {
      try {
        JSON.parse(text);
        return;
      } catch {
        const reason = reasonFor(text);
        expect(reason).toMatch(/^malformed JSON at line \d+, column \d+: |^the JSON is truncated /);
        // "is not valid JSON" ends V8's quote: its absence shows the quote went too.
        expect(reason).not.toMatch(/hunter|secret|passw|is not valid JSON/);
        expect(reason).not.toMatch(/[\p{Cc}\p{Cs}]/u);
      }
    }), { numRuns: 3000 });
  });
});
