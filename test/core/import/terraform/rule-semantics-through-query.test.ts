/**
 * The Terraform side of the reachability contract, from a state file to the engine's verdict, each
 * expectation worked out by hand from the resources below and the AWS provider's documented
 * behaviour:
 * - an `aws_security_group` whose state lists `egress: []` has no egress at all: Terraform removes
 *   the allow-all rule AWS adds to a new group ("Terraform will remove this default rule"), so the
 *   group starts nothing;
 * - an `aws_default_security_group` has exactly the rules it lists (the provider removes the others
 *   when it adopts the group): with only a self ingress rule its members cannot reach each other,
 *   since they have no egress;
 * - inline rules, `aws_security_group_rule` and `aws_vpc_security_group_ingress_rule` resources of
 *   one group are one union of rules;
 * - protocols as numbers ("17", "50", "58") and -1 are read as AWS reads them: ports ignored for
 *   -1 and for protocols other than tcp, udp, icmp and icmpv6, icmpv6 with -1/-1 any type and code;
 * - a udp rule with from_port above to_port, which AWS rejects, allows nothing and is warned about.
 */
import { describe, expect, it } from 'vitest';
import { importInputs } from '../../../../src/core/import/index';
import { buildReachIndex, queryReach } from '../../../../src/core/reach';
import type { ReachQuery, Verdict } from '../../../../src/core/analysis-types';

const resource = (type: string, name: string, attributes: object) => ({ mode: 'managed', type, name, provider: 'provider["registry.terraform.io/hashicorp/aws"]', instances: [{ schema_version: 1, attributes }] });
const block = (protocol: string, from: number, to: number, peers: object) => ({ protocol, from_port: from, to_port: to, cidr_blocks: [], ipv6_cidr_blocks: [], prefix_list_ids: [], security_groups: [], self: false, ...peers });
const instance = (name: string, id: string, ip: string, groups: string[], ipv6: string[] = []) =>
  resource('aws_instance', name, { id, private_ip: ip, public_ip: '', ipv6_addresses: ipv6, subnet_id: 'subnet-1', vpc_security_group_ids: groups, tags: { Name: name } });

const state = {
  version: 4,
  terraform_version: '1.7.5',
  serial: 1,
  lineage: 'rule-semantics',
  outputs: {},
  resources: [
    resource('aws_security_group', 'web', { id: 'sg-web', name: 'web', vpc_id: 'vpc-1', ingress: [], egress: [block('-1', 0, 0, { cidr_blocks: ['0.0.0.0/0'] })] }),
    resource('aws_security_group', 'admin', { id: 'sg-admin', name: 'admin', vpc_id: 'vpc-1', ingress: [], egress: [block('-1', 0, 0, { cidr_blocks: ['0.0.0.0/0'] })] }),
    resource('aws_security_group', 'app', {
      id: 'sg-app', name: 'app', vpc_id: 'vpc-1',
      ingress: [
        block('tcp', 80, 80, { security_groups: ['sg-web'] }),
        block('17', 123, 123, { cidr_blocks: ['10.0.0.0/8'] }),
        block('50', 0, 0, { cidr_blocks: ['10.0.0.0/8'] }),
        block('58', -1, -1, { ipv6_cidr_blocks: ['::/0'] }),
        block('udp', 100, 50, { cidr_blocks: ['10.0.0.0/8'] }),
      ],
      egress: [block('tcp', 5432, 5432, { cidr_blocks: ['10.0.3.0/24'] })],
    }),
    // Separate rule resources of the same group, not repeated in its inline lists.
    resource('aws_security_group_rule', 'app_https', { id: 'sgrule-1', type: 'ingress', security_group_id: 'sg-app', protocol: 'tcp', from_port: 443, to_port: 443, cidr_blocks: ['10.0.0.0/8'], self: false }),
    resource('aws_vpc_security_group_ingress_rule', 'app_admin', { id: 'sgr-1', security_group_rule_id: 'sgr-1', security_group_id: 'sg-app', ip_protocol: '-1', from_port: null, to_port: null, referenced_security_group_id: 'sg-admin' }),
    resource('aws_vpc_security_group_ingress_rule', 'app_dns', { id: 'sgr-2', security_group_rule_id: 'sgr-2', security_group_id: 'sg-app', ip_protocol: 'udp', from_port: 53, to_port: 53, cidr_ipv4: '10.0.0.0/8' }),
    resource('aws_security_group', 'quiet', { id: 'sg-quiet', name: 'quiet', vpc_id: 'vpc-1', ingress: [block('tcp', 22, 22, { cidr_blocks: ['10.0.0.0/8'] })], egress: [] }),
    resource('aws_default_security_group', 'default', { id: 'sg-dflt', vpc_id: 'vpc-1', ingress: [block('-1', 0, 0, { self: true })], egress: [] }),
    instance('web', 'i-web', '10.0.1.10', ['sg-web']),
    instance('admin', 'i-admin', '10.0.1.20', ['sg-admin']),
    instance('app', 'i-app', '10.0.2.10', ['sg-app'], ['2001:db8:2::10']),
    instance('quiet', 'i-quiet', '10.0.4.10', ['sg-quiet']),
    instance('d1', 'i-d1', '10.0.5.1', ['sg-dflt']),
    instance('d2', 'i-d2', '10.0.5.2', ['sg-dflt']),
  ],
};

const snap = importInputs([{ name: 'rules.tfstate', text: JSON.stringify(state) }]);
const index = buildReachIndex(snap);
const at = (ref: string): ReachQuery['from'] => (/^[\d.:a-f]+$/.test(ref) && /[.:]/.test(ref) ? { address: ref } : { endpointId: ref });
const tcp = (from: string, to: string, port: number): ReachQuery => ({ from: at(from), to: at(to), protocol: 6, port });
const udp = (from: string, to: string, port: number): ReachQuery => ({ from: at(from), to: at(to), protocol: 17, port });
const proto = (from: string, to: string, protocol: number, icmpType?: number, icmpCode?: number): ReachQuery => ({
  from: at(from), to: at(to), protocol, ...(icmpType === undefined ? {} : { icmpType }), ...(icmpCode === undefined ? {} : { icmpCode }),
});

function table(rows: [string, ReachQuery, Verdict][]): void {
  it.each(rows)('%s', (_why, query, verdict) => {
    expect(queryReach(index, query).verdict).toBe(verdict);
  });
}

describe('Terraform rules as AWS applies them', () => {
  describe('inline rules and separate rule resources of one group are one union', () => {
    table([
      ['tcp 80 from the web group: inline security_groups', tcp('i-web', 'i-app', 80), 'allowed'],
      ['tcp 443 from 10.0.0.0/8: aws_security_group_rule', tcp('i-web', 'i-app', 443), 'allowed'],
      ['udp 53 from 10.0.0.0/8: aws_vpc_security_group_ingress_rule', udp('i-web', 'i-app', 53), 'allowed'],
      ['any udp port from the admin group: aws_vpc_security_group_ingress_rule with ip_protocol -1', udp('i-admin', 'i-app', 9999), 'allowed'],
      ['tcp 8080 from web: no rule of any shape', tcp('i-web', 'i-app', 8080), 'denied'],
    ]);
  });

  describe('protocol numbers', () => {
    table([
      ['"17" is udp: port 123 allowed', udp('i-web', 'i-app', 123), 'allowed'],
      ['"17" is udp: port 124 is past the rule', udp('i-web', 'i-app', 124), 'denied'],
      ['"17" is udp, not tcp', tcp('i-web', 'i-app', 123), 'denied'],
      ['"50" (ESP) ignores its ports 0-0: ESP allowed', proto('i-web', 'i-app', 50), 'allowed'],
      ['"50" allows no AH (51)', proto('i-web', 'i-app', 51), 'denied'],
      ['"58" with -1/-1 is every icmpv6 type and code (echo request)', proto('2600:1f18::1', 'i-app', 58, 128, 0), 'allowed'],
      ['"58" with -1/-1 is every icmpv6 type and code (type 1 code 4)', proto('2600:1f18::1', 'i-app', 58, 1, 4), 'allowed'],
      ['"58" allows no IPv4 icmp', proto('203.0.113.5', 'i-app', 1, 8, 0), 'denied'],
    ]);
  });

  describe('a udp rule with from_port above to_port allows nothing', () => {
    table([
      ['udp 60 (inside 50-100 either way round)', udp('i-web', 'i-app', 60), 'denied'],
      ['udp 100', udp('i-web', 'i-app', 100), 'denied'],
    ]);
    it('and is warned about, naming the group', () => {
      const bad = snap.warnings.filter((w) => w.code === 'bad-rule');
      expect(bad.map((w) => w.subject)).toEqual(['sg-app']);
      expect(bad[0]?.message).toMatch(/from_port 100 greater than to_port 50/);
    });
  });

  describe('egress is exactly what the state lists', () => {
    table([
      ['the app egress tcp 5432 to 10.0.3.0/24 reaches 10.0.3.5', tcp('i-app', '10.0.3.5', 5432), 'allowed'],
      ['but not tcp 5433', tcp('i-app', '10.0.3.5', 5433), 'denied'],
      ['nor 8.8.8.8', tcp('i-app', '8.8.8.8', 5432), 'denied'],
      ['a group with egress [] starts nothing, not even to the internet', tcp('i-quiet', '203.0.113.5', 443), 'denied'],
      ['a group with egress [] still admits what its ingress allows (stateful replies need no egress)', tcp('i-web', 'i-quiet', 22), 'allowed'],
      ['a group with egress [] reaches no other endpoint', tcp('i-quiet', 'i-app', 443), 'denied'],
    ]);
  });

  describe('aws_default_security_group has exactly the rules it lists', () => {
    table([
      ['two members: the self ingress admits, but the group lists no egress', tcp('i-d1', 'i-d2', 22), 'denied'],
      ['an outside host at a neighbouring address carries no group', tcp('10.0.5.9', 'i-d2', 22), 'denied'],
      ['the web group is no member', tcp('i-web', 'i-d2', 22), 'denied'],
    ]);
    it('the default group gets no allow-all egress rule it does not list', () => {
      expect(snap.rules.filter((r) => r.groupId === 'sg-dflt').map((r) => r.direction)).toEqual(['ingress']);
      expect(snap.rules.filter((r) => r.groupId === 'sg-quiet').map((r) => r.direction)).toEqual(['ingress']);
    });
  });
});
