// importUsableInputs: several files where some cannot be used. The good ones are imported exactly as
// they would be alone, each bad one is named with its reason (as a warning and in `failed`), and
// when nothing is usable the caller gets an empty snapshot to refuse. importInputs stays strict.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importInputs, importUsableInputs } from '../../../src/core/import/index';
import { ImportError, type InputFile } from '../../../src/core/model';
import { analyzeFlows, buildReachIndex } from '../../../src/core/reach/index';
import { serializeSnapshot } from '../../../src/core/snapshot-io';

const here = path.dirname(fileURLToPath(import.meta.url));

function partial(name: string): InputFile {
  return { name: `partial/${name}`, text: readFileSync(path.join(here, 'fixtures', 'partial', name), 'utf8') };
}

describe('importUsableInputs', () => {
  it('imports the good files around a malformed one and names the malformed one with its line', () => {
    const { snapshot, imported, failed } = importUsableInputs([partial('web.tfstate'), partial('malformed.json'), partial('db.tfstate')]);
    expect(snapshot.groups.map((g) => g.id).sort()).toEqual(['sg-0partdb', 'sg-0partweb']);
    expect(snapshot.endpoints.map((e) => e.id).sort()).toEqual(['i-0partdb', 'i-0partweb']);
    expect(snapshot.sources.map((s) => s.file)).toEqual(['partial/web.tfstate', 'partial/db.tfstate']);
    expect(imported).toEqual(['partial/web.tfstate', 'partial/db.tfstate']);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toBeInstanceOf(ImportError);
    expect(failed[0]?.file).toBe('partial/malformed.json');
    expect(failed[0]?.reason).toMatch(/^malformed JSON at line 3, column 3/);
    const bad = snapshot.warnings.filter((w) => w.code === 'bad-file');
    expect(bad).toEqual([{ code: 'bad-file', file: 'partial/malformed.json', message: expect.stringMatching(/^partial\/malformed\.json: malformed JSON at line 3, column 3: .*; skipped$/) }]);
    // The warning leads the list, where the eye starts.
    expect(snapshot.warnings[0]?.code).toBe('bad-file');
  });

  it('gives the same network and analysis as opening the good files alone', () => {
    const alone = importInputs([partial('web.tfstate'), partial('db.tfstate')]);
    const { snapshot } = importUsableInputs([partial('web.tfstate'), partial('gcp.tfstate'), partial('db.tfstate')]);
    expect(snapshot.groups).toEqual(alone.groups);
    expect(snapshot.rules).toEqual(alone.rules);
    expect(snapshot.endpoints).toEqual(alone.endpoints);
    expect(snapshot.warnings.filter((w) => w.code !== 'bad-file')).toEqual(alone.warnings);
    const edges = (s: typeof alone) => analyzeFlows(buildReachIndex(s)).flows.edges.map((e) => e.id).sort();
    expect(edges(snapshot)).toEqual(edges(alone));
  });

  it.each([
    ['empty.json', 'the file is empty'],
    ['truncated.tfstate', 'the JSON is truncated'],
    ['gcp.tfstate', 'no AWS resources: this looks like a Google Cloud state'],
  ])('skips %s with its reason', (name, reason) => {
    const { snapshot, failed } = importUsableInputs([partial(name), partial('web.tfstate')]);
    expect(snapshot.groups.map((g) => g.id)).toEqual(['sg-0partweb']);
    expect(failed.map((e) => [e.file, e.reason])).toEqual([[`partial/${name}`, expect.stringContaining(reason)]]);
    expect(snapshot.warnings[0]).toMatchObject({ code: 'bad-file', file: `partial/${name}` });
  });

  it('leaves an empty snapshot to refuse when no file is usable, with every failure in order', () => {
    const { snapshot, imported, failed } = importUsableInputs([partial('malformed.json'), partial('empty.json')]);
    expect(snapshot.sources).toEqual([]);
    expect(snapshot.groups).toEqual([]);
    expect(imported).toEqual([]);
    expect(failed.map((e) => e.file)).toEqual(['partial/malformed.json', 'partial/empty.json']);
  });

  it('still skips an optional file nobody recognises as before, not as a bad file', () => {
    const { snapshot, imported, failed } = importUsableInputs([{ name: 'notes.json', text: '{"hello": 1}', optional: true }, partial('web.tfstate')]);
    expect(failed).toEqual([]);
    expect(imported).toEqual(['partial/web.tfstate']);
    expect(snapshot.warnings.map((w) => w.code)).toContain('skipped-file');
  });
});

describe('a bad file’s reason never quotes its text', () => {
  // V8's "Unexpected token" message quotes the text around the error (all of it when short). A file
  // opened by mistake (.env, a credentials file, a state with a hand-edited secret) would put that
  // text into a bad-file warning, and so into the snapshot and analysis exports meant for sharing.
  const secretFiles: InputFile[] = [
    { name: 'app.env', text: 'DB_PASSWORD=hunter2' },
    { name: 'credentials', text: '[default]\naws_secret_access_key = wJalrXUtnFEMIK7MDENGbPxRfiCY\n' },
    { name: 'edited.tfstate', text: '{"version": 4, "resources": [{"attributes": {"password": Sup3rS3cretPassw0rd, "port": 5432}}]}' },
    { name: 'scanned.json', text: 'TOKEN=ghp_abcdefghij', optional: true },
  ];

  it('in the failures, the warnings and the saved snapshot', () => {
    const { snapshot, failed } = importUsableInputs([partial('web.tfstate'), ...secretFiles]);
    expect(failed.map((e) => e.file)).toEqual(['app.env', 'credentials', 'edited.tfstate']);
    const saved = serializeSnapshot(snapshot);
    for (const fragment of ['hunter2', 'DB_PASS', 'wJalr', 'aws_secret', 'default]', 'S3cret', 'Passw0rd', 'ghp_', 'TOKEN=']) {
      expect(saved, fragment).not.toContain(fragment);
      for (const e of failed) expect(e.reason, fragment).not.toContain(fragment);
    }
    for (const e of failed) expect(e.reason).toMatch(/^malformed JSON/);
  });

  it('in the strict import’s error', () => {
    expect(() => importInputs([{ name: 'app.env', text: 'DB_PASSWORD=hunter2' }])).toThrow(/^app\.env: malformed JSON/);
    expect(() => importInputs([{ name: 'app.env', text: 'DB_PASSWORD=hunter2' }])).not.toThrow(/hunter2/);
  });
});

describe('importInputs stays strict', () => {
  it('fails the whole import on one bad file, naming it and the problem', () => {
    expect(() => importInputs([partial('web.tfstate'), partial('malformed.json'), partial('db.tfstate')])).toThrow(
      /^partial\/malformed\.json: malformed JSON at line 3, column 3/,
    );
  });
});
