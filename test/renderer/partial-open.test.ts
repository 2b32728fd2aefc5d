// The banner of an open that left some files out, and the files the browser itself could not read
// joining the host's list of skipped files.
import { describe, expect, it } from 'vitest';
import { createEmptySnapshot } from '../../src/core/model';
import type { LoadedModel } from '../../src/shared/api-contract';
import { describeImportGaps, describePartialOpen, withUnreadFiles } from '../../src/renderer/partial-open';

function model(extra: Partial<LoadedModel> = {}): LoadedModel {
  return {
    title: 'web.tfstate',
    sources: ['web.tfstate'],
    snapshot: createEmptySnapshot(),
    analysis: {
      summary: { groups: 0, externalGroups: 0, rules: 0, endpoints: 0, warnings: 0, flowNodes: 0, flowEdges: 0, internetExposedEndpoints: 0 },
      flows: { nodes: [], edges: [], memberOf: {} },
      exposures: [],
    },
    warnings: [{ code: 'external-group', message: 'sg-1 is not in the inputs' }],
    ...extra,
  };
}

describe('describePartialOpen', () => {
  it('says how many files opened and names the one skipped with its reason', () => {
    expect(describePartialOpen({ opened: 2, skipped: [{ file: 'bad.json', reason: "malformed JSON at line 3, column 3: Expected ',' or '}' after property value" }] })).toBe(
      "Opened 2 of 3 files. Skipped bad.json: malformed JSON at line 3, column 3: Expected ',' or '}' after property value. The map shows only the files that opened.",
    );
  });

  it('counts the files of a folder that were no input, so its numbers agree with the warnings', () => {
    expect(describePartialOpen({ opened: 1, skipped: [{ file: 'gcp.tfstate', reason: 'no AWS resources' }] }, 7)).toBe(
      'Opened 1 of 2 files. Skipped gcp.tfstate: no AWS resources. 7 other files of the folders were no input and left out (see Warnings). The map shows only the files that opened.',
    );
    expect(describePartialOpen({ opened: 1, skipped: [{ file: 'gcp.tfstate', reason: 'no AWS resources' }] }, 1)).toContain(' 1 other file of the folders was no input and left out (see Warnings).');
  });

  it('names up to three skipped files and counts the rest, pointing to the warnings', () => {
    const skipped = ['a', 'b', 'c', 'd', 'e'].map((n) => ({ file: `${n}.json`, reason: 'the file is empty' }));
    const text = describePartialOpen({ opened: 1, skipped });
    expect(text).toBe(
      'Opened 1 of 6 files. Skipped a.json: the file is empty; b.json: the file is empty; c.json: the file is empty; and 2 more (see Warnings). The map shows only the files that opened.',
    );
  });

  it('does not double a reason’s own closing punctuation, and speaks of one file in the singular', () => {
    expect(describePartialOpen({ opened: 1, skipped: [{ file: 'cut.xml', reason: 'malformed XML: is the file cut short?' }] })).toBe(
      'Opened 1 of 2 files. Skipped cut.xml: malformed XML: is the file cut short? The map shows only the files that opened.',
    );
  });
});

describe('withUnreadFiles', () => {
  it('adds the files the browser could not read to a complete open, as warnings and as skipped', () => {
    const merged = withUnreadFiles(model(), [{ file: 'locked.json', reason: 'cannot be read (NotReadableError)' }], 1);
    expect(merged.partial).toEqual({ opened: 1, skipped: [{ file: 'locked.json', reason: 'cannot be read (NotReadableError)' }] });
    expect(merged.warnings.map((w) => [w.code, w.file])).toEqual([['bad-file', 'locked.json'], ['external-group', undefined]]);
  });

  it('puts them before the files the host left out, and leaves a model alone when every file was read', () => {
    const hostPartial = model({ partial: { opened: 1, skipped: [{ file: 'gcp.tfstate', reason: 'no AWS resources' }] } });
    const merged = withUnreadFiles(hostPartial, [{ file: 'locked.json', reason: 'cannot be read' }], 2);
    expect(merged.partial).toEqual({ opened: 1, skipped: [{ file: 'locked.json', reason: 'cannot be read' }, { file: 'gcp.tfstate', reason: 'no AWS resources' }] });
    const whole = model();
    expect(withUnreadFiles(whole, [], 1)).toBe(whole);
  });
});

describe('describeImportGaps', () => {
  const w = (code: string) => ({ code, message: code });
  it('is null for an import that read everything (other warnings do not count)', () => {
    expect(describeImportGaps([w('external-group'), w('rules-differ')])).toBeNull();
  });
  it('counts refused calls and failed calls or regions', () => {
    expect(describeImportGaps([w('missing-permission'), w('missing-permission'), w('aws-call-failed'), w('external-group')])).toBe(
      'Imported with gaps: 2 calls were refused for lack of a permission, and 1 call or region failed, so the map may miss what they would have given. The Warnings list each.',
    );
    expect(describeImportGaps([w('missing-permission')])).toBe('Imported with gaps: 1 call was refused for lack of a permission, so the map may miss what they would have given. The Warnings list each.');
  });
});
