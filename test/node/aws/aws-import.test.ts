/**
 * The live import against the fake EC2 endpoint with the REAL SDK client (static fake credentials,
 * `endpoint` pointed at 127.0.0.1): pagination, throttling retried and exhausted, refused permissions,
 * expired credentials, a hanging region, cancellation, the minimal IAM policy, VPC scoping, the
 * standard endpoint environment variables, and progress reporting. Nothing here contacts AWS.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../src/core/model';
import { buildReachIndex, queryReach } from '../../../src/core/reach';
import type { ProgressEvent } from '../../../src/shared/api-contract';
import { AwsImportError, importAwsAccount, REQUIRED_IAM_ACTIONS, type AwsImportOptions } from '../../../src/node/aws';
import { ACCOUNT_ID, accountData, FAKE_CREDENTIALS, REGIONS } from './account-fixture';
import type { FakeEc2 } from './fake-ec2-server';
import { useFakeEc2 } from './use-fake-ec2';

const serve = useFakeEc2();

function importFrom(server: FakeEc2, extra: Partial<AwsImportOptions> = {}): Promise<Snapshot> {
  return importAwsAccount({ regions: ['us-east-1'], endpointUrl: server.url, credentials: FAKE_CREDENTIALS, timeoutMs: 2000, maxAttempts: 3, ...extra });
}

async function rejection(p: Promise<unknown>): Promise<AwsImportError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(AwsImportError);
    return err as AwsImportError;
  }
  throw new Error('expected the import to reject');
}

const MINIMAL_POLICY = new Set(REQUIRED_IAM_ACTIONS.map((a) => a.replace(/^ec2:/, '')));

describe('live import', () => {
  it('stops an endpoint that pages in a loop (the same NextToken again): a warning for a call it can do without, the region failing for an essential one', async () => {
    const vpcs = await serve({ loopingPages: new Set(['DescribeVpcs']) });
    const s = await importFrom(vpcs);
    const said = s.warnings.find((w) => w.code === 'aws-call-failed');
    expect(said?.message).toBe('us-east-1: DescribeVpcs failed (RepeatedNextToken: page 2 came with a NextToken the endpoint had given before, so its pages would never end); its data is missing from this import');
    expect(vpcs.log.filter((r) => r.action === 'DescribeVpcs')).toHaveLength(2);
    // The rest came through.
    expect(s.groups.filter((g) => !g.external).length).toBeGreaterThan(3);

    const groups = await serve({ loopingPages: new Set(['DescribeSecurityGroups']) });
    const err = await rejection(importFrom(groups));
    expect(err.message).toMatch(/us-east-1: .*RepeatedNextToken: page 2 came with a NextToken the endpoint had given before/);
    expect(groups.log.filter((r) => r.action === 'DescribeSecurityGroups')).toHaveLength(2);
  });

  it('fetches every page of every call, in order', async () => {
    const server = await serve({ pageSize: 2 });
    const s = await importFrom(server, { regions: REGIONS });
    const sgCalls = server.log.filter((r) => r.action === 'DescribeSecurityGroups' && r.region === 'us-east-1');
    expect(sgCalls.map((r) => r.params.get('NextToken'))).toEqual([null, '2', '4', '6']);
    // 7 groups in us-east-1 + 1 in eu-west-1, plus 2 external references (peered, cross-account).
    expect(s.groups.filter((g) => !g.external).map((g) => g.id)).toEqual([
      'sg-0a1b000000000a1b0', 'sg-0a1b000000000a1b1', 'sg-0a1b000000000a1b2', 'sg-0a1b000000000a1b3', 'sg-0a1b000000000a1b4', 'sg-0a1b000000000a1b5', 'sg-0a1b000000000a1b6', 'sg-0e0e000000000001',
    ]);
    expect(s.groups.filter((g) => g.external).map((g) => [g.id, g.externalReason])).toEqual([
      ['sg-0other0000000001', 'cross-account'],
      ['sg-0peer00000000001', 'peered'],
    ]);
    expect(s.endpoints).toHaveLength(11);
    const app1 = s.endpoints.find((e) => e.id === 'i-0a1b0000000000002')!;
    expect(app1).toMatchObject({ name: 'app-1', kind: 'instance', privateIpv4: ['10.10.1.11', '10.10.1.111'], ipv6: ['2600:1f18:0:a1b::11'], tags: { Name: 'app-1', env: 'prod' } });
    // app-2 has two ENIs with different groups: one endpoint per group set.
    expect(s.endpoints.filter((e) => e.id.startsWith('i-0a1b0000000000003/')).map((e) => [e.privateIpv4, e.groupIds])).toEqual([
      [['10.10.1.12'], ['sg-0a1b000000000a1b1']],
      [['10.10.1.13'], ['sg-0a1b000000000a1b5']],
    ]);
    expect(s.prefixLists.map((p) => [p.id, p.entries.length])).toEqual([['pl-0office000000001', 2], ['pl-63a5400a', 3]]);
    expect(s.rules.filter((r) => r.origins.some((o) => o.ruleId)).length).toBe(12);
    expect(s.network?.networkAcls).toHaveLength(1);
    expect(s.network?.routeTables).toHaveLength(2);
    expect(s.meta).toMatchObject({ accountId: ACCOUNT_ID, regions: ['eu-west-1', 'us-east-1'], tool: 'reachmap' });
    expect(Date.parse(s.meta.takenAt!)).not.toBeNaN();
    expect(s.sources).toEqual([
      { file: `${server.url}/eu-west-1`, format: 'aws-live' },
      { file: `${server.url}/us-east-1`, format: 'aws-live' },
    ]);
    expect(s.warnings.filter((w) => w.code !== 'external-group')).toEqual([]);
  });

  it('retries a throttled call and succeeds', async () => {
    const server = await serve({ intercept: (r) => (r.action === 'DescribeInstances' && r.nth <= 2 ? { status: 503, error: 'RequestLimitExceeded', message: 'Request limit exceeded.' } : undefined) });
    const s = await importFrom(server);
    expect(server.log.filter((r) => r.action === 'DescribeInstances')).toHaveLength(3);
    expect(s.endpoints.find((e) => e.id === 'i-0a1b0000000000001')?.name).toBe('bastion');
    expect(s.warnings.filter((w) => w.code !== 'external-group')).toEqual([]);
  });

  it('turns exhausted throttling on a secondary call into a warning and keeps the rest', async () => {
    const server = await serve({ intercept: (r) => (r.action === 'DescribeRouteTables' ? { status: 503, error: 'RequestLimitExceeded' } : undefined) });
    const s = await importFrom(server, { maxAttempts: 2 });
    expect(server.log.filter((r) => r.action === 'DescribeRouteTables')).toHaveLength(2);
    expect(s.warnings).toContainEqual(expect.objectContaining({ code: 'aws-call-failed', subject: 'ec2:DescribeRouteTables' }));
    expect(s.network?.routeTables).toBeUndefined();
    expect(s.groups.filter((g) => !g.external)).toHaveLength(7);
  });

  it('turns server errors on a call it can do without into a warning and keeps what the others gave', async () => {
    const server = await serve({ intercept: (r) => (r.action === 'DescribeInstances' ? { status: 500, error: 'InternalError', message: 'An internal error has occurred.' } : undefined) });
    const s = await importFrom(server, { maxAttempts: 2 });
    expect(server.log.filter((r) => r.action === 'DescribeInstances')).toHaveLength(2);
    expect(s.warnings).toContainEqual(expect.objectContaining({ code: 'aws-call-failed', subject: 'ec2:DescribeInstances', message: expect.stringMatching(/^us-east-1: DescribeInstances failed \(InternalError: An internal error has occurred\.\); its data is missing from this import$/) }));
    // Groups and interfaces came through: the endpoints are there, named by their interfaces alone.
    expect(s.groups.filter((g) => !g.external)).toHaveLength(7);
    expect(s.endpoints.length).toBeGreaterThan(3);
    // The same errors on an essential call still fail the region.
    const essential = await serve({ intercept: (r) => (r.action === 'DescribeNetworkInterfaces' ? { status: 500, error: 'InternalError' } : undefined) });
    expect((await rejection(importFrom(essential, { maxAttempts: 2 }))).message).toMatch(/us-east-1: InternalError/);
  });

  it('fails a region whose security groups stay throttled, and the import when it was the only region', async () => {
    const server = await serve({ intercept: (r) => (r.action === 'DescribeSecurityGroups' && r.region === 'us-east-1' ? { status: 503, error: 'Throttling' } : undefined) });
    const err = await rejection(importFrom(server, { maxAttempts: 2 }));
    expect(err.code).toBe('aws');
    expect(err.message).toMatch(/every region failed|failed in every region/);
    expect(err.message).toMatch(/us-east-1: Throttling/);
    const both = await importFrom(server, { maxAttempts: 2, regions: REGIONS });
    expect(both.meta.regions).toEqual(['eu-west-1']);
    expect(both.warnings).toContainEqual(expect.objectContaining({ code: 'region-failed', message: expect.stringMatching(/^us-east-1: /) }));
  });

  it('completes with a warning naming ec2:DescribeNetworkAcls when that call is not authorised', async () => {
    const server = await serve({ allowedActions: new Set([...MINIMAL_POLICY].filter((a) => a !== 'DescribeNetworkAcls')) });
    const s = await importFrom(server);
    const warning = s.warnings.find((w) => w.code === 'missing-permission');
    expect(warning?.message).toMatch(/ec2:DescribeNetworkAcls/);
    expect(warning?.message).toMatch(/UnauthorizedOperation/);
    expect(s.network?.networkAcls).toBeUndefined();
    expect(s.endpoints).toHaveLength(10);
    expect(server.log.filter((r) => r.action === 'DescribeNetworkAcls')).toHaveLength(1);
  });

  it('keeps prefix lists whose entries it may not read, with unknown entries, so answers through them depend', async () => {
    const server = await serve({ allowedActions: new Set([...MINIMAL_POLICY].filter((a) => a !== 'GetManagedPrefixListEntries')) });
    const s = await importFrom(server);
    expect(s.warnings).toContainEqual(expect.objectContaining({ code: 'missing-permission', message: expect.stringMatching(/ec2:GetManagedPrefixListEntries/) }));
    const office = s.prefixLists.find((p) => p.id === 'pl-0office000000001');
    expect(office).toMatchObject({ name: 'office-networks', entries: [], entriesUnknown: true, family: 4 });
    // The database admits tcp 5432 from the office list: from an office address that is now a
    // question the import cannot settle, where the full policy answers it.
    const db = s.endpoints.find((e) => e.groupIds.includes('sg-0a1b000000000a1b2'))!;
    const question = { from: { address: '198.51.100.7' }, to: { endpointId: db.id }, protocol: 6, port: 5432 };
    expect(queryReach(buildReachIndex(s), question).verdict).toBe('depends');
    const full = await importFrom(await serve());
    expect(queryReach(buildReachIndex(full), question).verdict).toBe('allowed');
  });

  it('imports completely with exactly the README policy (and DescribeRegions for --all-regions)', async () => {
    const open = await serve();
    const reference = await importFrom(open, { regions: REGIONS });
    await open.close();
    const data = accountData();
    for (const r of REGIONS) data[r]!.DescribeRegions = { Regions: REGIONS.map((name) => ({ RegionName: name, Endpoint: `ec2.${name}.amazonaws.com`, OptInStatus: 'opt-in-not-required' })) };
    const fake = await serve({ regions: data, allowedActions: new Set([...MINIMAL_POLICY, 'DescribeRegions']) });
    const s = await importFrom(fake, { regions: [], allRegions: true, profile: undefined });
    expect(fake.log.map((r) => r.action).filter((a) => !MINIMAL_POLICY.has(a))).toEqual(['DescribeRegions']);
    expect(s.warnings.filter((w) => w.code !== 'external-group')).toEqual([]);
    expect(stripVolatile(s)).toEqual(stripVolatile(reference));
    expect([...MINIMAL_POLICY].sort()).toEqual([
      'DescribeInstances', 'DescribeInternetGateways', 'DescribeManagedPrefixLists', 'DescribeNetworkAcls', 'DescribeNetworkInterfaces', 'DescribeRouteTables',
      'DescribeSecurityGroupRules', 'DescribeSecurityGroups', 'DescribeSubnets', 'DescribeVpcPeeringConnections', 'DescribeVpcs', 'GetManagedPrefixListEntries',
    ]);
  });

  it.each([
    [400, 'RequestExpired', 'Request has expired.'],
    [401, 'AuthFailure', 'AWS was not able to validate the provided access credentials'],
    [400, 'ExpiredToken', 'The security token included in the request is expired'],
  ])('rejects with a clear message on expired credentials (%i %s)', async (status, code, message) => {
    const server = await serve({ intercept: (r) => (r.action === 'DescribeSecurityGroupRules' ? { status, error: code, message } : undefined) });
    const err = await rejection(importFrom(server, { profile: 'dev-sso', regions: REGIONS }));
    expect(err.code).toBe('credentials');
    expect(err.message).toContain(code);
    expect(err.message).toContain('aws sso login --profile dev-sso');
    const noProfile = await rejection(importFrom(server));
    expect(noProfile.message).toMatch(/AWS_SESSION_TOKEN|aws sso login/);
  });

  it('reports an unusable credential provider as a credentials error', async () => {
    const server = await serve();
    const broken = async (): Promise<never> => {
      throw Object.assign(new Error('The SSO session associated with this profile has expired or is otherwise invalid. To refresh this SSO session run aws sso login.'), { name: 'CredentialsProviderError' });
    };
    const err = await rejection(importFrom(server, { credentials: broken, profile: 'corp' }));
    expect(err.code).toBe('credentials');
    expect(err.message).toContain('aws sso login --profile corp');
  });

  it('keeps the other region when one hangs past the timeout', async () => {
    const server = await serve({ intercept: (r) => (r.region === 'eu-west-1' ? { hang: true } : undefined) });
    const started = Date.now();
    const s = await importFrom(server, { regions: REGIONS, timeoutMs: 300, maxAttempts: 2 });
    expect(Date.now() - started).toBeLessThan(8000);
    expect(s.meta.regions).toEqual(['us-east-1']);
    expect(s.groups.filter((g) => !g.external)).toHaveLength(7);
    expect(s.warnings).toContainEqual(expect.objectContaining({ code: 'region-failed', message: expect.stringMatching(/^eu-west-1: import failed/) }));
    // The failing region gave up after its first call instead of timing out on all twelve.
    expect(new Set(server.log.filter((r) => r.region === 'eu-west-1').map((r) => r.action))).toEqual(new Set(['DescribeSecurityGroups']));
  });

  it('cancels promptly in the middle of an import', async () => {
    const server = await serve({ pageSize: 2, intercept: (r) => (r.action === 'DescribeSecurityGroups' && r.nth === 2 ? { hang: true } : undefined) });
    const controller = new AbortController();
    let abortedAt = 0;
    const onProgress = (p: ProgressEvent): void => {
      if (!abortedAt && / page 1,/.test(p.message)) {
        // The next page's request is now in flight (and hangs): cancelling must abort it.
        setTimeout(() => {
          abortedAt = Date.now();
          controller.abort();
        }, 50);
      }
    };
    const err = await rejection(importFrom(server, { signal: controller.signal, onProgress, timeoutMs: 30000 }));
    const latency = Date.now() - abortedAt;
    expect(err.code).toBe('cancelled');
    expect(abortedAt).toBeGreaterThan(0);
    expect(latency).toBeLessThan(1000);
    expect(server.log.map((r) => r.action)).toEqual(['DescribeSecurityGroups', 'DescribeSecurityGroups']);
  });

  it('rejects at once when cancelled before starting', async () => {
    const server = await serve();
    const err = await rejection(importFrom(server, { signal: AbortSignal.abort() }));
    expect(err.code).toBe('cancelled');
    expect(server.log).toEqual([]);
  });

  it('scopes the import to one VPC', async () => {
    const server = await serve();
    const s = await importFrom(server, { regions: REGIONS, vpcId: 'vpc-0e0e000000000001' });
    expect(s.groups.filter((g) => !g.external).map((g) => g.id)).toEqual(['sg-0e0e000000000001']);
    expect(s.endpoints.map((e) => e.id)).toEqual(['i-0e0e000000000001']);
    expect(s.vpcs.map((v) => v.id)).toEqual(['vpc-0e0e000000000001']);
    expect(s.rules.every((r) => r.groupId === 'sg-0e0e000000000001')).toBe(true);
    expect(server.log.find((r) => r.action === 'DescribeNetworkInterfaces')?.params.get('Filter.1.Name')).toBe('vpc-id');
  });

  it('honours AWS_ENDPOINT_URL_EC2 when no endpoint is given', async () => {
    const server = await serve();
    const saved = process.env.AWS_ENDPOINT_URL_EC2;
    process.env.AWS_ENDPOINT_URL_EC2 = server.url;
    try {
      const s = await importAwsAccount({ regions: ['us-east-1'], credentials: FAKE_CREDENTIALS, maxAttempts: 1, timeoutMs: 2000 });
      expect(s.groups.filter((g) => !g.external)).toHaveLength(7);
      expect(server.log.length).toBeGreaterThan(10);
    } finally {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_EC2;
      else process.env.AWS_ENDPOINT_URL_EC2 = saved;
    }
  });

  it('takes the endpoint_url of the profile asked for, not the default one, and names it as the source', async () => {
    const server = await serve();
    const other = await serve();
    const dir = mkdtempSync(path.join(tmpdir(), 'reachmap-aws-config-'));
    try {
      const configFile = path.join(dir, 'config');
      writeFileSync(configFile, `[default]\nendpoint_url = ${other.url}\n[profile stand-in]\nregion = us-east-1\nendpoint_url = ${server.url}\n`);
      // Credentials given: the profile is only read for its endpoint, as the SDK would for its region.
      const env = { AWS_CONFIG_FILE: configFile };
      const s = await importAwsAccount({ regions: ['us-east-1'], profile: 'stand-in', credentials: FAKE_CREDENTIALS, maxAttempts: 1, timeoutMs: 2000, env });
      expect(s.groups.filter((g) => !g.external)).toHaveLength(7);
      expect(server.log.length).toBeGreaterThan(10);
      expect(other.log).toHaveLength(0);
      expect(s.sources.map((x) => x.file)).toEqual([`${server.url}/us-east-1`]);
      // Without a profile, the default one's (AWS_PROFILE unset).
      await importAwsAccount({ regions: ['us-east-1'], credentials: FAKE_CREDENTIALS, maxAttempts: 1, timeoutMs: 2000, env });
      expect(other.log.length).toBeGreaterThan(10);
      // A password in it is refused before any request, naming the setting and not the password.
      writeFileSync(configFile, `[profile stand-in]\nendpoint_url = ${server.url.replace('http://', 'http://admin:s3cr3t@')}\n`);
      const before = server.log.length;
      const err = await rejection(importAwsAccount({ regions: ['us-east-1'], profile: 'stand-in', credentials: FAKE_CREDENTIALS, maxAttempts: 1, timeoutMs: 2000, env }));
      expect(err.code).toBe('bad-input');
      expect(err.message).toBe(`endpoint_url of profile "stand-in" in ${configFile}: must not hold a user name or password: it would be stored in the snapshot, and AWS credentials come from the profile`);
      expect(server.log).toHaveLength(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('checks an endpoint URL from the environment as one given: refused with a password, named by its variable', async () => {
    const server = await serve();
    const env = { AWS_ENDPOINT_URL_EC2: server.url.replace('http://', 'http://admin:s3cr3t@') };
    const err = await rejection(importAwsAccount({ regions: ['us-east-1'], credentials: FAKE_CREDENTIALS, maxAttempts: 1, timeoutMs: 2000, env }));
    expect(err.code).toBe('bad-input');
    expect(err.message).toBe('AWS_ENDPOINT_URL_EC2: must not hold a user name or password: it would be stored in the snapshot, and AWS credentials come from the profile');
    expect(err.message).not.toContain('s3cr3t');
    expect(server.log).toHaveLength(0);
    // A URL given wins over the environment's, which is then not looked at.
    const s = await importFrom(server, { env });
    expect(s.groups.filter((g) => !g.external)).toHaveLength(7);
  });

  it('refuses an endpoint URL holding a password before any request, without repeating it', async () => {
    const server = await serve();
    const url = server.url.replace('http://', 'http://admin:s3cr3t@');
    const err = await rejection(importFrom(server, { endpointUrl: url }));
    expect(err.code).toBe('bad-input');
    expect(err.message).toBe('endpoint URL: must not hold a user name or password: it would be stored in the snapshot, and AWS credentials come from the profile');
    expect(server.log).toHaveLength(0);
  });

  it('imports over plain http to another machine with a warning that it went unencrypted', async (ctx) => {
    // This machine's own non-loopback address stands for another machine: the check goes by the URL.
    const address = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
    if (!address) ctx.skip('no non-loopback IPv4 interface to listen on');
    const server = await serve({ host: address });
    const s = await importFrom(server);
    expect(s.groups.filter((g) => !g.external)).toHaveLength(7);
    expect(s.warnings.filter((w) => w.code === 'insecure-endpoint')).toEqual([
      {
        code: 'insecure-endpoint',
        message: `${server.url} is plain http to another machine: the signed requests and the account's security groups cross the network unencrypted; use https unless it is a test endpoint on a trusted network`,
        file: server.url,
      },
    ]);
    // Not said for the loopback endpoint every other test uses.
    const local = await importFrom(await serve());
    expect(local.warnings.some((w) => w.code === 'insecure-endpoint')).toBe(false);
    // Said as well when the SDK takes the URL from the environment (which it reads itself).
    const saved = process.env.AWS_ENDPOINT_URL_EC2;
    process.env.AWS_ENDPOINT_URL_EC2 = server.url;
    try {
      const fromEnv = await importAwsAccount({ regions: ['us-east-1'], credentials: FAKE_CREDENTIALS, maxAttempts: 1, timeoutMs: 2000 });
      expect(fromEnv.warnings.filter((w) => w.code === 'insecure-endpoint').map((w) => w.message)).toEqual([
        `${server.url} is plain http to another machine: the signed requests and the account's security groups cross the network unencrypted; use https unless it is a test endpoint on a trusted network`,
      ]);
    } finally {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_EC2;
      else process.env.AWS_ENDPOINT_URL_EC2 = saved;
    }
  });

  it('reports progress per region and call, with pages, items and overall done/total', async () => {
    const server = await serve({ pageSize: 3 });
    const events: ProgressEvent[] = [];
    await importFrom(server, { regions: REGIONS, onProgress: (p) => events.push(p), concurrency: 1 });
    const aws = events.filter((e) => e.phase === 'aws');
    expect(aws.some((e) => e.region === 'us-east-1' && e.call === 'DescribeNetworkInterfaces' && /page 4, 11 item\(s\)/.test(e.message))).toBe(true);
    expect(new Set(aws.map((e) => e.region).filter(Boolean))).toEqual(new Set(REGIONS));
    const dones = aws.map((e) => e.done ?? 0);
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
    expect(aws.at(-1)).toMatchObject({ done: 24, total: 24 });
    expect(events.at(-1)?.phase).toBe('done');
  });
});

/** A snapshot without what legitimately differs between two imports of the same data. */
export function stripVolatile(s: Snapshot): unknown {
  const copy = JSON.parse(JSON.stringify(s)) as Snapshot;
  delete copy.meta.takenAt;
  copy.sources = [];
  const dropFile = (o: { file?: string } | undefined): void => {
    if (o) delete o.file;
  };
  for (const list of [copy.groups, copy.vpcs, copy.subnets, copy.prefixLists, copy.endpoints]) for (const x of list) dropFile(x.origin);
  for (const r of copy.rules) r.origins.forEach(dropFile);
  for (const w of copy.warnings) delete w.file;
  return copy;
}
