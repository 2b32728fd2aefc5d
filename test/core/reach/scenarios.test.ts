/**
 * Whole scenarios taken from the seed notes in /work/shared/seeds (a Terraform ALB/web example, the
 * "referencing other security groups" diagram, the default group, the custom-group examples of the
 * EC2 guide, an internal-only web server and a single-address SSH rule). Each scenario is rebuilt by
 * hand as a snapshot and every expected verdict is derived in the comment above it from the rules
 * listed in that scenario and the AWS semantics (allowed = source egress AND destination ingress;
 * stateful; allow-only; group references match private addresses of members only).
 */
import { describe, expect, it } from 'vitest';
import { analyzeFlows, buildReachIndex, queryReach } from '../../../src/core/reach';
import type { FlowGraph, ReachAnswer, ReachQuery, RuleRef, Verdict } from '../../../src/core/analysis-types';
import { cidr, ep, ip, q, qIcmp, qProto, sg, snapshot } from './builders';
import type { SnapshotBuilder } from './builders';

function engine(b: SnapshotBuilder) {
  const index = buildReachIndex(b.build());
  return { index, ask: (query: ReachQuery): ReachAnswer => queryReach(index, query) };
}

function expectVerdict(ask: (q: ReachQuery) => ReachAnswer, query: ReachQuery, verdict: Verdict): ReachAnswer {
  const answer = ask(query);
  const label = `${JSON.stringify(query)}: ${answer.explanation}`;
  expect(answer.verdict, label).toBe(verdict);
  expect(answer.allowed, label).toBe(verdict === 'allowed');
  return answer;
}

const ruleIds = (refs: RuleRef[]): string[] => refs.map((r) => r.ruleId).sort();
const internetIds = (g: FlowGraph): string[] => g.nodes.filter((n) => n.kind === 'internet').map((n) => n.id);

describe('scenarios from the seed notes', () => {
  it('an ALB group feeding a web server on 80 (Terraform web_server: ingress tcp 80 from the ALB group, egress all)', () => {
    // aws_security_group.web_server from the seed: ingress tcp 80-80 from sg-alb; egress protocol -1,
    // ports 0-0 (Terraform's spelling of "all"), to 0.0.0.0/0. The seed does not define the ALB group;
    // we give it the usual rules: 443 from the internet and all traffic out (Terraform drops AWS's
    // default egress rule, so it is written out).
    const { index, ask } = engine(
      snapshot()
        .subnet('subnet-a', '172.31.0.0/20')
        .subnet('subnet-b', '172.31.16.0/20')
        .ingress('sg-alb', 'tcp', 443, cidr('0.0.0.0/0'), { id: 'alb-in-443' })
        .egress('sg-alb', 'all', [0, 0], cidr('0.0.0.0/0'), { id: 'alb-out-all' })
        .ingress('sg-web', 'tcp', [80, 80], sg('sg-alb'), { id: 'web-in-80', description: 'Allow 80 from the ALB' })
        .egress('sg-web', 'all', [0, 0], cidr('0.0.0.0/0'), { id: 'web-out-all' })
        // As Terraform knows an ALB: subnets, no addresses.
        .endpoint('alb', { kind: 'load-balancer', groups: ['sg-alb'], subnets: ['subnet-a', 'subnet-b'], internetFacing: true })
        .endpoint('web', { groups: ['sg-web'], ipv4: ['172.31.1.20'], publicIpv4: ['54.10.0.20'], subnets: ['subnet-a'] }),
    );
    // alb -> web tcp 80: alb egress all to 0.0.0.0/0 contains 172.31.1.20; web ingress 80 from sg-alb
    // and the ALB carries sg-alb (its unknown address does not matter for a group reference).
    const a = expectVerdict(ask, q(ep('alb'), ep('web'), 'tcp', 80), 'allowed');
    expect(ruleIds(a.egress)).toEqual(['alb-out-all']);
    expect(ruleIds(a.ingress)).toEqual(['web-in-80']);
    // alb -> web tcp 22: web has no ingress on 22 ("Allow inbound traffic on tcp/80 & SSH 22" is only
    // the description; the rules open 80 alone).
    expect(expectVerdict(ask, q(ep('alb'), ep('web'), 'tcp', 22), 'denied').refusedBy).toEqual(['ingress']);
    // internet -> web tcp 80: an internet host carries no group, and sg-alb is web's only source.
    expectVerdict(ask, q(ip('203.0.113.50'), ep('web'), 'tcp', 80), 'denied');
    // internet -> alb tcp 443: alb ingress 443 from 0.0.0.0/0; external source, no egress check.
    expectVerdict(ask, q(ip('203.0.113.50'), ep('alb'), 'tcp', 443), 'allowed');
    // ... but only 443.
    expectVerdict(ask, q(ip('203.0.113.50'), ep('alb'), 'tcp', 80), 'denied');
    // web -> internet: egress all (ports 0-0 mean nothing for protocol -1).
    expectVerdict(ask, q(ep('web'), ip('203.0.113.50'), 'tcp', 443), 'allowed');
    expectVerdict(ask, q(ep('web'), ip('203.0.113.50'), 'udp', 123), 'allowed');

    // The flow graph: internet -> alb (tcp 443), alb -> web (tcp 80), and no internet -> web edge.
    const g = analyzeFlows(index).flows;
    const inet = internetIds(g);
    const albNode = g.memberOf['alb'];
    const webNode = g.memberOf['web'];
    const toAlb = g.edges.filter((e) => inet.includes(e.from) && e.to === albNode);
    expect(toAlb.flatMap((e) => e.ports.map((p) => [p.protocol, p.ranges]))).toEqual([[6, [[443, 443]]]]);
    const albWeb = g.edges.filter((e) => e.from === albNode && e.to === webNode);
    expect(albWeb.flatMap((e) => e.ports.map((p) => [p.protocol, p.ranges]))).toEqual([[6, [[80, 80]]]]);
    expect(g.edges.filter((e) => inet.includes(e.from) && e.to === webNode)).toEqual([]);
  });

  it('group 1 admits groups 1 and 2 but not 3, even from the same address range ("referencing other security groups")', () => {
    // The diagram: a larger instance with sg-1 whose ingress admits sg-1 and sg-2 (on SSH here); three
    // more instances in the same 10.0.1.0/24 with sg-1, sg-2 and sg-3. All groups egress everything.
    const { ask } = engine(
      snapshot()
        .subnet('subnet-1', '10.0.1.0/24')
        .ingress('sg-1', 'tcp', 22, sg('sg-1'), { id: 'sg1-in-sg1' })
        .ingress('sg-1', 'tcp', 22, sg('sg-2'), { id: 'sg1-in-sg2' })
        .egressAll('sg-1')
        .egressAll('sg-2')
        .egressAll('sg-3')
        .endpoint('big', { groups: ['sg-1'], ipv4: ['10.0.1.10'], subnets: ['subnet-1'] })
        .endpoint('with-sg1', { groups: ['sg-1'], ipv4: ['10.0.1.11'], subnets: ['subnet-1'] })
        .endpoint('with-sg2', { groups: ['sg-2'], ipv4: ['10.0.1.12'], subnets: ['subnet-1'] })
        .endpoint('with-sg3', { groups: ['sg-3'], ipv4: ['10.0.1.13'], subnets: ['subnet-1'] }),
    );
    // sg-1 member: egress all; ingress sg1-in-sg1 (self) matches.
    expect(ruleIds(expectVerdict(ask, q(ep('with-sg1'), ep('big'), 'tcp', 22), 'allowed').ingress)).toEqual(['sg1-in-sg1']);
    // sg-2 member: egress all; ingress sg1-in-sg2 matches.
    expect(ruleIds(expectVerdict(ask, q(ep('with-sg2'), ep('big'), 'tcp', 22), 'allowed').ingress)).toEqual(['sg1-in-sg2']);
    // sg-3 member: same subnet, but no rule names sg-3 and there is no CIDR rule at all.
    expect(expectVerdict(ask, q(ep('with-sg3'), ep('big'), 'tcp', 22), 'denied').refusedBy).toEqual(['ingress']);
    // The same question asked by address: 10.0.1.13 is with-sg3, still refused.
    expectVerdict(ask, q(ip('10.0.1.13'), ep('big'), 'tcp', 22), 'denied');
    // ... and 10.0.1.12 is with-sg2, admitted.
    expectVerdict(ask, q(ip('10.0.1.12'), ep('big'), 'tcp', 22), 'allowed');
    // The rules admit SSH only.
    expectVerdict(ask, q(ep('with-sg2'), ep('big'), 'tcp', 80), 'denied');
    // Only big's group has ingress: nobody reaches with-sg2 or with-sg3.
    expectVerdict(ask, q(ep('big'), ep('with-sg3'), 'tcp', 22), 'denied');
  });

  it("the default group's self rule: members reach each other on any protocol; a non-member in the same subnet and the internet are denied", () => {
    // Default group: ingress all traffic from sg-default itself; egress all to 0.0.0.0/0 and ::/0.
    const { ask } = engine(
      snapshot()
        .subnet('subnet-1', '10.0.1.0/24', 'vpc-1', '2600:1f18:0:1::/64')
        .ingress('sg-default', 'all', null, sg('sg-default'), { id: 'default-in-self' })
        .egress('sg-default', 'all', null, cidr('0.0.0.0/0'), { id: 'default-out-v4' })
        .egress('sg-default', 'all', null, cidr('::/0'), { id: 'default-out-v6' })
        .egressAll('sg-other')
        .endpoint('m1', { groups: ['sg-default'], ipv4: ['10.0.1.10'], ipv6: ['2600:1f18:0:1::10'], subnets: ['subnet-1'] })
        .endpoint('m2', { groups: ['sg-default'], ipv4: ['10.0.1.11'], ipv6: ['2600:1f18:0:1::11'], subnets: ['subnet-1'] })
        .endpoint('stranger', { groups: ['sg-other'], ipv4: ['10.0.1.12'], subnets: ['subnet-1'] }),
    );
    // m1 -> m2 (IPv4): egress all to 0.0.0.0/0 contains 10.0.1.11; ingress all from sg-default.
    expectVerdict(ask, q(ep('m1'), ep('m2'), 'tcp', 22), 'allowed');
    expectVerdict(ask, q(ep('m1'), ep('m2'), 'tcp', 3389), 'allowed');
    expectVerdict(ask, q(ep('m2'), ep('m1'), 'udp', 53), 'allowed');
    expectVerdict(ask, qIcmp(ep('m1'), ep('m2'), 'icmp', 8, 0), 'allowed');
    expectVerdict(ask, qProto(ep('m1'), ep('m2'), 47), 'allowed');
    const all = expectVerdict(ask, qProto(ep('m1'), ep('m2'), -1), 'allowed');
    expect(ruleIds(all.egress)).toEqual(['default-out-v4']);
    expect(ruleIds(all.ingress)).toEqual(['default-in-self']);
    // stranger -> m1: egress all, but sg-other is not sg-default.
    expectVerdict(ask, q(ep('stranger'), ep('m1'), 'tcp', 22), 'denied');
    expectVerdict(ask, qProto(ep('stranger'), ep('m1'), -1), 'denied');
    // An unknown host in the subnet and internet hosts (v4 and v6) carry no group.
    expectVerdict(ask, q(ip('10.0.1.99'), ep('m1'), 'tcp', 22), 'denied');
    expectVerdict(ask, q(ip('198.51.100.7'), ep('m1'), 'tcp', 443), 'denied');
    expectVerdict(ask, q(ip('2001:db8::7'), ep('m1'), 'tcp', 443), 'denied');
    // Members reach out to the internet on both families.
    expectVerdict(ask, q(ep('m1'), ip('198.51.100.7'), 'tcp', 443), 'allowed');
    expect(ruleIds(expectVerdict(ask, q(ep('m1'), ip('2001:db8::7'), 'tcp', 443), 'allowed').egress)).toEqual(['default-out-v6']);
  });

  it('outbound 1433 only to the database group (EC2 guide custom group: web 80/443 from anywhere, SQL Server out to the db group)', () => {
    // sg-web: ingress tcp 80 and 443 from 0.0.0.0/0, tcp 22 from "your network's public range"
    // (203.0.113.0/24 here); egress tcp 1433 to sg-db only. sg-db: ingress tcp 1433 from sg-web, no
    // egress. The db is an RDS instance as Terraform sees it: subnets known, address not.
    const { index, ask } = engine(
      snapshot()
        .subnet('subnet-web', '10.0.1.0/24')
        .subnet('subnet-db-a', '10.0.2.0/24')
        .subnet('subnet-db-b', '10.0.3.0/24')
        .ingress('sg-web', 'tcp', 80, cidr('0.0.0.0/0'), { id: 'web-in-80' })
        .ingress('sg-web', 'tcp', 443, cidr('0.0.0.0/0'), { id: 'web-in-443' })
        .ingress('sg-web', 'tcp', 22, cidr('203.0.113.0/24'), { id: 'web-in-22' })
        .egress('sg-web', 'tcp', 1433, sg('sg-db'), { id: 'web-out-1433' })
        .ingress('sg-db', 'tcp', 1433, sg('sg-web'), { id: 'db-in-1433' })
        .endpoint('web', { groups: ['sg-web'], ipv4: ['10.0.1.10'], publicIpv4: ['54.10.0.10'], subnets: ['subnet-web'] })
        .endpoint('db', { kind: 'database', groups: ['sg-db'], subnets: ['subnet-db-a', 'subnet-db-b'] }),
    );
    // web -> db 1433: egress to sg-db (db carries it); ingress 1433 from sg-web.
    const ok = expectVerdict(ask, q(ep('web'), ep('db'), 'tcp', 1433), 'allowed');
    expect(ruleIds(ok.egress)).toEqual(['web-out-1433']);
    expect(ruleIds(ok.ingress)).toEqual(['db-in-1433']);
    // web -> db 5432: web's only egress is 1433 (and db's only ingress too): egress refuses.
    expect(expectVerdict(ask, q(ep('web'), ep('db'), 'tcp', 5432), 'denied').refusedBy).toContain('egress');
    // web -> internet 443: no egress rule covers an external host.
    expect(expectVerdict(ask, q(ep('web'), ip('198.51.100.7'), 'tcp', 443), 'denied').refusedBy).toEqual(['egress']);
    // internet -> web 443: ingress from 0.0.0.0/0; the reply needs no egress (stateful).
    const inbound = expectVerdict(ask, q(ip('198.51.100.7'), ep('web'), 'tcp', 443), 'allowed');
    expect(inbound.egress).toEqual([]);
    expect(ruleIds(inbound.ingress)).toEqual(['web-in-443']);
    expectVerdict(ask, q(ip('198.51.100.7'), ep('web'), 'tcp', 80), 'allowed');
    // SSH only from the office range.
    expectVerdict(ask, q(ip('203.0.113.9'), ep('web'), 'tcp', 22), 'allowed');
    expectVerdict(ask, q(ip('198.51.100.7'), ep('web'), 'tcp', 22), 'denied');
    // The db cannot open connections (no egress), even towards web's open 443.
    expect(expectVerdict(ask, q(ep('db'), ep('web'), 'tcp', 443), 'denied').refusedBy).toEqual(['egress']);
    // And the internet cannot reach the db directly.
    expectVerdict(ask, q(ip('198.51.100.7'), ep('db'), 'tcp', 1433), 'denied');

    // Flows: internet -> web (tcp 80, 443), web -> db (tcp 1433), nothing out of web to the internet.
    const g = analyzeFlows(index).flows;
    const inet = internetIds(g);
    const webNode = g.memberOf['web'];
    const dbNode = g.memberOf['db'];
    const fromInternet = g.edges.filter((e) => inet.includes(e.from) && e.to === webNode);
    expect(fromInternet.flatMap((e) => e.ports.map((p) => [p.protocol, p.ranges]))).toEqual([[6, [[80, 80], [443, 443]]]]);
    const webDb = g.edges.filter((e) => e.from === webNode && e.to === dbNode);
    expect(webDb.flatMap((e) => e.ports.map((p) => [p.protocol, p.ranges]))).toEqual([[6, [[1433, 1433]]]]);
    expect(g.edges.filter((e) => e.from === webNode && inet.includes(e.to))).toEqual([]);
    expect(g.edges.filter((e) => e.from === dbNode)).toEqual([]);

    // Exposure: web is reachable from the internet on 80/443 (not an admin or database port) and from
    // the office range on SSH (an admin port); the db is not reachable from outside at all.
    const result = analyzeFlows(index);
    const webFromInternet = result.exposures.filter((x) => x.endpointId === 'web' && inet.includes(x.from));
    expect(webFromInternet).toHaveLength(1);
    expect(webFromInternet[0]?.ports.map((p) => [p.protocol, p.ranges])).toEqual([[6, [[80, 80], [443, 443]]]]);
    expect(webFromInternet[0]?.risky).toBe(false);
    const webSsh = result.exposures.filter((x) => x.endpointId === 'web' && !inet.includes(x.from));
    expect(webSsh.flatMap((x) => x.ports.map((p) => [p.protocol, p.ranges]))).toEqual([[6, [[22, 22]]]]);
    expect(webSsh.every((x) => x.risky)).toBe(true);
    expect(result.exposures.filter((x) => x.endpointId === 'db')).toEqual([]);
    expect(result.summary.internetExposedEndpoints).toBe(1);
  });

  it('80/443 open to 10.0.0.0/8 but not to the internet (internal application)', () => {
    // sg-intranet: ingress tcp 80 and 443 from 10.0.0.0/8; egress all (AWS default).
    // Clients: sg-client with egress all, one at 10.20.0.5 and one at 172.16.0.5.
    const { index, ask } = engine(
      snapshot()
        .ingress('sg-intranet', 'tcp', 80, cidr('10.0.0.0/8'), { id: 'intra-80' })
        .ingress('sg-intranet', 'tcp', 443, cidr('10.0.0.0/8'), { id: 'intra-443' })
        .egressAll('sg-intranet')
        .egressAll('sg-client')
        .endpoint('app', { groups: ['sg-intranet'], ipv4: ['10.0.1.10'] })
        .endpoint('client-10', { groups: ['sg-client'], ipv4: ['10.20.0.5'] })
        .endpoint('client-172', { groups: ['sg-client'], ipv4: ['172.16.0.5'] }),
    );
    // 10.1.2.3 is in 10/8.
    expectVerdict(ask, q(ip('10.1.2.3'), ep('app'), 'tcp', 80), 'allowed');
    expectVerdict(ask, q(ip('10.1.2.3'), ep('app'), 'tcp', 443), 'allowed');
    // 8.8.8.8 is not.
    expectVerdict(ask, q(ip('8.8.8.8'), ep('app'), 'tcp', 80), 'denied');
    // Right range, wrong port.
    expectVerdict(ask, q(ip('10.1.2.3'), ep('app'), 'tcp', 22), 'denied');
    // The edges of 10/8.
    expectVerdict(ask, q(ip('10.255.255.255'), ep('app'), 'tcp', 80), 'allowed');
    expectVerdict(ask, q(ip('11.0.0.0'), ep('app'), 'tcp', 80), 'denied');
    // Internal endpoints: client-10 is inside 10/8 and egresses everything; client-172 is outside.
    expectVerdict(ask, q(ep('client-10'), ep('app'), 'tcp', 80), 'allowed');
    expect(expectVerdict(ask, q(ep('client-172'), ep('app'), 'tcp', 80), 'denied').refusedBy).toEqual(['ingress']);

    // Flows: no internet -> app edge; client-10 -> app on tcp 80, 443; no client-172 -> app edge.
    const g = analyzeFlows(index).flows;
    const inet = internetIds(g);
    const appNode = g.memberOf['app'];
    expect(g.edges.filter((e) => inet.includes(e.from) && e.to === appNode)).toEqual([]);
    const c10 = g.edges.filter((e) => e.from === g.memberOf['client-10'] && e.to === appNode);
    expect(c10.flatMap((e) => e.ports.map((p) => [p.protocol, p.ranges]))).toEqual([[6, [[80, 80], [443, 443]]]]);
    expect(g.memberOf['client-10']).not.toBe(g.memberOf['client-172']);
    expect(g.edges.filter((e) => e.from === g.memberOf['client-172'] && e.to === appNode)).toEqual([]);
  });

  it('SSH from one /32 (203.0.113.1/32 on tcp 22)', () => {
    // The seed's inbound example: SSH, TCP, 22, source 203.0.113.1 (a /32).
    const { ask } = engine(
      snapshot()
        .ingress('sg-ssh', 'tcp', 22, cidr('203.0.113.1/32'), { id: 'ssh-one' })
        .egressAll('sg-ssh')
        .endpoint('host', { groups: ['sg-ssh'], ipv4: ['10.0.1.10'], publicIpv4: ['54.10.0.10'] }),
    );
    expect(ruleIds(expectVerdict(ask, q(ip('203.0.113.1'), ep('host'), 'tcp', 22), 'allowed').ingress)).toEqual(['ssh-one']);
    // Neighbours of the one address.
    expectVerdict(ask, q(ip('203.0.113.2'), ep('host'), 'tcp', 22), 'denied');
    expectVerdict(ask, q(ip('203.0.113.0'), ep('host'), 'tcp', 22), 'denied');
    // The right address on another port.
    expectVerdict(ask, q(ip('203.0.113.1'), ep('host'), 'tcp', 80), 'denied');
    expectVerdict(ask, q(ip('203.0.113.1'), ep('host'), 'udp', 22), 'denied');
  });
});
