/**
 * `reachmap analyze` and `export-snapshot` through the real bundle on the hand-written web-stack
 * fixture. The fixture defines 4 groups (alb, web, db, bastion) and references a fifth it does not
 * define (the monitoring group on web's port 9100); it holds 10 atomic rules (alb 2 in + 1 out,
 * web 3 in + 1 out, db 1 in as a separate resource, bastion 1 in + 1 out) and 5 endpoints (the ALB,
 * web-1, web-2, the bastion and the database). These counts were worked out by hand.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { AnalysisDocument as AnalysisDoc } from '../../src/core/analysis-document';
import { buildCli, ROOT, runCli, STATE, STATE_REL } from './run-cli';

const ALB = 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/web-alb/0123456789abcdef';
const WEB1 = 'i-0web0000000000001';
const WEB2 = 'i-0web0000000000002';
const BASTION = 'i-0ba5000000000ba50';
const DB = 'app-db';

let tmp: string;
let doc: AnalysisDoc;
beforeAll(async () => {
  await buildCli();
  tmp = mkdtempSync(path.join(tmpdir(), 'reachmap-analyze-'));
  const run = await runCli(['analyze', STATE_REL, '--json']);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  doc = JSON.parse(run.stdout) as AnalysisDoc;
}, 120_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('analyze --json', () => {
  it('has the documented top-level keys', () => {
    expect(Object.keys(doc).sort()).toEqual(['exposures', 'flows', 'format', 'notes', 'snapshot', 'summary', 'tool', 'version', 'warnings']);
    expect(doc.format).toBe('reachmap-analysis');
    expect(doc.version).toBe(1);
    expect(doc.tool).toMatch(/^reachmap \d+\.\d+\.\d+/);
  });

  it('counts defined groups, external groups, rules and endpoints as worked out by hand', () => {
    expect(doc.summary).toMatchObject({ groups: 4, externalGroups: 1, rules: 10, endpoints: 5, endpointsWithUnknownRules: 0 });
    expect(doc.summary.warnings).toBe(doc.warnings.length);
    expect(doc.summary.flowNodes).toBe(doc.flows.nodes.length);
    expect(doc.summary.flowEdges).toBe(doc.flows.edges.length);
    expect(Object.keys(doc.summary).sort()).toEqual(
      ['cidrPairs', 'endpoints', 'endpointsWithUnknownRules', 'exposedAtPublicAddress', 'externalGroups', 'flowEdges', 'flowNodes', 'groups', 'internetExposedEndpoints', 'possiblyExposedEndpoints', 'rules', 'warnings'],
    );
  });

  it('draws CIDR-only pairs as direct edges on a small input, with nothing to note', () => {
    expect(doc.summary.cidrPairs).toBe('expand');
    expect(doc.notes).toEqual([]);
  });

  it('warns about the undefined monitoring group', () => {
    expect(doc.warnings).toContainEqual(expect.objectContaining({ code: 'external-group', subject: 'sg-0e0e000000000e0e0' }));
  });

  it('carries the full snapshot', () => {
    expect(doc.snapshot.format).toBe('reachmap-snapshot');
    expect(doc.snapshot.endpoints.map((e) => e.id).sort()).toEqual([ALB, DB, BASTION, WEB1, WEB2].sort());
    expect(doc.snapshot.rules).toHaveLength(10);
    expect(doc.snapshot.groups).toHaveLength(5);
  });

  it('groups endpoints with identical reachability: web-1 and web-2 share a node', () => {
    const { memberOf, nodes } = doc.flows;
    expect(memberOf[WEB1]).toBe(memberOf[WEB2]);
    const node = nodes.find((n) => n.id === memberOf[WEB1]);
    expect(node?.kind === 'endpoints' && [...node.members].sort()).toEqual([WEB1, WEB2]);
    expect(new Set([ALB, WEB1, BASTION, DB].map((id) => memberOf[id])).size).toBe(4);
  });

  it('has the ALB -> web -> db chain, the bastion ssh edge and the external edges, ports merged per protocol', () => {
    const { memberOf, nodes, edges } = doc.flows;
    const edge = (from: string | undefined, to: string | undefined) => edges.find((e) => e.from === from && e.to === to);
    expect(edge(memberOf[ALB], memberOf[WEB1])?.label).toBe('tcp 8080');
    expect(edge(memberOf[WEB1], memberOf[DB])?.label).toBe('tcp 5432');
    expect(edge(memberOf[BASTION], memberOf[WEB1])?.label).toBe('tcp 22');
    const internet = nodes.find((n) => n.kind === 'internet');
    expect(internet).toBeDefined();
    const fromInternet = edge(internet?.id, memberOf[ALB]);
    expect(fromInternet?.ports).toEqual([expect.objectContaining({ protocol: 6, name: 'tcp', ranges: [[80, 80], [443, 443]] })]);
    const office = nodes.find((n) => n.kind === 'cidr' && n.cidrs?.includes('203.0.113.7/32'));
    expect(edge(office?.id, memberOf[BASTION])?.label).toBe('tcp 22');
    // Nothing reaches the database but the web tier.
    expect(edges.filter((e) => e.to === memberOf[DB]).map((e) => e.from)).toEqual([memberOf[WEB1]]);
  });

  it('lists exposures: the ALB to the internet, the bastion ssh to the office /32 (risky)', () => {
    const alb = doc.exposures.find((x) => x.endpointId === ALB);
    expect(alb?.ports.map((p) => p.label)).toEqual(['tcp 80, 443']);
    const bastion = doc.exposures.find((x) => x.endpointId === BASTION);
    expect(bastion?.ports.map((p) => p.label)).toEqual(['tcp 22']);
    expect(bastion?.risky).toBe(true);
    expect(doc.exposures.some((x) => x.endpointId === DB || x.endpointId === WEB1)).toBe(false);
  });

  it('says each exposed endpoint has a public address: the ALB is internet-facing, the bastion has 198.51.100.10', () => {
    expect(doc.exposures.map((x) => [x.endpointId, x.publicAddress]).sort()).toEqual([[ALB, 'yes'], [BASTION, 'yes']].sort());
    expect(doc.summary.exposedAtPublicAddress).toBe(2);
  });
});

describe("the README's analyze examples", () => {
  // The README's CLI section shows what analyze prints on this fixture; a reader (or an outside
  // check) runs the same command and must get the same text and the same summary.
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

  it('the text example is what analyze prints', async () => {
    const block = /\$ reachmap analyze test\/cli\/fixtures\/web-stack\.tfstate\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    const run = await runCli(['analyze', STATE_REL]);
    expect(run.stdout).toBe(block);
  });

  it('the summary example is the summary analyze --json prints', () => {
    const block = /On the example above, `summary` is:\n\n```jsonc\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    expect(JSON.parse(block as string)).toEqual(doc.summary);
  });
});

describe('analyze (text)', () => {
  it('prints counts, warnings and exposures', async () => {
    const run = await runCli(['analyze', STATE_REL]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(''); // no progress lines: stderr is not a terminal
    expect(run.stdout).toContain(`Inputs: ${STATE_REL} (tfstate-v4)`);
    expect(run.stdout).toMatch(/security groups +4 defined, 1 external/);
    expect(run.stdout).toMatch(/rules +10\n/);
    expect(run.stdout).toMatch(/endpoints +5\n/);
    expect(run.stdout).toMatch(/flow graph +\d+ nodes, \d+ edges/);
    expect(run.stdout).toContain('Warnings (1):');
    expect(run.stdout).toContain('external-group: sg-0e0e000000000e0e0');
    expect(run.stdout).toMatch(/! bastion \(i-0ba5000000000ba50\) +from .*203\.0\.113\.7\/32.*: tcp 22 · at 198\.51\.100\.10\n/);
    expect(run.stdout).toMatch(/alb \(aws_lb\.web\) +from .*: tcp 80, 443 · internet-facing\n/);
    expect(run.stdout).toMatch(/exposed outside +2 endpoints \(internet, public CIDRs, prefix lists\); 2 of them at a public address\n/);
  });

  it('counts an endpoint reached only through a prefix list of unknown entries apart, as depending on it', async () => {
    // An AWS CLI dump: the group admits 443 from a prefix list that no input describes, so its
    // entries are unknown; the one ENI carrying the group is exposed or not depending on them.
    const dir = mkdtempSync(path.join(tmpdir(), 'reachmap-pl-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(path.join(dir, 'sgs.json'), JSON.stringify({ SecurityGroups: [{ GroupId: 'sg-0cdn', GroupName: 'cdn', VpcId: 'vpc-1', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, PrefixListIds: [{ PrefixListId: 'pl-0cf' }] }], IpPermissionsEgress: [] }] }));
    // A second ENI carries only a group no input describes: its rules, and so its flows, are unknown.
    writeFileSync(path.join(dir, 'enis.json'), JSON.stringify({ NetworkInterfaces: [
      { NetworkInterfaceId: 'eni-0cdn', VpcId: 'vpc-1', SubnetId: 'subnet-1', PrivateIpAddress: '10.0.0.5', Groups: [{ GroupId: 'sg-0cdn', GroupName: 'cdn' }], InterfaceType: 'interface' },
      { NetworkInterfaceId: 'eni-0gone', VpcId: 'vpc-1', SubnetId: 'subnet-1', PrivateIpAddress: '10.0.0.6', Groups: [{ GroupId: 'sg-0gone' }], InterfaceType: 'interface' },
    ] }));
    const run = await runCli(['analyze', dir]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/exposed outside +0 endpoints \(internet, public CIDRs, prefix lists\), 1 more depending on prefix lists of unknown entries\n/);
    // The ENI has a private address only: the list admits it, yet nothing outside can address it directly.
    expect(run.stdout).toMatch(/ \?eni-0cdn.* from .*pl-0cf.*: tcp 443 · no public address in the inputs\n/);
    expect(run.stdout).toMatch(/unknown rules +1 endpoints carry a group defined outside the inputs/);
  });

  it('lists an internet-facing network load balancer without groups as exposed to the internet for all traffic, and an internal one not', async () => {
    // An `elbv2 describe-load-balancers` dump: neither load balancer was created with security
    // groups, so AWS does not filter either; only the internet-facing one can be addressed from the
    // internet. Its exposure comes from no rule, and the line says so.
    const dir = mkdtempSync(path.join(tmpdir(), 'reachmap-nlb-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const nlb = (name: string, scheme: string) => ({
      LoadBalancerArn: `arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/${name}/0123456789abcdef`,
      LoadBalancerName: name, Scheme: scheme, VpcId: 'vpc-1', Type: 'network', IpAddressType: 'ipv4',
      AvailabilityZones: [{ ZoneName: 'eu-west-1a', SubnetId: 'subnet-1', LoadBalancerAddresses: [] }],
    });
    writeFileSync(path.join(dir, 'lbs.json'), JSON.stringify({ LoadBalancers: [nlb('edge', 'internet-facing'), nlb('inside', 'internal')] }));
    // Its subnet has no IPv6 block, so only 0.0.0.0/0 can reach it.
    writeFileSync(path.join(dir, 'subnets.json'), JSON.stringify({ Subnets: [{ SubnetId: 'subnet-1', VpcId: 'vpc-1', CidrBlock: '10.0.1.0/24', AvailabilityZone: 'eu-west-1a', Ipv6CidrBlockAssociationSet: [] }] }));
    const run = await runCli(['analyze', dir]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/exposed outside +1 endpoint \(internet, public CIDRs, prefix lists\); 1 of them at a public address\n/);
    expect(run.stdout).toMatch(/! +edge \(arn:[^)]*net\/edge\/[^)]*\) +from Internet \(0\.0\.0\.0\/0\): all traffic \(no security group: AWS does not filter it\) · internet-facing\n/);
    expect(run.stdout).not.toMatch(/inside \(arn:[^)]*\) +from/);
  });

  it('reads saved EC2 Query API XML answers, and names an error answer with exit 2', async () => {
    const xml = (name: string) => path.join(ROOT, 'test/node/fixtures', name);
    const run = await runCli(['analyze', xml('ec2-describe-security-groups.xml'), xml('ec2-describe-network-interfaces.xml')]);
    expect(run.code).toBe(0);
    // Nothing on stderr: not even the SDK's note about Node 20, which parsing a file does not concern.
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/security groups +2 defined, 0 external/);
    expect(run.stdout).toMatch(/endpoints +2\n/);
    // The web ENI has a public IPv4 and an IPv6 address, both open to the internet; the db ENI a private one only.
    expect(run.stdout).toMatch(/\n {4}i-0xmlweb +from Internet \(0\.0\.0\.0\/0, ::\/0\): tcp 443 · at 203\.0\.113\.10, 2001:db8:8:1::10\n/);
    expect(run.stdout).toMatch(/\n {2}!\?i-0xmldb +from pl-0xmladmins · entries unknown: tcp 22 · no public address in the inputs\n/);
    const bad = await runCli(['analyze', xml('ec2-error-unauthorized.xml')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^reachmap: .*ec2-error-unauthorized\.xml: an EC2 error answer \(UnauthorizedOperation: .*\), not data\n$/);
  });

  it('takes a folder, the same as naming the file', async () => {
    const run = await runCli(['analyze', path.dirname(STATE_REL), '--json']);
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as AnalysisDoc).summary).toEqual(doc.summary);
  });
});

describe('export-snapshot', () => {
  it('writes a secrets-free snapshot atomically that analyzes the same', async () => {
    const out = path.join(tmp, 'snap.json');
    const run = await runCli(['export-snapshot', STATE_REL, '--out', out]);
    expect(run).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(readdirSync(tmp)).toEqual(['snap.json']); // no temp file left behind
    const text = readFileSync(out, 'utf8');
    expect(JSON.parse(text).format).toBe('reachmap-snapshot');
    expect(text).not.toContain('password');
    expect(readFileSync(STATE, 'utf8')).toContain('password');
    const again = await runCli(['analyze', out, '--json']);
    expect(again.code).toBe(0);
    expect((JSON.parse(again.stdout) as AnalysisDoc).summary).toEqual(doc.summary);
  });

  it('exits 2 naming the output when it cannot write', async () => {
    const out = path.join(tmp, 'no-such-dir', 'snap.json');
    const run = await runCli(['export-snapshot', STATE_REL, '-o', out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`reachmap: ${out}: cannot write (no such file or folder)\n`);
  });

  it('skips an AWS permission with ports AWS would reject, warning, and writes a snapshot that reads back', async () => {
    const dump = path.join(tmp, 'ec2-describe-security-groups.json');
    writeFileSync(dump, JSON.stringify({
      SecurityGroups: [{
        GroupId: 'sg-1', GroupName: 'web', VpcId: 'vpc-1',
        IpPermissions: [
          { IpProtocol: 'tcp', FromPort: -5, ToPort: -5, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
          { IpProtocol: 'tcp', FromPort: 22.5, ToPort: 22.5, IpRanges: [{ CidrIp: '10.0.0.0/8' }] },
          { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
        ],
      }],
    }));
    const analyzed = await runCli(['analyze', dump]);
    expect(analyzed.code).toBe(0);
    expect(analyzed.stdout).toContain('bad-rule: sg-1: IpPermissions[0] (tcp) has ports out of range (-5--5); permission skipped');
    expect(analyzed.stdout).toContain('bad-rule: sg-1: IpPermissions[1] (tcp) has non-numeric ports (22.5, 22.5); permission skipped');
    const out = path.join(tmp, 'ports.snapshot.json');
    expect((await runCli(['export-snapshot', dump, '--out', out])).code).toBe(0);
    const again = await runCli(['analyze', out, '--json']);
    expect(again.stderr).toBe('');
    expect((JSON.parse(again.stdout) as AnalysisDoc).snapshot.rules.map((r) => [r.fromPort, r.toPort])).toEqual([[443, 443]]);
  });
});
