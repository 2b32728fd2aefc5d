// A plan that destroys a separate rule resource (aws_security_group_rule, aws_vpc_security_group_
// ingress/egress_rule): the group's computed inline lists are planned from the prior state, which
// AWS fills with every rule of the group, so they still show the permission. The planned network
// must not: after the apply the rule is gone. A replaced rule (delete then create) stays, and so
// does one another kept rule resource gives.
import { describe, expect, it } from 'vitest';
import { importInputs } from '../../../../src/core/import/index';
import type { InputFile } from '../../../../src/core/model';

const block = (port: number) => ({
  description: '', protocol: 'tcp', from_port: port, to_port: port, cidr_blocks: ['0.0.0.0/0'], ipv6_cidr_blocks: [], prefix_list_ids: [], security_groups: [], self: false,
});
// The group as the prior state has it: its inline list mirrors the rule resources.
const group = { id: 'sg-0web', name: 'web', description: 'web', vpc_id: 'vpc-1', ingress: [block(22), block(443)], egress: [], tags: {} };
const sgRule = (port: number) => ({ id: `sgrule-${port}`, type: 'ingress', security_group_id: 'sg-0web', protocol: 'tcp', from_port: port, to_port: port, cidr_blocks: ['0.0.0.0/0'], self: false });
const vpcRule = (port: number) => ({ id: `sgr-0${port}`, security_group_rule_id: `sgr-0${port}`, security_group_id: 'sg-0web', ip_protocol: 'tcp', from_port: port, to_port: port, cidr_ipv4: '0.0.0.0/0' });

interface Change {
  type: string;
  name: string;
  actions: string[];
  before: object | null;
  after: object | null;
}

function plan(changes: Change[]): InputFile {
  const common = (c: { type: string; name: string }) => ({ address: `${c.type}.${c.name}`, mode: 'managed', type: c.type, name: c.name, provider_name: 'registry.terraform.io/hashicorp/aws' });
  const live = [{ type: 'aws_security_group', name: 'web', actions: ['no-op'], before: group, after: group }, ...changes].filter((c) => c.after !== null);
  return {
    name: 'web.plan.json',
    text: JSON.stringify({
      format_version: '1.2',
      terraform_version: '1.9.5',
      planned_values: { root_module: { resources: live.map((c) => ({ ...common(c), schema_version: 1, values: c.after })) } },
      resource_changes: [{ type: 'aws_security_group', name: 'web', actions: ['no-op'], before: group, after: group }, ...changes].map((c) => ({ ...common(c), change: { actions: c.actions, before: c.before, after: c.after, after_unknown: {} } })),
      // Inline lists left unconfigured: computed, as with separate rule resources.
      configuration: { root_module: { resources: [{ address: 'aws_security_group.web', mode: 'managed', type: 'aws_security_group', name: 'web', expressions: { name: { constant_value: 'web' } } }] } },
    }),
  };
}

const ingressPorts = (f: InputFile) => importInputs([f]).rules.filter((r) => r.groupId === 'sg-0web' && r.direction === 'ingress').map((r) => r.fromPort);

describe('a plan that destroys a separate rule resource', () => {
  it('leaves its permission out of the planned network, though the computed inline list still shows it (aws_security_group_rule)', () => {
    const f = plan([
      { type: 'aws_security_group_rule', name: 'ssh', actions: ['delete'], before: sgRule(22), after: null },
      { type: 'aws_security_group_rule', name: 'https', actions: ['no-op'], before: sgRule(443), after: sgRule(443) },
    ]);
    expect(ingressPorts(f)).toEqual([443]);
    expect(importInputs([f]).warnings).toEqual([]);
  });

  it('does the same for aws_vpc_security_group_ingress_rule', () => {
    const f = plan([
      { type: 'aws_vpc_security_group_ingress_rule', name: 'ssh', actions: ['delete'], before: vpcRule(22), after: null },
      { type: 'aws_vpc_security_group_ingress_rule', name: 'https', actions: ['no-op'], before: vpcRule(443), after: vpcRule(443) },
    ]);
    expect(ingressPorts(f)).toEqual([443]);
  });

  it('keeps a replaced rule (delete, then create): it is there after the apply', () => {
    const f = plan([{ type: 'aws_security_group_rule', name: 'ssh', actions: ['delete', 'create'], before: sgRule(22), after: sgRule(22) }]);
    expect(ingressPorts(f)).toEqual([22, 443]);
  });

  it('keeps the permission when another rule resource the plan keeps gives it too', () => {
    const f = plan([
      { type: 'aws_security_group_rule', name: 'ssh_old', actions: ['delete'], before: sgRule(22), after: null },
      { type: 'aws_security_group_rule', name: 'ssh_new', actions: ['create'], before: null, after: { ...sgRule(22), id: 'sgrule-new' } },
    ]);
    expect(ingressPorts(f)).toEqual([22, 443]);
  });

  it('with nothing destroyed, the inline list is read as it is', () => {
    expect(ingressPorts(plan([]))).toEqual([22, 443]);
  });
});
