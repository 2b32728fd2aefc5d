/**
 * `reachmap import-aws` through the real bundle (`node bin/reachmap.mjs`), against the fake EC2
 * endpoint, with credentials from the environment as the default chain reads them and HOME pointed
 * at an empty folder so no real AWS configuration is read. Then `reachmap query` on the snapshot.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSnapshot } from '../../../src/core/snapshot-io';
import { buildCli, runCli, type CliRun } from '../../cli/run-cli';
import { useFakeEc2 } from './use-fake-ec2';

let tmp: string;
beforeAll(async () => {
  await buildCli();
  tmp = mkdtempSync(path.join(tmpdir(), 'reachmap-import-aws-'));
}, 120000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const serve = useFakeEc2();

function reachmap(args: string[], onStart?: (kill: (signal: NodeJS.Signals) => void) => void, env: Record<string, string> = {}): Promise<CliRun> {
  // HOME and the AWS files point at nothing, so no real AWS configuration is read.
  return runCli(args, undefined, {
    cwd: tmp,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: tmp,
      AWS_CONFIG_FILE: path.join(tmp, 'no-config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(tmp, 'no-credentials'),
      AWS_ACCESS_KEY_ID: 'AKIDFAKEFAKEFAKE',
      AWS_SECRET_ACCESS_KEY: 'fake-secret-not-real',
      AWS_EC2_METADATA_DISABLED: 'true',
      ...env,
    },
    ...(onStart ? { onStart } : {}),
  });
}

describe('reachmap import-aws', () => {
  it('writes a snapshot that reachmap query answers from', async () => {
    const server = await serve({ pageSize: 4 });
    const out = path.join(tmp, 'snap.json');
    const run = await reachmap(['import-aws', '--endpoint-url', server.url, '--region', 'us-east-1', '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/reachmap: us-east-1: DescribeSecurityGroups\n/);
    expect(run.stderr).toMatch(/reachmap: wrote .*snap.json: 7 groups, \d+ rules, 10 endpoints from us-east-1 \(account 111122223333\)/);
    expect(run.stderr).not.toMatch(/NodeVersionSupportWarning/);
    const snapshot = parseSnapshot(readFileSync(out, 'utf8'), out);
    expect(snapshot.meta).toMatchObject({ accountId: '111122223333', regions: ['us-east-1'], tool: 'reachmap' });
    expect(readFileSync(out, 'utf8')).not.toMatch(/fake-secret|AKID/);

    const yes = await reachmap(['query', out, '--from', 'bastion', '--to', 'app-1', '--protocol', 'tcp', '--port', '22']);
    expect(yes.code, yes.stderr).toBe(0);
    expect(yes.stdout).toMatch(/^ALLOWED/);
    const no = await reachmap(['query', out, '--from', 'bastion', '--to', '10.10.2.30', '--protocol', 'tcp', '--port', '5432']);
    expect(no.stdout).toMatch(/^DENIED/);
  });

  it('names a refused permission on stderr and still writes the snapshot', async () => {
    const server = await serve({ intercept: (r) => (r.action === 'DescribeNetworkAcls' ? { status: 403, error: 'UnauthorizedOperation', message: 'You are not authorized to perform this operation.' } : undefined) });
    const out = path.join(tmp, 'partial.json');
    const run = await reachmap(['import-aws', '--endpoint-url', server.url, '--region', 'us-east-1,eu-west-1', '-o', out]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/reachmap: warning: us-east-1: DescribeNetworkAcls was refused .*allow ec2:DescribeNetworkAcls/);
    expect(run.stderr).toMatch(/from eu-west-1, us-east-1/);
    expect(existsSync(out)).toBe(true);
  });

  it('takes --region repeated, as well as a comma list', async () => {
    const server = await serve();
    const out = path.join(tmp, 'two-regions.json');
    const run = await reachmap(['import-aws', '--endpoint-url', server.url, '--region', 'us-east-1', '--region', 'eu-west-1', '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    const snapshot = JSON.parse(readFileSync(out, 'utf8')) as { meta: { regions: string[] } };
    expect([...snapshot.meta.regions].sort()).toEqual(['eu-west-1', 'us-east-1']);
  });

  it('exits 2 with one line on expired credentials, writing nothing', async () => {
    const server = await serve({ intercept: () => ({ status: 400, error: 'RequestExpired', message: 'Request has expired.' }) });
    const out = path.join(tmp, 'expired.json');
    // A static-key profile in a private credentials file, read through the standard chain.
    const credentials = path.join(tmp, 'credentials');
    writeFileSync(credentials, '[dev]\naws_access_key_id = AKIDFAKEDEV\naws_secret_access_key = fake-dev-secret\n');
    const env = { AWS_SHARED_CREDENTIALS_FILE: credentials, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' };
    const run = await reachmap(['import-aws', '--endpoint-url', server.url, '--region', 'us-east-1', '--profile', 'dev', '--out', out], undefined, env);
    expect(run.code).toBe(2);
    // Progress lines (stderr is not a terminal here) come first; the error itself is one line.
    const lines = run.stderr.trim().split('\n').filter((l) => !/^reachmap: us-east-1: /.test(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^reachmap: import-aws: AWS credentials are expired or invalid \(RequestExpired: Request has expired.\); run `aws sso login --profile dev`/);
    expect(existsSync(out)).toBe(false);
    const unknown = await reachmap(['import-aws', '--endpoint-url', server.url, '--region', 'us-east-1', '--profile', 'typo', '--out', out], undefined, env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^reachmap: import-aws: no AWS profile named "typo" in the AWS config or credentials file \(known: dev\)/);
  });

  it('rejects bad usage with exit 2', async () => {
    for (const args of [['import-aws', '--region', 'us-east-1'], ['import-aws', '--region', 'nowhere', '--out', 'x.json'], ['import-aws', '--vpc-id', 'subnet-1', '--out', 'x.json'], ['import-aws', 'file.json', '--out', 'x.json']]) {
      const run = await reachmap(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(/^reachmap: import-aws: /);
    }
  });

  it('refuses an endpoint URL with a password in one line that does not repeat it, and one that is not a URL', async () => {
    const refused = await reachmap(['import-aws', '--endpoint-url', 'http://admin:s3cr3t@127.0.0.1:9', '--region', 'us-east-1', '--out', 'x.json']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe('reachmap: import-aws: --endpoint-url: must not hold a user name or password: it would be stored in the snapshot, and AWS credentials come from the profile\n');
    expect(existsSync(path.join(tmp, 'x.json'))).toBe(false);

    const notUrl = await reachmap(['import-aws', '--endpoint-url', 'localhost:4566', '--region', 'us-east-1', '--out', 'x.json']);
    expect(notUrl.code).toBe(2);
    expect(notUrl.stderr).toMatch(/^reachmap: import-aws: --endpoint-url: 'localhost:4566' must start with http:\/\/ or https:\/\/\n$/);
  });

  it('cancels cleanly on Ctrl-C (SIGINT): exit 130, no file', async () => {
    const server = await serve({ intercept: () => ({ hang: true }) });
    const out = path.join(tmp, 'cancelled.json');
    let sentAt = 0;
    const run = await reachmap(['import-aws', '--endpoint-url', server.url, '--region', 'us-east-1', '--out', out], (kill) => {
      const poll = setInterval(() => {
        if (server.log.length > 0) {
          clearInterval(poll);
          sentAt = Date.now();
          kill('SIGINT');
        }
      }, 20);
    });
    expect(Date.now() - sentAt).toBeLessThan(2000);
    expect(run.code).toBe(130);
    expect(run.stderr).toMatch(/import-aws cancelled; nothing written/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('import-aws progress on a terminal', () => {
  it('draws one updating bar and clears it before the summary', async () => {
    const { command } = await import('../../../src/cli/commands/import-aws');
    const { PassThrough } = await import('node:stream');
    const server = await serve({ pageSize: 2 });
    const stderr = new PassThrough();
    let text = '';
    stderr.setEncoding('utf8').on('data', (d: string) => (text += d));
    const io = { stdout: new PassThrough(), stderr, stdin: new PassThrough(), stderrIsTty: true };
    const out = path.join(tmp, 'tty.json');
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
    process.env.AWS_ACCESS_KEY_ID = 'AKIDFAKEFAKEFAKE';
    process.env.AWS_SECRET_ACCESS_KEY = 'fake-secret-not-real';
    try {
      const code = await command.run({ positionals: [], options: { 'endpoint-url': server.url, region: 'us-east-1', out }, lists: { region: ['us-east-1'] } }, io);
      expect(code).toBe(0);
    } finally {
      for (const [k, v] of [['AWS_ACCESS_KEY_ID', saved.id], ['AWS_SECRET_ACCESS_KEY', saved.secret]] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
    const frames = text.split('\r\x1b[K').filter((f) => f !== '');
    expect(frames.some((f) => /^\[#*-*\] \d+\/12 us-east-1: DescribeSecurityGroups page 2, 4 item\(s\)$/.test(f))).toBe(true);
    // Everything before the summary is bar frames without newlines; the summary is the only line.
    expect(text.match(/\n/g)).toHaveLength(1);
    expect(text.split('\r\x1b[K').at(-1)).toMatch(/^reachmap: wrote .*tty.json: 7 groups/);
  });
});
