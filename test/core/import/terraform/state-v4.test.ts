// Terraform state v4: every rule shape, modules/count/for_each addresses, tainted/deposed instances,
// attributes_flat, inline + separate rule dedup and the union when inline lists are stale.
import { describe, expect, it } from 'vitest';
import { codes, importFixtures, rulesOf } from './fixture-helpers';

const WEB = 'sg-00000000000000001';
const DB = 'sg-00000000000000002';
const DEF = 'sg-0000000000000000d';

describe('state v4 rule shapes', () => {
  const s = importFixtures('v4-rules.tfstate.json');

  it('records the format', () => {
    expect(s.sources).toEqual([{ file: 'v4-rules.tfstate.json', format: 'tfstate-v4' }]);
  });

  it('splits inline blocks into one rule per peer, self included, and reads every separate rule type', () => {
    expect(rulesOf(s, WEB)).toEqual([
      'egress -1 *-* cidr:0.0.0.0/0',
      `egress -1 *-* sg:${DB}`,
      'egress -1 *-* sg:sg-0000000000000beef',
      'ingress 1 8-0 cidr:192.168.0.0/16',
      'ingress 6 22-22 sg:sg-0000000000000da7a',
      'ingress 6 80-80 pl:pl-22222222',
      'ingress 6 443-443 cidr:0.0.0.0/0',
      'ingress 6 443-443 cidr:10.0.0.0/8',
      'ingress 6 443-443 cidr:::/0',
      'ingress 6 443-443 pl:pl-11111111',
      `ingress 6 443-443 sg:${WEB}`,
      `ingress 6 443-443 sg:${DB}`,
      'ingress 58 128--1 cidr:2001:db8::/32',
    ]);
  });

  it('normalises protocols (TCP, 6, udp, 5, all) and ports, folds self + own source into one rule', () => {
    expect(rulesOf(s, DB)).toEqual([
      'egress 5 *-* cidr:0.0.0.0/0',
      'egress 17 53-53 cidr:10.0.0.2/32',
      'egress 17 53-53 cidr:2001:db8::1/128',
      `ingress 6 5432-5432 sg:${DB}`,
      `ingress 6 5432-5433 sg:${WEB}`,
    ]);
    expect(rulesOf(s, DEF)).toEqual(['egress -1 *-* cidr:0.0.0.0/0', `ingress -1 *-* sg:${DEF}`]);
  });

  it('numbers rules per group and direction and keeps origins', () => {
    const ids = s.rules.filter((r) => r.groupId === DB).map((r) => r.id);
    expect(ids).toEqual([`${DB}/egress/0`, `${DB}/egress/1`, `${DB}/egress/2`, `${DB}/ingress/0`, `${DB}/ingress/1`]);
    const icmp6 = s.rules.find((r) => r.protocol === 58)!;
    expect(icmp6.origins).toEqual([{ file: 'v4-rules.tfstate.json', address: 'aws_vpc_security_group_ingress_rule.icmpv6', ruleId: 'sgr-000000000000000a1' }]);
    expect(icmp6.description).toBe('ping6');
    const inline = s.rules.find((r) => r.groupId === WEB && r.peer.kind === 'prefixList' && r.peer.id === 'pl-11111111')!;
    expect(inline.origins).toEqual([{ file: 'v4-rules.tfstate.json', address: 'aws_security_group.web', block: 0 }]);
  });

  it('warns about dropped rules, host bits, missing groups and unknown prefix lists', () => {
    expect(codes(s).sort()).toEqual([
      'bad-rule', 'bad-rule', 'cidr-normalized', 'external-group', 'external-group', 'rule-without-peer', 'unknown-prefix-list',
    ]);
    const msgs = s.warnings.map((w) => w.message).join('\n');
    expect(msgs).toContain('from_port 443 greater than to_port 22');
    expect(msgs).toContain('non-numeric ports');
    expect(msgs).toContain('"10.1.2.3/8" has host bits set; read as 10.0.0.0/8');
    expect(s.warnings.find((w) => w.code === 'unknown-prefix-list')!.subject).toBe('pl-22222222');
  });

  it('defines groups, keeps data-source groups external and makes missing ones external', () => {
    expect(s.groups.map((g) => [g.id, g.name ?? null, g.external, g.externalReason ?? null])).toEqual([
      [WEB, 'web', false, null],
      [DB, 'db', false, null],
      [DEF, 'default', false, null],
      ['sg-0000000000000beef', null, true, 'missing'],
      ['sg-0000000000000da7a', 'shared-services', true, 'data-source'],
    ]);
    const web = s.groups.find((g) => g.id === WEB)!;
    expect(web).toMatchObject({ description: 'web tier', vpcId: 'vpc-1', ownerId: '111122223333', tags: { Name: 'web-sg', Team: 'blue' } });
    const missing = s.warnings.find((w) => w.subject === 'sg-0000000000000beef')!;
    expect(missing.message).toContain('sg-0000000000000beef');
  });

  it('reads managed prefix lists, their entries and prefix-list data sources', () => {
    expect(s.prefixLists.map((p) => [p.id, p.name, p.entries, p.entriesUnknown])).toEqual([
      ['pl-11111111', 'office', ['198.51.100.0/24', '203.0.113.0/24'], undefined],
      // Named by a rule and defined nowhere: a list of unknown entries, like a missing group.
      ['pl-22222222', undefined, [], true],
      ['pl-33333333', 'com.amazonaws.eu-west-1.s3', ['3.5.64.0/21', '52.218.0.0/17'], undefined],
      ['pl-44444444', 'com.amazonaws.global.cloudfront.origin-facing', ['130.176.0.0/18'], undefined],
    ]);
  });
});

describe('state v4 addresses and instance states', () => {
  const s = importFixtures('v4-modules.tfstate.json');

  it('builds module, count and for_each addresses', () => {
    const addresses = s.rules.flatMap((r) => r.origins.map((o) => o.address)).sort();
    expect(addresses).toEqual([
      'aws_security_group_rule.counted[0]',
      'aws_security_group_rule.counted[1]',
      'module.legacy.aws_security_group.flat',
      'module.sg["blue"].aws_security_group_rule.rule["egress_all"]',
      'module.sg["blue"].aws_security_group_rule.rule["ingress_https"]',
    ]);
    expect(s.groups.map((g) => g.origin?.address)).toEqual([
      'module.net.module.sg.aws_security_group.this',
      'module.app[0].aws_security_group.this',
      'module.legacy.aws_security_group.flat',
    ]);
  });

  it('keeps tainted instances with a warning and skips deposed ones with a warning', () => {
    expect(rulesOf(s, 'sg-0000000000000a001')).toEqual([
      'ingress 6 22-22 sg:sg-0000000000000a002',
      'ingress 6 80-80 sg:sg-0000000000000a002',
    ]);
    expect(codes(s).sort()).toEqual(['deposed-skipped', 'tainted']);
  });

  it('reads attributes_flat with hash indices and dotted tag keys', () => {
    expect(rulesOf(s, 'sg-0000000000000f1a7')).toEqual(['ingress 6 3306-3306 sg:sg-0000000000000a001']);
    expect(s.groups.find((g) => g.id === 'sg-0000000000000f1a7')!.tags).toEqual({ Name: 'flat-sg', 'kubernetes.io/cluster/demo': 'owned' });
  });

  it('never copies outputs (kubeconfig)', () => {
    expect(JSON.stringify(s)).not.toContain('SECRET-KUBECONFIG');
  });
});

describe('inline and separate rules', () => {
  const s = importFixtures('v4-dedup.tfstate.json');

  it('treats a rule present inline and as a separate resource as one rule with both origins', () => {
    const https = s.rules.find((r) => r.groupId === 'sg-000000000000000d1' && r.direction === 'ingress')!;
    expect(https.origins.map((o) => o.address)).toEqual(['module.sgs.aws_security_group.alb', 'module.sgs.aws_security_group_rule.https_in']);
    expect(rulesOf(s, 'sg-000000000000000d1')).toEqual(['egress -1 *-* cidr:0.0.0.0/0', 'ingress 6 443-443 cidr:0.0.0.0/0']);
  });

  it('takes the union when the inline lists are empty but separate rules exist', () => {
    expect(rulesOf(s, 'sg-000000000000000d2')).toEqual(['egress 6 5432-5432 cidr:10.0.0.0/16', 'ingress 6 8080-8080 sg:sg-000000000000000d1']);
    expect(s.warnings).toEqual([]);
  });
});
