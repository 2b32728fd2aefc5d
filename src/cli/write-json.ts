/**
 * Writes a large JSON value in pieces. `JSON.stringify` of a whole analysis document for a big
 * account can exceed V8's maximum string length and holds the whole text in memory at once; this
 * walks the top levels (the document, its sections, their big arrays) and stringifies one element
 * at a time, flushing as the buffer fills. The output is byte-identical to `JSON.stringify(value)`.
 */
import type { OutputBuffer } from './output-buffer';

/** Writes `value` as compact JSON, splitting containers up to `depth` levels down. */
export async function writeJson(value: unknown, out: OutputBuffer, depth = 3): Promise<void> {
  if (depth <= 0 || value === null || typeof value !== 'object' || typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    // Top-level undefined or functions have no JSON text; JSON.stringify would give undefined.
    out.write(JSON.stringify(value) ?? 'null');
  } else if (Array.isArray(value)) {
    out.write('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out.write(',');
      const item: unknown = value[i];
      // As in JSON.stringify: undefined, functions and symbols inside arrays become null.
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') out.write('null');
      else await writeJson(item, out, depth - 1);
      if (out.full) await out.flush();
    }
    out.write(']');
  } else {
    out.write('{');
    let first = true;
    for (const [key, item] of Object.entries(value)) {
      // As in JSON.stringify: properties whose value has no JSON text are left out.
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
      out.write(`${first ? '' : ','}${JSON.stringify(key)}:`);
      first = false;
      await writeJson(item, out, depth - 1);
      if (out.full) await out.flush();
    }
    out.write('}');
  }
}
