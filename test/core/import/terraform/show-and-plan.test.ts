// `terraform show -json` of a state and of a plan: recursive child modules, values unknown at plan
// time (warnings, never crashes), synthetic `tf:<address>` group ids and configuration references
// resolved within the referencing module instance; wrapped plans.
import { describe, expect, it } from 'vitest';
import { codes, importFixtures, rulesOf } from './fixture-helpers';

describe('show -json of a state', () => {
  const s = importFixtures('show-state.json');

  it('walks child modules and keeps int and string instance keys', () => {
    expect(s.sources[0]!.format).toBe('tf-show-json');
    expect(rulesOf(s, 'sg-00000000000005002')).toEqual(['ingress 6 8080-8080 sg:sg-00000000000005001']);
    expect(s.endpoints.map((e) => [e.tfAddress, e.name])).toEqual([
      ['module.app.aws_instance.web[0]', 'web-0'],
      ['module.app.aws_instance.web["b"]', 'aws_instance.web["b"]'],
    ]);
    expect(rulesOf(s, 'sg-00000000000005001')).toEqual(['ingress 6 80-80 cidr:0.0.0.0/0']);
    expect(JSON.stringify(s)).not.toContain('SECRET-SHOW-OUTPUT');
  });
});

describe('plan JSON', () => {
  const s = importFixtures('plan.json');

  it('gives groups without ids synthetic tf: ids', () => {
    expect(s.sources[0]!.format).toBe('tf-plan-json');
    expect(s.groups.map((g) => [g.id, g.external])).toEqual([
      ['sg-0000000000000e11a', true],
      ['tf:aws_security_group.app', false],
      ['tf:aws_security_group.web', false],
      ['tf:module.svc["api"].aws_security_group.this', false],
    ]);
  });

  it('resolves unknown group references through configuration references, module-scoped', () => {
    expect(rulesOf(s, 'tf:aws_security_group.app')).toEqual([
      'ingress 6 8080-8080 sg:tf:aws_security_group.web',
      'ingress 6 9000-9000 sg:sg-0000000000000e11a',
    ]);
    expect(rulesOf(s, 'tf:module.svc["api"].aws_security_group.this')).toEqual(['ingress 6 8443-8443 cidr:10.0.0.0/8']);
    // source_security_group_id is unknown but not configured: it is computed, not a reference.
    expect(rulesOf(s, 'tf:aws_security_group.web')).toEqual(['egress -1 *-* cidr:0.0.0.0/0', 'ingress 6 22-22 cidr:192.0.2.0/24', 'ingress 6 443-443 cidr:0.0.0.0/0']);
    const web = s.endpoints.find((e) => e.tfAddress === 'aws_instance.web')!;
    expect(web).toMatchObject({ id: 'aws_instance.web', name: 'planned-web', groupIds: ['tf:aws_security_group.app', 'tf:aws_security_group.web'] });
  });

  it('warns about what stays unknown and ignores resources being deleted', () => {
    expect(codes(s)).toEqual(['unknown-at-plan', 'incomplete-rule', 'external-group']);
    expect(s.warnings[0]!.message).toContain('aws_security_group_rule.mystery security_group_id is unknown until apply');
    expect(s.groups.some((g) => g.id === 'sg-0000000000000001d')).toBe(false);
    expect(JSON.stringify(s)).not.toContain('SECRET-PLAN-USER-DATA');
  });

  it('unwraps {"mock":{"valid":{"tfplan":...}}} to the same result', () => {
    const wrapped = importFixtures('wrapped-plan.json');
    expect(wrapped.sources[0]!.format).toBe('tf-plan-json');
    expect(wrapped.rules.map((r) => r.id)).toEqual(s.rules.map((r) => r.id));
  });
});
