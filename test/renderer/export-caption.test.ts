// The exports' caption: which inputs (by file name, never a path, a few then "+ N more") and the
// export's date as ISO 8601, the view, then the filters, what is highlighted and what the picture leaves out.
import { describe, expect, it } from 'vitest';
import { buildExportCaption, describeInputs, formatExportDate } from '../../src/renderer/export-caption';
import type { CaptionContext } from '../../src/renderer/export-caption';

describe('describeInputs', () => {
  it.each<[string, string[], string]>([
    ['one file by its base name', ['/home/alice/clients/acme/prod.tfstate'], 'prod.tfstate'],
    ['a Windows path by its base name', ['C:\\Users\\alice\\prod.tfstate'], 'prod.tfstate'],
    ['an upload as named', ['prod.tfstate'], 'prod.tfstate'],
    ['up to three, in order', ['/h/a.tfstate', '/h/b.json', '/h/c.json'], 'a.tfstate, b.json, c.json'],
    ['past three, the rest counted', ['/h/a.tfstate', '/h/b.json', '/h/c.json', '/h/d.json', '/h/e.json'], 'a.tfstate, b.json, c.json + 2 more'],
    ['two of one base name keep the folder that tells them apart', ['/home/alice/a/prod.tfstate', '/home/alice/b/prod.tfstate'], 'a/prod.tfstate, b/prod.tfstate'],
    ['a file listed twice is named once', ['/h/prod.tfstate', '/h/prod.tfstate', '/h/vpc.json'], 'prod.tfstate, vpc.json'],
    ['long names: as many as fit the line', ['/h/network-production-eu-west-1-primary.tfstate', '/h/network-production-eu-west-1-secondary.tfstate', '/h/x.json'], 'network-production-eu-west-1-primary.tfstate + 2 more'],
    ['a live import by its label', ['aws://default/eu-west-1', 'aws://default/us-east-1'], 'aws://default/eu-west-1, aws://default/us-east-1'],
    ['nothing', [], ''],
  ])('%s', (_name, files, expected) => {
    expect(describeInputs(files)).toBe(expected);
  });

  it('cuts one very long name in the middle, keeping its start and its extension', () => {
    const text = describeInputs([`/h/${'x'.repeat(100)}-prod.tfstate`, '/h/b.json']);
    expect(text).toMatch(/^x+…x*-prod\.tfstate \+ 1 more$/);
    expect(text.length).toBeLessThanOrEqual(72 + ' + 1 more'.length);
  });
});

describe('formatExportDate', () => {
  it.each<[string, Date, string]>([
    ['pads month and day', new Date(2026, 0, 5, 12), '2026-01-05'],
    ['a late evening is still that day where the user is', new Date(2026, 10, 21, 23, 59), '2026-11-21'],
    ['just after midnight is the new day', new Date(2027, 0, 1, 0, 1), '2027-01-01'],
  ])('%s', (_name, date, expected) => {
    expect(formatExportDate(date)).toBe(expected);
  });
});

describe('buildExportCaption', () => {
  const when = new Date(2026, 10, 21, 10, 30);

  it.each<[string, string[], CaptionContext, { text: string; tone: string }[]]>([
    ['inputs and date, as a note', ['/home/alice/prod.tfstate'], {}, [{ text: 'Inputs: prod.tfstate · exported 2026-11-21', tone: 'note' }]],
    ['the view, when given', ['/home/alice/prod.tfstate'], { view: 'Exposure' }, [{ text: 'Inputs: prod.tfstate · Exposure view · exported 2026-11-21', tone: 'note' }]],
    ['then what the picture leaves out, as a warning', ['/home/alice/prod.tfstate'], { undrawn: '1 of 3 matching edges drawn' }, [
      { text: 'Inputs: prod.tfstate · exported 2026-11-21', tone: 'note' },
      { text: '1 of 3 matching edges drawn', tone: 'warning' },
    ]],
    ['the filters in force, as a warning: a filtered map is not the whole network', ['/h/prod.tfstate'], { view: 'Reachability', filters: ['22', 'src:bastion', 'exposed to outside sources only'] }, [
      { text: 'Inputs: prod.tfstate · Reachability view · exported 2026-11-21', tone: 'note' },
      { text: 'Filtered (not the whole network): 22 · src:bastion · exposed to outside sources only', tone: 'warning' },
    ]],
    ['a highlighted answer, then the drawing limit', ['/h/prod.tfstate'], { filters: [], highlighted: 'answer', undrawn: '5 of 9 matching edges drawn' }, [
      { text: 'Inputs: prod.tfstate · exported 2026-11-21', tone: 'note' },
      { text: 'Highlighted: the answer to "Can A reach B?"; the rest is faded', tone: 'note' },
      { text: '5 of 9 matching edges drawn', tone: 'warning' },
    ]],
    ['a group\'s endpoints highlighted (from a warning about the group): named as such, not as an answer', ['/h/prod.tfstate'], { highlighted: { carriersOf: 'web (sg-1)' } }, [
      { text: 'Inputs: prod.tfstate · exported 2026-11-21', tone: 'note' },
      { text: 'Highlighted: the endpoints that carry web (sg-1); the rest is faded', tone: 'note' },
    ]],
    ['no inputs: the date alone', [], {}, [{ text: 'Exported 2026-11-21', tone: 'note' }]],
  ])('%s', (_name, files, context, expected) => {
    expect(buildExportCaption(files, when, context)).toEqual(expected);
  });

  it('never prints a folder above the one that tells inputs apart', () => {
    const [line] = buildExportCaption(['/home/alice/clients/acme/prod.tfstate', '/home/alice/clients/acme/vpc.json'], when);
    expect(line!.text).not.toMatch(/home|alice|clients|acme/);
  });
});
