/**
 * `reachmap query` through the real bundle on the hand-written web-stack fixture (ALB -> web ->
 * db, plus a bastion that admits SSH from one /32). Expected verdicts and rules are worked out by
 * hand from the fixture's security groups.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, ROOT, runCli, STATE_REL } from './run-cli';

interface Answer {
  allowed: boolean;
  verdict: string;
  egress: { ruleId: string; groupId: string; direction: string }[];
  ingress: { ruleId: string; groupId: string; direction: string }[];
  refusedBy?: string[];
  explanation: string;
  error?: string;
  line?: number;
}

const SG = { alb: 'sg-0a1b000000000a1b0', web: 'sg-0web000000000web0', db: 'sg-0db0000000000db00', bastion: 'sg-0ba5000000000ba50' };

let tmp: string;
beforeAll(async () => {
  await buildCli();
  tmp = mkdtempSync(path.join(tmpdir(), 'reachmap-query-'));
}, 120_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function ask(...args: string[]): Promise<Answer> {
  const run = await runCli(['query', STATE_REL, ...args, '--json']);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as Answer;
}

describe('query (one question)', () => {
  it('web-1 -> db on tcp 5432 is allowed by web egress and the separate db ingress rule', async () => {
    const a = await ask('--from', 'web-1', '--to', 'db', '--protocol', 'tcp', '--port', '5432');
    expect(a).toMatchObject({ allowed: true, verdict: 'allowed' });
    expect(a.egress.map((r) => [r.groupId, r.direction])).toEqual([[SG.web, 'egress']]);
    expect(a.ingress.map((r) => [r.groupId, r.direction])).toEqual([[SG.db, 'ingress']]);
    expect(a.refusedBy ?? []).toEqual([]);
  });

  it('prints ALLOWED, the explanation and the rules as text', async () => {
    const run = await runCli(['query', STATE_REL, '--from', 'aws_lb.web', '--to', 'i-0web0000000000002', '--protocol', 'tcp', '--port', '8080']);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^ALLOWED {2}aws_lb\.web -> i-0web0000000000002 \[10\.0\.2\.12\] {2}tcp 8080$/);
    expect(run.stdout).toContain('Egress rules on the source that allow it:');
    expect(run.stdout).toContain(`${SG.alb} (alb) egress tcp 8080`);
    expect(run.stdout).toContain('Ingress rules on the destination that allow it:');
    expect(run.stdout).toContain(`${SG.web} (web) ingress tcp 8080`);
  });

  it('web-1 -> db on tcp 22 is denied by both sides', async () => {
    const a = await ask('--from', 'web-1', '--to', 'db', '--protocol', 'tcp', '--port', '22');
    expect(a).toMatchObject({ allowed: false, verdict: 'denied', egress: [], ingress: [] });
    expect([...(a.refusedBy ?? [])].sort()).toEqual(['egress', 'ingress']);
    const text = await runCli(['query', STATE_REL, '--from', 'web-1', '--to', 'db', '--protocol', 'tcp', '--port', '22']);
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n')[0]).toMatch(/^DENIED /);
    expect(text.stdout).toMatch(/Refused on: the (source|destination)'s side \((egress|ingress)\)/);
  });

  it('IP refs: the office /32 reaches the bastion on ssh, a neighbour address does not', async () => {
    const office = await ask('--from', '203.0.113.7', '--to', 'bastion', '--protocol', 'tcp', '--port', '22');
    expect(office).toMatchObject({ allowed: true, verdict: 'allowed', egress: [] });
    expect(office.ingress.map((r) => r.groupId)).toEqual([SG.bastion]);
    const other = await ask('--from', '203.0.113.8', '--to', 'bastion', '--protocol', 'tcp', '--port', '22');
    expect(other).toMatchObject({ allowed: false, verdict: 'denied', refusedBy: ['ingress'] });
  });

  it('IP refs of endpoints: the bastion address reaches web-1 on ssh through its all-traffic egress', async () => {
    const a = await ask('--from', '10.0.1.5', '--to', '10.0.2.11', '--protocol', 'tcp', '--port', '22');
    expect(a).toMatchObject({ allowed: true, verdict: 'allowed' });
    expect(a.egress.map((r) => r.groupId)).toEqual([SG.bastion]);
    expect(a.ingress.map((r) => r.groupId)).toEqual([SG.web]);
  });

  it('the internet reaches the load balancer on 443 but not on 22', async () => {
    expect(await ask('--from', '198.51.100.77', '--to', 'aws_lb.web', '--protocol', 'tcp', '--port', '443')).toMatchObject({ verdict: 'allowed' });
    expect(await ask('--from', '198.51.100.77', '--to', 'aws_lb.web', '--protocol', 'tcp', '--port', '22')).toMatchObject({ verdict: 'denied' });
  });

  it('icmp and all-traffic questions take no port', async () => {
    expect(await ask('--from', 'bastion', '--to', 'web-1', '--protocol', 'icmp', '--icmp-type', '8', '--icmp-code', '0')).toMatchObject({ verdict: 'denied', refusedBy: ['ingress'] });
    expect(await ask('--from', 'bastion', '--to', 'web-2', '--protocol', 'all')).toMatchObject({ verdict: 'denied' });
  });

  it('a port on all traffic is ignored (AWS ignores it), and the first line says what was asked, not what was typed', async () => {
    expect(await ask('--from', 'bastion', '--to', 'web-2', '--protocol', 'all', '--port', '22')).toEqual(await ask('--from', 'bastion', '--to', 'web-2', '--protocol', 'all'));
    const all = await runCli(['query', STATE_REL, '--from', 'web-1', '--to', 'db', '--protocol', 'ALL', '--port', '22']);
    expect(all.stdout.split('\n')[0]).toBe('DENIED  web-1 [10.0.2.11] -> db  all');
    const icmp = await runCli(['query', STATE_REL, '--from', 'web-1', '--to', 'db', '--protocol', '1', '--icmp-type', '3', '--icmp-code', '4']);
    expect(icmp.stdout.split('\n')[0]).toBe('DENIED  web-1 [10.0.2.11] -> db  icmp type 3 code 4');
    const tcp = await runCli(['query', STATE_REL, '--from', 'web-1', '--to', 'db', '--protocol', 'TCP', '--port', '5432']);
    expect(tcp.stdout.split('\n')[0]).toBe('ALLOWED  web-1 [10.0.2.11] -> db  tcp 5432');
    // With icmp a port is most likely a type in the wrong option: refused, naming the right one.
    const wrong = await runCli(['query', STATE_REL, '--from', 'web-1', '--to', 'db', '--protocol', 'icmp', '--port', '8']);
    expect([wrong.code, wrong.stderr.trim()]).toEqual([2, 'reachmap: query: icmp has no port: give an ICMP type and code instead']);
  });
});

describe("the README's query examples", () => {
  it('each command in the example block prints the lines shown under it', async () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const block = /```console\n(\$ reachmap query test\/cli\/fixtures\/web-stack\.tfstate --from web-1[\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    const examples = (block as string).split(/^\$ reachmap /m).filter((x) => x.trim() !== '');
    expect(examples).toHaveLength(2);
    for (const example of examples) {
      const [command = '', ...shown] = example.split('\n');
      const run = await runCli(command.split(' '));
      expect(run.code).toBe(0);
      expect(run.stdout.trimEnd()).toBe(shown.join('\n').trimEnd());
    }
  });
});

describe('query: an instance named by one of its network interfaces', () => {
  it('--from eni-… of an AWS CLI dump is the instance at that interface\'s address, as is the ENI\'s ARN', async () => {
    // i-0two has two ENIs in sg-app; sg-db admits 5432 only from the second ENI's address.
    const dir = mkdtempSync(path.join(tmp, 'eni-'));
    const eni = (id: string, ip: string, device: number) => ({
      NetworkInterfaceId: id, VpcId: 'vpc-1', SubnetId: 'subnet-1', PrivateIpAddress: ip, Groups: [{ GroupId: 'sg-app' }],
      Attachment: { InstanceId: 'i-0two', DeviceIndex: device }, InterfaceType: 'interface',
    });
    const db = { NetworkInterfaceId: 'eni-0db', VpcId: 'vpc-1', SubnetId: 'subnet-1', PrivateIpAddress: '10.0.0.9', Groups: [{ GroupId: 'sg-db' }], InterfaceType: 'interface' };
    writeFileSync(path.join(dir, 'enis.json'), JSON.stringify({ NetworkInterfaces: [eni('eni-0a', '10.0.0.5', 0), eni('eni-0b', '10.0.0.6', 1), db] }));
    writeFileSync(path.join(dir, 'sgs.json'), JSON.stringify({ SecurityGroups: [
      { GroupId: 'sg-app', GroupName: 'app', VpcId: 'vpc-1', IpPermissions: [], IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] },
      { GroupId: 'sg-db', GroupName: 'db', VpcId: 'vpc-1', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, IpRanges: [{ CidrIp: '10.0.0.6/32' }] }], IpPermissionsEgress: [] },
    ] }));
    const query = async (from: string) => {
      const run = await runCli(['query', dir, '--from', from, '--to', '10.0.0.9', '--protocol', 'tcp', '--port', '5432', '--json']);
      expect(run.stderr).toBe('');
      return JSON.parse(run.stdout) as Answer & { fromAddress?: string; fromEndpointId?: string };
    };
    // 10.0.0.9 is the database ENI: from the second interface allowed, from the first refused by its ingress.
    expect(await query('eni-0b')).toMatchObject({ verdict: 'allowed', fromAddress: '10.0.0.6', fromEndpointId: 'i-0two' });
    expect(await query('arn:aws:ec2:eu-west-1:123456789012:network-interface/eni-0a')).toMatchObject({ verdict: 'denied', fromAddress: '10.0.0.5', refusedBy: ['ingress'] });
    // The instance by its own id is at its primary (first) interface's address.
    expect(await query('i-0two')).toMatchObject({ verdict: 'denied', fromAddress: '10.0.0.5' });
  });
});

describe('query --batch', () => {
  const questions = [
    { from: 'web-1', to: 'db', protocol: 'tcp', port: 5432 },
    { from: 'web-1', to: 'db', protocol: 'tcp', port: 22 },
    'this is not json',
    '',
    { from: 'nobody', to: 'db', protocol: 'tcp', port: 5432 },
    { from: 'web-1', to: 'db', protocol: 'smtp', port: 25 },
    { from: 'web-1', to: 'db', protocol: 'tcp' },
    { from: '203.0.113.7', to: 'bastion', protocol: '6', port: 22 },
    '   ',
    { from: 'bastion', to: '10.0.2.12', protocol: 'icmp', icmpType: 8, icmpCode: 0 },
  ];
  const input = questions.map((q) => (typeof q === 'string' ? q : JSON.stringify(q))).join('\n') + '\n';

  function checkAnswers(stdout: string): void {
    const answers = stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Answer);
    // One answer per non-blank line, in order.
    expect(answers).toHaveLength(8);
    expect(answers[0]).toMatchObject({ allowed: true, verdict: 'allowed' });
    expect(answers[0]?.ingress.map((r) => r.groupId)).toEqual([SG.db]);
    expect(answers[1]).toMatchObject({ allowed: false, verdict: 'denied' });
    expect(answers[2]?.error).toMatch(/invalid JSON/);
    expect(answers[2]?.line).toBe(3);
    expect(answers[3]?.error).toMatch(/nobody/);
    expect(answers[4]?.error).toMatch(/unknown protocol 'smtp'/);
    expect(answers[5]?.error).toBe('tcp needs a port');
    expect(answers[6]).toMatchObject({ allowed: true, verdict: 'allowed' });
    expect(answers[7]).toMatchObject({ allowed: false, verdict: 'denied', refusedBy: ['ingress'] });
  }

  it('answers a file line by line, in order, and exits 1 when a line had an error', async () => {
    const file = path.join(tmp, 'questions.jsonl');
    writeFileSync(file, input);
    const run = await runCli(['query', STATE_REL, '--batch', file]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    checkAnswers(run.stdout);
  });

  it('reads stdin with --batch -', async () => {
    const run = await runCli(['query', STATE_REL, '--batch', '-'], input);
    expect(run.code).toBe(1);
    checkAnswers(run.stdout);
  });

  it('exits 0 when every line is answered, whatever the verdicts', async () => {
    const ok = [questions[0], questions[1], questions[7]].map((q) => JSON.stringify(q)).join('\r\n');
    const run = await runCli(['query', STATE_REL, '--batch', '-'], ok);
    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd().split('\n').map((l) => (JSON.parse(l) as Answer).verdict)).toEqual(['allowed', 'denied', 'allowed']);
  });

  it('skips comment lines (# or //) like blank ones: no answer, no error, exit 0', async () => {
    const commented = ['# questions for the web tier', JSON.stringify(questions[0]), '  // ssh is closed', '', JSON.stringify(questions[1]), '#'].join('\r\n') + '\r\n';
    const run = await runCli(['query', STATE_REL, '--batch', '-'], commented);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd().split('\n').map((l) => (JSON.parse(l) as Answer).verdict)).toEqual(['allowed', 'denied']);
  });

  it('streams 12,000 questions with one index build', async () => {
    const many = Array.from({ length: 12_000 }, (_, i) => JSON.stringify({ from: i % 2 ? 'web-1' : 'web-2', to: 'db', protocol: 'tcp', port: 5000 + (i % 1000) })).join('\n');
    const started = Date.now();
    const run = await runCli(['query', STATE_REL, '--batch', '-'], many);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(12_000);
    expect((JSON.parse(lines[432] as string) as Answer).verdict).toBe('allowed'); // port 5432
    expect((JSON.parse(lines[433] as string) as Answer).verdict).toBe('denied');
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
