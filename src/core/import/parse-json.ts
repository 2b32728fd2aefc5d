/**
 * JSON.parse for input files, with errors a user can act on: they name the file, say "empty",
 * "truncated", "UTF-16" or "a zip archive" where that is the trouble, and otherwise give the line
 * and column (found by json-error-offset.ts where V8 gives no position), never quoting the text.
 * Shared by every importer (import/index.ts) and by saved snapshots (snapshot-io.ts).
 */
import { ImportError, type InputFile } from '../model';
import { findJsonErrorOffset } from './json-error-offset';

/** JSON.parse with errors that name the file, say "empty" or "truncated" and give line and column. */
export function parseJson(file: InputFile): unknown {
  const text = file.text.charCodeAt(0) === 0xfeff ? file.text.slice(1) : file.text;
  // A regex test instead of trim(): it stops at the first visible character instead of copying.
  if (!/\S/.test(text)) throw new ImportError(file.name, 'the file is empty');
  // JSON text never holds a NUL byte; a binary file would otherwise be reported with its raw bytes.
  const head = text.slice(0, 8192);
  if (head.startsWith('PK\u0003\u0004')) {
    throw new ImportError(file.name, 'not JSON but a zip archive, e.g. a saved Terraform plan (convert it with terraform show -json)');
  }
  if (head.includes('\u0000')) {
    // UTF-16 (PowerShell's `>` writes it) puts a NUL next to every ASCII character.
    // eslint-disable-next-line no-control-regex
    const utf16 = /^(?:\uFFFD\uFFFD)?(?:[\u0001-\u007f]\u0000|\u0000[\u0001-\u007f]){2}/.test(head);
    throw new ImportError(file.name, utf16 ? 'the file is UTF-16 text; save it as UTF-8' : 'not JSON but a binary file (a saved Terraform plan? convert it with terraform show -json)');
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    // V8 quotes the text around a bad token (`Unexpected token 'h', ..."pw": hunter2"... is not
    // valid JSON`, the whole text when short): the reason goes into a bad-file warning and so into
    // exports meant for sharing, and a file opened by mistake may be a credentials or .env file.
    // The bad token it names stays, escaped when it would break the line or not show (a newline,
    // a no-break space, the half of an emoji V8 gives).
    const raw = (e instanceof Error ? e.message : String(e)).replace(/,\s*(?:\.\.\.)?"[\s\S]*$/, '').replace(/[\p{C}\p{Z}]/gu, escapeInvisible);
    const pos = /position (\d+)/.exec(raw);
    // An error at the very end of the text means the file was cut short (partial download, copy).
    // V8 gives no position for a bad token, e.g. a file cut inside `true` and ended by a newline:
    // then brackets still open at the end say it was cut short.
    if (/end of JSON input/.test(raw) || (pos && Number(pos[1]) >= text.trimEnd().length) || (!pos && hasUnclosedBrackets(text))) {
      throw new ImportError(file.name, `the JSON is truncated (it ends after ${text.length} characters)`);
    }
    // Elsewhere too V8 11.3 (Node 20) gives no position for a bad token (`Unexpected token ','`),
    // and the README promises a line: a validator then finds the offset V8 would have given.
    const at = pos ? Number(pos[1]) : findJsonErrorOffset(text);
    if (at !== undefined) {
      const { line, column } = locateOffset(text, at);
      // The position is said as line and column; V8 puts it after "in JSON" or "after JSON".
      throw new ImportError(file.name, `malformed JSON at line ${line}, column ${column}: ${raw.replace(/ (?:in JSON )?at position.*$/, '')}`);
    }
    throw new ImportError(file.name, `malformed JSON: ${raw}`);
  }
}

const NAMED_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** A character that does not show as itself (a plain space does), as JSON escapes it. */
function escapeInvisible(c: string): string {
  if (c === ' ') return c;
  let escaped = NAMED_ESCAPES[c];
  if (escaped === undefined) {
    escaped = '';
    for (let k = 0; k < c.length; k++) escaped += `\\u${c.charCodeAt(k).toString(16).padStart(4, '0')}`;
  }
  return escaped;
}

/** The 1-based line and column of a UTF-16 offset, lines ending at `\n`; counted, not split, for a 100 MB text. */
function locateOffset(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let nl = text.indexOf('\n'); nl !== -1 && nl < offset; nl = text.indexOf('\n', nl + 1)) {
    line++;
    lineStart = nl + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** True when some `{` or `[` outside strings is never closed: the text ends inside a container. */
function hasUnclosedBrackets(text: string): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return inString || depth > 0;
}
