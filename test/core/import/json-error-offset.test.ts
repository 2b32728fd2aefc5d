// findJsonErrorOffset: where JSON text first goes wrong, by hand for each rule of RFC 8259, and by
// fast-check against JSON.parse itself: it accepts exactly what JSON.parse accepts, and where V8
// says where, it says the same place.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findJsonErrorOffset } from '../../../src/core/import/json-error-offset';

/** V8's verdict on a text: accepted, or its message. */
function v8Error(text: string): string | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** Single-character corruptions: a character from JSON's own alphabet (and a few it refuses) replaced, inserted or deleted. */
const corruptions = fc
  .record({
    // Compact, or indented so that corruptions meet newlines and indentation too.
    json: fc.tuple(fc.json(), fc.boolean()).map(([json, indent]) => (indent ? JSON.stringify(JSON.parse(json), null, 2) : json)),
    at: fc.nat(),
    op: fc.constantFrom('replace', 'insert', 'delete'),
    ch: fc.constantFrom(...' \t\n\r{}[]:,"\\/-+.019eEtrufalsn\u0001\u001f\u00a0x'),
  })
  .map(({ json, at, op, ch }) => {
    const k = at % (json.length + 1);
    return op === 'replace' ? json.slice(0, k) + ch + json.slice(k + 1) : op === 'insert' ? json.slice(0, k) + ch + json.slice(k) : json.slice(0, k) + json.slice(k + 1);
  });

describe('findJsonErrorOffset by hand', () => {
  it.each([
    ['a value missing between a colon and a comma', '{"a": 1, "b": , }', 14],
    ['a missing colon', '{"a" 1}', 5],
    ['a cut-off literal', '[tru]', 4],
    ['a misspelt literal', '{"ok": True}', 7],
    ['a number with a leading zero', '[01]', 2],
    ['a raw control character inside a string', '["a\u0001b"]', 3],
    ['the last control character inside a string', '["\u001f"]', 2],
    ['a raw newline inside a string', '{"a": "line\nbreak"}', 11],
    ['a bad escape', '["\\x"]', 3],
    ['a bad unicode escape', '["\\u12x4"]', 6],
    ['a trailing comma in an array', '[1,2,]', 5],
    ['a trailing comma in an object', '{"a":1,}', 7],
    ['garbage after the value', '{} x', 3],
    ['a second value', '{"a":1}\n\n  {}', 11],
    ['a closing bracket of the wrong kind', '{"a": [1}', 8],
    ['a name that is no string', "{'a': 1}", 1],
    ['a fraction without digits', '[1.]', 3],
    ['an exponent without digits', '[1e+]', 4],
    ['a minus without digits', '[-]', 2],
    ['a number starting with a dot', '[.5]', 1],
    ['a plus sign', '[+1]', 1],
    ['whitespace JSON does not allow', '[\u00a0]', 1],
    ['a byte order mark', '\ufeff[]', 0],
    ['the error on a later line', '{\n  "a": 1,\n  "b": ,\n}', 19],
  ])('%s: %j goes wrong at %i', (_, text, offset) => {
    expect(findJsonErrorOffset(text)).toBe(offset);
  });

  it.each([
    ['an open object', '{"a": 1'],
    ['an open string', '["abc'],
    ['a cut escape', '["\\u12'],
    ['a cut literal', 'nul'],
    ['a cut number', '[1e'],
    ['nothing but whitespace', ' \n\t'],
  ])('says the text ends too soon for %s', (_, text) => {
    expect(findJsonErrorOffset(text)).toBe(text.length);
  });

  it.each([
    '0', '-0.5e+10', '1E-2', '"\\"\\\\\\/\\b\\f\\n\\r\\t\\u00aF"', 'true', ' false ', 'null', '[]', '{}',
    ' [ 1 , { "a" : [ null ] } ]\r\n', '"\ud800"', '"\u2028"',
  ])('accepts %j', (text) => {
    expect(findJsonErrorOffset(text)).toBeUndefined();
  });

  it('walks nesting far deeper than a call stack', () => {
    const deep = '['.repeat(1_000_000) + ']'.repeat(1_000_000);
    expect(findJsonErrorOffset(deep)).toBeUndefined();
    expect(findJsonErrorOffset(`${deep.slice(0, -1)},]`)).toBe(deep.length);
    expect(findJsonErrorOffset(`${'{"a":'.repeat(300_000)}1${'}'.repeat(300_000)}`)).toBeUndefined();
  });
});

describe('findJsonErrorOffset against JSON.parse (fast-check)', () => {
  it('accepts whatever JSON.parse accepts', () => {
    fc.assert(fc.property(fc.json(), (text) => {
      expect(findJsonErrorOffset(text)).toBeUndefined();
    }), { numRuns: 2000 });
  });

  it('finds an error in a corrupted text exactly when JSON.parse throws', () => {
    fc.assert(fc.property(corruptions, (text) => {
      expect(findJsonErrorOffset(text) === undefined).toBe(v8Error(text) === undefined);
    }), { numRuns: 5000 });
  });

  it('points where V8 points: its position, the end when the input ends early, the token it names', () => {
    fc.assert(fc.property(corruptions, (text) => {
      const message = v8Error(text);
      if (message === undefined) return;
      const offset = findJsonErrorOffset(text);
      const position = / at position (\d+)/.exec(message);
      const token = /^Unexpected token '([\s\S])'/.exec(message);
      if (position) expect(offset).toBe(Number(position[1]));
      else if (/end of JSON input/.test(message)) expect(offset).toBe(text.length);
      else if (token) expect(text[offset!]).toBe(token[1]);
      else throw new Error(`a V8 message of a kind not checked here: ${message}`);
    }), { numRuns: 5000 });
  });
});
