// Files chosen in a browser come without their folders: repeated names are numbered so that the
// map, its sources and the exports name each input once, and extensions stay for the importers.
import { describe, expect, it } from 'vitest';
import { distinctNames } from '../../src/renderer/upload-names';

describe('distinctNames', () => {
  it.each<[string, string[], string[]]>([
    ['distinct names stay as they are', ['a.tfstate', 'b.json'], ['a.tfstate', 'b.json']],
    ['a repeat is numbered before its extension', ['prod.tfstate', 'prod.tfstate'], ['prod.tfstate', 'prod (2).tfstate']],
    ['three of a name', ['prod.tfstate', 'prod.tfstate', 'prod.tfstate'], ['prod.tfstate', 'prod (2).tfstate', 'prod (3).tfstate']],
    ['the last extension is kept (.tfstate.backup)', ['s.tfstate.backup', 's.tfstate.backup'], ['s.tfstate.backup', 's.tfstate (2).backup']],
    ['a name without extension', ['state', 'state'], ['state', 'state (2)']],
    ['a dot file keeps its name whole', ['.tfstate', '.tfstate'], ['.tfstate', '.tfstate (2)']],
    ['never a name another chosen file has', ['prod.tfstate', 'prod (2).tfstate', 'prod.tfstate'], ['prod.tfstate', 'prod (2).tfstate', 'prod (3).tfstate']],
    ['nor one a file later in the list has', ['prod.tfstate', 'prod.tfstate', 'prod (2).tfstate'], ['prod.tfstate', 'prod (3).tfstate', 'prod (2).tfstate']],
    ['XML keeps .xml, which the import looks at', ['answer.xml', 'answer.xml'], ['answer.xml', 'answer (2).xml']],
  ])('%s', (_name, names, expected) => {
    const out = distinctNames(names);
    expect(out).toEqual(expected);
    expect(new Set(out).size).toBe(out.length);
  });
});
