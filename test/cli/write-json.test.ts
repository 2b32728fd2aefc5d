/**
 * writeJson must produce exactly JSON.stringify's text, whatever it splits, including the edge
 * cases JSON.stringify handles specially (undefined members, Dates, nested empties).
 */
import { Writable } from 'node:stream';
import { expect, it } from 'vitest';
import { OutputBuffer } from '../../src/cli/output-buffer';
import { writeJson } from '../../src/cli/write-json';

async function render(value: unknown, depth?: number): Promise<string> {
  let text = '';
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      text += chunk.toString();
      cb();
    },
  });
  const out = new OutputBuffer(sink);
  await writeJson(value, out, depth);
  await out.flush();
  return text;
}

it('matches JSON.stringify', async () => {
  const values: unknown[] = [
    { a: 1, b: [1, 'two', null, { c: undefined, d: [] }], e: {}, 'k"ey': 'v\n', f: undefined, g: new Date(0) },
    [undefined, () => 1, { x: [[[[1]]]] }],
    { flows: { nodes: Array.from({ length: 5000 }, (_, i) => ({ id: `n${i}`, members: [String(i)] })) } },
    'plain',
    42,
    null,
  ];
  for (const value of values) {
    for (const depth of [0, 1, 3, 10]) expect(await render(value, depth)).toBe(JSON.stringify(value));
  }
});
