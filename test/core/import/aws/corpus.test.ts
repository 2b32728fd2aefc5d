/**
 * The shared corpus of real AWS CLI / botocore JSON (../shared/corpus/aws-cli-json, read in place,
 * never copied): every file imports without crashing, and the cloudmapper demo folder imports as ONE
 * coherent account whose bastion -> web -> database chain the reachability engine sees.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importInputs } from '../../../../src/core/import';
import type { InputFile } from '../../../../src/core/model';
import { analyzeFlows, buildReachIndex, queryReach } from '../../../../src/core/reach';

const CORPUS = path.resolve(__dirname, '../../../../../shared/corpus/aws-cli-json');
const present = existsSync(CORPUS);

function jsonFilesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? jsonFilesUnder(full) : name.endsWith('.json') ? [full] : [];
    });
}
const input = (file: string): InputFile => ({ name: file, text: readFileSync(file, 'utf8') });

describe.skipIf(!present)('aws-cli-json corpus', () => {
  const files = present ? jsonFilesUnder(CORPUS) : [];

  it.each(files.map((f) => [path.relative(CORPUS, f), f]))('%s imports as AWS CLI JSON', (_rel, file) => {
    const s = importInputs([input(file)]);
    expect(s.sources[0]?.format).toMatch(/^aws-cli:/);
    expect(s.groups.length + s.endpoints.length + s.subnets.length + s.vpcs.length + (s.network ? 1 : 0)).toBeGreaterThan(0);
    // Every reference survives: each rule's group peer is either defined or an external group.
    const ids = new Set(s.groups.map((g) => g.id));
    for (const r of s.rules) if (r.peer.kind === 'group') expect(ids.has(r.peer.groupId)).toBe(true);
  });

  it('reads the 42-group placebo recording with its self references', () => {
    const s = importInputs([input(path.join(CORPUS, 'c7n-placebo/test_security_group_self_reference.ec2.DescribeSecurityGroups_2.json'))]);
    expect(s.groups.filter((g) => !g.external)).toHaveLength(42);
    expect(s.rules.some((r) => r.peer.kind === 'group' && r.peer.groupId === r.groupId)).toBe(true);
  });

  it('keeps the peered reference of the stale-group recording as an external group', () => {
    const s = importInputs([input(path.join(CORPUS, 'c7n-placebo/test_security_group_stale.ec2.DescribeSecurityGroups_1.json'))]);
    expect(s.groups.find((g) => g.id === 'sg-e9843198')).toMatchObject({ external: true, externalReason: 'peered', vpcId: 'vpc-b9c27ac0' });
    expect(s.warnings.some((w) => w.code === 'external-group' && w.subject === 'sg-e9843198')).toBe(true);
  });

  it('imports the whole folder at once, as a folder scan would', () => {
    const s = importInputs(files.map((f) => ({ ...input(f), optional: true })));
    expect(s.warnings.filter((w) => w.code === 'skipped-file')).toEqual([]);
    expect(s.sources).toHaveLength(files.length);
  });
});

describe.skipIf(!present)('cloudmapper demo as one account', () => {
  const dir = path.join(CORPUS, 'cloudmapper-demo');
  const load = () => importInputs(jsonFilesUnder(dir).map((f) => ({ ...input(f), optional: true })));

  it('merges the describe-* files into one account with one endpoint per resource', () => {
    const s = load();
    expect(s.meta.accountId).toBe('123456789012');
    expect(s.meta.regions).toEqual(['us-east-1']);
    expect(s.vpcs.map((v) => [v.id, v.name, v.cidrs])).toEqual([['vpc-12345678', 'Prod', ['10.0.0.0/16']]]);
    expect(s.subnets).toHaveLength(4);
    expect(s.groups.filter((g) => !g.external)).toHaveLength(8);
    const byName = Object.fromEntries(s.endpoints.map((e) => [e.name, e]));
    // The three instances share one (anonymised) ENI id in the dump; they stay three endpoints.
    expect(byName.Bastion).toMatchObject({ id: 'i-00000000000000000', kind: 'instance', privateIpv4: ['10.0.0.1'], publicIpv4: ['1.2.3.4'], groupIds: ['sg-00000002'] });
    expect(byName.Web1).toMatchObject({ kind: 'instance', privateIpv4: ['10.0.2.1'], groupIds: ['sg-00000004'] });
    expect(byName.Web2).toMatchObject({ kind: 'instance', privateIpv4: ['10.0.3.1'], groupIds: ['sg-00000004'] });
    expect(byName.database).toMatchObject({ kind: 'database', groupIds: ['sg-00000005'], subnetIds: ['subnet-00000004', 'subnet-00000003'] });
    expect(byName.webalb).toMatchObject({ kind: 'load-balancer', internetFacing: true, groupIds: ['sg-00000003'] });
    expect(byName.weblb).toMatchObject({ kind: 'load-balancer', internetFacing: true });
    expect(byName.invpclambda).toMatchObject({ kind: 'lambda', groupIds: ['sg-09920178'] });
    // The Lambda's group is not in the dump: kept as an external group, with a warning.
    expect(s.groups.find((g) => g.id === 'sg-09920178')).toMatchObject({ external: true, externalReason: 'missing' });
  });

  it('shows the bastion -> web -> database chain through the engine', () => {
    const s = load();
    const index = buildReachIndex(s);
    const id = (name: string): string => s.endpoints.find((e) => e.name === name)!.id;
    const ask = (from: string, to: string, port: number) => queryReach(index, { from: { endpointId: id(from) }, to: { endpointId: id(to) }, protocol: 6, port });
    expect(ask('Bastion', 'Web1', 8000).verdict).toBe('allowed');
    expect(ask('Bastion', 'Web2', 8000).verdict).toBe('allowed');
    expect(ask('Web1', 'database', 5432).verdict).toBe('allowed');
    expect(ask('Bastion', 'database', 5432).verdict).toBe('denied');
    expect(ask('Web1', 'Bastion', 22).verdict).toBe('denied');
    expect(queryReach(index, { from: { address: '1.1.1.1' }, to: { endpointId: id('Bastion') }, protocol: 6, port: 22 }).verdict).toBe('allowed');

    const flows = analyzeFlows(index).flows;
    const nodeOf = (name: string): string => flows.memberOf[id(name)]!;
    const edge = (from: string, to: string) => flows.edges.find((e) => e.from === nodeOf(from) && e.to === nodeOf(to));
    expect(edge('Bastion', 'Web1')?.label).toMatch(/8000/);
    expect(edge('Web1', 'database')?.label).toMatch(/5432/);
    expect(edge('Bastion', 'database')).toBeUndefined();
  });
});
