// `terraform show -json` of a state and of a plan: recursive child modules, values unknown at plan
// time (warnings, never crashes), synthetic `tf:<address>` group ids and configuration references
// resolved within the referencing module instance; wrapped plans.
import { describe, expect, it } from 'vitest';
import { codes, importFixtures, rulesOf } from './fixture-helpers';
import { importInputs } from '../../../../src/core/import/index';
import { resolveReference } from '../../../../src/core/import/terraform/plan-refs';
import type { ModuleLinks } from '../../../../src/core/import/terraform/records';
import { buildReachIndex, queryReach } from '../../../../src/core/reach';

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
    expect(codes(s)).toEqual(['unknown-at-plan', 'incomplete-rule', 'unknown-at-plan', 'external-group']);
    expect(s.warnings[0]!.message).toContain('aws_security_group_rule.mystery security_group_id is unknown until apply');
    // A planned instance's address is assigned at apply: its CIDR answers depend on its subnet.
    expect(s.warnings[2]!.message).toMatch(/^the private address of aws_instance\.web is unknown until apply/);
    expect(s.groups.some((g) => g.id === 'sg-0000000000000001d')).toBe(false);
    expect(JSON.stringify(s)).not.toContain('SECRET-PLAN-USER-DATA');
  });

  it('unwraps {"mock":{"valid":{"tfplan":...}}} to the same result', () => {
    const wrapped = importFixtures('wrapped-plan.json');
    expect(wrapped.sources[0]!.format).toBe('tf-plan-json');
    expect(wrapped.rules.map((r) => r.id)).toEqual(s.rules.map((r) => r.id));
  });
});

describe('plan JSON: references across module boundaries', () => {
  // Groups created by the plan have no ids yet; rules reach them through module outputs
  // (`module.db.sg_id`) and module inputs (`var.caller_sg` inside module.svc).
  const s = importFixtures('plan-modules.json');

  it('follows a module output to the group it returns', () => {
    expect(rulesOf(s, 'tf:module.db.aws_security_group.this')).toContain('ingress 6 5432-5432 sg:tf:aws_security_group.app');
  });

  it('follows an input variable to the caller\'s expression, per module instance', () => {
    expect(rulesOf(s, 'tf:module.svc["a"].aws_security_group.this')).toEqual([
      'ingress 6 8443-8443 sg:tf:aws_security_group.app',
      'ingress 6 9000-9000 sg:tf:aws_security_group.app',
    ]);
    expect(rulesOf(s, 'tf:module.svc["b"].aws_security_group.this')).toEqual(['ingress 6 9000-9000 sg:tf:aws_security_group.app']);
  });

  it('an endpoint takes its planned group, and what stays unresolved (a whole for_each module) is warned', () => {
    expect(s.endpoints.map((e) => [e.tfAddress, e.groupIds])).toEqual([['aws_instance.app', ['tf:aws_security_group.app']]]);
    const unknown = s.warnings.filter((w) => w.code === 'unknown-at-plan').map((w) => w.message);
    expect(unknown.filter((m) => m.includes('db_from_app') || m.includes('api_only') || m.includes('from_caller'))).toEqual([]);
    expect(unknown.some((m) => m.includes('aws_security_group_rule.db_from_every_svc source_security_group_id'))).toBe(true);
    expect(codes(s)).not.toContain('incomplete-rule');
  });
});

describe('resolveReference', () => {
  const links: ModuleLinks = {
    outputs: new Map([
      ['module.net', new Map([['sg', ['module.inner.id']]])],
      ['module.net.module.inner', new Map([['id', ['aws_security_group.this.id']]])],
      ['module.app', new Map([['sg', ['var.from_caller']]])],
    ]),
    inputs: new Map([['module.app', new Map([['from_caller', ['aws_security_group.root.id']]])]]),
  };
  const cases: [string, string, { exact: string; anyModuleKey: boolean }[]][] = [
    ['', 'aws_security_group.web.id', [{ exact: 'aws_security_group.web', anyModuleKey: false }]],
    ['', 'module.net.sg', [{ exact: 'module.net.module.inner.aws_security_group.this', anyModuleKey: true }]],
    ['', 'module.net[0].sg', [{ exact: 'module.net[0].module.inner.aws_security_group.this', anyModuleKey: true }]],
    ['module.app["x"]', 'var.from_caller', [{ exact: 'aws_security_group.root', anyModuleKey: false }]],
    // An instance key is any string: one holding ".module." or quotes is still one key.
    ['module.app["x.module.y"]', 'var.from_caller', [{ exact: 'aws_security_group.root', anyModuleKey: false }]],
    ['module.app["a\\".module.b"]', 'var.from_caller', [{ exact: 'aws_security_group.root', anyModuleKey: false }]],
    ['', 'module.app["x"].sg', [{ exact: 'aws_security_group.root', anyModuleKey: false }]],
    ['', 'module.missing.sg', []],
    ['', 'var.root_variable', []],
    ['', 'local.sg', []],
  ];
  it.each(cases)('in %j, %s', (module, ref, expected) => {
    expect(resolveReference(links, module, ref).map((t) => ({ exact: t.exact, anyModuleKey: t.anyModuleKey }))).toEqual(expected);
  });
});

describe('plan JSON: a nested module call without a key inside a for_each module', () => {
  // module.app has for_each; inside it, module.sg (no count/for_each) creates the group the
  // instance and the inner module use. Each app instance's resources reach their own sg only:
  // the call without a key is one instance per app instance, not every app instance's sg.
  const sg = (key: string) => `module.app["${key}"].module.sg.aws_security_group.this`;
  const change = (address: string, moduleAddress: string, type: string, name: string, after: Record<string, unknown>, unknown: Record<string, unknown>) => ({
    address, module_address: moduleAddress, mode: 'managed', type, name, change: { actions: ['create'], before: null, after, after_unknown: unknown },
  });
  const changes = ['a', 'b'].flatMap((k) => [
    change(sg(k), `module.app["${k}"].module.sg`, 'aws_security_group', 'this', { name: `sg-${k}`, ingress: [], egress: [] }, { id: true }),
    change(`module.app["${k}"].aws_instance.web`, `module.app["${k}"]`, 'aws_instance', 'web', { ami: 'ami-1', tags: { Name: `web-${k}` } }, { id: true, vpc_security_group_ids: true }),
    change(`module.app["${k}"].module.rules.aws_security_group_rule.in`, `module.app["${k}"].module.rules`, 'aws_security_group_rule', 'in',
      { type: 'ingress', protocol: 'tcp', from_port: 443, to_port: 443, cidr_blocks: [k === 'a' ? '10.1.0.0/16' : '10.2.0.0/16'] }, { id: true, security_group_id: true }),
  ]);
  const plan = {
    format_version: '1.2',
    terraform_version: '1.9.5',
    resource_changes: changes,
    configuration: {
      root_module: {
        module_calls: {
          app: {
            for_each_expression: { constant_value: ['a', 'b'] },
            expressions: {},
            module: {
              resources: [{ address: 'aws_instance.web', mode: 'managed', type: 'aws_instance', name: 'web', expressions: { vpc_security_group_ids: { references: ['module.sg.id', 'module.sg'] } } }],
              module_calls: {
                sg: {
                  expressions: {},
                  module: {
                    outputs: { id: { expression: { references: ['aws_security_group.this.id', 'aws_security_group.this'] } } },
                    resources: [{ address: 'aws_security_group.this', mode: 'managed', type: 'aws_security_group', name: 'this', expressions: { name: {} } }],
                  },
                },
                rules: {
                  expressions: { group: { references: ['module.sg.id', 'module.sg'] } },
                  module: {
                    variables: { group: {} },
                    resources: [{ address: 'aws_security_group_rule.in', mode: 'managed', type: 'aws_security_group_rule', name: 'in', expressions: { type: { constant_value: 'ingress' }, security_group_id: { references: ['var.group'] } } }],
                  },
                },
              },
            },
          },
        },
      },
    },
  };
  const s = importInputs([{ name: 'plan.json', text: JSON.stringify(plan) }]);

  it('an endpoint takes the group of its own module instance only', () => {
    expect(s.endpoints.map((e) => [e.tfAddress, e.groupIds])).toEqual([
      ['module.app["a"].aws_instance.web', [`tf:${sg('a')}`]],
      ['module.app["b"].aws_instance.web', [`tf:${sg('b')}`]],
    ]);
  });

  it('a rule reached through an input variable lands on its own instance\'s group only', () => {
    expect(rulesOf(s, `tf:${sg('a')}`)).toEqual(['ingress 6 443-443 cidr:10.1.0.0/16']);
    expect(rulesOf(s, `tf:${sg('b')}`)).toEqual(['ingress 6 443-443 cidr:10.2.0.0/16']);
  });
});

describe('plan JSON: a reference to one instance of a counted group', () => {
  // Terraform lists `aws_security_group.web[0].id`, `aws_security_group.web[0]` and then the
  // resource without its key, `aws_security_group.web`; that last one must not widen the
  // reference to every instance.
  const change = (address: string, type: string, name: string, after: Record<string, unknown>, unknown: Record<string, unknown>, moduleAddress?: string) => ({
    address, ...(moduleAddress ? { module_address: moduleAddress } : {}), mode: 'managed', type, name, change: { actions: ['create'], before: null, after, after_unknown: unknown },
  });
  const plan = {
    format_version: '1.2',
    terraform_version: '1.9.5',
    resource_changes: [
      change('aws_security_group.web[0]', 'aws_security_group', 'web', { name: 'web-0', ingress: [], egress: [] }, { id: true }),
      change('aws_security_group.web[1]', 'aws_security_group', 'web', { name: 'web-1', ingress: [], egress: [] }, { id: true }),
      change('aws_security_group_rule.ssh', 'aws_security_group_rule', 'ssh', { type: 'ingress', protocol: 'tcp', from_port: 22, to_port: 22, cidr_blocks: ['10.9.0.0/16'] }, { id: true, security_group_id: true }),
      change('aws_instance.one', 'aws_instance', 'one', { ami: 'ami-1', tags: { Name: 'one' } }, { id: true, vpc_security_group_ids: true }),
      change('module.db.aws_security_group.this[0]', 'aws_security_group', 'this', { name: 'db-0', ingress: [], egress: [] }, { id: true }, 'module.db'),
      change('module.db.aws_security_group.this[1]', 'aws_security_group', 'this', { name: 'db-1', ingress: [], egress: [] }, { id: true }, 'module.db'),
      change('aws_instance.db_client', 'aws_instance', 'db_client', { ami: 'ami-1', tags: { Name: 'db-client' } }, { id: true, vpc_security_group_ids: true }),
    ],
    configuration: {
      root_module: {
        resources: [
          { address: 'aws_security_group.web', mode: 'managed', type: 'aws_security_group', name: 'web', expressions: { name: {} }, count_expression: { constant_value: 2 } },
          { address: 'aws_security_group_rule.ssh', mode: 'managed', type: 'aws_security_group_rule', name: 'ssh', expressions: { security_group_id: { references: ['aws_security_group.web[0].id', 'aws_security_group.web[0]', 'aws_security_group.web'] } } },
          { address: 'aws_instance.one', mode: 'managed', type: 'aws_instance', name: 'one', expressions: { vpc_security_group_ids: { references: ['aws_security_group.web[1].id', 'aws_security_group.web[1]', 'aws_security_group.web'] } } },
          { address: 'aws_instance.db_client', mode: 'managed', type: 'aws_instance', name: 'db_client', expressions: { vpc_security_group_ids: { references: ['module.db.first', 'module.db'] } } },
        ],
        module_calls: {
          db: {
            expressions: {},
            module: {
              outputs: { first: { expression: { references: ['aws_security_group.this[0].id', 'aws_security_group.this[0]', 'aws_security_group.this'] } } },
              resources: [{ address: 'aws_security_group.this', mode: 'managed', type: 'aws_security_group', name: 'this', expressions: { name: {} }, count_expression: { constant_value: 2 } }],
            },
          },
        },
      },
    },
  };
  const s = importInputs([{ name: 'plan.json', text: JSON.stringify(plan) }]);

  it('a rule and an endpoint take the named instance only', () => {
    expect(rulesOf(s, 'tf:aws_security_group.web[0]')).toEqual(['ingress 6 22-22 cidr:10.9.0.0/16']);
    expect(rulesOf(s, 'tf:aws_security_group.web[1]')).toEqual([]);
    expect(s.endpoints.find((e) => e.tfAddress === 'aws_instance.one')?.groupIds).toEqual(['tf:aws_security_group.web[1]']);
  });

  it('the same through a module output', () => {
    expect(s.endpoints.find((e) => e.tfAddress === 'aws_instance.db_client')?.groupIds).toEqual(['tf:module.db.aws_security_group.this[0]']);
  });
});

describe('plan JSON: a subnet whose IPv6 block the plan adds', () => {
  // subnet-1 exists and the plan gives it an IPv6 block, computed at apply time from the VPC's
  // block (after_unknown). Load balancers in it will take IPv6 addresses from that block, as from
  // any subnet's: the plan must not read the subnet as having none (reach semantics test "subnets
  // described without an IPv6 block"), which answered 'denied' to every IPv6 question.
  // front admits tcp 443 from ::/0. The instance app may send it to one /64 of the VPC's /56 only,
  // which may or may not be the block the subnet gets.
  const change = (address: string, type: string, after: Record<string, unknown>, unknown: Record<string, unknown>, actions = ['no-op']) => ({
    address, mode: 'managed', type, name: address.split('.')[1], change: { actions, before: after, after, after_unknown: unknown },
  });
  const rule = (v6: string) => [{ protocol: 'tcp', from_port: 443, to_port: 443, cidr_blocks: ['0.0.0.0/0'], ipv6_cidr_blocks: [v6], prefix_list_ids: [], security_groups: [], self: false }];
  const group = (id: string, ingress: unknown[], egress: unknown[]) => change(`aws_security_group.${id}`, 'aws_security_group', { id, name: id, vpc_id: 'vpc-1', ingress, egress }, {});
  const lb = (name: string, sg: string) => change(`aws_lb.${name}`, 'aws_lb', { id: `arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/${name}/1`, name, load_balancer_type: 'application', security_groups: [sg], subnets: ['subnet-1'] }, {});
  const plan = (vpcIpv6: string) => ({
    format_version: '1.2',
    terraform_version: '1.9.5',
    resource_changes: [
      change('aws_vpc.main', 'aws_vpc', { id: 'vpc-1', cidr_block: '10.0.0.0/16', ipv6_cidr_block: vpcIpv6 }, vpcIpv6 ? {} : { ipv6_cidr_block: true }, vpcIpv6 ? ['no-op'] : ['update']),
      change('aws_subnet.a', 'aws_subnet', { id: 'subnet-1', vpc_id: 'vpc-1', cidr_block: '10.0.1.0/24', assign_ipv6_address_on_creation: true }, { ipv6_cidr_block: true, ipv6_cidr_block_association_id: true }, ['update']),
      group('sg-front', rule('::/0'), []),
      group('sg-app', [], rule('2600:1f18:1:10::/64')),
      lb('front', 'sg-front'),
      change('aws_instance.app', 'aws_instance', { id: 'i-app', private_ip: '10.0.2.5', ipv6_addresses: ['2600:1f18:1:2::5'], subnet_id: 'subnet-2', vpc_security_group_ids: ['sg-app'] }, {}),
    ],
  });
  /** tcp 443 to front from an address or (with an IPv6 address `via`) from app. */
  const ask = (vpcIpv6: string, from: string, via?: string) => {
    const s = importInputs([{ name: 'plan.json', text: JSON.stringify(plan(vpcIpv6)) }]);
    const front = s.endpoints.find((e) => e.tfAddress === 'aws_lb.front');
    expect(front?.kind).toBe('load-balancer');
    const source = via ? { endpointId: s.endpoints.find((e) => e.tfAddress === from)!.id, address: via } : { address: from };
    return queryReach(buildReachIndex(s), { from: source, to: { endpointId: front!.id }, protocol: 6, port: 443 }).verdict;
  };

  it('records that the IPv6 block is unknown, not absent', () => {
    const s = importInputs([{ name: 'plan.json', text: JSON.stringify(plan('2600:1f18:1::/56')) }]);
    expect(s.subnets.find((x) => x.id === 'subnet-1')).toMatchObject({ cidr: '10.0.1.0/24', ipv6CidrUnknown: true });
    expect(s.subnets.find((x) => x.id === 'subnet-1')?.ipv6Cidr).toBeUndefined();
  });

  it('IPv6 questions are answered within the VPC\'s IPv6 blocks, or anywhere when the plan adds the VPC\'s block too', () => {
    // ::/0 holds whatever address front gets.
    expect(ask('2600:1f18:1::/56', '2001:db8::7')).toBe('allowed');
    expect(ask('', '2001:db8::7')).toBe('allowed');
    // app's egress reaches one /64: front's future address may be in it or not.
    expect(ask('2600:1f18:1::/56', 'aws_instance.app', '2600:1f18:1:2::5')).toBe('depends');
    expect(ask('', 'aws_instance.app', '2600:1f18:1:2::5')).toBe('depends');
    // IPv4 is unaffected: the subnet's IPv4 CIDR is known and 0.0.0.0/0 covers it.
    expect(ask('2600:1f18:1::/56', '198.51.100.7')).toBe('allowed');
  });
});
