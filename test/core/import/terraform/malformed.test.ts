// Input that cannot be used must fail with one ImportError naming the file and saying why.
import { describe, expect, it } from 'vitest';
import { importInputs } from '../../../../src/core/import/index';
import { ImportError } from '../../../../src/core/model';
import { buildReachIndex, resolveRef } from '../../../../src/core/reach/index';
import { serializeSnapshot } from '../../../../src/core/snapshot-io';
import { fixture } from './fixture-helpers';

function errorOf(name: string): ImportError {
  try {
    importInputs([fixture(`malformed/${name}`)]);
  } catch (e) {
    expect(e).toBeInstanceOf(ImportError);
    return e as ImportError;
  }
  throw new Error(`${name} was accepted`);
}

describe('malformed inputs', () => {
  it.each([
    ['empty.tfstate', 'the file is empty'],
    ['blank.tfstate', 'the file is empty'],
    ['truncated.tfstate', 'the JSON is truncated'],
    ['bad-syntax.tfstate', 'malformed JSON at line 4, column'],
    ['gcp.tfstate', 'no AWS resources: this looks like a Google Cloud state'],
    ['azure.tfstate', 'no AWS resources: this looks like an Azure state'],
    ['resources-string.tfstate', '"resources" must be an array, got a string'],
    ['instances-object.tfstate', 'aws_security_group.web: "instances" must be an array, got an object'],
    ['v0.tfstate', 'unsupported state format version 0'],
    ['v5.tfstate', 'unsupported state format version 5'],
    ['version-string.tfstate', 'state "version" must be a number'],
    ['array.json', 'expected a JSON object, got an array'],
    ['unknown.json', 'not a recognised format'],
    ['v3-modules-string.tfstate', '"modules" must be an array, got a string'],
  ])('%s -> %s', (name, message) => {
    const e = errorOf(name);
    expect(e.file).toBe(`malformed/${name}`);
    expect(e.message).toContain(`malformed/${name}: `);
    expect(e.message).toContain(message);
    expect(e.message).not.toContain('\n');
  });

  it('skips an optional file nobody recognises, with a warning', () => {
    const s = importInputs([{ ...fixture('malformed/unknown.json'), optional: true }, fixture('v4-dedup.tfstate.json')]);
    expect(s.warnings.map((w) => [w.code, w.file])).toEqual([['skipped-file', 'malformed/unknown.json']]);
    expect(s.groups).toHaveLength(2);
  });

  it('skips an optional file that is no JSON at all (an emptied state, one cut short), saying why', () => {
    const s = importInputs([
      { name: 'moved/terraform.tfstate', text: '', optional: true },
      { name: 'half.json', text: '{"version": 4, "resources": [', optional: true },
      fixture('v4-dedup.tfstate.json'),
    ]);
    expect(s.warnings.map((w) => [w.code, w.message])).toEqual([
      ['skipped-file', 'moved/terraform.tfstate: the file is empty; skipped'],
      ['skipped-file', 'half.json: the JSON is truncated (it ends after 29 characters); skipped'],
    ]);
    expect(s.groups).toHaveLength(2);
    // Named by the user, it must parse.
    expect(() => importInputs([{ name: 'moved/terraform.tfstate', text: '' }])).toThrow(/the file is empty/);
  });

  it('still fails an optional file that is recognised but broken', () => {
    expect(() => importInputs([{ ...fixture('malformed/v5.tfstate'), optional: true }])).toThrow(/unsupported state format version 5/);
  });
});

// Usable input with broken parts: the rest is read, and each broken part is named where it is.
describe('a state with broken parts', () => {
  const s = importInputs([fixture('malformed/partly-broken.tfstate')]);
  const warned = (code: string) => s.warnings.filter((w) => w.code === code).map((w) => w.message);

  it('warns about an inline block that is not a block, and names the later blocks by their place in the file', () => {
    expect(warned('bad-attribute')).toEqual([
      'aws_security_group.web ingress[0] should be a block, got string; ignored',
      'aws_security_group.web egress[0] should be a block, got null; ignored',
    ]);
    expect(warned('rule-without-peer')).toEqual(['aws_security_group.web ingress[1] names no cidr, prefix list or group; ignored']);
    expect(s.rules.map((r) => [r.fromPort, r.origins[0]?.block])).toEqual([[8080, 2]]);
  });

  it('warns once per security group resource type it does not read, and not about a group\'s association with another VPC', () => {
    expect(warned('unread-resource-type')).toEqual([
      'aws_security_group_rules is a security group resource type Reachmap does not read: any rules it holds are not in the analysis',
    ]);
  });

  it('warns about an address the state gives twice, and tells the two apart by id where a name matches both', () => {
    expect(warned('duplicate-address')).toEqual([
      'aws_instance.web appears more than once in the state (resources[5] again): both are read, and names that match both are ambiguous',
      // Within one resource: two instances under the same index key.
      'aws_instance.pair[0] appears more than once in the state (resources[7] again): both are read, and names that match both are ambiguous',
    ]);
    // aws_instance.split is given in two entries with different keys: no address repeats.
    expect(s.endpoints.filter((e) => e.tfAddress?.startsWith('aws_instance.split')).map((e) => e.tfAddress)).toEqual(['aws_instance.split[0]', 'aws_instance.split[1]']);
    const r = resolveRef(buildReachIndex(s), 'web-1');
    expect(r.ok ? r.locator : r.error).toBe("'web-1' is ambiguous: 2 endpoints match by name (i-1, i-2)");
  });

  it('drops an address that is not one of its list\'s family, with a warning, and writes the rest canonically, so a saved snapshot reads back', () => {
    expect(warned('bad-address')).toEqual([
      'aws_instance.hand_edited: private IPv4 address "10.0.1.300" is not an IPv4 address; ignored',
      'aws_instance.hand_edited: private IPv4 address "2600:1f18::12" is not an IPv4 address; ignored',
      'aws_instance.hand_edited: public IPv4 address "52.1.2.3/32" is not an IPv4 address; ignored',
    ]);
    const e = s.endpoints.find((x) => x.id === 'i-3')!;
    expect([e.privateIpv4, e.ipv6, e.publicIpv4]).toEqual([['10.0.1.12'], ['2600:1f18::12'], []]);
    const again = importInputs([{ name: 'saved.json', text: serializeSnapshot(s) }]);
    expect(again.endpoints.find((x) => x.id === 'i-3')?.ipv6).toEqual(['2600:1f18::12']);
  });
});

describe('a plan with broken parts', () => {
  it('says which resource entries it skipped or read as empty, rather than keeping them silently', () => {
    const plan = {
      format_version: '1.2', terraform_version: '1.9.8',
      planned_values: { root_module: { resources: [
        { address: 'aws_security_group.web', mode: 'managed', type: 'aws_security_group', name: 'web', values: 'oops' },
        'aws_security_group.typo',
        { address: 'aws_security_group.nameless', mode: 'managed', values: {} },
        { address: 'aws_security_group.ok', mode: 'managed', type: 'aws_security_group', name: 'ok', values: { id: 'sg-ok', name: 'ok', ingress: [], egress: [] } },
      ] } },
    };
    const s = importInputs([{ name: 'broken.plan.json', text: JSON.stringify(plan) }]);
    expect(s.warnings.filter((w) => w.code === 'bad-attribute').map((w) => [w.message, w.file])).toEqual([
      ['aws_security_group.web: "values" should be an object, got a string; read as empty', 'broken.plan.json'],
      ['root module: resources[1] should be an object, got a string; skipped', 'broken.plan.json'],
      ['root module: resources[2] has no "type" or "name"; skipped', 'broken.plan.json'],
    ]);
    expect(s.groups.map((g) => g.id).sort()).toEqual(['sg-ok', 'tf:aws_security_group.web']);
  });
});
