/**
 * One test per AWS security-group semantic the reachability engine must apply, each checked against
 * an expectation worked out by hand from the EC2 user guide ("Security group rules", "Security group
 * rules for different use cases") and the AuthorizeSecurityGroupIngress/Egress API reference, never
 * from the engine's own output. Every snapshot is built by hand (builders.ts) so the rules that
 * decide each verdict are on the page next to the expectation. When one of these fails, read the
 * comment above the assertion: it says which AWS rule the expectation comes from.
 */
import { describe, expect, it } from 'vitest';
import { analyzeFlows, buildReachIndex, explainEdge, queryReach } from '../../../src/core/reach';
import { explainPair } from '../../../src/core/reach/explain-pair';
import { resolveRef } from '../../../src/core/reach/resolve-ref';
import { mergeSnapshots } from '../../../src/core/import/merge';
import type { FlowGraph, FlowNode, ReachAnswer, ReachQuery, RuleRef, Verdict } from '../../../src/core/analysis-types';
import { cidr, ep, ip, pl, q, qIcmp, qProto, sg, snapshot } from './builders';
import type { SnapshotBuilder } from './builders';
import type { Snapshot } from '../../../src/core/model';

const ALL = -1;
const GRE = 47;
const ESP = 50;
const AH = 51;

/**
 * Drops a group's definition from a built snapshot, as an input that only references it would (the
 * builder defines every group it sees), merges it as the importers do, and returns the merged
 * snapshot with a query function over it.
 */
function withoutDefinition(built: Snapshot, groupId: string): { merged: Snapshot; ask: (query: ReachQuery) => ReachAnswer } {
  built.groups = built.groups.filter((g) => g.id !== groupId);
  const merged = mergeSnapshots([built]);
  const index = buildReachIndex(merged);
  return { merged, ask: (query) => queryReach(index, query) };
}

/**
 * A NAT gateway and a network load balancer made without groups (both unfiltered) between app and
 * db: app's egress reaches their subnet by CIDR on tcp 443, db's ingress admits that subnet on tcp
 * 5432; app's tcp 80 goes to `appPeer` by group reference and db's tcp 6432 admits sg-app, neither
 * of which can concern them.
 */
function natWorld(appPeer: string): SnapshotBuilder {
  return snapshot()
    .egress('sg-app', 'tcp', 443, cidr('10.0.3.0/24'))
    .egress('sg-app', 'tcp', 80, sg(appPeer))
    .ingress('sg-db', 'tcp', 5432, cidr('10.0.3.0/24'))
    .ingress('sg-db', 'tcp', 6432, sg('sg-app'))
    .endpoint('app', { groups: ['sg-app'], ipv4: ['10.0.1.5'] })
    .endpoint('db', { groups: ['sg-db'], ipv4: ['10.0.2.9'] })
    .endpoint('nat', { kind: 'nat', groups: [], ipv4: ['10.0.3.7'], unfiltered: true })
    .endpoint('nlb', { kind: 'load-balancer', groups: [], ipv4: ['10.0.3.9'], unfiltered: true });
}

/** Builds the index once and returns a query function, so each test reads as a list of questions. */
function engine(b: SnapshotBuilder): (query: ReachQuery) => ReachAnswer {
  const index = buildReachIndex(b.build());
  return (query) => queryReach(index, query);
}

function describeQuery(query: ReachQuery): string {
  const loc = (l: ReachQuery['from']): string =>
    'endpointId' in l ? `${l.endpointId}${l.address ? `@${l.address}` : ''}` : l.address;
  const what =
    query.port !== undefined
      ? `proto ${query.protocol} port ${query.port}`
      : query.icmpType !== undefined
        ? `proto ${query.protocol} type ${query.icmpType} code ${query.icmpCode ?? -1}`
        : `proto ${query.protocol}`;
  return `${loc(query.from)} -> ${loc(query.to)} ${what}`;
}

/** Asserts the verdict (and the matching `allowed` flag) with the question in the failure message. */
function expectVerdict(ask: (q: ReachQuery) => ReachAnswer, query: ReachQuery, verdict: Verdict): ReachAnswer {
  const answer = ask(query);
  const label = `${describeQuery(query)}: ${answer.explanation}`;
  expect(answer.verdict, label).toBe(verdict);
  if (verdict !== 'depends') expect(answer.allowed, label).toBe(verdict === 'allowed');
  return answer;
}

const ruleIds = (refs: RuleRef[]): string[] => refs.map((r) => r.ruleId).sort();

describe('AWS security group semantics', () => {
  it('allowed requires the source egress AND the destination ingress; an external source needs only ingress, an external destination only egress', () => {
    const ask = engine(
      snapshot()
        .egressAll('sg-a')
        .ingress('sg-b', 'tcp', 80, sg('sg-a'))
        .ingress('sg-b', 'tcp', 80, sg('sg-mute'))
        .ingress('sg-open', 'tcp', 80, cidr('0.0.0.0/0'))
        .endpoint('i-a', { groups: ['sg-a'], ipv4: ['10.0.1.10'] })
        .endpoint('i-b', { groups: ['sg-b'], ipv4: ['10.0.2.20'] })
        // sg-mute has no egress rule at all.
        .endpoint('i-mute', { groups: ['sg-mute'], ipv4: ['10.0.1.30'] })
        .endpoint('i-open', { groups: ['sg-open'], ipv4: ['10.0.2.40'] }),
    );
    // Egress all to 0.0.0.0/0 contains 10.0.2.20; ingress tcp 80 from sg-a and i-a carries sg-a.
    expectVerdict(ask, q(ep('i-a'), ep('i-b'), 'tcp', 80), 'allowed');
    // Egress allows anything, but i-b has no ingress on 81.
    expectVerdict(ask, q(ep('i-a'), ep('i-b'), 'tcp', 81), 'denied');
    // i-b admits sg-mute on 80, but i-mute has no egress rule: the outbound side must allow it too.
    expectVerdict(ask, q(ep('i-mute'), ep('i-b'), 'tcp', 80), 'denied');
    // An external source has no groups, so only i-open's ingress (80 from 0.0.0.0/0) decides.
    const fromOutside = expectVerdict(ask, q(ip('198.51.100.7'), ep('i-open'), 'tcp', 80), 'allowed');
    expect(fromOutside.egress).toEqual([]);
    // An external destination has no groups, so only i-a's egress decides.
    const toOutside = expectVerdict(ask, q(ep('i-a'), ip('198.51.100.7'), 'tcp', 443), 'allowed');
    expect(toOutside.ingress).toEqual([]);
    // ... and i-mute's missing egress refuses it.
    expectVerdict(ask, q(ep('i-mute'), ip('198.51.100.7'), 'tcp', 443), 'denied');
    // An external source is not in sg-a, so i-b refuses it.
    expectVerdict(ask, q(ip('198.51.100.7'), ep('i-b'), 'tcp', 80), 'denied');
  });

  it('security groups are stateful: return traffic is not checked (A->B allowed with B having no egress at all)', () => {
    // EC2 guide: "Responses to allowed inbound traffic are allowed to flow out, regardless of outbound rules."
    const ask = engine(
      snapshot()
        .egressAll('sg-a')
        .ingress('sg-b', 'tcp', 443, sg('sg-a'))
        .endpoint('i-a', { groups: ['sg-a'], ipv4: ['10.0.1.10'] })
        .endpoint('i-b', { groups: ['sg-b'], ipv4: ['10.0.2.20'] }),
    );
    expectVerdict(ask, q(ep('i-a'), ep('i-b'), 'tcp', 443), 'allowed');
    // The reverse direction is a new connection, not a reply: sg-b has no egress and sg-a no ingress.
    expectVerdict(ask, q(ep('i-b'), ep('i-a'), 'tcp', 443), 'denied');
  });

  it('rules only allow; several groups on one endpoint are a union', () => {
    const ask = engine(
      snapshot()
        .ingress('sg-web', 'tcp', 80, cidr('0.0.0.0/0'))
        .ingress('sg-admin', 'tcp', 22, cidr('10.0.0.0/8'))
        .egress('sg-e1', 'tcp', 443, cidr('0.0.0.0/0'))
        .egress('sg-e2', 'udp', 53, cidr('10.0.0.0/8'))
        // sg-empty has no rules at all: attaching it can take nothing away.
        .group('sg-empty')
        .endpoint('i-multi', { groups: ['sg-web', 'sg-admin', 'sg-empty'], ipv4: ['10.0.1.10'] })
        .endpoint('i-bare', { groups: ['sg-empty'], ipv4: ['10.0.1.11'] })
        .endpoint('i-src', { groups: ['sg-e1', 'sg-e2', 'sg-empty'], ipv4: ['10.0.1.12'] }),
    );
    // 80 comes from sg-web, 22 (from inside 10/8) from sg-admin: the union admits both.
    expectVerdict(ask, q(ip('10.1.1.1'), ep('i-multi'), 'tcp', 80), 'allowed');
    expectVerdict(ask, q(ip('10.1.1.1'), ep('i-multi'), 'tcp', 22), 'allowed');
    expectVerdict(ask, q(ip('198.51.100.7'), ep('i-multi'), 'tcp', 80), 'allowed');
    // 22 from outside 10/8: no group on i-multi allows it.
    expectVerdict(ask, q(ip('198.51.100.7'), ep('i-multi'), 'tcp', 22), 'denied');
    // The empty group on its own admits nothing (no inbound rules = no inbound traffic).
    expectVerdict(ask, q(ip('10.1.1.1'), ep('i-bare'), 'tcp', 80), 'denied');
    // Egress is a union too: 443 anywhere from sg-e1, udp 53 inside 10/8 from sg-e2, nothing else.
    expectVerdict(ask, q(ep('i-src'), ip('198.51.100.7'), 'tcp', 443), 'allowed');
    expectVerdict(ask, q(ep('i-src'), ip('10.0.0.2'), 'udp', 53), 'allowed');
    expectVerdict(ask, q(ep('i-src'), ip('198.51.100.7'), 'udp', 53), 'denied');
  });

  it('an empty egress list denies all outbound (a group with no egress rules)', () => {
    // EC2 guide: "If your security group has no outbound rules, no outbound traffic that originates
    // from your instance is allowed." (Terraform also drops AWS's default egress rule.)
    const ask = engine(
      snapshot()
        .ingress('sg-n', 'all', null, cidr('0.0.0.0/0'))
        .ingress('sg-open', 'all', null, cidr('0.0.0.0/0'))
        .endpoint('i-n', { groups: ['sg-n'], ipv4: ['10.0.1.10'] })
        .endpoint('i-open', { groups: ['sg-open'], ipv4: ['10.0.1.20'] }),
    );
    expectVerdict(ask, q(ep('i-n'), ip('198.51.100.7'), 'tcp', 443), 'denied');
    expectVerdict(ask, q(ep('i-n'), ip('10.0.0.2'), 'udp', 53), 'denied');
    expectVerdict(ask, qIcmp(ep('i-n'), ip('198.51.100.7'), 'icmp', 8, 0), 'denied');
    // Even towards a destination that admits everything.
    expectVerdict(ask, q(ep('i-n'), ep('i-open'), 'tcp', 443), 'denied');
    // Inbound is unaffected by the missing egress (stateful replies).
    expectVerdict(ask, q(ip('198.51.100.7'), ep('i-n'), 'tcp', 443), 'allowed');
  });

  it('the default egress rule (all traffic to 0.0.0.0/0, which AWS adds to every new group) lets the endpoint start any IPv4 connection, opens nothing inbound, and covers IPv6 only with its own ::/0 rule', () => {
    // EC2 guide: "By default, a security group includes an outbound rule that allows all outbound
    // traffic" (described as IpProtocol -1 to 0.0.0.0/0) and "When you create a security group, it
    // has no inbound rules." IPv6 needs its own ::/0 rule (the seed's default group lists both). The
    // destination's ingress still applies.
    const ask = engine(
      snapshot()
        // A group as AWS creates it: the default egress rule and nothing else.
        .egressAll('sg-new')
        // The same plus an all-traffic rule to ::/0.
        .egressAll('sg-new6')
        .egress('sg-new6', 'all', null, cidr('::/0'))
        .ingress('sg-dest', 'tcp', 443, cidr('10.0.0.0/8'))
        .group('sg-closed')
        .endpoint('i-new', { groups: ['sg-new'], ipv4: ['10.0.1.10'], ipv6: ['2600:1f18::10'] })
        .endpoint('i-new6', { groups: ['sg-new6'], ipv4: ['10.0.1.11'], ipv6: ['2600:1f18::11'] })
        .endpoint('i-dest', { groups: ['sg-dest'], ipv4: ['10.0.2.20'] })
        .endpoint('i-closed', { groups: ['sg-closed'], ipv4: ['10.0.2.30'] }),
    );
    const outside = ip('198.51.100.7');
    // Any protocol and port to any IPv4 host: -1 to 0.0.0.0/0 contains them all; no ingress side.
    for (const query of [
      q(ep('i-new'), outside, 'tcp', 443),
      q(ep('i-new'), outside, 'tcp', 0),
      q(ep('i-new'), ip('10.9.9.9'), 'udp', 65535),
      qIcmp(ep('i-new'), outside, 'icmp', 8, 0),
      qProto(ep('i-new'), outside, GRE),
      qProto(ep('i-new'), outside, ALL),
    ]) {
      expectVerdict(ask, query, 'allowed');
    }
    // Towards an endpoint the destination's ingress decides: 443 from 10/8 yes, 22 no, a group
    // without rules nothing.
    expectVerdict(ask, q(ep('i-new'), ep('i-dest'), 'tcp', 443), 'allowed');
    expect(expectVerdict(ask, q(ep('i-new'), ep('i-dest'), 'tcp', 22), 'denied').refusedBy).toEqual(['ingress']);
    expect(expectVerdict(ask, q(ep('i-new'), ep('i-closed'), 'tcp', 443), 'denied').refusedBy).toEqual(['ingress']);
    // 0.0.0.0/0 is IPv4 only: i-new speaks IPv6 from 2600:1f18::10, which its egress does not allow.
    expect(expectVerdict(ask, q(ep('i-new'), ip('2001:db8::7'), 'tcp', 443), 'denied').refusedBy).toEqual(['egress']);
    expectVerdict(ask, q(ep('i-new6'), ip('2001:db8::7'), 'tcp', 443), 'allowed');
    // The default rule is outbound only: nothing reaches the new group's endpoint.
    expectVerdict(ask, q(outside, ep('i-new'), 'tcp', 443), 'denied');
    expectVerdict(ask, q(ep('i-new6'), ep('i-new'), 'tcp', 443), 'denied');
  });

  it('a CIDR peer matches addresses it contains, in the same family only (0.0.0.0/0 does not admit IPv6; ::/0 does not admit IPv4)', () => {
    const ask = engine(
      snapshot()
        .ingress('sg-v4in', 'tcp', 80, cidr('0.0.0.0/0'))
        .ingress('sg-v6in', 'tcp', 80, cidr('::/0'))
        .ingress('sg-narrow', 'tcp', 22, cidr('10.0.0.0/16'))
        .ingress('sg-narrow', 'tcp', 22, cidr('2001:db8:1::/64'))
        .egress('sg-e4', 'all', null, cidr('0.0.0.0/0'))
        .egress('sg-e6', 'all', null, cidr('::/0'))
        .endpoint('i-v4', { groups: ['sg-v4in'], ipv4: ['10.0.1.10'], ipv6: ['2600:1f18::10'] })
        .endpoint('i-v6', { groups: ['sg-v6in'], ipv4: ['10.0.1.11'], ipv6: ['2600:1f18::11'] })
        .endpoint('i-narrow', { groups: ['sg-narrow'], ipv4: ['10.0.1.12'], ipv6: ['2600:1f18::12'] })
        .endpoint('i-e4', { groups: ['sg-e4'], ipv4: ['10.0.1.13'], ipv6: ['2600:1f18::13'] })
        .endpoint('i-e6', { groups: ['sg-e6'], ipv4: ['10.0.1.14'], ipv6: ['2600:1f18::14'] }),
    );
    expectVerdict(ask, q(ip('198.51.100.7'), ep('i-v4'), 'tcp', 80), 'allowed');
    expectVerdict(ask, q(ip('2001:db8::7'), ep('i-v4'), 'tcp', 80), 'denied');
    expectVerdict(ask, q(ip('2001:db8::7'), ep('i-v6'), 'tcp', 80), 'allowed');
    expectVerdict(ask, q(ip('198.51.100.7'), ep('i-v6'), 'tcp', 80), 'denied');
    // Containment at the edges of a /16 and a /64.
    expectVerdict(ask, q(ip('10.0.0.0'), ep('i-narrow'), 'tcp', 22), 'allowed');
    expectVerdict(ask, q(ip('10.0.255.255'), ep('i-narrow'), 'tcp', 22), 'allowed');
    expectVerdict(ask, q(ip('10.1.0.0'), ep('i-narrow'), 'tcp', 22), 'denied');
    expectVerdict(ask, q(ip('9.255.255.255'), ep('i-narrow'), 'tcp', 22), 'denied');
    expectVerdict(ask, q(ip('2001:db8:1::ffff'), ep('i-narrow'), 'tcp', 22), 'allowed');
    expectVerdict(ask, q(ip('2001:db8:2::1'), ep('i-narrow'), 'tcp', 22), 'denied');
    // The same holds for egress destinations.
    expectVerdict(ask, q(ep('i-e4'), ip('198.51.100.7'), 'tcp', 443), 'allowed');
    expectVerdict(ask, q(ep('i-e4'), ip('2001:db8::7'), 'tcp', 443), 'denied');
    expectVerdict(ask, q(ep('i-e6'), ip('2001:db8::7'), 'tcp', 443), 'allowed');
    expectVerdict(ask, q(ep('i-e6'), ip('198.51.100.7'), 'tcp', 443), 'denied');
  });

  it('a prefix list matches any of its entries (and not an address outside them)', () => {
    const ask = engine(
      snapshot()
        .prefixList('pl-123', ['192.0.2.0/24', '198.51.100.0/25'], 'partners')
        .ingress('sg-p', 'tcp', 443, pl('pl-123'))
        .egress('sg-s', 'tcp', 443, pl('pl-123'))
        // A list the snapshot does not define has unknown entries: it may hold any address (model.ts).
        .ingress('sg-u', 'tcp', 443, pl('pl-missing'))
        .endpoint('i-p', { groups: ['sg-p'], ipv4: ['10.0.1.10'] })
        .endpoint('i-s', { groups: ['sg-s'], ipv4: ['10.0.1.11'] })
        .endpoint('i-u', { groups: ['sg-u'], ipv4: ['10.0.1.12'] }),
    );
    expectVerdict(ask, q(ip('192.0.2.77'), ep('i-p'), 'tcp', 443), 'allowed');
    expectVerdict(ask, q(ip('198.51.100.100'), ep('i-p'), 'tcp', 443), 'allowed');
    // 198.51.100.200 is in the /24 but outside the /25 entry.
    expectVerdict(ask, q(ip('198.51.100.200'), ep('i-p'), 'tcp', 443), 'denied');
    expectVerdict(ask, q(ip('203.0.113.5'), ep('i-p'), 'tcp', 443), 'denied');
    expectVerdict(ask, q(ep('i-s'), ip('192.0.2.1'), 'tcp', 443), 'allowed');
    expectVerdict(ask, q(ep('i-s'), ip('203.0.113.5'), 'tcp', 443), 'denied');
    expectVerdict(ask, q(ip('192.0.2.77'), ep('i-u'), 'tcp', 443), 'depends');
    expectVerdict(ask, q(ip('192.0.2.77'), ep('i-u'), 'tcp', 444), 'denied');
  });

  it("a group reference matches an endpoint carrying that group at its private address only: never its public/elastic IP, never an external host inside the same range", () => {
    // EC2 guide: "Incoming traffic is allowed based on the private IP addresses of the network
    // interfaces that are associated with the source security group (and not the public IP or
    // Elastic IP addresses)."
    const ask = engine(
      snapshot()
        .egressAll('sg-a')
        .ingress('sg-b', 'tcp', 22, sg('sg-a'))
        .ingress('sg-b', 'tcp', 443, cidr('0.0.0.0/0'))
        .egress('sg-c', 'tcp', 443, sg('sg-b'))
        .endpoint('i-a', { groups: ['sg-a'], ipv4: ['10.0.1.10'], publicIpv4: ['54.10.0.10'], subnets: ['subnet-1'] })
        .endpoint('i-b', { groups: ['sg-b'], ipv4: ['10.0.2.20'], publicIpv4: ['54.20.0.20'], subnets: ['subnet-2'] })
        .endpoint('i-c', { groups: ['sg-c'], ipv4: ['10.0.1.30'], subnets: ['subnet-1'] })
        .subnet('subnet-1', '10.0.1.0/24')
        .subnet('subnet-2', '10.0.2.0/24'),
    );
    expectVerdict(ask, q(ep('i-a'), ep('i-b'), 'tcp', 22), 'allowed');
    // i-a's elastic IP seen as a plain source address: an external host with no groups.
    expectVerdict(ask, q(ip('54.10.0.10'), ep('i-b'), 'tcp', 22), 'denied');
    // i-a explicitly at its public address: the group reference still does not match.
    expectVerdict(ask, q(ep('i-a', '54.10.0.10'), ep('i-b'), 'tcp', 22), 'denied');
    // An unknown host inside i-a's own subnet carries no group.
    expectVerdict(ask, q(ip('10.0.1.99'), ep('i-b'), 'tcp', 22), 'denied');
    // Egress to a group: i-b at its private address yes, at its public address no.
    expectVerdict(ask, q(ep('i-c'), ep('i-b'), 'tcp', 443), 'allowed');
    expectVerdict(ask, q(ep('i-c'), ip('54.20.0.20'), 'tcp', 443), 'denied');
    expectVerdict(ask, q(ep('i-c'), ep('i-b', '54.20.0.20'), 'tcp', 443), 'denied');
    expectVerdict(ask, q(ep('i-c'), ip('10.0.2.99'), 'tcp', 443), 'denied');
  });

  it('a destination reached at its public IP sees the source at a public address: a rule naming only private blocks never admits it', () => {
    // Traffic to a public or elastic IP goes through the internet gateway, which passes only public
    // source addresses: the sender's own public IP, else its NAT's elastic IP (VPC user guide,
    // "Internet gateways" and "NAT gateways"). Without a public IP the sender's address is not
    // known, but it is outside 10.0.0.0/8 and the other private blocks.
    const ask = engine(
      snapshot()
        .egressAll('sg-app')
        .ingress('sg-pub', 'tcp', 22, cidr('10.0.0.0/8'))
        .ingress('sg-pub', 'tcp', 80, cidr('0.0.0.0/0'))
        .ingress('sg-pub', 'tcp', 443, cidr('52.0.0.0/8'))
        .endpoint('app', { groups: ['sg-app'], ipv4: ['10.0.1.5'] })
        .endpoint('app-public', { groups: ['sg-app'], ipv4: ['10.0.1.6'], publicIpv4: ['52.1.2.3'] })
        .endpoint('web', { groups: ['sg-pub'], ipv4: ['10.0.2.9'], publicIpv4: ['54.9.9.9'] }),
    );
    // At its private address the private rule decides, as always.
    expectVerdict(ask, q(ep('app'), ep('web'), 'tcp', 22), 'allowed');
    // At its public address: the private block cannot hold the source, 0.0.0.0/0 does, and a public
    // block may or may not (the NAT's address is not in the inputs).
    expectVerdict(ask, q(ep('app'), ip('54.9.9.9'), 'tcp', 22), 'denied');
    expectVerdict(ask, q(ep('app'), ip('54.9.9.9'), 'tcp', 80), 'allowed');
    expectVerdict(ask, q(ep('app'), ip('54.9.9.9'), 'tcp', 443), 'depends');
    // A sender with its own public IP is seen there.
    expectVerdict(ask, q(ep('app-public'), ip('54.9.9.9'), 'tcp', 443), 'allowed');
    expectVerdict(ask, q(ep('app-public'), ip('54.9.9.9'), 'tcp', 22), 'denied');
    // The answer says where the destination sees the source.
    expect(ask(q(ep('app'), ip('54.9.9.9'), 'tcp', 22)).explanation).toContain('at a public address not in the inputs');
    expect(ask(q(ep('app-public'), ip('54.9.9.9'), 'tcp', 22)).explanation).toContain('through the internet it sees app-public at its public address 52.1.2.3');
    expect(ask(q(ip('10.0.1.6'), ip('54.9.9.9'), 'tcp', 22)).explanation).toContain('through the internet it sees app-public at its public address 52.1.2.3)');
    expect(ask(q(ep('app'), ep('web'), 'tcp', 22)).explanation).not.toContain('through the internet');
    // An outside host at a private address (unmanaged, beside app in the VPC, or in an office
    // network) crosses the gateway the same way, from a public address; one at a public address
    // is seen at it.
    expectVerdict(ask, q(ip('10.0.1.250'), ip('54.9.9.9'), 'tcp', 22), 'denied');
    expectVerdict(ask, q(ip('10.0.1.250'), ep('web'), 'tcp', 22), 'allowed');
    expectVerdict(ask, q(ip('192.168.7.7'), ip('54.9.9.9'), 'tcp', 80), 'allowed');
    expectVerdict(ask, q(ip('192.168.7.7'), ip('54.9.9.9'), 'tcp', 443), 'depends');
    expectVerdict(ask, q(ip('52.7.7.7'), ip('54.9.9.9'), 'tcp', 443), 'allowed');
    expectVerdict(ask, q(ip('8.8.8.8'), ip('54.9.9.9'), 'tcp', 443), 'denied');
    expect(ask(q(ip('10.0.1.250'), ip('54.9.9.9'), 'tcp', 22)).explanation).toContain('through the internet it sees 10.0.1.250 at a public address not in the inputs');
    expect(ask(q(ip('52.7.7.7'), ip('54.9.9.9'), 'tcp', 443)).explanation).not.toContain('through the internet');
  });

  it('an outside host asking for an endpoint at a private address is told the internet does not route there, and where it reaches the endpoint', () => {
    // The rules decide what an interface admits, not what can be delivered to it: a packet from the
    // internet reaches an instance only at its public or elastic IP (VPC user guide, "Internet
    // gateways"), so "allowed" at a private address needs a word beside it.
    const open = (b: ReturnType<typeof snapshot>) => b.ingress('sg-open', 'tcp', 443, cidr('0.0.0.0/0'));
    const ask = engine(
      open(snapshot())
        .endpoint('web', { groups: ['sg-open'], ipv4: ['10.0.2.9'], publicIpv4: ['54.9.9.9'] })
        .endpoint('db', { groups: ['sg-open'], ipv4: ['10.0.3.9'] })
        .endpoint('alb', { kind: 'load-balancer', groups: ['sg-open'], ipv4: ['10.0.4.9'], internetFacing: true })
        .endpoint('planned', { groups: ['sg-open'], ipv4: ['10.0.5.9'], publicIpUnknown: true }),
    );
    const note = (to: string) => ask(q(ip('8.8.8.8'), ep(to), 'tcp', 443)).explanation;
    expectVerdict(ask, q(ip('8.8.8.8'), ep('db'), 'tcp', 443), 'allowed');
    expect(note('web')).toContain('10.0.2.9 is a private address, which the internet does not route to: from there web is reached at its public address 54.9.9.9; ask about that address.');
    expect(note('db')).toContain('10.0.3.9 is a private address, which the internet does not route to: db has no public address in the inputs, so an outside host gets there only through something in between (a load balancer, a VPN, a peering).');
    expect(note('alb')).toContain('alb is internet-facing and is reached at its public addresses, which the inputs do not give.');
    expect(note('planned')).toContain("planned's public address is not known until it is created.");
    // Not said at the public address itself, nor for a private source, nor when it is denied.
    expect(ask(q(ip('8.8.8.8'), ip('54.9.9.9'), 'tcp', 443)).explanation).not.toContain('does not route');
    expect(ask(q(ip('10.9.9.9'), ep('db'), 'tcp', 443)).explanation).not.toContain('does not route');
    expect(ask(q(ip('8.8.8.8'), ep('db'), 'tcp', 22)).explanation).not.toContain('does not route');
  });

  it('icmpv6 between two endpoints that have IPv6 is asked at their IPv6 addresses, not their primary IPv4 ones', () => {
    // ICMPv6 is IPv6's own protocol (next header 58); asked at the primary IPv4 addresses it would
    // weigh IPv4 rules for traffic that cannot exist there.
    const ask = engine(
      snapshot()
        .egressAll('sg-web')
        .egress('sg-web', 'all', null, cidr('::/0'))
        .ingress('sg-app', 'icmpv6', [128, -1], cidr('2600:1f18:abcd:1201::/64'))
        .ingress('sg-app', 'icmp', [8, -1], cidr('10.0.1.0/24'))
        .endpoint('web', { groups: ['sg-web'], ipv4: ['10.0.1.10'], ipv6: ['2600:1f18:abcd:1201::10'] })
        .endpoint('app', { groups: ['sg-app'], ipv4: ['10.0.2.20'], ipv6: ['2600:1f18:abcd:1202::20'] })
        .endpoint('v4-only', { groups: ['sg-web'], ipv4: ['10.0.1.11'] }),
    );
    const ping6 = { from: ep('web'), to: ep('app'), protocol: 58, icmpType: 128, icmpCode: 0 };
    const answer = ask(ping6);
    expect([answer.verdict, answer.fromAddress, answer.toAddress]).toEqual(['allowed', '2600:1f18:abcd:1201::10', '2600:1f18:abcd:1202::20']);
    // ICMP (v4) between the same two stays at their IPv4 addresses.
    expect(ask({ from: ep('web'), to: ep('app'), protocol: 1, icmpType: 8, icmpCode: 0 }).toAddress).toBe('10.0.2.20');
    // With a side that has no IPv6 address the question stays at the IPv4 ones, where the rules
    // are weighed as written (app admits no icmpv6 from an IPv4 block), as the flow graph weighs them.
    const none = ask({ ...ping6, from: ep('v4-only') });
    expect([none.verdict, none.toAddress]).toEqual(['denied', '10.0.2.20']);
  });

  it('an icmp rule allows no IPv6 traffic and an icmpv6 rule no IPv4 traffic, whatever its peer', () => {
    // ICMP is protocol 1 of IPv4; IPv6 has its own, ICMPv6 (58). AWS accepts an icmp rule with an
    // IPv6 block, and it "applies cleanly but doesn't do anything since IPv6-ICMP is a different
    // protocol" (terraform-provider-aws #9569); likewise icmpv6 with an IPv4 block. All traffic (-1)
    // stays all traffic in both families.
    //   h1, h2: dual-stack, sg-a: ingress icmp from ::/0 and icmpv6 from 10.0.0.0/8 (both do
    //           nothing); egress all traffic to 0.0.0.0/0 and ::/0.
    //   h3: IPv6 only, sg-b: ingress icmp and icmpv6 from sg-a. Only the icmpv6 rule can match
    //       h1 and h2, at their IPv6 addresses (h3 has no IPv4 to be reached at).
    //   h4: dual-stack, sg-c: ingress all traffic from ::/0.
    const b = snapshot()
      .ingress('sg-a', 'icmp', [-1, -1], cidr('::/0'), { id: 'a-icmp-v6block' })
      .ingress('sg-a', 'icmpv6', [-1, -1], cidr('10.0.0.0/8'), { id: 'a-icmpv6-v4block' })
      .egressAll('sg-a')
      .egress('sg-a', 'all', null, cidr('::/0'))
      .ingress('sg-b', 'icmp', [-1, -1], sg('sg-a'), { id: 'b-icmp-from-a' })
      .ingress('sg-b', 'icmpv6', [-1, -1], sg('sg-a'), { id: 'b-icmpv6-from-a' })
      .ingress('sg-c', 'all', null, cidr('::/0'), { id: 'c-all-v6' })
      .endpoint('h1', { groups: ['sg-a'], ipv4: ['10.0.1.10'], ipv6: ['2001:db8::10'] })
      .endpoint('h2', { groups: ['sg-a'], ipv4: ['10.0.1.11'], ipv6: ['2001:db8::11'] })
      .endpoint('h3', { groups: ['sg-b'], ipv6: ['2001:db8::12'] })
      .endpoint('h4', { groups: ['sg-c'], ipv4: ['10.0.1.13'], ipv6: ['2001:db8::13'] });
    const ask = engine(b);
    expectVerdict(ask, qIcmp(ip('2001:db8::99'), ep('h1'), 'icmp'), 'denied');
    expectVerdict(ask, qIcmp(ip('2001:db8::99'), ep('h1'), 'icmpv6'), 'denied');
    expectVerdict(ask, qIcmp(ip('10.9.9.9'), ep('h1'), 'icmpv6'), 'denied');
    expectVerdict(ask, qIcmp(ep('h1'), ep('h3'), 'icmp'), 'denied');
    const v6 = expectVerdict(ask, qIcmp(ep('h1'), ep('h3'), 'icmpv6', 128, 0), 'allowed');
    expect(ruleIds(v6.ingress)).toEqual(['b-icmpv6-from-a']);
    // All traffic from ::/0 lets any protocol through over IPv6, protocol 1 included.
    expectVerdict(ask, qIcmp(ip('2001:db8::99'), ep('h4'), 'icmp'), 'allowed');

    const analysis = analyzeFlows(buildReachIndex(b.build()));
    const g = analysis.flows;
    const between = (from: string, to: string) => g.edges.filter((e) => e.from === g.memberOf[from] && e.to === g.memberOf[to]);
    // No outside node gets an edge to sg-a's members (their two ICMP rules allow nothing), and
    // they are exposed to nothing.
    expect(g.edges.filter((e) => e.to === g.memberOf['h1'] && !e.from.startsWith('eps:'))).toEqual([]);
    expect(analysis.exposures.filter((x) => x.endpointId === 'h1' || x.endpointId === 'h2')).toEqual([]);
    // h1 and h2 share a class: no edge to itself through the icmp rule from ::/0.
    expect(between('h1', 'h2')).toEqual([]);
    // h1 -> h3: icmpv6 only, through the one rule that can match, as the query says.
    const toH3 = between('h1', 'h3');
    expect(toH3.map((e) => e.ports.map((p) => p.protocol))).toEqual([[58]]);
    expect(toH3[0]!.ruleIds).toEqual(expect.arrayContaining(['b-icmpv6-from-a']));
    expect(toH3[0]!.ruleIds).not.toContain('b-icmp-from-a');
  });

  it('an icmp rule by group reference or self allows nothing over IPv6, and the answer says why', () => {
    // h1, h2: IPv6 only, in sg-a, which admits icmp from sg-a (itself). ICMP is IPv4's: between
    // them it allows nothing, and the answer names icmpv6 as IPv6's ping rather than leaving a
    // reader to wonder why the rule on the page does not count.
    const b = snapshot()
      .ingress('sg-a', 'icmp', [-1, -1], sg('sg-a'), { id: 'ping-from-self' })
      .egress('sg-a', 'all', null, cidr('::/0'))
      .endpoint('h1', { groups: ['sg-a'], ipv6: ['2001:db8::1'] })
      .endpoint('h2', { groups: ['sg-a'], ipv6: ['2001:db8::2'] });
    const denied = expectVerdict(engine(b), qIcmp(ep('h1'), ep('h2'), 'icmp'), 'denied');
    expect(denied.explanation).toMatch(/ icmp is carried over IPv4 only, and rules for it allow no IPv6 traffic: IPv6 ping is icmpv6\.$/);
    const g = analyzeFlows(buildReachIndex(b.build())).flows;
    expect(g.edges.filter((e) => e.from.startsWith('eps:') && e.to.startsWith('eps:'))).toEqual([]);
  });

  it('an icmp question between IPv6 addresses allowed by all-traffic rules says no IPv6 host sends such packets', () => {
    // All traffic passes any protocol number, 1 included, so the answer is allowed; but IPv6 hosts
    // ping with icmpv6 (58), and an answer about protocol 1 alone would read as "ping works".
    const b = snapshot()
      .egress('sg-a', 'all', null, cidr('::/0'))
      .ingress('sg-a', 'all', null, cidr('::/0'))
      .egress('sg-4', 'all', null, cidr('0.0.0.0/0'))
      .ingress('sg-4', 'all', null, cidr('0.0.0.0/0'))
      .endpoint('h1', { groups: ['sg-a'], ipv6: ['2001:db8::1'] })
      .endpoint('h2', { groups: ['sg-a'], ipv6: ['2001:db8::2'] })
      .endpoint('v1', { groups: ['sg-4'], ipv4: ['10.0.0.1'] })
      .endpoint('v2', { groups: ['sg-4'], ipv4: ['10.0.0.2'] });
    const icmp6 = expectVerdict(engine(b), qIcmp(ep('h1'), ep('h2'), 'icmp'), 'allowed');
    expect(icmp6.explanation).toMatch(/ Between IPv6 addresses this holds for protocol 1 packets only, which IPv6 hosts do not send: IPv6 ping is icmpv6\.$/);
    const icmpv6over4 = expectVerdict(engine(b), qIcmp(ep('v1'), ep('v2'), 'icmpv6'), 'allowed');
    expect(icmpv6over4.explanation).toMatch(/ Between IPv4 addresses this holds for protocol 58 packets only, which IPv4 hosts do not send: IPv4 ping is icmp\.$/);
    // In its own family, no such note.
    expect(expectVerdict(engine(b), qIcmp(ep('h1'), ep('h2'), 'icmpv6'), 'allowed').explanation).not.toContain('hosts do not send');
    expect(expectVerdict(engine(b), qIcmp(ep('v1'), ep('v2'), 'icmp'), 'allowed').explanation).not.toContain('hosts do not send');
  });

  it("an edge's rules, and its explanation, leave out an icmp rule of the pair's group in IPv6", () => {
    // a -> b over IPv6 only: all traffic by a's egress to ::/0 and b's ingress from ::/0. b's icmp
    // from sg-a would match a by group, but only over IPv4, which neither has.
    const index = buildReachIndex(
      snapshot()
        .egress('sg-a', 'all', null, cidr('::/0'))
        .ingress('sg-b', 'all', null, cidr('::/0'), { id: 'b-all-v6' })
        .ingress('sg-b', 'icmp', [-1, -1], sg('sg-a'), { id: 'b-icmp-from-a' })
        .endpoint('a', { groups: ['sg-a'], ipv6: ['2001:db8::1'] })
        .endpoint('b', { groups: ['sg-b'], ipv6: ['2001:db8::2'] })
        .build(),
    );
    const g = analyzeFlows(index).flows;
    const edge = g.edges.find((e) => e.from === g.memberOf['a'] && e.to === g.memberOf['b'])!;
    expect(edge.ruleIds).toContain('b-all-v6');
    expect(edge.ruleIds).not.toContain('b-icmp-from-a');
    const lean = analyzeFlows(index, { ruleIds: false });
    const why = explainEdge(index, lean, edge.id)!;
    expect(why.segments.flatMap((x) => x.ingress.map((r) => r.ruleId))).toEqual(['b-all-v6']);
  });

  it('an icmpv6 rule naming an external group draws no edge to an IPv4-only endpoint', () => {
    const built = snapshot().ingress('sg-web', 'icmpv6', [-1, -1], sg('sg-ext')).endpoint('web', { groups: ['sg-web'], ipv4: ['10.0.0.5'] }).build();
    const { merged } = withoutDefinition(built, 'sg-ext');
    const g = analyzeFlows(buildReachIndex(merged)).flows;
    expect(g.edges).toEqual([]);
    expect(g.nodes.filter((n) => n.kind === 'external-group')).toEqual([]);
  });

  it('a rule whose id another shadows still counts in its own family only in the flow graph', () => {
    // b admits icmpv6 from sg-a (nothing over IPv4), and a second rule reuses its id: the index
    // keeps one per id, the group lists both. a and b are IPv4 only: the graph shows udp 53 alone.
    const build = (sameId: boolean) =>
      snapshot()
        .egressAll('sg-a')
        .ingress('sg-b', 'icmpv6', [-1, -1], sg('sg-a'), { id: 'r1' })
        .ingress('sg-b', 'tcp', 22, cidr('192.0.2.0/24'), { id: sameId ? 'r1' : 'r2' })
        .ingress('sg-b', 'udp', 53, cidr('10.0.0.0/8'), { id: 'r3' })
        .endpoint('a', { groups: ['sg-a'], ipv4: ['10.0.0.1'] })
        .endpoint('b', { groups: ['sg-b'], ipv4: ['10.0.0.2'] })
        .build();
    for (const sameId of [false, true]) {
      const g = analyzeFlows(buildReachIndex(build(sameId))).flows;
      const edge = g.edges.find((e) => e.from === g.memberOf['a'] && e.to === g.memberOf['b']);
      expect(edge?.ports.map((p) => p.protocol), `same id: ${sameId}`).toEqual([17]);
    }
  });

  it('icmpv6 to an endpoint of unknown addresses goes to IPv6 only when it is set to dual-stack, not because its subnet has an IPv6 block', () => {
    const b = snapshot()
      .egressAll('sg-web')
      .egress('sg-web', 'all', null, cidr('::/0'))
      .ingress('sg-lb', 'icmpv6', [128, -1], cidr('2600:1f18:abcd:1201::/64'))
      .subnet('subnet-lb', '10.0.3.0/24', 'vpc-1', '2600:1f18:abcd:1203::/64')
      .endpoint('web', { groups: ['sg-web'], ipv4: ['10.0.1.10'], ipv6: ['2600:1f18:abcd:1201::10'] });
    const unset = engine(b.endpoint('lb', { kind: 'load-balancer', groups: ['sg-lb'], subnets: ['subnet-lb'] }));
    const ping6 = { from: ep('web'), to: ep('lb'), protocol: 58, icmpType: 128, icmpCode: 0 };
    expect(unset(ping6).fromAddress).toBe('10.0.1.10');
    const dual = engine(b.endpoint('lb2', { kind: 'load-balancer', groups: ['sg-lb'], subnets: ['subnet-lb'], ipAddressType: 'dualstack' }));
    expect(dual({ ...ping6, to: ep('lb2') }).fromAddress).toBe('2600:1f18:abcd:1201::10');
  });

  it('self reference admits members of the same group', () => {
    const ask = engine(
      snapshot()
        .ingress('sg-self', 'tcp', 5432, sg('sg-self'))
        .egressAll('sg-self')
        .egressAll('sg-out')
        .endpoint('m1', { groups: ['sg-self'], ipv4: ['10.0.1.10'] })
        .endpoint('m2', { groups: ['sg-self'], ipv4: ['10.0.1.11'] })
        .endpoint('outsider', { groups: ['sg-out'], ipv4: ['10.0.1.12'] }),
    );
    expectVerdict(ask, q(ep('m1'), ep('m2'), 'tcp', 5432), 'allowed');
    expectVerdict(ask, q(ep('m2'), ep('m1'), 'tcp', 5432), 'allowed');
    expectVerdict(ask, q(ep('m1'), ep('m2'), 'tcp', 5433), 'denied');
    expectVerdict(ask, q(ep('outsider'), ep('m1'), 'tcp', 5432), 'denied');
  });

  it('a reference to a group missing from the input is kept as an external group: the rule stays, matches endpoints carrying that group at their private addresses, and no other host', () => {
    // A rule may name a group defined in another state, a peered VPC or another account. AWS still
    // applies it to the ENIs carrying that group; the inputs just do not define the group. The rule
    // must not be dropped, and the group must not be invented: it is kept as an external group.
    const built = snapshot()
      .ingress('sg-b', 'tcp', 22, sg('sg-gone'))
      .egressAll('sg-a')
      // i-a carries the missing group, and sg-a for its egress (the missing group's own rules are
      // unknown, so the verdict must not rest on them).
      .endpoint('i-a', { groups: ['sg-a', 'sg-gone'], ipv4: ['10.0.1.10'], publicIpv4: ['54.10.0.10'] })
      .endpoint('i-c', { groups: ['sg-a'], ipv4: ['10.0.1.11'] })
      .endpoint('i-b', { groups: ['sg-b'], ipv4: ['10.0.2.20'] })
      .build();
    const { merged, ask } = withoutDefinition(built, 'sg-gone');
    expect(merged.groups.find((g) => g.id === 'sg-gone')).toMatchObject({ external: true, externalReason: 'missing' });
    expect(merged.warnings.filter((w) => w.subject === 'sg-gone').map((w) => w.code)).toEqual(['external-group']);
    expect(merged.rules.filter((r) => r.groupId === 'sg-b').map((r) => r.peer)).toEqual([sg('sg-gone')]);
    // i-a carries sg-gone: egress all from sg-a, ingress 22 from sg-gone.
    expectVerdict(ask, q(ep('i-a'), ep('i-b'), 'tcp', 22), 'allowed');
    expectVerdict(ask, q(ep('i-a'), ep('i-b'), 'tcp', 23), 'denied');
    // i-c does not carry it; neither does an unknown host beside i-a, nor i-a's public IP.
    expectVerdict(ask, q(ep('i-c'), ep('i-b'), 'tcp', 22), 'denied');
    expectVerdict(ask, q(ip('10.0.1.99'), ep('i-b'), 'tcp', 22), 'denied');
    expectVerdict(ask, q(ip('54.10.0.10'), ep('i-b'), 'tcp', 22), 'denied');
  });

  it('a group the inputs reference but do not define has unknown rules: a side its known rules do not decide depends on them', () => {
    // i-app carries only sg-net, defined in another state (a split stack opened without it). Its
    // own rules are unknown, and rules only allow: they may allow anything, or nothing.
    const built = snapshot()
      .egressAll('sg-web')
      .ingress('sg-web', 'tcp', 443, cidr('0.0.0.0/0'))
      .ingress('sg-db', 'tcp', 5432, cidr('10.0.0.0/16'))
      .endpoint('i-app', { groups: ['sg-net'], ipv4: ['10.0.1.10'] })
      .endpoint('i-both', { groups: ['sg-net', 'sg-web'], ipv4: ['10.0.1.11'] })
      .endpoint('i-db', { groups: ['sg-db'], ipv4: ['10.0.2.20'] })
      .build();
    const { merged, ask } = withoutDefinition(built, 'sg-net');
    // The map draws known rules only; the summary counts the endpoints whose flows may be more.
    expect(analyzeFlows(buildReachIndex(merged)).summary.endpointsWithUnknownRules).toBe(2);
    // As a source: i-app's egress is unknown; i-db's ingress admits 10.0.0.0/16 on 5432.
    const out = expectVerdict(ask, q(ep('i-app'), ep('i-db'), 'tcp', 5432), 'depends');
    expect(out.refusedBy).toEqual(['egress']);
    expect(out.explanation).toMatch(/only if the rules of .*sg-net.* allow it: the inputs reference this group but do not define it/);
    // The destination's known ingress refuses 22 whatever i-app's egress says.
    expectVerdict(ask, q(ep('i-app'), ep('i-db'), 'tcp', 22), 'denied');
    // As a destination: only sg-net's unknown ingress could admit 443 from the internet.
    expect(expectVerdict(ask, q(ip('198.51.100.7'), ep('i-app'), 'tcp', 443), 'depends').refusedBy).toEqual(['ingress']);
    // A known group that allows decides: rules only add, so the unknown ones cannot take it away.
    expectVerdict(ask, q(ip('198.51.100.7'), ep('i-both'), 'tcp', 443), 'allowed');
    expectVerdict(ask, q(ep('i-both'), ep('i-db'), 'tcp', 5432), 'allowed');
    // What sg-web does not allow, sg-net still may.
    expectVerdict(ask, q(ip('198.51.100.7'), ep('i-both'), 'tcp', 22), 'depends');
  });

  it('protocol -1 matches every protocol and ignores ports even when ports say 0-65535 (or 0-0 as Terraform writes it)', () => {
    // API reference (IpProtocol): "Use -1 to specify all protocols. If you specify -1 ... traffic on
    // all ports is allowed, regardless of any ports you specify."
    const ask = engine(
      snapshot()
        .ingress('sg-any', 'all', [0, 65535], cidr('10.0.0.0/8'))
        .ingress('sg-any0', 'all', [0, 0], cidr('10.0.0.0/8'))
        .ingress('sg-anynull', 'all', null, cidr('10.0.0.0/8'))
        .endpoint('i-any', { groups: ['sg-any'], ipv4: ['10.0.1.10'] })
        .endpoint('i-any0', { groups: ['sg-any0'], ipv4: ['10.0.1.11'] })
        .endpoint('i-anynull', { groups: ['sg-anynull'], ipv4: ['10.0.1.12'] }),
    );
    for (const target of ['i-any', 'i-any0', 'i-anynull']) {
      const from = ip('10.9.9.9');
      expectVerdict(ask, q(from, ep(target), 'tcp', 22), 'allowed');
      expectVerdict(ask, q(from, ep(target), 'tcp', 65535), 'allowed');
      expectVerdict(ask, q(from, ep(target), 'udp', 53), 'allowed');
      expectVerdict(ask, qIcmp(from, ep(target), 'icmp', 8, 0), 'allowed');
      expectVerdict(ask, qIcmp(from, ep(target), 'icmp'), 'allowed');
      expectVerdict(ask, qProto(from, ep(target), GRE), 'allowed');
      expectVerdict(ask, qProto(from, ep(target), ESP), 'allowed');
      expectVerdict(ask, qProto(from, ep(target), ALL), 'allowed');
      // Still a CIDR rule: outside 10/8 is refused.
      expectVerdict(ask, q(ip('198.51.100.7'), ep(target), 'tcp', 22), 'denied');
    }
  });

  it('tcp and udp match a port in [from, to] inclusive (edges from-1, from, to, to+1); a tcp rule does not allow udp', () => {
    const ask = engine(
      snapshot()
        .ingress('sg-r', 'tcp', [8000, 8080], cidr('0.0.0.0/0'))
        .ingress('sg-r', 'udp', 53, cidr('0.0.0.0/0'))
        .ingress('sg-full', 'tcp', [0, 65535], cidr('0.0.0.0/0'))
        .endpoint('i-r', { groups: ['sg-r'], ipv4: ['10.0.1.10'] })
        .endpoint('i-full', { groups: ['sg-full'], ipv4: ['10.0.1.11'] }),
    );
    const from = ip('198.51.100.7');
    expectVerdict(ask, q(from, ep('i-r'), 'tcp', 7999), 'denied');
    expectVerdict(ask, q(from, ep('i-r'), 'tcp', 8000), 'allowed');
    expectVerdict(ask, q(from, ep('i-r'), 'tcp', 8042), 'allowed');
    expectVerdict(ask, q(from, ep('i-r'), 'tcp', 8080), 'allowed');
    expectVerdict(ask, q(from, ep('i-r'), 'tcp', 8081), 'denied');
    expectVerdict(ask, q(from, ep('i-r'), 'udp', 8000), 'denied');
    expectVerdict(ask, q(from, ep('i-r'), 'udp', 52), 'denied');
    expectVerdict(ask, q(from, ep('i-r'), 'udp', 53), 'allowed');
    expectVerdict(ask, q(from, ep('i-r'), 'udp', 54), 'denied');
    expectVerdict(ask, q(from, ep('i-r'), 'tcp', 53), 'denied');
    // The whole tcp range, both ends, but still tcp only.
    expectVerdict(ask, q(from, ep('i-full'), 'tcp', 0), 'allowed');
    expectVerdict(ask, q(from, ep('i-full'), 'tcp', 65535), 'allowed');
    expectVerdict(ask, q(from, ep('i-full'), 'udp', 53), 'denied');
    expectVerdict(ask, qProto(from, ep('i-full'), GRE), 'denied');
  });

  it('icmp: from_port is the type, to_port the code, -1 means any (type 8 code 0 allowed by an 8/-1 rule; type 3 not); an icmp rule does not allow icmpv6', () => {
    const ask = engine(
      snapshot()
        .ingress('sg-ping', 'icmp', [8, -1], cidr('0.0.0.0/0'))
        .ingress('sg-frag', 'icmp', [3, 4], cidr('0.0.0.0/0'))
        .ingress('sg-echo0', 'icmp', [8, 0], cidr('0.0.0.0/0'))
        .ingress('sg-icmpall', 'icmp', [-1, -1], cidr('0.0.0.0/0'))
        // An IPv4-icmp rule whose peer is IPv6, to isolate the protocol from the family.
        .ingress('sg-icmpall', 'icmp', [-1, -1], cidr('::/0'))
        .ingress('sg-icmp6', 'icmpv6', [-1, -1], cidr('::/0'))
        .endpoint('i-ping', { groups: ['sg-ping'], ipv4: ['10.0.1.10'] })
        .endpoint('i-frag', { groups: ['sg-frag'], ipv4: ['10.0.1.11'] })
        .endpoint('i-echo0', { groups: ['sg-echo0'], ipv4: ['10.0.1.14'] })
        .endpoint('i-icmpall', { groups: ['sg-icmpall'], ipv4: ['10.0.1.12'], ipv6: ['2600:1f18::12'] })
        .endpoint('i-icmp6', { groups: ['sg-icmp6'], ipv4: ['10.0.1.13'], ipv6: ['2600:1f18::13'] }),
    );
    const v4 = ip('198.51.100.7');
    const v6 = ip('2001:db8::7');
    // 8/-1: echo request with any code.
    expectVerdict(ask, qIcmp(v4, ep('i-ping'), 'icmp', 8, 0), 'allowed');
    expectVerdict(ask, qIcmp(v4, ep('i-ping'), 'icmp', 8, 5), 'allowed');
    expectVerdict(ask, qIcmp(v4, ep('i-ping'), 'icmp', 3, 4), 'denied');
    expectVerdict(ask, qIcmp(v4, ep('i-ping'), 'icmp', 0, 0), 'denied');
    // "All ICMP" is more than type 8.
    expectVerdict(ask, qIcmp(v4, ep('i-ping'), 'icmp'), 'denied');
    // ICMP is not tcp/udp: a tcp query on "port 8" is not an icmp type.
    expectVerdict(ask, q(v4, ep('i-ping'), 'tcp', 8), 'denied');
    // 3/4: one type, one code.
    expectVerdict(ask, qIcmp(v4, ep('i-frag'), 'icmp', 3, 4), 'allowed');
    expectVerdict(ask, qIcmp(v4, ep('i-frag'), 'icmp', 3, 3), 'denied');
    expectVerdict(ask, qIcmp(v4, ep('i-frag'), 'icmp', 4, 4), 'denied');
    // A type with the code omitted asks about every code of that type: 8/-1 covers it, 8/0 does not.
    expectVerdict(ask, qIcmp(v4, ep('i-ping'), 'icmp', 8), 'allowed');
    expectVerdict(ask, qIcmp(v4, ep('i-echo0'), 'icmp', 8, 0), 'allowed');
    expectVerdict(ask, qIcmp(v4, ep('i-echo0'), 'icmp', 8), 'denied');
    expectVerdict(ask, qIcmp(v4, ep('i-echo0'), 'icmp', 8, 1), 'denied');
    // -1/-1: all ICMP types and codes.
    expectVerdict(ask, qIcmp(v4, ep('i-icmpall'), 'icmp'), 'allowed');
    expectVerdict(ask, qIcmp(v4, ep('i-icmpall'), 'icmp', 3, 4), 'allowed');
    // icmp (1) is not icmpv6 (58): echo request over IPv6 is refused even from ::/0.
    expectVerdict(ask, qIcmp(v6, ep('i-icmpall'), 'icmpv6', 128, 0), 'denied');
    expectVerdict(ask, qIcmp(v6, ep('i-icmp6'), 'icmpv6', 128, 0), 'allowed');
  });

  it.each([
    // [rule type, rule code, query type, query code (undefined = every code), verdict]
    [128, -1, 128, 0, 'allowed'],
    [128, -1, 128, 5, 'allowed'],
    [128, -1, 128, undefined, 'allowed'],
    [128, -1, 129, 0, 'denied'],
    [128, -1, undefined, undefined, 'denied'],
    [135, 0, 135, 0, 'allowed'],
    [135, 0, 135, 1, 'denied'],
    [135, 0, 135, undefined, 'denied'],
    [135, 0, 136, 0, 'denied'],
    [-1, -1, undefined, undefined, 'allowed'],
    [-1, -1, 1, 4, 'allowed'],
  ] as [number, number, number | undefined, number | undefined, Verdict][])(
    'icmpv6: from_port is the type, to_port the code, -1 means any (rule %i/%i, query type %s code %s: %s)',
    (ruleType, ruleCode, type, code, verdict) => {
      // API reference (IpPermission FromPort/ToPort): "If the protocol is ICMP or ICMPv6, this is the
      // type number / code. A value of -1 indicates all ICMP/ICMPv6 types / codes."
      const ask = engine(
        snapshot()
          .ingress('sg-6', 'icmpv6', [ruleType, ruleCode], cidr('::/0'))
          .endpoint('i-6', { groups: ['sg-6'], ipv4: ['10.0.1.10'], ipv6: ['2600:1f18::10'] }),
      );
      expectVerdict(ask, qIcmp(ip('2001:db8::7'), ep('i-6'), 'icmpv6', type, code), verdict);
      // icmpv6 (58) is not icmp (1): the same type and code over icmp are refused whatever the rule.
      expectVerdict(ask, qIcmp(ip('2001:db8::7'), ep('i-6'), 'icmp', type, code), 'denied');
    },
  );

  it('icmpv6 with the port range omitted allows every type and code (icmp with a type and code -1 every code of that type only)', () => {
    // API reference (IpPermission IpProtocol): "For icmpv6, the port range is optional; if you omit
    // the port range, traffic for all types and codes is allowed." A rule read with null ports is
    // that rule: echo request, neighbor solicitation and "all icmpv6" are all admitted.
    const ask = engine(
      snapshot()
        .ingress('sg-6', 'icmpv6', null, cidr('::/0'))
        .ingress('sg-unreach', 'icmp', [3, -1], cidr('0.0.0.0/0'))
        .endpoint('i-6', { groups: ['sg-6'], ipv4: ['10.0.1.10'], ipv6: ['2600:1f18::10'] })
        .endpoint('i-unreach', { groups: ['sg-unreach'], ipv4: ['10.0.1.11'] }),
    );
    const v6 = ip('2001:db8::7');
    expectVerdict(ask, qIcmp(v6, ep('i-6'), 'icmpv6', 128, 0), 'allowed');
    expectVerdict(ask, qIcmp(v6, ep('i-6'), 'icmpv6', 135, 0), 'allowed');
    expectVerdict(ask, qIcmp(v6, ep('i-6'), 'icmpv6'), 'allowed');
    // Still icmpv6 only, and still IPv6 only.
    expectVerdict(ask, qIcmp(v6, ep('i-6'), 'icmp', 8, 0), 'denied');
    expectVerdict(ask, qIcmp(ip('198.51.100.7'), ep('i-6'), 'icmpv6', 128, 0), 'denied');
    // 3/-1: destination unreachable with any code (4 = fragmentation needed, 13 = prohibited), no other type.
    const v4 = ip('198.51.100.7');
    expectVerdict(ask, qIcmp(v4, ep('i-unreach'), 'icmp', 3, 4), 'allowed');
    expectVerdict(ask, qIcmp(v4, ep('i-unreach'), 'icmp', 3, 13), 'allowed');
    expectVerdict(ask, qIcmp(v4, ep('i-unreach'), 'icmp', 3), 'allowed');
    expectVerdict(ask, qIcmp(v4, ep('i-unreach'), 'icmp', 4, 0), 'denied');
    expectVerdict(ask, qIcmp(v4, ep('i-unreach'), 'icmp', 2, 255), 'denied');
  });

  it('any other protocol number (e.g. 47 GRE, 50 ESP) ignores ports', () => {
    // API reference: "If you specify ... a protocol other than tcp, udp, icmp, or icmpv6, traffic on
    // all ports is allowed, regardless of any port range you specify."
    const ask = engine(
      snapshot()
        .ingress('sg-gre', GRE, null, cidr('10.0.0.0/8'))
        .ingress('sg-esp', ESP, [500, 500], cidr('10.0.0.0/8'))
        .endpoint('i-gre', { groups: ['sg-gre'], ipv4: ['10.0.1.10'] })
        .endpoint('i-esp', { groups: ['sg-esp'], ipv4: ['10.0.1.11'] }),
    );
    const from = ip('10.9.9.9');
    expectVerdict(ask, qProto(from, ep('i-gre'), GRE), 'allowed');
    expectVerdict(ask, qProto(from, ep('i-esp'), ESP), 'allowed');
    // Only the named protocol: GRE is not ESP/AH, and "tcp port 47" is not protocol 47.
    expectVerdict(ask, qProto(from, ep('i-gre'), ESP), 'denied');
    expectVerdict(ask, qProto(from, ep('i-gre'), AH), 'denied');
    expectVerdict(ask, q(from, ep('i-gre'), 'tcp', 47), 'denied');
    expectVerdict(ask, q(from, ep('i-esp'), 'udp', 500), 'denied');
    expectVerdict(ask, qProto(ip('198.51.100.7'), ep('i-gre'), GRE), 'denied');
  });

  it("a query for protocol 'all' (-1) is allowed only when every protocol and port is allowed", () => {
    const ask = engine(
      snapshot()
        // Every tcp and udp port and all icmp, yet not GRE, ESP, ...: not "all traffic".
        .ingress('sg-wide', 'tcp', [0, 65535], cidr('10.0.0.0/8'))
        .ingress('sg-wide', 'udp', [0, 65535], cidr('10.0.0.0/8'))
        .ingress('sg-wide', 'icmp', [-1, -1], cidr('10.0.0.0/8'))
        .ingress('sg-full', 'all', null, cidr('10.0.0.0/8'))
        .egressAll('sg-src')
        .egress('sg-egtcp', 'tcp', [0, 65535], cidr('0.0.0.0/0'))
        .endpoint('i-wide', { groups: ['sg-wide'], ipv4: ['10.0.1.10'] })
        .endpoint('i-full', { groups: ['sg-full'], ipv4: ['10.0.1.11'] })
        .endpoint('i-src', { groups: ['sg-src'], ipv4: ['10.0.2.10'] })
        .endpoint('i-egtcp', { groups: ['sg-egtcp'], ipv4: ['10.0.2.11'] }),
    );
    expectVerdict(ask, qProto(ep('i-src'), ep('i-full'), ALL), 'allowed');
    expectVerdict(ask, qProto(ep('i-src'), ep('i-wide'), ALL), 'denied');
    // Sanity: the wide group does allow each piece on its own.
    expectVerdict(ask, q(ep('i-src'), ep('i-wide'), 'udp', 65535), 'allowed');
    // The egress side must allow all traffic too.
    const a = expectVerdict(ask, qProto(ep('i-egtcp'), ep('i-full'), ALL), 'denied');
    expect(a.refusedBy).toEqual(['egress']);
    expectVerdict(ask, qProto(ep('i-egtcp'), ip('198.51.100.7'), ALL), 'denied');
    expectVerdict(ask, qProto(ep('i-src'), ip('198.51.100.7'), ALL), 'allowed');
  });

  it("endpoints with no known address: group references still match; a CIDR rule containing all of the endpoint's subnets decides 'allowed', one disjoint from them 'denied', one that partly overlaps 'depends'", () => {
    // A load balancer as Terraform describes it: subnets known, addresses not. Its interfaces get
    // addresses somewhere in 10.0.1.0/24 or 10.0.2.0/24, so a rule decides only if it gives the same
    // answer for every address in both.
    const index = buildReachIndex(
      snapshot()
        .subnet('subnet-a', '10.0.1.0/24')
        .subnet('subnet-b', '10.0.2.0/24')
        .subnet('subnet-t', '10.0.3.0/24')
        .egressAll('sg-lb')
        .ingress('sg-lb', 'tcp', 443, cidr('0.0.0.0/0'))
        .ingress('sg-tg', 'tcp', 80, sg('sg-lb'))
        .ingress('sg-tw', 'tcp', 80, cidr('10.0.0.0/16'))
        .ingress('sg-td', 'tcp', 80, cidr('192.168.0.0/16'))
        .ingress('sg-tp', 'tcp', 80, cidr('10.0.1.0/24'))
        .egress('sg-sw', 'tcp', 443, cidr('10.0.0.0/16'))
        .egress('sg-sn', 'tcp', 443, cidr('10.0.1.0/24'))
        .egress('sg-sf', 'tcp', 443, cidr('172.16.0.0/12'))
        .endpoint('lb', { kind: 'load-balancer', groups: ['sg-lb'], subnets: ['subnet-a', 'subnet-b'] })
        .endpoint('t-group', { groups: ['sg-tg'], ipv4: ['10.0.3.10'], subnets: ['subnet-t'] })
        .endpoint('t-wide', { groups: ['sg-tw'], ipv4: ['10.0.3.11'], subnets: ['subnet-t'] })
        .endpoint('t-disjoint', { groups: ['sg-td'], ipv4: ['10.0.3.12'], subnets: ['subnet-t'] })
        .endpoint('t-part', { groups: ['sg-tp'], ipv4: ['10.0.3.13'], subnets: ['subnet-t'] })
        .endpoint('s-wide', { groups: ['sg-sw'], ipv4: ['10.0.3.20'], subnets: ['subnet-t'] })
        .endpoint('s-narrow', { groups: ['sg-sn'], ipv4: ['10.0.3.21'], subnets: ['subnet-t'] })
        .endpoint('s-far', { groups: ['sg-sf'], ipv4: ['10.0.3.22'], subnets: ['subnet-t'] })
        .build(),
    );
    const ask = (query: ReachQuery): ReachAnswer => queryReach(index, query);
    // The LB as a source.
    expectVerdict(ask, q(ep('lb'), ep('t-group'), 'tcp', 80), 'allowed');
    expectVerdict(ask, q(ep('lb'), ep('t-wide'), 'tcp', 80), 'allowed');
    expectVerdict(ask, q(ep('lb'), ep('t-disjoint'), 'tcp', 80), 'denied');
    const part = expectVerdict(ask, q(ep('lb'), ep('t-part'), 'tcp', 80), 'depends');
    // For 'depends', refusedBy names the undecided side.
    expect(part.refusedBy).toEqual(['ingress']);
    // The port still has to match: the unknown address does not make a wrong port 'depends'.
    expectVerdict(ask, q(ep('lb'), ep('t-part'), 'tcp', 81), 'denied');
    // The LB as a destination: the source's egress CIDR is checked against the LB's subnets.
    expectVerdict(ask, q(ep('s-wide'), ep('lb'), 'tcp', 443), 'allowed');
    const narrow = expectVerdict(ask, q(ep('s-narrow'), ep('lb'), 'tcp', 443), 'depends');
    expect(narrow.refusedBy).toEqual(['egress']);
    expectVerdict(ask, q(ep('s-far'), ep('lb'), 'tcp', 443), 'denied');
    // From outside, only the LB's ingress matters and its peer is the source: allowed.
    expectVerdict(ask, q(ip('198.51.100.7'), ep('lb'), 'tcp', 443), 'allowed');

    // The flow graph marks the undecided edge, and only that one.
    const g = analyzeFlows(index).flows;
    const edge = (from: string, to: string) =>
      g.edges.filter((e) => e.from === g.memberOf[from] && e.to === g.memberOf[to]);
    expect(edge('lb', 't-group').map((e) => Boolean(e.depends))).toEqual([false]);
    expect(edge('lb', 't-wide').map((e) => Boolean(e.depends))).toEqual([false]);
    expect(edge('lb', 't-part').map((e) => Boolean(e.depends))).toEqual([true]);
    expect(edge('lb', 't-disjoint')).toEqual([]);
  });

  it('an edge that depends in part says which ports hold for every unknown address and which only for some', () => {
    // The LB's address is somewhere in 10.0.1.0/24 or 10.0.2.0/24. 10.0.0.0/16 holds both, so
    // tcp 443 is allowed wherever it lands; 10.0.1.0/24 holds one, so tcp 8080 depends on it.
    const index = buildReachIndex(
      snapshot()
        .subnet('subnet-a', '10.0.1.0/24')
        .subnet('subnet-b', '10.0.2.0/24')
        .subnet('subnet-t', '10.0.3.0/24')
        .egressAll('sg-lb')
        .ingress('sg-t', 'tcp', 443, cidr('10.0.0.0/16'))
        .ingress('sg-t', 'tcp', 8080, cidr('10.0.1.0/24'))
        .endpoint('lb', { kind: 'load-balancer', groups: ['sg-lb'], subnets: ['subnet-a', 'subnet-b'] })
        .endpoint('t', { groups: ['sg-t'], ipv4: ['10.0.3.10'], subnets: ['subnet-t'] })
        .build(),
    );
    for (const ruleIds of [true, false]) {
      const result = analyzeFlows(index, { ruleIds });
      const g = result.flows;
      const e = g.edges.find((x) => x.from === g.memberOf.lb && x.to === g.memberOf.t)!;
      expect(e).toMatchObject({ label: 'tcp 443, 8080', depends: true });
      expect(e.surePorts?.map((p) => p.label)).toEqual(['tcp 443']);
      const segments = explainEdge(index, result, e.id)!.segments;
      expect(segments.map((x) => [x.ports.label, Boolean(x.depends)])).toEqual([
        ['tcp 443', false],
        ['tcp 8080', true],
      ]);
    }
    // An edge that does not depend lists no sure part: all of it is sure.
    const sure = analyzeFlows(index).flows.edges.filter((x) => !x.depends);
    expect(sure.length).toBeGreaterThan(0);
    for (const x of sure) expect(x.surePorts).toBeUndefined();
  });

  it('endpoints with no known address: rules are a union, so two CIDR rules that together contain all its subnets decide allowed', () => {
    // The LB's address is in 10.0.1.0/24 or in 10.0.2.0/24. Whichever it is, one of the two rules
    // admits it, and AWS aggregates all rules of all groups ("the rules from each security group are
    // effectively aggregated to create one set of rules"), so every possible address is allowed: the
    // answer does not depend on the unknown address.
    const index = buildReachIndex(
      snapshot()
        .subnet('subnet-a', '10.0.1.0/24')
        .subnet('subnet-b', '10.0.2.0/24')
        .egressAll('sg-lb')
        .ingress('sg-lb', 'tcp', 443, cidr('0.0.0.0/0'))
        .ingress('sg-tu', 'tcp', 80, cidr('10.0.1.0/24'))
        .ingress('sg-tu', 'tcp', 80, cidr('10.0.2.0/24'))
        // The same split across two groups on one endpoint.
        .ingress('sg-half-a', 'tcp', 80, cidr('10.0.1.0/24'))
        .ingress('sg-half-b', 'tcp', 80, cidr('10.0.2.0/24'))
        // And on the egress side.
        .egress('sg-su', 'tcp', 443, cidr('10.0.1.0/24'))
        .egress('sg-su', 'tcp', 443, cidr('10.0.2.0/24'))
        .endpoint('lb', { kind: 'load-balancer', groups: ['sg-lb'], subnets: ['subnet-a', 'subnet-b'] })
        .endpoint('t-union', { groups: ['sg-tu'], ipv4: ['10.0.3.14'] })
        .endpoint('t-two-groups', { groups: ['sg-half-a', 'sg-half-b'], ipv4: ['10.0.3.15'] })
        .endpoint('s-union', { groups: ['sg-su'], ipv4: ['10.0.3.16'] })
        .build(),
    );
    // Soft assertions, so a failure reports each of the three cases rather than the first only.
    // The answer names the rules that together allow it (issue: "the rule lists name the rules
    // that allow it"), on the side they decide, and its explanation quotes them.
    for (const [query, side, ids] of [
      [q(ep('lb'), ep('t-union'), 'tcp', 80), 'ingress', ['sg-tu/ingress/0', 'sg-tu/ingress/1']],
      [q(ep('lb'), ep('t-two-groups'), 'tcp', 80), 'ingress', ['sg-half-a/ingress/0', 'sg-half-b/ingress/0']],
      [q(ep('s-union'), ep('lb'), 'tcp', 443), 'egress', ['sg-su/egress/0', 'sg-su/egress/1']],
    ] as const) {
      const answer = queryReach(index, query);
      expect.soft(answer.verdict, `${describeQuery(query)}: ${answer.explanation}`).toBe('allowed');
      expect.soft(answer[side].map((r) => r.ruleId).sort(), `${describeQuery(query)}: ${side} rules`).toEqual([...ids]);
      expect.soft(answer.explanation, `${describeQuery(query)}: explanation`).not.toContain('()');
    }
    // Only the rules that take part: a third, whose CIDR holds part of one subnet, adds nothing.
    const withPartial = buildReachIndex(
      snapshot()
        .subnet('subnet-a', '10.0.1.0/24')
        .subnet('subnet-b', '10.0.2.0/24')
        .egressAll('sg-lb')
        .ingress('sg-t', 'tcp', 80, cidr('10.0.1.0/24'), { id: 'half-1' })
        .ingress('sg-t', 'tcp', 80, cidr('10.0.2.0/24'), { id: 'half-2' })
        .ingress('sg-t', 'tcp', [0, 65535], cidr('10.0.2.0/25'), { id: 'partial' })
        .endpoint('lb', { kind: 'load-balancer', groups: ['sg-lb'], subnets: ['subnet-a', 'subnet-b'] })
        .endpoint('t', { groups: ['sg-t'], ipv4: ['10.0.3.9'] })
        .build(),
    );
    const named = queryReach(withPartial, q(ep('lb'), ep('t'), 'tcp', 80));
    expect.soft(named.verdict).toBe('allowed');
    expect.soft(ruleIds(named.ingress), 'rules that take part').toEqual(['half-1', 'half-2']);
    // Nor is the flow edge to t-union undecided.
    const g = analyzeFlows(index).flows;
    const lbTu = g.edges.filter((e) => e.from === g.memberOf['lb'] && e.to === g.memberOf['t-union']);
    expect.soft(lbTu.map((e) => Boolean(e.depends)), 'lb -> t-union edge depends').toEqual([false]);
  });

  it("endpoints with no known address: a subnet's reserved addresses are never theirs", () => {
    // VPC user guide, "Subnet CIDR blocks": the first four addresses and the last one of each
    // subnet block are reserved and cannot be assigned to an interface. The LB's subnet is
    // 10.0.1.0/28 (.0-.15), so its address is one of .4-.14.
    const build = (...blocks: string[]) => {
      const b = snapshot().subnet('subnet-a', '10.0.1.0/28').egressAll('sg-lb');
      for (const block of blocks) b.ingress('sg-t', 'tcp', 80, cidr(block));
      return buildReachIndex(b.endpoint('lb', { kind: 'load-balancer', groups: ['sg-lb'], subnets: ['subnet-a'] }).endpoint('t', { groups: ['sg-t'], ipv4: ['10.0.3.9'] }).build());
    };
    const verdictOf = (...blocks: string[]) => queryReach(build(...blocks), q(ep('lb'), ep('t'), 'tcp', 80)).verdict;
    // .4-.7 and .8-.15 hold every assignable address, though not .0-.3: allowed whatever the LB gets.
    expect(verdictOf('10.0.1.4/30', '10.0.1.8/29')).toBe('allowed');
    // .0-.3 and .15 alone: reserved, so no address the LB may have.
    expect(verdictOf('10.0.1.0/30', '10.0.1.15/32')).toBe('denied');
    // .8-.15 holds some of them: it depends.
    expect(verdictOf('10.0.1.8/29')).toBe('depends');
    // The flow graph says the same: a sure edge for the first.
    const g = analyzeFlows(build('10.0.1.4/30', '10.0.1.8/29')).flows;
    expect(g.edges.filter((e) => e.from === g.memberOf['lb'] && e.to === g.memberOf['t']).map((e) => Boolean(e.depends))).toEqual([false]);
  });

  it('an endpoint with no address and no known subnet is placed in its VPC CIDRs', () => {
    // ARCHITECTURE.md: "every address the endpoint could have (its subnets, else its VPC)".
    const ask = engine(
      snapshot()
        .vpc('vpc-9', ['10.9.0.0/16'])
        .egressAll('sg-fn')
        .ingress('sg-tv', 'tcp', 80, cidr('10.9.0.0/16'))
        .ingress('sg-tx', 'tcp', 80, cidr('10.8.0.0/16'))
        .ingress('sg-tp', 'tcp', 80, cidr('10.9.0.0/17'))
        .endpoint('fn', { kind: 'lambda', groups: ['sg-fn'], vpcId: 'vpc-9' })
        .endpoint('t-vpc', { groups: ['sg-tv'], ipv4: ['10.9.200.1'], vpcId: 'vpc-9' })
        .endpoint('t-other', { groups: ['sg-tx'], ipv4: ['10.9.200.2'], vpcId: 'vpc-9' })
        .endpoint('t-part', { groups: ['sg-tp'], ipv4: ['10.9.200.3'], vpcId: 'vpc-9' }),
    );
    expectVerdict(ask, q(ep('fn'), ep('t-vpc'), 'tcp', 80), 'allowed');
    expectVerdict(ask, q(ep('fn'), ep('t-other'), 'tcp', 80), 'denied');
    expectVerdict(ask, q(ep('fn'), ep('t-part'), 'tcp', 80), 'depends');
  });

  // A subnet the inputs name but do not describe (or describe without a CIDR) may hold the address
  // anywhere in the VPC: leaving it out of where the endpoint could be answered 'allowed' here.
  for (const [what, undescribed] of [
    ['named by the endpoint but absent from the inputs', undefined],
    ['present in the inputs without a CIDR', { id: 'subnet-x', vpcId: 'vpc-1' }],
  ] as const) {
    it(`endpoints with no known address: a subnet ${what} may hold the address anywhere in the VPC, so a CIDR rule covering only the other subnet decides 'depends'`, () => {
      // The load balancer has an interface in subnet-a (10.0.1.0/24) and one in subnet-x, whose CIDR
      // the inputs do not give: its address there is somewhere in vpc-1 (10.0.0.0/16), e.g.
      // 10.0.2.7, which 10.0.1.0/24 does not contain. The rule admits some possible addresses and not
      // others: the answer depends on the unknown address.
      const s = snapshot()
        .vpc('vpc-1', ['10.0.0.0/16'])
        .subnet('subnet-a', '10.0.1.0/24')
        .egressAll('sg-lb')
        .ingress('sg-lb', 'tcp', 443, cidr('0.0.0.0/0'))
        .ingress('sg-t', 'tcp', 80, cidr('10.0.1.0/24'))
        .egress('sg-s', 'tcp', 443, cidr('10.0.1.0/24'))
        .endpoint('lb', { kind: 'load-balancer', groups: ['sg-lb'], subnets: ['subnet-a', 'subnet-x'] })
        .endpoint('t', { groups: ['sg-t'], ipv4: ['10.0.3.10'] })
        .endpoint('s', { groups: ['sg-s'], ipv4: ['10.0.3.11'] })
        .build();
      if (undescribed) s.subnets.push(undescribed);
      const index = buildReachIndex(s);
      const ask = (query: ReachQuery): ReachAnswer => queryReach(index, query);
      // The LB as a source: t's ingress from 10.0.1.0/24.
      expect(expectVerdict(ask, q(ep('lb'), ep('t'), 'tcp', 80), 'depends').refusedBy).toEqual(['ingress']);
      // The LB as a destination: s's egress to 10.0.1.0/24.
      expect(expectVerdict(ask, q(ep('s'), ep('lb'), 'tcp', 443), 'depends').refusedBy).toEqual(['egress']);
      // The map draws both flows, marked as depending on the unknown address.
      const flows = analyzeFlows(index).flows;
      const edge = (from: string, to: string) => flows.edges.find((e) => e.from === flows.memberOf[from] && e.to === flows.memberOf[to]);
      expect(edge('lb', 't')).toMatchObject({ label: 'tcp 80', depends: true });
      expect(edge('s', 'lb')).toMatchObject({ label: 'tcp 443', depends: true });
    });
  }

  it('endpoints with no known address: a subnet of unknown CIDR adds the VPC to where they could be, and never takes their known subnets away', () => {
    // The VPC is known only by a block associated elsewhere (100.64.0.0/16); fn sits in subnet-a
    // (10.0.1.0/24) and in a subnet the inputs do not give. db admits 5432 from 10.0.1.0/24: some of
    // fn's possible addresses are admitted and others not, so it depends (never a flat 'denied').
    const s = snapshot()
      .vpc('vpc-1', ['100.64.0.0/16'])
      .subnet('subnet-a', '10.0.1.0/24')
      .egressAll('sg-fn')
      .ingress('sg-db', 'tcp', 5432, cidr('10.0.1.0/24'))
      .endpoint('fn', { kind: 'lambda', groups: ['sg-fn'], subnets: ['subnet-a', 'subnet-gone'] })
      .endpoint('db', { groups: ['sg-db'], ipv4: ['10.0.2.20'] })
      .build();
    const ask = (query: ReachQuery): ReachAnswer => queryReach(buildReachIndex(s), query);
    expectVerdict(ask, q(ep('fn'), ep('db'), 'tcp', 5432), 'depends');
  });

  it('endpoints with no known address: a subnet with only an IPv6 block is IPv6-only, giving IPv6 addresses from that block and no IPv4', () => {
    const s = snapshot()
      .vpc('vpc-1', ['10.0.0.0/16'])
      .subnet('subnet-v6', '', 'vpc-1', '2600:1f18:1:100::/64')
      .egressAll('sg-fn')
      .egress('sg-fn', 'all', null, cidr('::/0'))
      .endpoint('fn', { kind: 'lambda', groups: ['sg-fn'], subnets: ['subnet-v6'] })
      .build();
    s.subnets = s.subnets.map((x) => (x.id === 'subnet-v6' ? { id: x.id, vpcId: 'vpc-1', ipv6Cidr: '2600:1f18:1:100::/64' } : x));
    const ask = (query: ReachQuery): ReachAnswer => queryReach(buildReachIndex(s), query);
    expectVerdict(ask, q(ep('fn'), ip('2001:db8::1'), 'tcp', 443), 'allowed');
    expect(expectVerdict(ask, q(ep('fn'), ip('198.51.100.1'), 'tcp', 443), 'denied').explanation).toMatch(/no IPv4 address/);
  });

  it('endpoints with no known address: subnets described without an IPv6 block give them no IPv6 address, whatever blocks the VPC has', () => {
    // VPC user guide, "IPv6 support for your VPC": an interface gets its IPv6 address from the IPv6
    // block of its subnet, so a subnet without one has no IPv6 to give. lb sits in subnet-a only
    // (10.0.1.0/24, no IPv6 block); the VPC has 2600:1f18:1::/56 for other subnets. Its ingress
    // admits tcp 443 from ::/0, but there is no IPv6 address of lb for that traffic to reach: denied.
    // fn is the same in a subnet whose VPC the inputs do not describe at all.
    const s = snapshot()
      .vpc('vpc-1', ['10.0.0.0/16'], ['2600:1f18:1::/56'])
      .subnet('subnet-a', '10.0.1.0/24')
      .subnet('subnet-b', '10.1.1.0/24', 'vpc-gone')
      .ingress('sg-lb', 'tcp', 443, cidr('0.0.0.0/0'))
      .ingress('sg-lb', 'tcp', 443, cidr('::/0'))
      .endpoint('lb', { kind: 'load-balancer', groups: ['sg-lb'], subnets: ['subnet-a'] })
      .endpoint('fn', { kind: 'lambda', groups: ['sg-lb'], subnets: ['subnet-b'], vpcId: 'vpc-gone' })
      .build();
    const index = buildReachIndex(s);
    const ask = (query: ReachQuery): ReachAnswer => queryReach(index, query);
    expectVerdict(ask, q(ip('198.51.100.7'), ep('lb'), 'tcp', 443), 'allowed');
    expect(expectVerdict(ask, q(ip('2001:db8::7'), ep('lb'), 'tcp', 443), 'denied').explanation).toMatch(/no IPv6 address/);
    expect(expectVerdict(ask, q(ip('2001:db8::7'), ep('fn'), 'tcp', 443), 'denied').explanation).toMatch(/no IPv6 address/);
    // The map agrees: lb is exposed to the internet through 0.0.0.0/0 only, never through ::/0.
    const exposures = analyzeFlows(index).exposures.filter((x) => x.endpointId === 'lb');
    expect(exposures.map((x) => x.via)).toEqual([['0.0.0.0/0']]);
  });

  it('endpoints with no known address: with neither the subnet nor the VPC described, the address may be anywhere', () => {
    // 10.0.1.0/24 admits some addresses and not others: depends. Only 0.0.0.0/0 decides.
    const s = snapshot()
      .egressAll('sg-lb')
      .ingress('sg-t', 'tcp', 80, cidr('10.0.1.0/24'))
      .ingress('sg-u', 'tcp', 80, cidr('0.0.0.0/0'))
      .endpoint('lb', { kind: 'load-balancer', groups: ['sg-lb'], subnets: ['subnet-x'] })
      .endpoint('t', { groups: ['sg-t'], ipv4: ['10.0.3.10'] })
      .endpoint('u', { groups: ['sg-u'], ipv4: ['10.0.3.11'] })
      .build();
    const ask = (query: ReachQuery): ReachAnswer => queryReach(buildReachIndex(s), query);
    expectVerdict(ask, q(ep('lb'), ep('t'), 'tcp', 80), 'depends');
    expectVerdict(ask, q(ep('lb'), ep('u'), 'tcp', 80), 'allowed');
  });

  it("from/to an endpoint the primary private IPv4 is used; against an IPv6 address the endpoint's first IPv6 is used", () => {
    const ask = engine(
      snapshot()
        .egress('sg-a', 'all', null, cidr('0.0.0.0/0'))
        .egress('sg-a', 'all', null, cidr('::/0'))
        .ingress('sg-b', 'tcp', 22, cidr('10.0.1.10/32'))
        .ingress('sg-b', 'tcp', 23, cidr('10.0.1.11/32'))
        .ingress('sg-b', 'tcp', 80, cidr('2600:1f18::a/128'))
        .ingress('sg-b', 'tcp', 81, cidr('2600:1f18::b/128'))
        .ingress('sg-b', 'tcp', 443, cidr('::/0'))
        .endpoint('i-a', {
          groups: ['sg-a'],
          ipv4: ['10.0.1.10', '10.0.1.11'],
          ipv6: ['2600:1f18::a', '2600:1f18::b'],
        })
        .endpoint('i-b', {
          groups: ['sg-b'],
          ipv4: ['10.0.2.20', '10.0.2.21'],
          ipv6: ['2600:1f18::20', '2600:1f18::21'],
        }),
    );
    const a = expectVerdict(ask, q(ep('i-a'), ep('i-b'), 'tcp', 22), 'allowed');
    expect(a.fromAddress).toBe('10.0.1.10');
    expect(a.toAddress).toBe('10.0.2.20');
    // The secondary address is not used unless asked for.
    expectVerdict(ask, q(ep('i-a'), ep('i-b'), 'tcp', 23), 'denied');
    const secondary = expectVerdict(ask, q(ep('i-a', '10.0.1.11'), ep('i-b'), 'tcp', 23), 'allowed');
    expect(secondary.fromAddress).toBe('10.0.1.11');
    // An IPv6 source against i-b: i-b is asked about at 2600:1f18::20.
    const v6in = expectVerdict(ask, q(ip('2001:db8::7'), ep('i-b'), 'tcp', 443), 'allowed');
    expect(v6in.toAddress).toBe('2600:1f18::20');
    // i-a towards an IPv6 address of i-b: i-a speaks from 2600:1f18::a.
    const v6pair = expectVerdict(ask, q(ep('i-a'), ep('i-b', '2600:1f18::20'), 'tcp', 80), 'allowed');
    expect(v6pair.fromAddress).toBe('2600:1f18::a');
    expectVerdict(ask, q(ep('i-a'), ep('i-b', '2600:1f18::20'), 'tcp', 81), 'denied');
    // i-a towards an external IPv6 address: egress ::/0 applies to 2600:1f18::a.
    const v6out = expectVerdict(ask, q(ep('i-a'), ip('2001:db8::7'), 'tcp', 443), 'allowed');
    expect(v6out.fromAddress).toBe('2600:1f18::a');
  });

  it('an IP that is a private address of a known endpoint means that endpoint; any other IP is an external host with no groups', () => {
    const index = buildReachIndex(
      snapshot()
        .egressAll('sg-a')
        .ingress('sg-b', 'tcp', 22, sg('sg-a'))
        .endpoint('i-a', { groups: ['sg-a'], ipv4: ['10.0.1.10', '10.0.1.11'], publicIpv4: ['54.10.0.10'] })
        .endpoint('i-b', { groups: ['sg-b'], ipv4: ['10.0.2.20'] })
        // No egress at all.
        .endpoint('i-mute', { groups: ['sg-mute'], ipv4: ['10.0.1.30'] })
        .build(),
    );
    const ask = (query: ReachQuery): ReachAnswer => queryReach(index, query);
    // 10.0.1.10 is i-a, which carries sg-a: the group reference matches.
    expectVerdict(ask, q(ip('10.0.1.10'), ep('i-b'), 'tcp', 22), 'allowed');
    // So is i-a's secondary private address.
    expectVerdict(ask, q(ip('10.0.1.11'), ep('i-b'), 'tcp', 22), 'allowed');
    // 10.0.2.20 is i-b, whose ingress has no port 23 (as an external host it would be allowed: i-a egresses everything).
    expectVerdict(ask, q(ep('i-a'), ip('10.0.2.20'), 'tcp', 23), 'denied');
    // 10.0.1.30 is i-mute, which has no egress (as an external host the question would be allowed).
    expectVerdict(ask, q(ip('10.0.1.30'), ip('198.51.100.7'), 'tcp', 443), 'denied');
    // 10.0.1.99 is nobody: no groups, so sg-a does not match.
    expectVerdict(ask, q(ip('10.0.1.99'), ep('i-b'), 'tcp', 22), 'denied');

    const known = resolveRef(index, '10.0.1.10');
    expect(known.ok).toBe(true);
    if (known.ok) {
      expect(known.endpointId).toBe('i-a');
      expect('endpointId' in known.locator && known.locator.endpointId).toBe('i-a');
    }
    for (const other of ['10.0.1.99', '198.51.100.7']) {
      const r = resolveRef(index, other);
      expect(r.ok, other).toBe(true);
      if (r.ok) {
        expect(r.endpointId, other).toBeUndefined();
        expect(r.locator, other).toEqual({ address: other });
      }
    }
  });

  it("denied answers say which side refused (refusedBy contains 'egress' or 'ingress')", () => {
    const ask = engine(
      snapshot()
        .egressAll('sg-a')
        .egress('sg-narrow', 'tcp', 443, cidr('0.0.0.0/0'))
        .ingress('sg-b', 'tcp', 80, cidr('10.0.0.0/8'))
        .endpoint('i-a', { groups: ['sg-a'], ipv4: ['10.0.1.10'] })
        .endpoint('i-narrow', { groups: ['sg-narrow'], ipv4: ['10.0.1.11'] })
        .endpoint('i-b', { groups: ['sg-b'], ipv4: ['10.0.2.20'] }),
    );
    // Only the destination refuses (no 22 on i-b).
    expect(expectVerdict(ask, q(ep('i-a'), ep('i-b'), 'tcp', 22), 'denied').refusedBy).toEqual(['ingress']);
    // Only the source refuses (i-narrow egresses 443 only; i-b admits 80 from 10/8).
    expect(expectVerdict(ask, q(ep('i-narrow'), ep('i-b'), 'tcp', 80), 'denied').refusedBy).toEqual(['egress']);
    // Both refuse.
    const both = expectVerdict(ask, q(ep('i-narrow'), ep('i-b'), 'tcp', 22), 'denied');
    expect([...(both.refusedBy ?? [])].sort()).toEqual(['egress', 'ingress']);
    // External ends: only the side that exists can refuse.
    expect(expectVerdict(ask, q(ip('198.51.100.7'), ep('i-b'), 'tcp', 80), 'denied').refusedBy).toEqual(['ingress']);
    expect(expectVerdict(ask, q(ep('i-narrow'), ip('198.51.100.7'), 'tcp', 80), 'denied').refusedBy).toEqual(['egress']);
    // An allowed answer refuses nothing.
    const ok = expectVerdict(ask, q(ep('i-a'), ep('i-b'), 'tcp', 80), 'allowed');
    expect(ok.refusedBy ?? []).toEqual([]);
  });

  it('allowed answers list the allowing rules on each side (by ruleId)', () => {
    const ask = engine(
      snapshot()
        .egress('sg-a', 'tcp', 80, sg('sg-b'), { id: 'a-out-80' })
        .egress('sg-a', 'all', null, cidr('0.0.0.0/0'), { id: 'a-out-all' })
        .egress('sg-a', 'tcp', 22, cidr('0.0.0.0/0'), { id: 'a-out-22' })
        .egress('sg-a2', 'tcp', [80, 90], cidr('10.0.0.0/8'), { id: 'a2-out' })
        .egress('sg-a2', 'udp', 80, cidr('10.0.0.0/8'), { id: 'a2-out-udp' })
        .ingress('sg-b', 'tcp', 80, sg('sg-a'), { id: 'b-in-80' })
        .ingress('sg-b', 'tcp', 443, cidr('0.0.0.0/0'), { id: 'b-in-443' })
        .ingress('sg-b2', 'tcp', [0, 1024], cidr('10.0.0.0/8'), { id: 'b2-in-low' })
        .ingress('sg-b2', 'tcp', 80, cidr('192.168.0.0/16'), { id: 'b2-in-other' })
        .endpoint('i-a', { groups: ['sg-a', 'sg-a2'], ipv4: ['10.0.1.10'] })
        .endpoint('i-b', { groups: ['sg-b', 'sg-b2'], ipv4: ['10.0.2.20'] }),
    );
    // tcp 80 i-a -> i-b. Egress: a-out-80 (to sg-b), a-out-all, a2-out (80 in 80-90, 10.0.2.20 in 10/8)
    // allow it; a-out-22 and a2-out-udp do not. Ingress: b-in-80 (from sg-a) and b2-in-low (80 in
    // 0-1024, 10.0.1.10 in 10/8) allow it; b-in-443 and b2-in-other do not.
    const a = expectVerdict(ask, q(ep('i-a'), ep('i-b'), 'tcp', 80), 'allowed');
    expect(ruleIds(a.egress)).toEqual(['a-out-80', 'a-out-all', 'a2-out']);
    expect(ruleIds(a.ingress)).toEqual(['b-in-80', 'b2-in-low']);
    for (const r of a.egress) expect(r.direction).toBe('egress');
    for (const r of a.ingress) expect(r.direction).toBe('ingress');
    expect(a.ingress.find((r) => r.ruleId === 'b-in-80')?.groupId).toBe('sg-b');
    expect(a.egress.find((r) => r.ruleId === 'a2-out')?.groupId).toBe('sg-a2');
    // From outside: no egress side; 198.51.100.7 is only admitted by b-in-443.
    const ext = expectVerdict(ask, q(ip('198.51.100.7'), ep('i-b'), 'tcp', 443), 'allowed');
    expect(ext.egress).toEqual([]);
    expect(ruleIds(ext.ingress)).toEqual(['b-in-443']);
  });

  it('an endpoint AWS does not filter with security groups (a load balancer made without groups, a NAT gateway) is not checked on its side; the other side decides, and group references never match it', () => {
    // ELB user guide: a network load balancer created without security groups has none, and its
    // traffic is not filtered by them. VPC user guide, "NAT gateways": a NAT gateway cannot be
    // associated with a security group either. An instance's egress and a database's ingress still
    // apply to traffic with their private addresses; a group reference matches endpoints carrying
    // the group, which they never do.
    const ask = engine(
      natWorld('sg-nat-like')
        .endpoint('other', { groups: ['sg-nat-like'], ipv4: ['10.0.4.4'] })
        // The same endpoint without the flag is read as carrying no rule at all.
        .endpoint('bare', { kind: 'eni', groups: [], ipv4: ['10.0.3.8'] }),
    );
    const toNlb = expectVerdict(ask, q(ep('app'), ep('nlb'), 'tcp', 443), 'allowed');
    expect(toNlb.ingress).toEqual([]);
    expect(toNlb.explanation).toMatch(/carries no security group and AWS does not filter/);
    // app's tcp 80 goes to sg-nat-like only: the load balancer carries no group, so that rule cannot match it.
    expectVerdict(ask, q(ep('app'), ep('nlb'), 'tcp', 80), 'denied');
    expectVerdict(ask, q(ep('nlb'), ep('db'), 'tcp', 5432), 'allowed');
    expectVerdict(ask, q(ep('nat'), ep('db'), 'tcp', 5432), 'allowed');
    expectVerdict(ask, q(ep('nat'), ep('db'), 'tcp', 6432), 'denied');
    // A NAT gateway itself accepts no connection, from its VPC or from outside: it only forwards
    // those its subnets' hosts open (VPC user guide, "NAT gateways"). Groups do not decide that,
    // and the answer says why.
    expect(expectVerdict(ask, q(ep('app'), ep('nat'), 'tcp', 443), 'denied').explanation).toMatch(/a NAT gateway itself accepts no connection/);
    expect(expectVerdict(ask, q(ip('198.51.100.7'), ep('nat'), 'udp', 53), 'denied').explanation).toMatch(/a NAT gateway itself accepts no connection/);
    expect(expectVerdict(ask, q(ep('nat'), ep('db'), 'tcp', 5432), 'allowed').explanation).not.toMatch(/accepts no connection/);
    // Without the flag, an endpoint with no group has no rule that allows anything.
    expectVerdict(ask, q(ep('app'), ep('bare'), 'tcp', 443), 'denied');
    expectVerdict(ask, q(ep('bare'), ep('db'), 'tcp', 5432), 'denied');
  });

  it('the unfiltered flag is ignored once the endpoint carries a group (another input gave its groups)', () => {
    const ask = engine(
      snapshot()
        .egress('sg-app', 'tcp', 443, cidr('10.0.3.0/24'))
        .endpoint('app', { groups: ['sg-app'], ipv4: ['10.0.1.5'] })
        .endpoint('lb', { kind: 'load-balancer', groups: ['sg-lb'], ipv4: ['10.0.3.9'], unfiltered: true }),
    );
    expectVerdict(ask, q(ep('app'), ep('lb'), 'tcp', 443), 'denied');
  });

  it('an endpoint AWS does not filter with groups accepts only on its listeners when the inputs list them; without them, anything', () => {
    // ELB user guide: a network load balancer accepts connections on its listeners' protocols and
    // ports only. Made without groups nothing else filters it, so its listeners decide; an unfiltered
    // endpoint whose listeners no input lists is taken as accepting anything, as before. Its own
    // outbound side is not narrowed (it forwards to targets on their ports).
    const index = buildReachIndex(
      snapshot()
        .egressAll('sg-app')
        .ingress('sg-app', 'tcp', 8443, cidr('10.0.5.0/24'))
        .endpoint('app', { groups: ['sg-app'], ipv4: ['10.0.1.5'] })
        .endpoint('nlb', { kind: 'load-balancer', groups: [], ipv4: ['10.0.5.9'], publicIpv4: ['203.0.113.9'], internetFacing: true, unfiltered: true, listeners: [[6, 443], [17, 53]] })
        .endpoint('nlb-open', { kind: 'load-balancer', groups: [], ipv4: ['10.0.5.10'], internetFacing: true, unfiltered: true })
        .build(),
    );
    const ask = (x: ReachQuery) => queryReach(index, x);
    expectVerdict(ask, q(ip('198.51.100.7'), ep('nlb'), 'tcp', 443), 'allowed');
    expectVerdict(ask, q(ip('198.51.100.7'), ep('nlb'), 'udp', 53), 'allowed');
    const refused = expectVerdict(ask, q(ip('198.51.100.7'), ep('nlb'), 'tcp', 22), 'denied');
    expect(refused.explanation).toMatch(/accepts connections only on its listeners \(tcp 443; udp 53\)/);
    expect(refused.refusedBy).toEqual(['ingress']);
    expectVerdict(ask, q(ep('app'), ep('nlb'), 'tcp', 22), 'denied');
    expectVerdict(ask, q(ep('app'), ep('nlb'), 'tcp', 443), 'allowed');
    expectVerdict(ask, q(ip('198.51.100.7'), ep('nlb-open'), 'tcp', 22), 'allowed');
    // Forwarding to a target is its outbound side: not narrowed.
    expectVerdict(ask, q(ep('nlb'), ep('app'), 'tcp', 8443), 'allowed');
    // The map agrees: the internet reaches it on its listeners only, which are not risky ports.
    const result = analyzeFlows(index);
    const g = result.flows;
    const edge = (from: string, to: string) => g.edges.find((e) => e.from === from && e.to === to)?.label;
    expect(edge('internet', g.memberOf.nlb!)).toBe('tcp 443; udp 53');
    expect(edge(g.memberOf.app!, g.memberOf.nlb!)).toBe('tcp 443; udp 53');
    expect(edge('internet', g.memberOf['nlb-open']!)).toBe('all traffic');
    expect(result.exposures.map((x) => [x.endpointId, x.ports.map((p) => p.label), x.risky])).toEqual([
      ['nlb', ['tcp 443', 'udp 53'], false],
      ['nlb-open', ['all traffic'], true],
    ]);
  });

  it('an endpoint set to IPv4 only (ip_address_type "ipv4") takes no IPv6 address from a dual-stack subnet', () => {
    // ELB user guide, "IP address types": an "ipv4" load balancer's nodes get IPv4 addresses only,
    // even in subnets with IPv6 blocks; a "dualstack" one gets both. Both load balancers below have
    // unknown addresses in the same dual-stack subnet and admit 443 from the whole internet, IPv4
    // and IPv6.
    const b = snapshot()
      .vpc('vpc-1', ['10.0.0.0/16'], ['2001:db8::/56'])
      .subnet('subnet-d', '10.0.6.0/24', 'vpc-1', '2001:db8:0:6::/64')
      .ingress('sg-lb', 'tcp', 443, cidr('0.0.0.0/0'))
      .ingress('sg-lb', 'tcp', 443, cidr('::/0'))
      .endpoint('lb-v4', { kind: 'load-balancer', groups: ['sg-lb'], subnets: ['subnet-d'], ipAddressType: 'ipv4' })
      .endpoint('lb-dual', { kind: 'load-balancer', groups: ['sg-lb'], subnets: ['subnet-d'], ipAddressType: 'dualstack' });
    const index = buildReachIndex(b.build());
    const ask = (x: ReachQuery) => queryReach(index, x);
    expect(expectVerdict(ask, q(ip('2001:db8:ffff::7'), ep('lb-v4'), 'tcp', 443), 'denied').explanation).toMatch(/lb-v4 \(it is set to IPv4 only\) has no IPv6 address/);
    expectVerdict(ask, q(ip('198.51.100.7'), ep('lb-v4'), 'tcp', 443), 'allowed');
    expectVerdict(ask, q(ip('2001:db8:ffff::7'), ep('lb-dual'), 'tcp', 443), 'allowed');
    // The exposure lists only the blocks that can reach each.
    const via = analyzeFlows(index).exposures.map((x) => [x.endpointId, x.via]);
    expect(via).toEqual([['lb-v4', ['0.0.0.0/0']], ['lb-dual', ['0.0.0.0/0', '::/0']]]);
  });

  it('notInFamily marks a denial that holds only because the question has no answer in its family', () => {
    // An IPv4-only web at 10.0.1.5 open to all; an IPv4 source asking at an IPv6 address, and an
    // IPv6 source asking about web, get no answer in their family. An endpoint of unknown addresses
    // that may have IPv6 is answered (here denied by its rules), never marked.
    const b = snapshot()
      .vpc('vpc-1', ['10.0.0.0/16'], ['2001:db8::/56'])
      .subnet('subnet-a', '10.0.1.0/24', 'vpc-1')
      .subnet('subnet-d', '10.0.6.0/24', 'vpc-1', '2001:db8:0:6::/64')
      .ingress('sg-web', 'tcp', 443, cidr('0.0.0.0/0'))
      .ingress('sg-lb', 'tcp', 443, cidr('0.0.0.0/0'))
      .endpoint('web', { groups: ['sg-web'], subnets: ['subnet-a'], ipv4: ['10.0.1.5'] })
      .endpoint('lb', { kind: 'load-balancer', groups: ['sg-lb'], subnets: ['subnet-d'], ipAddressType: 'dualstack' });
    const index = buildReachIndex(b.build());
    const ask = (x: ReachQuery) => queryReach(index, x);
    expect(expectVerdict(ask, q(ip('2001:db8:ffff::7'), ep('web'), 'tcp', 443), 'denied').notInFamily).toBe('no-address');
    expect(expectVerdict(ask, q(ip('198.51.100.7'), ip('2001:db8::5'), 'tcp', 443), 'denied').notInFamily).toBe('mismatch');
    expect(expectVerdict(ask, q(ip('198.51.100.7'), ep('web'), 'tcp', 443), 'allowed').notInFamily).toBeUndefined();
    expect(expectVerdict(ask, q(ip('2001:db8:ffff::7'), ep('lb'), 'tcp', 443), 'denied').notInFamily).toBeUndefined();
  });

  it('a denial across address families says which side refused: the side of each end that is an endpoint', () => {
    // web at 10.0.1.5 (named by that address) and an outside host at 2001:db8::5: no egress rule of
    // web allows an IPv4 source to an IPv6 destination, and no ingress rule of web admits an IPv6
    // source at its IPv4 address, whatever the rules say. Two outside hosts have no side to refuse.
    const b = snapshot().egressAll('sg-web').ingress('sg-web', 'all', null, cidr('0.0.0.0/0')).ingress('sg-web', 'all', null, cidr('::/0'))
      .endpoint('web', { groups: ['sg-web'], ipv4: ['10.0.1.5'], ipv6: ['2001:db8::9'] })
      .endpoint('peer', { groups: ['sg-web'], ipv4: ['10.0.1.6'], ipv6: ['2001:db8::6'] });
    const index = buildReachIndex(b.build());
    const ask = (x: ReachQuery) => queryReach(index, x);
    expect(expectVerdict(ask, q(ip('10.0.1.5'), ip('2001:db8::5'), 'tcp', 443), 'denied').refusedBy).toEqual(['egress']);
    expect(expectVerdict(ask, q(ip('2001:db8::5'), ip('10.0.1.5'), 'tcp', 443), 'denied').refusedBy).toEqual(['ingress']);
    expect(expectVerdict(ask, q(ip('10.0.1.5'), ip('2001:db8::6'), 'tcp', 443), 'denied').refusedBy).toEqual(['egress', 'ingress']);
    expect(expectVerdict(ask, q(ip('198.51.100.7'), ip('2001:db8::5'), 'tcp', 443), 'denied').refusedBy).toEqual([]);
  });

  describe('analyzeFlows', () => {
    const nodeOf = (g: FlowGraph, endpointId: string): string => {
      const id = g.memberOf[endpointId];
      expect(id, `memberOf[${endpointId}]`).toBeDefined();
      return id as string;
    };
    const internetNodes = (g: FlowGraph): FlowNode[] => g.nodes.filter((n) => n.kind === 'internet');
    const edgesBetween = (g: FlowGraph, from: string, to: string) => g.edges.filter((e) => e.from === from && e.to === to);

    it('an endpoint AWS does not filter with security groups gets the edges the other side\'s CIDR rules allow, in both directions, and nothing through group references', () => {
      // As the queries above: app reaches the load balancer through its egress CIDR (tcp 443), the
      // load balancer and the NAT reach db through db's ingress CIDR (tcp 5432); app's
      // group-referencing tcp 80 and db's tcp 6432 from sg-app never concern them. Two load
      // balancers reach each other with nothing checked; nothing reaches a NAT gateway, which
      // accepts no connection.
      const index = buildReachIndex(natWorld('sg-db').endpoint('nlb2', { kind: 'load-balancer', groups: [], ipv4: ['10.0.3.70'], unfiltered: true }).build());
      for (const cidrPairs of ['expand', 'auto'] as const) {
        const g = analyzeFlows(index, { cidrPairs }).flows;
        const [app, db, nat, nlb, nlb2] = ['app', 'db', 'nat', 'nlb', 'nlb2'].map((id) => nodeOf(g, id)) as [string, string, string, string, string];
        expect(edgesBetween(g, app, nlb).map((e) => [e.label, e.ruleIds?.length])).toEqual([['tcp 443', 1]]);
        expect(edgesBetween(g, nlb, db).map((e) => [e.label, e.ruleIds?.length])).toEqual([['tcp 5432', 1]]);
        expect(edgesBetween(g, nat, db).map((e) => [e.label, e.ruleIds?.length])).toEqual([['tcp 5432', 1]]);
        expect(edgesBetween(g, nlb, app)).toEqual([]);
        expect(edgesBetween(g, db, nlb)).toEqual([]);
        expect(edgesBetween(g, nlb, nlb2).map((e) => [e.label, e.ruleIds])).toEqual([['all traffic', []]]);
        expect(g.edges.filter((e) => e.to === nat)).toEqual([]);
        // The group-linked pair keeps its own edge: tcp 80 to sg-db meets db's tcp 6432 from sg-app: nothing.
        expect(edgesBetween(g, app, db)).toEqual([]);
      }
    });

    it('the internet reaches an unfiltered endpoint it can address (internet-facing, or a public IP) for all traffic, as an exposure; never an internal one or a NAT gateway', () => {
      // ELB user guide: a network load balancer created without security groups has none and its
      // traffic is not filtered by them; an internet-facing one has public addresses. VPC user
      // guide, "NAT gateways": a NAT gateway accepts no connection initiated from outside, though
      // its elastic IP is public. No rule names the internet for any of them, so the edge can only
      // come from the endpoint being public. A subnet with an IPv6 block lets the internet-facing
      // load balancer placed there take IPv6 as well (the dual one).
      const index = buildReachIndex(
        natWorld('sg-db')
          .subnet('subnet-a', '10.0.5.0/24')
          .subnet('subnet-d', '10.0.6.0/24', 'vpc-1', '2001:db8:0:6::/64')
          .endpoint('nlb-pub', { kind: 'load-balancer', groups: [], subnets: ['subnet-a'], internetFacing: true, unfiltered: true })
          .endpoint('nlb-dual', { kind: 'load-balancer', groups: [], subnets: ['subnet-d'], internetFacing: true, unfiltered: true })
          .endpoint('nlb-int', { kind: 'load-balancer', groups: [], subnets: ['subnet-a'], internetFacing: false, unfiltered: true })
          // As the AWS import may give one: no scheme read, but a public address on its interface.
          .endpoint('nlb-eni', { kind: 'load-balancer', groups: [], ipv4: ['10.0.5.20'], publicIpv4: ['203.0.113.20'], unfiltered: true })
          .endpoint('nat-pub', { kind: 'nat', groups: [], ipv4: ['10.0.3.8'], publicIpv4: ['203.0.113.8'], unfiltered: true })
          // IPv6 only: no IPv4 address, so only ::/0 can reach it.
          .endpoint('nlb-v6', { kind: 'load-balancer', groups: [], ipv6: ['2001:db8:0:6::10'], internetFacing: true, unfiltered: true })
          // Public, but it carries a group: its rules (none here) decide, as for any endpoint.
          .endpoint('lb-grouped', { kind: 'load-balancer', groups: ['sg-lb'], subnets: ['subnet-a'], internetFacing: true, unfiltered: true })
          .build(),
      );
      const result = analyzeFlows(index);
      const g = result.flows;
      const fromInternet = (id: string) => g.edges.filter((e) => e.from === 'internet' && e.to === nodeOf(g, id)).map((e) => [e.label, e.ruleIds, e.depends ?? false]);
      expect(fromInternet('nlb-pub')).toEqual([['all traffic', [], false]]);
      expect(fromInternet('nlb-dual')).toEqual([['all traffic', [], false]]);
      expect(fromInternet('nlb-eni')).toEqual([['all traffic', [], false]]);
      for (const id of ['nlb-int', 'nat', 'nat-pub', 'lb-grouped', 'app', 'db']) expect(fromInternet(id), id).toEqual([]);
      expect(internetNodes(g).map((n) => n.kind === 'internet' && n.cidrs)).toEqual([['::/0', '0.0.0.0/0']]);
      const exposed = result.exposures.map((x) => [x.endpointId, x.from, x.ports.map((p) => p.label), x.risky, x.via, x.unfiltered]);
      expect(exposed).toEqual([
        ['nlb-pub', 'internet', ['all traffic'], true, ['0.0.0.0/0'], true],
        ['nlb-dual', 'internet', ['all traffic'], true, ['0.0.0.0/0', '::/0'], true],
        ['nlb-eni', 'internet', ['all traffic'], true, ['0.0.0.0/0'], true],
        ['nlb-v6', 'internet', ['all traffic'], true, ['::/0'], true],
      ]);
      expect(result.summary.internetExposedEndpoints).toBe(4);
      expectVerdict((x) => queryReach(index, x), q(ip('198.51.100.7'), ep('nlb-v6'), 'tcp', 443), 'denied');
      expectVerdict((x) => queryReach(index, x), q(ip('2001:db8:ffff::7'), ep('nlb-v6'), 'tcp', 443), 'allowed');
      // The queries agree: nothing checks an outside address's traffic to it.
      expectVerdict((x) => queryReach(index, x), q(ip('198.51.100.7'), ep('nlb-pub'), 'tcp', 22), 'allowed');
      // Its explanation says why no ingress rule is listed: that side is unfiltered, not outside.
      const edgeId = g.edges.find((e) => e.from === 'internet' && e.to === nodeOf(g, 'nlb-pub'))!.id;
      const why = explainEdge(index, result, edgeId);
      expect(why?.unfiltered).toEqual(['destination']);
      expect(why?.segments.map((x) => [x.ports.label, x.egress, x.ingress])).toEqual([['all traffic', [], []]]);
      const appToNlb = g.edges.find((e) => e.from === nodeOf(g, 'app') && e.to === nodeOf(g, 'nlb'))!.id;
      expect(explainEdge(index, result, appToNlb)?.unfiltered).toEqual(['destination']);
      const natToDb = g.edges.find((e) => e.from === nodeOf(g, 'nat') && e.to === nodeOf(g, 'db'))!.id;
      expect(explainEdge(index, result, natToDb)?.unfiltered).toEqual(['source']);
      expect(explainPair(index, { endpointId: 'nat' }, { endpointId: 'db' }).unfiltered).toEqual(['source']);
      expect(explainPair(index, { endpointId: 'app' }, { endpointId: 'db' }).unfiltered).toBeUndefined();
    });

    it("an internet ingress rule yields an edge from the 'internet' node; an egress to 0.0.0.0/0 yields an edge to the internet node", () => {
      const result = analyzeFlows(
        buildReachIndex(
          snapshot()
            .ingress('sg-web', 'tcp', 443, cidr('0.0.0.0/0'), { id: 'web-in-443' })
            .egressAll('sg-app', { id: 'app-out-all' })
            .endpoint('i-web', { groups: ['sg-web'], ipv4: ['10.0.1.10'] })
            .endpoint('i-app', { groups: ['sg-app'], ipv4: ['10.0.2.10'] })
            .build(),
        ),
      );
      const g = result.flows;
      const inet = internetNodes(g).map((n) => n.id);
      expect(inet.length).toBeGreaterThan(0);
      const web = nodeOf(g, 'i-web');
      const app = nodeOf(g, 'i-app');
      // internet -> web on tcp 443 only.
      const inbound = g.edges.filter((e) => inet.includes(e.from) && e.to === web);
      expect(inbound).toHaveLength(1);
      expect(inbound[0]?.ports.map((p) => [p.protocol, p.ranges])).toEqual([[6, [[443, 443]]]]);
      expect(inbound[0]?.ruleIds).toContain('web-in-443');
      // app -> internet on all traffic.
      const outbound = g.edges.filter((e) => e.from === app && inet.includes(e.to));
      expect(outbound).toHaveLength(1);
      expect(outbound[0]?.ports.map((p) => p.protocol)).toEqual([-1]);
      expect(outbound[0]?.ruleIds).toContain('app-out-all');
      // app's egress (all to 0.0.0.0/0) and web's ingress (443 from 0.0.0.0/0) also admit app -> web.
      const appWeb = edgesBetween(g, app, web);
      expect(appWeb).toHaveLength(1);
      expect(appWeb[0]?.ports.map((p) => [p.protocol, p.ranges])).toEqual([[6, [[443, 443]]]]);
      // Nothing reaches the app (no ingress) and the web server starts nothing (no egress).
      expect(g.edges.filter((e) => e.to === app)).toEqual([]);
      expect(g.edges.filter((e) => e.from === web)).toEqual([]);
    });

    it('endpoint->endpoint edges apply both egress and ingress (no edge when the source egress forbids it)', () => {
      const g = analyzeFlows(
        buildReachIndex(
          snapshot()
            .egressAll('sg-x', { id: 'x-out' })
            // sg-y has no egress rule.
            .ingress('sg-t', 'tcp', 80, sg('sg-x'), { id: 't-in-x' })
            .ingress('sg-t', 'tcp', 80, sg('sg-y'), { id: 't-in-y' })
            .egressAll('sg-t')
            .endpoint('x', { groups: ['sg-x'], ipv4: ['10.0.1.10'] })
            .endpoint('y', { groups: ['sg-y'], ipv4: ['10.0.1.11'] })
            .endpoint('t', { groups: ['sg-t'], ipv4: ['10.0.2.10'] })
            .build(),
        ),
      ).flows;
      const [x, y, t] = [nodeOf(g, 'x'), nodeOf(g, 'y'), nodeOf(g, 't')];
      const xt = edgesBetween(g, x, t);
      expect(xt).toHaveLength(1);
      expect(xt[0]?.ports.map((p) => [p.protocol, p.ranges])).toEqual([[6, [[80, 80]]]]);
      expect(xt[0]?.ruleIds).toEqual(expect.arrayContaining(['x-out', 't-in-x']));
      expect(xt[0]?.ruleIds).not.toContain('t-in-y');
      // t admits y, but y may not send.
      expect(edgesBetween(g, y, t)).toEqual([]);
      // t may send anywhere, but neither x nor y admits anything.
      expect(edgesBetween(g, t, x)).toEqual([]);
      expect(edgesBetween(g, t, y)).toEqual([]);
    });

    it('edge ports are merged per protocol across rules and groups (inclusive ranges, sorted, overlaps and neighbours joined)', () => {
      // Ingress on one endpoint, all from 0.0.0.0/0: tcp 80-90 and 85-100 overlap, 101-110 touches
      // 100, 443 stands alone; udp 53 is its own protocol. What the internet may reach is the union.
      const g = analyzeFlows(
        buildReachIndex(
          snapshot()
            .ingress('sg-1', 'tcp', [80, 90], cidr('0.0.0.0/0'))
            .ingress('sg-2', 'tcp', [85, 100], cidr('0.0.0.0/0'))
            .ingress('sg-2', 'tcp', [101, 110], cidr('0.0.0.0/0'))
            .ingress('sg-1', 'tcp', 443, cidr('0.0.0.0/0'))
            .ingress('sg-1', 'udp', 53, cidr('0.0.0.0/0'))
            .endpoint('i-1', { groups: ['sg-1', 'sg-2'], ipv4: ['10.0.1.10'] })
            .build(),
        ),
      ).flows;
      const inet = internetNodes(g).map((n) => n.id);
      const inbound = g.edges.filter((e) => inet.includes(e.from) && e.to === g.memberOf['i-1']);
      expect(inbound).toHaveLength(1);
      const ports = [...(inbound[0]?.ports ?? [])].sort((a, b) => a.protocol - b.protocol);
      expect(ports.map((p) => [p.protocol, p.ranges])).toEqual([
        [6, [[80, 110], [443, 443]]],
        [17, [[53, 53]]],
      ]);
    });

    it('endpoints with identical groups and addresses share one flow node, and the edge count does not grow quadratically (50 web x 50 app -> 1 edge)', () => {
      const b = snapshot()
        .subnet('subnet-web', '10.0.1.0/24')
        .subnet('subnet-app', '10.0.2.0/24')
        .egressAll('sg-web')
        .ingress('sg-app', 'tcp', 8080, sg('sg-web'));
      for (let i = 0; i < 50; i++) {
        b.endpoint(`web-${i}`, { groups: ['sg-web'], ipv4: [`10.0.1.${10 + i}`], subnets: ['subnet-web'] });
        b.endpoint(`app-${i}`, { groups: ['sg-app'], ipv4: [`10.0.2.${10 + i}`], subnets: ['subnet-app'] });
      }
      const result = analyzeFlows(buildReachIndex(b.build()));
      const g = result.flows;
      const web = nodeOf(g, 'web-0');
      const app = nodeOf(g, 'app-0');
      expect(web).not.toBe(app);
      for (let i = 0; i < 50; i++) {
        expect(g.memberOf[`web-${i}`]).toBe(web);
        expect(g.memberOf[`app-${i}`]).toBe(app);
      }
      const endpointNodes = g.nodes.filter((n) => n.kind === 'endpoints');
      expect(endpointNodes).toHaveLength(2);
      for (const n of endpointNodes) if (n.kind === 'endpoints') expect(n.members).toHaveLength(50);
      // One web -> app edge on tcp 8080.
      const wa = edgesBetween(g, web, app);
      expect(wa).toHaveLength(1);
      expect(wa[0]?.ports.map((p) => [p.protocol, p.ranges])).toEqual([[6, [[8080, 8080]]]]);
      // By hand: web -> app and web -> internet; app has no egress and web no ingress. Allow a little
      // slack for extra external nodes, but nothing near 2500.
      expect(g.edges.length).toBeLessThanOrEqual(4);
      expect(result.summary.flowEdges).toBe(g.edges.length);
      expect(result.summary.endpoints).toBe(100);
    });
  });
});
