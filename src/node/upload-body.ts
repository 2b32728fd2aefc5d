/**
 * Reads a browser-mode upload (HTTP_UPLOAD_TYPE in shared/api-contract.ts): an UploadHeader on one
 * JSON line, then the files' bytes back to back. Gives the `InputFile`s that `openContents` takes,
 * decoded as files opened by path are (decode-input.ts), or throws an UploadError saying what is
 * wrong. The header is checked strictly: sizes that do not add up to the bytes sent mean a damaged
 * or foreign request, and guessing where one file ends would give the next one's text a wrong start.
 */
import type { InputFile } from '../core/model';
import { decodeInputBytes } from './decode-input';

/** A header line longer than this is not one: 1,000 file names fit in it many times over. */
export const MAX_UPLOAD_HEADER_BYTES = 256 * 1024;

export class UploadError extends Error {}

/** Where an upload's files lie: their names and sizes from the header, and the offset of the first one's bytes. */
export interface UploadLayout {
  files: { name: string; bytes: number }[];
  start: number;
}

/**
 * Reads and checks an upload's header without decoding any file: cheap enough for the server's
 * event loop, which answers a damaged request at once and leaves the decoding to the worker.
 */
export function readUploadLayout(body: Uint8Array): UploadLayout {
  const cut = body.subarray(0, MAX_UPLOAD_HEADER_BYTES + 1).indexOf(0x0a);
  if (cut < 0) throw new UploadError('The upload has no header line.');
  let header: unknown;
  try {
    header = JSON.parse(Buffer.from(body.buffer, body.byteOffset, cut).toString('utf8'));
  } catch {
    throw new UploadError('The upload header is not valid JSON.');
  }
  const files = header !== null && typeof header === 'object' && 'files' in header ? header.files : undefined;
  if (!Array.isArray(files)) throw new UploadError('The upload header lists no files.');
  const sizes: { name: string; bytes: number }[] = [];
  for (const f of files as unknown[]) {
    const name = f !== null && typeof f === 'object' && 'name' in f ? f.name : undefined;
    const bytes = f !== null && typeof f === 'object' && 'bytes' in f ? f.bytes : undefined;
    if (typeof name !== 'string' || typeof bytes !== 'number' || !Number.isSafeInteger(bytes) || bytes < 0) {
      throw new UploadError('The upload header must give each file a name and a size in bytes.');
    }
    sizes.push({ name, bytes });
  }
  const total = sizes.reduce((sum, f) => sum + f.bytes, 0);
  const sent = body.length - cut - 1;
  if (total !== sent) throw new UploadError(`The upload is damaged: its header announces ${total} bytes of files, but ${sent} followed.`);
  return { files: sizes, start: cut + 1 };
}

/** The files of an upload body (see the top of this file), decoded. */
export function parseUploadBody(body: Uint8Array): InputFile[] {
  const { files, start } = readUploadLayout(body);
  const out: InputFile[] = [];
  let at = start;
  for (const { name, bytes } of files) {
    out.push({ name, text: decodeInputBytes(body.subarray(at, at + bytes)) });
    at += bytes;
  }
  return out;
}
