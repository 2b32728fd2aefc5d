/**
 * decodeInputBytes: the byte order marks that decide an input file's encoding, table-driven, with
 * text outside ASCII so a wrong decoder cannot pass by accident.
 */
import { describe, expect, it } from 'vitest';
import { decodeInputBytes } from '../../src/node/decode-input';

const TEXT = '{"name": "café-名前-🚀"}';
const utf16 = (text: string, bigEndian: boolean): Uint8Array => {
  const le = Buffer.from(text, 'utf16le');
  if (bigEndian) le.swap16();
  return Buffer.concat([Buffer.from(bigEndian ? [0xfe, 0xff] : [0xff, 0xfe]), le]);
};

describe('decodeInputBytes', () => {
  it.each([
    ['UTF-8 without a mark', Buffer.from(TEXT, 'utf8'), TEXT],
    ['UTF-8 with its mark (dropped)', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT, 'utf8')]), TEXT],
    ['UTF-16 little endian with its mark (PowerShell 5 `>`)', utf16(TEXT, false), TEXT],
    ['UTF-16 big endian with its mark', utf16(TEXT, true), TEXT],
    ['an empty file', new Uint8Array(0), ''],
    ['a lone 0xFF byte (not a mark)', new Uint8Array([0xff]), '\ufffd'],
  ])('%s', (_name, bytes, expected) => {
    expect(decodeInputBytes(bytes)).toBe(expected);
  });

  it('decodes a view into a larger buffer by its own bytes only', () => {
    const whole = Buffer.from(`xx${TEXT}yy`, 'utf8');
    expect(decodeInputBytes(whole.subarray(2, whole.length - 2))).toBe(TEXT);
  });

  it('leaves UTF-16 without a mark to the importer, which names it (NULs kept)', () => {
    expect(decodeInputBytes(Buffer.from('{}', 'utf16le'))).toBe('{\u0000}\u0000');
  });
});
