/**
 * Where JSON text first goes wrong, for the error message when JSON.parse gives no position: V8
 * 11.3 (Node 20) says `Unexpected token ','` with no offset for a bad token, and a user with a
 * hand-edited 50,000-line state needs the line. A validator of RFC 8259 as written, which finds the
 * first code unit at which the text stops being the beginning of some JSON text: the one V8 names
 * where it does give a position, so both kinds of message point alike.
 *
 * Iterative, with a byte per open container, rather than recursive: the text that failed may be a
 * 100 MB state nested deeper than any call stack. It runs only after JSON.parse has thrown, so it
 * is written to be plain rather than fast.
 */

/** What may come next, whitespace aside. */
type Expected =
  /** a value: at the top level, after `:`, after `,` in an array */
  | 'value'
  /** a value or `]`: just after `[` */
  | 'value-or-end'
  /** a member name or `}`: just after `{` */
  | 'name-or-end'
  /** a member name: after `,` in an object */
  | 'name'
  /** the `:` after a member name */
  | 'colon'
  /** `,` or the end of the open container; at the top level, nothing */
  | 'after-value';

/** A token's end, or where it goes wrong. */
type Scanned = number | { error: number };

const OBJECT = 1;
const ARRAY = 2;

const isWhitespace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isHexDigit = (c: number): boolean => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
/** What may follow a backslash besides `u`: `"` `\` `/` `b` `f` `n` `r` `t`. */
const SIMPLE_ESCAPES = new Set([0x22, 0x5c, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74]);

/**
 * The offset of the first code unit at which `text` stops being the beginning of a JSON text
 * (RFC 8259); `text.length` when it is such a beginning that ends too soon (cut short, or nothing
 * but whitespace); undefined when it is a whole JSON text, that is when JSON.parse accepts it.
 */
export function findJsonErrorOffset(text: string): number | undefined {
  // The kinds of the open containers, innermost last, grown by doubling.
  let open = new Uint8Array(64);
  let depth = 0;
  let expected: Expected = 'value';
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (isWhitespace(c)) {
      i++;
      continue;
    }
    if (expected === 'colon') {
      if (c !== 0x3a) return i;
      expected = 'value';
      i++;
    } else if (expected === 'after-value') {
      // At the top level nothing may follow the one value.
      if (depth === 0) return i;
      const inObject = open[depth - 1] === OBJECT;
      if (c === 0x2c) expected = inObject ? 'name' : 'value';
      else if (c === (inObject ? 0x7d : 0x5d)) depth--;
      else return i;
      i++;
    } else if ((expected === 'name-or-end' && c === 0x7d) || (expected === 'value-or-end' && c === 0x5d)) {
      depth--;
      expected = 'after-value';
      i++;
    } else if (expected === 'name' || expected === 'name-or-end') {
      if (c !== 0x22) return i;
      const end = scanString(text, i);
      if (typeof end !== 'number') return end.error;
      expected = 'colon';
      i = end;
    } else if (c === 0x7b || c === 0x5b) {
      if (depth === open.length) {
        const grown = new Uint8Array(open.length * 2);
        grown.set(open);
        open = grown;
      }
      open[depth++] = c === 0x7b ? OBJECT : ARRAY;
      expected = c === 0x7b ? 'name-or-end' : 'value-or-end';
      i++;
    } else {
      const end = c === 0x22 ? scanString(text, i) : c === 0x2d || isDigit(c) ? scanNumber(text, i) : scanLiteral(text, i);
      if (typeof end !== 'number') return end.error;
      expected = 'after-value';
      i = end;
    }
  }
  return expected === 'after-value' && depth === 0 ? undefined : text.length;
}

/** A string from its opening quote at `start`: no raw control character, only RFC 8259's escapes. */
function scanString(text: string, start: number): Scanned {
  let i = start + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (c < 0x20) return { error: i };
    if (c !== 0x5c) {
      i++;
    } else if (text.charCodeAt(i + 1) === 0x75) {
      for (let h = i + 2; h < i + 6; h++) {
        if (h >= text.length) return { error: text.length };
        if (!isHexDigit(text.charCodeAt(h))) return { error: h };
      }
      i += 6;
    } else if (i + 1 >= text.length) {
      return { error: text.length };
    } else if (SIMPLE_ESCAPES.has(text.charCodeAt(i + 1))) {
      i += 2;
    } else {
      return { error: i + 1 };
    }
  }
  return { error: text.length };
}

/**
 * A number from `start`: `-`? (`0` | [1-9][0-9]*) (`.` [0-9]+)? ([eE] [+-]? [0-9]+)?. It ends
 * with the longest such match; what follows (a digit after a leading zero, say) is the caller's.
 */
function scanNumber(text: string, start: number): Scanned {
  let i = start;
  if (text.charCodeAt(i) === 0x2d) i++;
  const first = text.charCodeAt(i);
  if (first === 0x30) i++;
  else {
    const end = scanDigits(text, i);
    if (typeof end !== 'number') return end;
    i = end;
  }
  if (text.charCodeAt(i) === 0x2e) {
    const end = scanDigits(text, i + 1);
    if (typeof end !== 'number') return end;
    i = end;
  }
  const e = text.charCodeAt(i);
  if (e === 0x65 || e === 0x45) {
    i++;
    const sign = text.charCodeAt(i);
    if (sign === 0x2b || sign === 0x2d) i++;
    return scanDigits(text, i);
  }
  return i;
}

/** One or more digits from `start`. */
function scanDigits(text: string, start: number): Scanned {
  if (start >= text.length) return { error: text.length };
  if (!isDigit(text.charCodeAt(start))) return { error: start };
  let i = start + 1;
  while (isDigit(text.charCodeAt(i))) i++;
  return i;
}

/** `true`, `false` or `null` from `start`; it goes wrong at the first character that differs. */
function scanLiteral(text: string, start: number): Scanned {
  const c = text.charCodeAt(start);
  const word = c === 0x74 ? 'true' : c === 0x66 ? 'false' : c === 0x6e ? 'null' : undefined;
  if (word === undefined) return { error: start };
  for (let k = 1; k < word.length; k++) {
    if (start + k >= text.length) return { error: text.length };
    if (text.charCodeAt(start + k) !== word.charCodeAt(k)) return { error: start + k };
  }
  return start + word.length;
}
