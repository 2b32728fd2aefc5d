/**
 * parseUploadBody: browser-mode uploads (an UploadHeader line, then the files' bytes), read back
 * into InputFiles, and the damaged or foreign bodies it refuses with a sentence instead of guessing.
 */
import { describe, expect, it } from 'vitest';
import { MAX_UPLOAD_HEADER_BYTES, parseUploadBody, UploadError } from '../../src/node/upload-body';

function body(files: { name: string; bytes: Uint8Array }[], header?: unknown): Buffer {
  const head = header ?? { files: files.map((f) => ({ name: f.name, bytes: f.bytes.length })) };
  return Buffer.concat([Buffer.from(`${JSON.stringify(head)}\n`, 'utf8'), ...files.map((f) => f.bytes)]);
}

describe('parseUploadBody', () => {
  it('gives each file its own bytes, in order, decoded whatever their script', () => {
    const a = Buffer.from('{"a": "wéb-名前-🚀"}\n', 'utf8');
    const b = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"b": 1}', 'utf16le')]);
    const empty = new Uint8Array(0);
    const c = Buffer.from('{"c": "line\\nbreak"}', 'utf8');
    expect(parseUploadBody(body([{ name: 'réseau-🚀.tfstate', bytes: a }, { name: 'ps.json', bytes: b }, { name: 'empty.json', bytes: empty }, { name: 'c.json', bytes: c }]))).toEqual([
      { name: 'réseau-🚀.tfstate', text: '{"a": "wéb-名前-🚀"}\n' },
      { name: 'ps.json', text: '{"b": 1}' },
      { name: 'empty.json', text: '' },
      { name: 'c.json', text: '{"c": "line\\nbreak"}' },
    ]);
  });

  it('reads a file whose bytes hold newlines and JSON of their own', () => {
    const tricky = Buffer.from('{"files":[{"name":"x","bytes":1}]}\n{"version":4}\n', 'utf8');
    expect(parseUploadBody(body([{ name: 'tricky.json', bytes: tricky }]))).toEqual([{ name: 'tricky.json', text: tricky.toString('utf8') }]);
  });

  const file = Buffer.from('{}', 'utf8');
  it.each([
    ['no header line', Buffer.from('{"files":[]}', 'utf8'), /no header line/],
    ['a header line that is not JSON', Buffer.from('{files: []}\n{}', 'utf8'), /not valid JSON/],
    ['a header without files', body([], { names: ['a'] }), /lists no files/],
    ['a header that is not an object', body([], ['a']), /lists no files/],
    ['a file without a name', body([{ name: 'a', bytes: file }], { files: [{ bytes: 2 }] }), /name and a size/],
    ['a negative size', body([{ name: 'a', bytes: file }], { files: [{ name: 'a', bytes: -2 }] }), /name and a size/],
    ['a fractional size', body([{ name: 'a', bytes: file }], { files: [{ name: 'a', bytes: 1.5 }] }), /name and a size/],
    ['a size given as text', body([{ name: 'a', bytes: file }], { files: [{ name: 'a', bytes: '2' }] }), /name and a size/],
    ['fewer bytes than announced (cut short)', body([{ name: 'a', bytes: file }], { files: [{ name: 'a', bytes: 3 }] }), /announces 3 bytes of files, but 2 followed/],
    ['more bytes than announced', body([{ name: 'a', bytes: file }], { files: [{ name: 'a', bytes: 1 }] }), /announces 1 bytes of files, but 2 followed/],
    ['a header line past its limit', Buffer.concat([Buffer.from(`{"files":[],"pad":"${'x'.repeat(MAX_UPLOAD_HEADER_BYTES)}"}\n`, 'utf8')]), /no header line/],
  ])('refuses %s', (_name, bytes, message) => {
    expect(() => parseUploadBody(bytes)).toThrow(UploadError);
    expect(() => parseUploadBody(bytes)).toThrow(message);
  });
});
