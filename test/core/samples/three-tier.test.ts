// The built-in sample imports cleanly and holds the stack (and the mistakes) it promises.
import { describe, expect, it } from 'vitest';
import { importInputs } from '../../../src/core/import/index';
import { SAMPLE_NAME, SAMPLE_STATE_TEXT } from '../../../src/core/samples/three-tier';

describe('three-tier sample', () => {
  const s = importInputs([{ name: SAMPLE_NAME, text: SAMPLE_STATE_TEXT }]);
  const groupByName = new Map(s.groups.map((g) => [g.name, g.id]));
  const rules = (name: string): string[] =>
    s.rules.filter((r) => r.groupId === groupByName.get(name)).map((r) => {
      const p = r.peer;
      const peer = p.kind === 'cidr' ? p.cidr : p.kind === 'group' ? s.groups.find((g) => g.id === p.groupId)!.name : p.id;
      return `${r.direction} ${r.protocol} ${r.fromPort ?? '*'} ${peer}`;
    });

  it('imports with no warnings and the expected counts', () => {
    expect(s.warnings).toEqual([]);
    expect(s.sources).toEqual([{ file: 'three-tier-sample.tfstate', format: 'tfstate-v4' }]);
    expect(s.vpcs).toHaveLength(1);
    expect(s.vpcs[0]).toMatchObject({ cidrs: ['10.20.0.0/16'], ipv6Cidrs: ['2a05:d018:abc:2000::/56'] });
    expect(s.subnets).toHaveLength(4);
    expect(s.groups).toHaveLength(8);
    expect(s.groups.every((g) => !g.external)).toBe(true);
    expect(s.rules).toHaveLength(21);
    expect(s.endpoints.map((e) => e.kind).sort()).toEqual([
      'cache', 'database', 'instance', 'instance', 'instance', 'instance', 'instance', 'instance', 'lambda', 'load-balancer',
    ]);
  });

  it('has the tiers and the internet-exposed mistakes', () => {
    expect(rules('sample-alb')).toEqual(expect.arrayContaining(['ingress 6 80 0.0.0.0/0', 'ingress 6 80 ::/0', 'ingress 6 443 0.0.0.0/0', 'ingress 6 443 ::/0']));
    expect(rules('sample-web')).toContain('ingress 6 8080 sample-alb');
    expect(rules('sample-app')).toContain('ingress 6 8443 sample-web');
    expect(rules('sample-db')).toEqual(expect.arrayContaining(['ingress 6 5432 sample-app', 'ingress 6 5432 0.0.0.0/0']));
    expect(rules('sample-cache')).toContain('ingress 6 6379 sample-app');
    expect(rules('sample-bastion')).toContain('ingress 6 22 203.0.113.10/32');
    expect(rules('legacy-admin')).toEqual(expect.arrayContaining(['ingress 6 22 0.0.0.0/0', 'ingress 6 3389 0.0.0.0/0']));
    const lb = s.endpoints.find((e) => e.kind === 'load-balancer')!;
    expect(lb.internetFacing).toBe(true);
    const db = s.endpoints.find((e) => e.kind === 'database')!;
    expect(db).toMatchObject({ privateIpv4: [], subnetIds: ['subnet-0a20000000000a010', 'subnet-0a20000000000b010'] });
    expect(s.endpoints.find((e) => e.name === 'legacy-admin')!.publicIpv4).toEqual(['198.51.100.77']);
  });
});
