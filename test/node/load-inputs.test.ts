/**
 * loadInputs on real temporary folders: what a scan picks up and skips, the order it returns, the
 * optional flag on scanned files, and the one-line errors that name the offending path;
 * findUnreadablePaths, the same errors for paths that cannot be opened, before any is read.
 */
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ImportError } from '../../src/core/model';
import { findUnreadablePaths, isScannableName, loadInputs } from '../../src/node/load-inputs';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'reachmap-load-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(rel: string, text = '{}'): string {
  const full = path.join(dir, rel);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, text);
  return full;
}

describe('loadInputs', () => {
  it('reads a named file as UTF-8, not optional, and strips a byte order mark', async () => {
    const file = write('state.json', '\ufeff{"version": 4, "name": "café"}');
    const [input, ...rest] = await loadInputs([file]);
    expect(rest).toEqual([]);
    expect(input).toEqual({ name: file, text: '{"version": 4, "name": "café"}' });
    expect(input?.optional).toBeUndefined();
  });

  it('reads UTF-16 with a byte order mark (PowerShell 5 `>` writes it), little and big endian', async () => {
    const text = '{"version": 4, "name": "café"}';
    const le = path.join(dir, 'plan-le.json');
    writeFileSync(le, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const be = path.join(dir, 'plan-be.json');
    writeFileSync(be, Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]));
    expect(await loadInputs([le, be])).toEqual([
      { name: le, text },
      { name: be, text },
    ]);
  });

  it('reads a named file whatever its extension', async () => {
    const file = write('dump.txt', '{"SecurityGroups": []}');
    expect((await loadInputs([file])).map((f) => f.name)).toEqual([file]);
  });

  it('scans a folder recursively, in sorted order, marking files optional', async () => {
    write('b/terraform.tfstate');
    write('a.json');
    write('b/terraform.tfstate.backup');
    write('c/plan.tfplan.json');
    write('c/notes.md', '# not an input');
    write('c/main.tf', 'resource "aws_vpc" "x" {}');
    write('node_modules/pkg/package.json');
    write('.terraform/providers/x.json');
    write('.hidden/state.json');
    write('.dotfile.json');
    const inputs = await loadInputs([dir]);
    expect(inputs.map((f) => path.relative(dir, f.name))).toEqual([
      'a.json',
      // b/terraform.tfstate.backup is the state before its last write: left out beside it.
      path.join('b', 'terraform.tfstate'),
      path.join('c', 'plan.tfplan.json'),
    ]);
    expect(inputs.every((f) => f.optional === true)).toBe(true);
  });

  it('leaves out a state\'s backups beside the state (timestamped ones too), and reads a backup alone', async () => {
    write('live/terraform.tfstate');
    write('live/terraform.tfstate.backup');
    write('live/terraform.tfstate.1700000000.backup');
    write('live/other.tfstate.backup');
    write('old/terraform.tfstate.backup');
    // Moved to a remote backend: Terraform empties the local state and the backup is all there is.
    write('moved/terraform.tfstate', '');
    write('moved/terraform.tfstate.backup');
    const inputs = await loadInputs([dir]);
    expect(inputs.map((f) => path.relative(dir, f.name))).toEqual([
      path.join('live', 'other.tfstate.backup'),
      path.join('live', 'terraform.tfstate'),
      path.join('moved', 'terraform.tfstate'),
      path.join('moved', 'terraform.tfstate.backup'),
      path.join('old', 'terraform.tfstate.backup'),
    ]);
  });

  it('keeps argument order and reads a file named twice once', async () => {
    const z = write('z.json');
    const a = write('a.json');
    const inputs = await loadInputs([z, a, z]);
    expect(inputs.map((f) => f.name)).toEqual([z, a]);
  });

  it('follows symbolic links to files but not to folders', async () => {
    const target = write('real/state.tfstate');
    mkdirSync(path.join(dir, 'scan'));
    symlinkSync(target, path.join(dir, 'scan', 'linked.tfstate'));
    symlinkSync(path.join(dir, 'real'), path.join(dir, 'scan', 'linked-dir'));
    const inputs = await loadInputs([path.join(dir, 'scan')]);
    expect(inputs.map((f) => path.basename(f.name))).toEqual(['linked.tfstate']);
  });

  it('names a missing file in a one-line ImportError', async () => {
    const missing = path.join(dir, 'nope.tfstate');
    const err = await loadInputs([missing]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect((err as ImportError).file).toBe(missing);
    expect((err as Error).message).toBe(`${missing}: no such file or folder`);
  });

  it('refuses a folder with nothing usable, naming it', async () => {
    write('README.md', 'hello');
    write('node_modules/x.json');
    await expect(loadInputs([dir])).rejects.toThrow(`${dir}: folder holds no .json, .tfstate or .backup files`);
  });

  it('refuses files over the size limit with a clear message', async () => {
    const file = write('big.json', 'x'.repeat(2048));
    await expect(loadInputs([file], { maxBytes: 1024 })).rejects.toThrow(`${file}: too large (2048 bytes; the limit is 1024 bytes)`);
  });

  it('reports unreadable files', async () => {
    if (process.getuid?.() === 0) return; // root reads everything
    const file = write('locked.json');
    const { chmodSync } = await import('node:fs');
    chmodSync(file, 0o000);
    await expect(loadInputs([file])).rejects.toThrow(`${file}: permission denied`);
  });
});

describe('loadInputs with onBadFile (the app opening several files)', () => {
  it('hands over each path that cannot be read and reads the rest, in argument order', async () => {
    const good = write('good.tfstate', '{"version": 4}');
    const missing = path.join(dir, 'gone.tfstate');
    const other = write('other.json', '{"SecurityGroups": []}');
    const bad: ImportError[] = [];
    const inputs = await loadInputs([good, missing, other], { onBadFile: (err) => bad.push(err) });
    expect(inputs.map((f) => f.name)).toEqual([good, other]);
    expect(bad.map((e) => [e.file, e.reason])).toEqual([[missing, 'no such file or folder']]);
  });

  it('leaves out a file over the size limit and a folder with nothing usable, naming each', async () => {
    const big = write('big.json', 'x'.repeat(2048));
    const empty = path.join(dir, 'empty');
    mkdirSync(empty);
    const good = write('good.json');
    const bad: ImportError[] = [];
    const inputs = await loadInputs([big, empty, good], { maxBytes: 1024, onBadFile: (err) => bad.push(err) });
    expect(inputs.map((f) => f.name)).toEqual([good]);
    expect(bad.map((e) => e.message)).toEqual([
      `${big}: too large (2048 bytes; the limit is 1024 bytes)`,
      `${empty}: folder holds no .json, .tfstate or .backup files`,
    ]);
  });

  it('leaves out one file of a scanned folder that cannot be read and keeps the folder’s others', async () => {
    write('tf/a.tfstate');
    // Too large stands in for unreadable: the tests may run as root, who can read any file.
    const big = write('tf/b.json', 'x'.repeat(2048));
    write('tf/c.tfstate');
    const bad: ImportError[] = [];
    const inputs = await loadInputs([path.join(dir, 'tf')], { maxBytes: 1024, onBadFile: (err) => bad.push(err) });
    expect(inputs.map((f) => path.basename(f.name))).toEqual(['a.tfstate', 'c.tfstate']);
    expect(bad.map((e) => e.file)).toEqual([big]);
  });

  it('without onBadFile still fails on the first bad path', async () => {
    const good = write('good.json');
    await expect(loadInputs([good, path.join(dir, 'gone.json')])).rejects.toThrow(/gone\.json: no such file or folder/);
  });
});

describe('findUnreadablePaths (serve, before it starts)', () => {
  it('names each path that cannot be opened, in argument order, and passes files and folders it can', async () => {
    const good = write('good.json', 'not even JSON');
    const folder = path.join(dir, 'empty');
    mkdirSync(folder);
    const missing = path.join(dir, 'gone.json');
    const underFile = path.join(good, 'x.json');
    const bad = await findUnreadablePaths([missing, good, folder, underFile]);
    expect(bad.map((e) => e.message)).toEqual([`${missing}: no such file or folder`, `${underFile}: a part of the path is not a folder`]);
    expect(bad.every((e) => e instanceof ImportError)).toBe(true);
  });

  it('names a file it may not read', async () => {
    if (process.getuid?.() === 0) return; // root reads everything
    const file = write('locked.json');
    const { chmodSync } = await import('node:fs');
    chmodSync(file, 0o000);
    expect((await findUnreadablePaths([file])).map((e) => e.message)).toEqual([`${file}: permission denied`]);
  });
});

describe('isScannableName', () => {
  it('accepts state, plan, backup and JSON names only', () => {
    expect(['a.json', 'terraform.tfstate', 'x.tfstate.backup', 'p.tfplan.json', 'S.JSON'].every(isScannableName)).toBe(true);
    expect(['main.tf', 'plan.tfplan', 'notes.md', 'state.xml'].some(isScannableName)).toBe(false);
  });
});
