// mergeSnapshots: dedup by id, defined groups beat external ones, rule origins are concatenated,
// group names resolve within the endpoint's VPC, missing groups become external with a warning,
// and the output is deterministic.
import { describe, expect, it } from 'vitest';
import { mergeSnapshots } from '../../../src/core/import/merge';
import { importInputs } from '../../../src/core/import/index';
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION, createEmptySnapshot, type Endpoint, type Rule, type Snapshot } from '../../../src/core/model';

function part(fill: Partial<Snapshot>): Snapshot {
  return { ...createEmptySnapshot(), ...fill };
}

function rule(groupId: string, peer: Rule['peer'], address: string, extra: Partial<Rule> = {}): Rule {
  return { id: '', groupId, direction: 'ingress', protocol: 6, fromPort: 443, toPort: 443, peer, origins: [{ file: 'f', address }], ...extra };
}

function endpoint(id: string, groupIds: string[], extra: Partial<Endpoint> = {}): Endpoint {
  return { id, kind: 'instance', name: id, subnetIds: [], privateIpv4: [], ipv6: [], publicIpv4: [], groupIds, ...extra };
}

describe('mergeSnapshots', () => {
  it('lets a defined group win over an external reference and fills in missing fields', () => {
    const s = mergeSnapshots([
      part({ groups: [{ id: 'sg-1', external: true, externalReason: 'data-source', name: 'web', description: 'from data' }] }),
      part({ groups: [{ id: 'sg-1', external: false, vpcId: 'vpc-1' }] }),
    ]);
    expect(s.groups).toEqual([{ id: 'sg-1', external: false, name: 'web', description: 'from data', vpcId: 'vpc-1' }]);
    expect(s.warnings).toEqual([]);
  });

  it('orders and dedups rules the same whether or not their keys fit the packed numeric sort', () => {
    // Every field of the key varies, with nulls, -1 and peers of all three kinds; the second run
    // adds a rule with an out-of-range protocol, which makes the merge compare fields instead.
    const peers: Rule['peer'][] = [{ kind: 'group', groupId: 'sg-2' }, { kind: 'cidr', cidr: '10.0.0.0/8' }, { kind: 'prefixList', id: 'pl-1' }, { kind: 'cidr', cidr: '0.0.0.0/0' }];
    const rules = (): Rule[] => {
      const out: Rule[] = [];
      let n = 0;
      for (const groupId of ['sg-b', 'sg-a']) {
        for (const direction of ['ingress', 'egress'] as const) {
          for (const [protocol, fromPort, toPort] of [[6, 443, 443], [-1, null, null], [1, -1, -1], [6, 22, 65535], [6, 22, 443], [17, 0, 0]] as const) {
            for (const peer of peers) out.push(rule(groupId, peer, `r${n++ % 7}`, { direction, protocol, fromPort, toPort }));
          }
        }
      }
      return [...out, ...out.slice(0, 9).map((r) => ({ ...r, origins: [{ file: 'g', address: 'dup' }] }))];
    };
    const view = (s: Snapshot): unknown[] => s.rules.filter((r) => r.protocol !== 300).map((r) => [r.groupId, r.direction, r.protocol, r.fromPort, r.toPort, r.peer, r.origins]);
    const packed = mergeSnapshots([part({ rules: rules() })]);
    const fields = mergeSnapshots([part({ rules: [...rules(), rule('sg-z', peers[0]!, 'odd', { protocol: 300, fromPort: null, toPort: null })] })]);
    expect(packed.rules).toHaveLength(2 * 2 * 6 * 4);
    expect(view(packed)).toEqual(view(fields));
    expect(packed.rules.slice(0, 3).map((r) => [r.id, r.protocol, r.fromPort, r.peer])).toEqual([
      ['sg-a/egress/0', -1, null, { kind: 'cidr', cidr: '0.0.0.0/0' }],
      ['sg-a/egress/1', -1, null, { kind: 'cidr', cidr: '10.0.0.0/8' }],
      ['sg-a/egress/2', -1, null, { kind: 'prefixList', id: 'pl-1' }],
    ]);
  });

  it('dedups rules across parts, concatenating origins, and numbers them deterministically', () => {
    const a = part({ groups: [{ id: 'sg-1', external: false }], rules: [rule('sg-1', { kind: 'cidr', cidr: '0.0.0.0/0' }, 'inline'), rule('sg-1', { kind: 'cidr', cidr: '10.0.0.0/8' }, 'inline')] });
    const b = part({ rules: [rule('sg-1', { kind: 'cidr', cidr: '0.0.0.0/0' }, 'separate', { description: 'https' })] });
    const s = mergeSnapshots([a, b]);
    expect(s.rules.map((r) => [r.id, r.origins.map((o) => o.address), r.description ?? null])).toEqual([
      ['sg-1/ingress/0', ['inline', 'separate'], 'https'],
      ['sg-1/ingress/1', ['inline'], null],
    ]);
    expect(mergeSnapshots([b, a]).rules.map((r) => r.id)).toEqual(['sg-1/ingress/0', 'sg-1/ingress/1']);
  });

  it('turns referenced but undefined groups into external groups with a warning naming each', () => {
    const s = mergeSnapshots([part({
      groups: [{ id: 'sg-1', external: false }],
      rules: [rule('sg-1', { kind: 'group', groupId: 'sg-peer' }, 'r1'), rule('sg-orphan', { kind: 'cidr', cidr: '0.0.0.0/0' }, 'r2')],
      endpoints: [endpoint('i-1', ['sg-1', 'sg-elsewhere'])],
    })]);
    expect(s.groups.map((g) => [g.id, g.external, g.externalReason ?? null])).toEqual([
      ['sg-1', false, null], ['sg-elsewhere', true, 'missing'], ['sg-orphan', true, 'missing'], ['sg-peer', true, 'missing'],
    ]);
    expect(s.warnings.map((w) => w.subject)).toEqual(['sg-elsewhere', 'sg-orphan', 'sg-peer']);
    expect(s.warnings.every((w) => w.code === 'external-group' && w.message.includes(w.subject!))).toBe(true);
    // A group known from its own rules keeps them: only the rest of its rules are unknown.
    const said = Object.fromEntries(s.warnings.map((w) => [w.subject, w.message.split('; ')[1]]));
    expect(said).toEqual({
      'sg-elsewhere': 'its rules are unknown',
      'sg-orphan': 'the rules the inputs give it apply, any others it has are unknown',
      'sg-peer': 'its rules are unknown',
    });
  });

  it('keeps an importer-set external reason', () => {
    const s = mergeSnapshots([part({ groups: [{ id: 'sg-elb', external: true, externalReason: 'aws-managed' }], endpoints: [endpoint('lb', ['sg-elb'])] })]);
    expect(s.groups[0]!.externalReason).toBe('aws-managed');
  });

  it('warns about unknown prefix lists once', () => {
    const s = mergeSnapshots([part({
      groups: [{ id: 'sg-1', external: false }],
      rules: [rule('sg-1', { kind: 'prefixList', id: 'pl-1' }, 'a'), rule('sg-1', { kind: 'prefixList', id: 'pl-1' }, 'b', { fromPort: 80, toPort: 80 })],
    })]);
    expect(s.warnings.map((w) => [w.code, w.subject])).toEqual([['unknown-prefix-list', 'pl-1']]);
  });

  it('resolves group names within the endpoint VPC, derived from its subnet', () => {
    const s = mergeSnapshots([
      part({ endpoints: [endpoint('i-1', ['name:default'], { subnetIds: ['subnet-b'] })] }),
      part({
        subnets: [{ id: 'subnet-b', vpcId: 'vpc-b' }],
        groups: [{ id: 'sg-a', name: 'default', vpcId: 'vpc-a', external: false }, { id: 'sg-b', name: 'default', vpcId: 'vpc-b', external: false }],
      }),
    ]);
    expect(s.endpoints[0]).toMatchObject({ vpcId: 'vpc-b', groupIds: ['sg-b'] });
    expect(s.warnings).toEqual([]);
  });

  it('keeps an unresolved group name as an external group, with a warning', () => {
    const s = mergeSnapshots([part({ endpoints: [endpoint('i-1', ['name:legacy'])] })]);
    expect(s.endpoints[0]!.groupIds).toEqual(['name:legacy']);
    expect(s.groups).toEqual([{ id: 'name:legacy', name: 'legacy', external: true, externalReason: 'missing' }]);
    expect(s.warnings.map((w) => w.code)).toEqual(['unresolved-group-name']);
  });

  it('unions endpoint groups and addresses, VPC CIDRs and prefix list entries', () => {
    const s = mergeSnapshots([
      part({ vpcs: [{ id: 'vpc-1', cidrs: ['10.0.0.0/16'], ipv6Cidrs: [] }], prefixLists: [{ id: 'pl-1', name: 'office', entries: ['10.1.0.0/16'] }], endpoints: [endpoint('eni-1', ['sg-2'], { name: 'eni-1', resourceType: 'aws_network_interface_sg_attachment' })] }),
      part({ vpcs: [{ id: 'vpc-1', name: 'main', cidrs: ['100.64.0.0/16'], ipv6Cidrs: [] }], prefixLists: [{ id: 'pl-1', entries: ['10.2.0.0/16'] }], endpoints: [endpoint('eni-1', ['sg-1'], { name: 'real', resourceType: 'aws_network_interface', privateIpv4: ['10.0.0.5'] })] }),
    ]);
    expect(s.vpcs).toEqual([{ id: 'vpc-1', name: 'main', cidrs: ['10.0.0.0/16', '100.64.0.0/16'], ipv6Cidrs: [] }]);
    expect(s.prefixLists).toEqual([{ id: 'pl-1', name: 'office', entries: ['10.1.0.0/16', '10.2.0.0/16'] }]);
    expect(s.endpoints[0]).toMatchObject({ name: 'real', resourceType: 'aws_network_interface', groupIds: ['sg-1', 'sg-2'], privateIpv4: ['10.0.0.5'] });
  });
});

describe('folding an instance into the AWS import\'s endpoint for its primary interface', () => {
  it('moves warnings about the folded endpoint to the endpoint it folded into, and keeps that endpoint\'s id, kind and ARN', () => {
    const tf = part({
      sources: [{ file: 'state.tfstate', format: 'tfstate-v4' }],
      endpoints: [endpoint('i-1', ['sg-a'], { name: 'web', awsId: 'i-1', arn: 'arn:aws:ec2:eu-west-1:1:instance/i-1', tfAddress: 'aws_instance.web', privateIpv4: ['10.0.0.5'], interfaces: [{ id: 'eni-1', privateIpv4: '10.0.0.5' }] })],
      warnings: [{ code: 'odd-instance', message: 'something about i-1', subject: 'i-1' }],
    });
    const aws = part({
      sources: [{ file: 'enis.json', format: 'aws-cli:ec2-describe-network-interfaces' }],
      groups: [{ id: 'sg-a', external: false }, { id: 'sg-b', external: false }],
      endpoints: [
        endpoint('i-1/eni-1', ['sg-a'], { name: 'i-1 (eni-1)', awsId: 'i-1', resourceType: 'ec2:instance', privateIpv4: ['10.0.0.5'], interfaces: [{ id: 'eni-1', privateIpv4: '10.0.0.5' }] }),
        endpoint('i-1/eni-2', ['sg-b'], { name: 'i-1 (eni-2)', awsId: 'i-1', resourceType: 'ec2:instance', privateIpv4: ['10.0.1.5'], interfaces: [{ id: 'eni-2', privateIpv4: '10.0.1.5' }] }),
      ],
    });
    for (const parts of [[tf, aws], [aws, tf]]) {
      const s = mergeSnapshots(parts);
      expect(s.endpoints.map((e) => [e.id, e.kind, e.name, e.arn ?? null, e.tfAddress ?? null, e.resourceType])).toEqual([
        ['i-1/eni-1', 'instance', 'web (eni-1)', null, 'aws_instance.web', 'ec2:instance'],
        ['i-1/eni-2', 'instance', 'web (eni-2)', null, null, 'ec2:instance'],
      ]);
      expect(s.warnings.find((w) => w.code === 'odd-instance')?.subject).toBe('i-1/eni-1');
    }
  });
});

describe('folding RDS network interfaces into databases, on odd input', () => {
  it('a database whose resource type is not a string folds its interface instead of throwing a TypeError; a saved snapshot holding one is refused naming the field', () => {
    const db = { id: 'orders', kind: 'database', name: 'orders', vpcId: 'vpc-1', resourceType: 7, subnetIds: [], privateIpv4: [], ipv6: [], publicIpv4: [], groupIds: ['sg-db'] };
    const eni = { id: 'eni-1', kind: 'database', name: 'eni-1', vpcId: 'vpc-1', resourceType: 'network_interface:interface', subnetIds: ['subnet-1'], privateIpv4: ['10.0.1.5'], ipv6: [], publicIpv4: [], groupIds: ['sg-db'] };
    const s = mergeSnapshots([part({ endpoints: [db as unknown as Endpoint, eni as Endpoint] })]);
    expect(s.endpoints.map((e) => [e.id, e.privateIpv4])).toEqual([['orders', ['10.0.1.5']]]);
    const text = JSON.stringify({ format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, endpoints: [db, eni] });
    expect(() => importInputs([{ name: 'saved.reachmap.json', text }])).toThrow('saved.reachmap.json: endpoints[0].resourceType must be a string');
  });
});
