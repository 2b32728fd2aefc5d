/**
 * Turns the bytes of an input file into text, the one way every Node-side reader does it: files
 * opened by path (load-inputs.ts) and files uploaded in browser mode (upload-body.ts).
 *
 * A byte order mark decides the encoding: UTF-8 (dropped), or UTF-16 little or big endian, which
 * Windows PowerShell 5 writes for `terraform show -json plan > plan.json`. Without one the text is
 * UTF-8. UTF-16 without a mark is left to the importer, which recognises it and says how to fix it.
 */

/** The text of a file's bytes (see the top of this file). */
export function decodeInputBytes(bytes: Uint8Array): string {
  const b0 = bytes[0];
  const b1 = bytes[1];
  if (b0 === 0xff && b1 === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (b0 === 0xfe && b1 === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  // Buffer's decoder, not TextDecoder: it is the faster of the two on the tens of MB of a large
  // state, and both put U+FFFD for bytes that are not UTF-8.
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
