// Atomic writes: the target holds the old content or the whole new one, a failed write leaves the
// old file and no temporary behind, concurrent writes to one target never interleave, and a
// requested mode is applied (the recent list is private to the user).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/node/write-file-atomic';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'reachmap-atomic-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('replaces the file whole, text or bytes, and leaves no temporary file', async () => {
    const file = path.join(dir, 'map.svg');
    writeFileSync(file, 'old');
    await writeFileAtomic(file, '<svg>new</svg>');
    expect(readFileSync(file, 'utf8')).toBe('<svg>new</svg>');
    await writeFileAtomic(file, new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
    expect([...readFileSync(file)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(readdirSync(dir)).toEqual(['map.svg']);
  });

  it('a failed write leaves the target as it was and no temporary file', async () => {
    // The target is a non-empty directory: the temporary file is written, then the rename fails.
    const target = path.join(dir, 'a-directory');
    mkdirSync(target);
    writeFileSync(path.join(target, 'inside'), 'kept');
    await expect(writeFileAtomic(target, 'new')).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['a-directory']);
    expect(readFileSync(path.join(target, 'inside'), 'utf8')).toBe('kept');
    await expect(writeFileAtomic(path.join(dir, 'missing-folder', 'x.json'), 'new')).rejects.toThrow(/ENOENT/);
  });

  it('concurrent writes to one target each land whole', async () => {
    const file = path.join(dir, 'recent.json');
    const texts = Array.from({ length: 20 }, (_, i) => JSON.stringify({ writer: i, pad: 'x'.repeat(50_000 + i) }));
    await Promise.all(texts.map((t) => writeFileAtomic(file, t)));
    expect(texts).toContain(readFileSync(file, 'utf8'));
    expect(readdirSync(dir)).toEqual(['recent.json']);
  });

  it('applies a requested mode', async () => {
    if (process.platform === 'win32') return;
    const file = path.join(dir, 'recent.json');
    await writeFileAtomic(file, '[]', { mode: 0o600 });
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});
