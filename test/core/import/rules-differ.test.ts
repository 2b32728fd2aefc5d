// Several inputs defining one group with different rules (a state beside its own plan, a state
// beside a dump taken after a console change): the merge keeps the union, as the map needs every
// rule any input gives, and says which rules only some inputs give (`rules-differ`); a plan beside
// the state it was made from is said once (`plan-beside-state`). Inputs that agree, or a stack
// split so that one input defines the group and another adds rules to it, stay silent. A
// describe-security-group-rules dump lists a group's whole rule set, so it is compared as a definer.
import { describe, expect, it } from 'vitest';
import { importInputs } from '../../../src/core/import/index';
import type { InputFile } from '../../../src/core/model';

const PROVIDER = 'provider["registry.terraform.io/hashicorp/aws"]';
const block = (port: number, cidrs: string[], protocol = 'tcp', from = port, to = port) => ({
  description: '', protocol, from_port: from, to_port: to, cidr_blocks: cidrs, ipv6_cidr_blocks: [], prefix_list_ids: [], security_groups: [], self: false,
});
const group = (ingress: object[]) => ({
  id: 'sg-0web', name: 'web', description: 'web', vpc_id: 'vpc-1', ingress, egress: [block(0, ['0.0.0.0/0'], '-1', 0, 0)], tags: {},
});
const BOTH = [block(22, ['0.0.0.0/0']), block(443, ['0.0.0.0/0'])];

function state(name: string, resources: object[]): InputFile {
  return { name, text: JSON.stringify({ version: 4, terraform_version: '1.9.5', serial: 1, lineage: 'l', outputs: {}, resources }) };
}
const sgResource = (ingress: object[]) => ({ mode: 'managed', type: 'aws_security_group', name: 'web', provider: PROVIDER, instances: [{ schema_version: 1, attributes: group(ingress) }] });

function plan(name: string, ingressBefore: object[], ingressAfter: object[]): InputFile {
  const common = { address: 'aws_security_group.web', mode: 'managed', type: 'aws_security_group', name: 'web', provider_name: 'registry.terraform.io/hashicorp/aws' };
  return {
    name,
    text: JSON.stringify({
      format_version: '1.2',
      terraform_version: '1.9.5',
      planned_values: { root_module: { resources: [{ ...common, schema_version: 1, values: group(ingressAfter) }] } },
      resource_changes: [{ ...common, change: { actions: ['update'], before: group(ingressBefore), after: group(ingressAfter), after_unknown: {} } }],
      configuration: { root_module: {} },
    }),
  };
}

function dump(name: string, ports: number[]): InputFile {
  return dumpOf(name, ports.map((p) => ({ IpProtocol: 'tcp', FromPort: p, ToPort: p, IpRanges: [{ CidrIp: '0.0.0.0/0' }] })));
}

function dumpOf(name: string, ipPermissions: object[]): InputFile {
  return {
    name,
    text: JSON.stringify({
      SecurityGroups: [{
        GroupId: 'sg-0web', GroupName: 'web', Description: 'web', OwnerId: '111111111111', VpcId: 'vpc-1',
        IpPermissions: ipPermissions,
        // All protocols as AWS writes it: no ports at all, where the state says 0 to 0.
        IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      }],
    }),
  };
}

/** `aws ec2 describe-security-group-rules`: every rule of each group it names, egress included. */
function rulesDump(name: string, ports: number[], groupId = 'sg-0web'): InputFile {
  const entry = (extra: object) => ({ GroupId: groupId, GroupOwnerId: '111111111111', ...extra });
  return {
    name,
    text: JSON.stringify({
      SecurityGroupRules: [
        ...ports.map((p, i) => entry({ SecurityGroupRuleId: `sgr-0in${i}`, IsEgress: false, IpProtocol: 'tcp', FromPort: p, ToPort: p, CidrIpv4: '0.0.0.0/0' })),
        entry({ SecurityGroupRuleId: 'sgr-0out', IsEgress: true, IpProtocol: '-1', FromPort: -1, ToPort: -1, CidrIpv4: '0.0.0.0/0' }),
      ],
    }),
  };
}

const differ = (files: InputFile[]) => importInputs(files).warnings.filter((w) => w.code === 'rules-differ');

describe('rules-differ: inputs that define one group with different rules', () => {
  it('a state beside its own plan that drops SSH: the union keeps SSH, and the warnings name it, where it comes from, and say to open the plan alone', () => {
    const files = [state('web.tfstate', [sgResource(BOTH)]), plan('web.plan.json', BOTH, [block(443, ['0.0.0.0/0'])])];
    const s = importInputs(files);
    expect(s.rules.filter((r) => r.groupId === 'sg-0web' && r.direction === 'ingress').map((r) => r.fromPort)).toEqual([22, 443]);
    expect(differ(files)).toEqual([{
      code: 'rules-differ',
      subject: 'sg-0web',
      message:
        'sg-0web: web.tfstate and web.plan.json define it with different rules (ingress tcp 22 from 0.0.0.0/0 only in web.tfstate); the map takes all of them, ' +
        'so it may be more open than any one input says',
    }]);
    expect(s.warnings.filter((w) => w.code === 'plan-beside-state')).toEqual([{
      code: 'plan-beside-state',
      file: 'web.plan.json',
      message:
        'web.plan.json is a plan for the stack web.tfstate holds (1 resource in both, such as aws_security_group.web): the map merges the network as it is with ' +
        'the network as planned, and keeps what the plan changes or destroys. Open the plan alone to see the network it plans',
    }]);
  });

  it('a plan of one stack beside the state of another that reuses its addresses (other ids) is no plan of that state', () => {
    const other = { ...sgResource(BOTH), instances: [{ schema_version: 1, attributes: { ...group(BOTH), id: 'sg-0other' } }] };
    const files = [state('other.tfstate', [other]), plan('web.plan.json', BOTH, [block(443, ['0.0.0.0/0'])])];
    expect(importInputs(files).warnings.filter((w) => w.code === 'plan-beside-state')).toEqual([]);
  });

  it('a dump taken after a console change adds a rule: named as only in the dump, with no advice about plans', () => {
    const [w] = differ([state('web.tfstate', [sgResource(BOTH)]), dump('sg.json', [22, 443, 3389])]);
    expect(w?.message).toBe(
      'sg-0web: web.tfstate and sg.json define it with different rules (ingress tcp 3389 from 0.0.0.0/0 only in sg.json); the map takes all of them, so it may be more open than any one input says',
    );
  });

  it('a rule that one input gives and the other already allows through a wider rule is named, but not as more open', () => {
    // The state adds tcp 22 from 10.1.0.0/16 beside all tcp from 10.0.0.0/8; the dump keeps only
    // the wide rule, which already lets that traffic in.
    const wide = (cidr: string) => block(0, [cidr], 'tcp', 0, 65535);
    const files = [state('web.tfstate', [sgResource([block(22, ['10.1.0.0/16']), wide('10.0.0.0/8')])]), dumpOf('sg.json', [{ IpProtocol: 'tcp', FromPort: 0, ToPort: 65535, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }])];
    expect(differ(files).map((w) => w.message)).toEqual([
      'sg-0web: web.tfstate and sg.json define it with different rules (ingress tcp 22 from 10.1.0.0/16 only in web.tfstate); the map takes all of them, ' +
        'though the inputs without them allow the same through their other rules',
    ]);
  });

  it('a rule the other input allows only in part (other ports, or its block in two halves) is still said to open more', () => {
    const halves = [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/1' }, { CidrIp: '128.0.0.0/1' }] }];
    const narrower = [{ IpProtocol: 'tcp', FromPort: 20, ToPort: 21, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }, { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }];
    for (const perms of [halves, narrower]) {
      const [w] = differ([state('web.tfstate', [sgResource([block(22, ['0.0.0.0/0'])])]), dumpOf('sg.json', perms)]);
      expect(w?.message).toMatch(/ingress tcp 22 from 0\.0\.0\.0\/0 only in web\.tfstate.*so it may be more open than any one input says$/);
    }
  });

  it('lists at most three rules and counts the rest', () => {
    const [w] = differ([state('web.tfstate', [sgResource([])]), dump('sg.json', [22, 80, 443, 3389, 5432])]);
    expect(w?.message).toContain('(ingress tcp 22 from 0.0.0.0/0 only in sg.json; ingress tcp 80 from 0.0.0.0/0 only in sg.json; ingress tcp 443 from 0.0.0.0/0 only in sg.json; and 2 more)');
  });

  it('a state and a dump that agree say nothing, though they write all protocols differently (ports 0 to 0, or none)', () => {
    expect(differ([state('web.tfstate', [sgResource(BOTH)]), dump('sg.json', [22, 443])])).toEqual([]);
  });

  it('the same input opened twice says nothing', () => {
    const f = state('web.tfstate', [sgResource(BOTH)]);
    expect(differ([f, { ...f, name: 'copy.tfstate' }])).toEqual([]);
  });

  it('a stack split so that one state defines the group and another adds a rule to it is no disagreement', () => {
    const extra = {
      mode: 'managed', type: 'aws_security_group_rule', name: 'ssh', provider: PROVIDER,
      instances: [{ schema_version: 2, attributes: { id: 'sgrule-1', type: 'ingress', security_group_id: 'sg-0web', protocol: 'tcp', from_port: 8443, to_port: 8443, cidr_blocks: ['10.0.0.0/8'], self: false } }],
    };
    const files = [state('network.tfstate', [sgResource(BOTH)]), state('app.tfstate', [extra])];
    expect(importInputs(files).rules.some((r) => r.fromPort === 8443)).toBe(true);
    expect(differ(files)).toEqual([]);
  });

  it('a split stack beside a dump: a rule the second state adds is in the dump too, so no disagreement', () => {
    const extra = {
      mode: 'managed', type: 'aws_security_group_rule', name: 'alt', provider: PROVIDER,
      instances: [{ schema_version: 2, attributes: { id: 'sgrule-2', type: 'ingress', security_group_id: 'sg-0web', protocol: 'tcp', from_port: 3389, to_port: 3389, cidr_blocks: ['0.0.0.0/0'], self: false } }],
    };
    expect(differ([state('network.tfstate', [sgResource(BOTH)]), state('app.tfstate', [extra]), dump('sg.json', [22, 443, 3389])])).toEqual([]);
  });

  it('a plan that cannot know a group\'s ingress until apply is not compared with the state', () => {
    const f = plan('web.plan.json', BOTH, BOTH);
    const doc = JSON.parse(f.text);
    delete doc.planned_values.root_module.resources[0].values.ingress;
    delete doc.resource_changes[0].change.after.ingress;
    doc.resource_changes[0].change.after_unknown = { ingress: true };
    doc.configuration.root_module.resources = [{ address: 'aws_security_group.web', mode: 'managed', type: 'aws_security_group', name: 'web', expressions: { ingress: [{}] } }];
    const files = [state('web.tfstate', [sgResource(BOTH)]), { name: 'web.plan.json', text: JSON.stringify(doc) }];
    expect(importInputs(files).warnings.map((w) => w.code)).toContain('unknown-at-plan');
    expect(differ(files)).toEqual([]);
  });

  it('a rules dump (describe-security-group-rules) lists a group\'s whole rule set: a rule the state lacks is named', () => {
    const [w] = differ([state('web.tfstate', [sgResource(BOTH)]), rulesDump('rules.json', [22, 443, 3389])]);
    expect(w?.message).toBe(
      'sg-0web: web.tfstate and rules.json define it with different rules (ingress tcp 3389 from 0.0.0.0/0 only in rules.json); the map takes all of them, so it may be more open than any one input says',
    );
  });

  it('a rules dump that lacks a rule the state gives: the state\'s rule is named', () => {
    const [w] = differ([state('web.tfstate', [sgResource(BOTH)]), rulesDump('rules.json', [22])]);
    expect(w?.message).toMatch(/^sg-0web: web\.tfstate and rules\.json define it with different rules \(ingress tcp 443 from 0\.0\.0\.0\/0 only in web\.tfstate\)/);
  });

  it('a rules dump that agrees with the state, or with the groups dump beside it, says nothing', () => {
    expect(differ([state('web.tfstate', [sgResource(BOTH)]), rulesDump('rules.json', [22, 443])])).toEqual([]);
    expect(differ([dump('sg.json', [22, 443]), rulesDump('rules.json', [22, 443])])).toEqual([]);
  });

  it('a rules dump that is one page of a longer answer (it has a NextToken) is not compared', () => {
    const page = rulesDump('rules.json', [22]);
    const partial = { ...page, text: JSON.stringify({ ...JSON.parse(page.text), NextToken: 'abc' }) };
    const s = importInputs([state('web.tfstate', [sgResource(BOTH)]), partial]);
    expect(s.warnings.map((w) => w.code)).toContain('partial-answer');
    expect(s.warnings.filter((w) => w.code === 'rules-differ')).toEqual([]);
  });

  it('a rules dump says nothing of a group it lists no rule of', () => {
    expect(differ([state('web.tfstate', [sgResource(BOTH)]), rulesDump('rules.json', [3389], 'sg-0other')])).toEqual([]);
  });

  it('names three inputs as a list', () => {
    const [w] = differ([state('a.tfstate', [sgResource(BOTH)]), state('b.tfstate', [sgResource(BOTH)]), dump('sg.json', [22, 443, 3389])]);
    expect(w?.message).toMatch(/^sg-0web: a\.tfstate, b\.tfstate and sg\.json define it with different rules \(ingress tcp 3389 from 0\.0\.0\.0\/0 only in sg\.json\)/);
  });
});
