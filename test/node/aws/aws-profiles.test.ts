/**
 * Profile listing for the import dialog: `[profile x]` in config and `[x]` in credentials, sso-session
 * and services sections ignored, kinds detected, the AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE
 * variables honoured, missing files tolerated, and no secret ever in the result.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { listAwsProfiles } from '../../../src/node/aws';
import { parseAwsIni } from '../../../src/node/aws/aws-profiles';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'profiles');
const files = { configFile: path.join(dir, 'config'), credentialsFile: path.join(dir, 'credentials') };
const saved = { config: process.env.AWS_CONFIG_FILE, credentials: process.env.AWS_SHARED_CREDENTIALS_FILE };
afterEach(() => {
  for (const [key, value] of [['AWS_CONFIG_FILE', saved.config], ['AWS_SHARED_CREDENTIALS_FILE', saved.credentials]] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

describe('listAwsProfiles', () => {
  it('lists profiles from both files with their kind, source and region', async () => {
    expect(await listAwsProfiles(files)).toEqual([
      { name: 'default', source: 'both', kind: 'static', region: 'eu-west-1' },
      { name: 'ci', source: 'credentials', kind: 'static' },
      { name: 'dev-sso', source: 'config', kind: 'sso', region: 'us-east-1' },
      { name: 'legacy-sso', source: 'config', kind: 'sso' },
      { name: 'prod-admin', source: 'config', kind: 'role', region: 'ap-southeast-2' },
      { name: 'spaced', source: 'config', kind: 'static' },
      { name: 'tool', source: 'config', kind: 'process' },
    ]);
  });

  it('never returns secrets', async () => {
    const text = JSON.stringify(await listAwsProfiles(files));
    expect(text).not.toMatch(/AKIA|Secret|Token|DoNotLeak|get-creds|arn:aws/);
  });

  it('honours AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE', async () => {
    process.env.AWS_CONFIG_FILE = files.configFile;
    process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(dir, 'does-not-exist');
    const names = (await listAwsProfiles()).map((p) => `${p.name}:${p.source}`);
    expect(names).toEqual(['default:config', 'dev-sso:config', 'legacy-sso:config', 'prod-admin:config', 'spaced:config', 'tool:config']);
  });

  it('returns an empty list when neither file exists', async () => {
    expect(await listAwsProfiles({ configFile: path.join(dir, 'nope'), credentialsFile: path.join(dir, 'nope2') })).toEqual([]);
  });

  it('keeps the sub-settings under a key left empty, as `key.sub`', () => {
    const ini = parseAwsIni('[services x]\nec2 =\n  endpoint_url = http://localhost:4566\n  # note\ns3 =\n  endpoint_url = http://localhost:9000\nregion = eu-west-1\n  stray = 1\n');
    expect(Object.fromEntries(ini.get('services x')!)).toEqual({
      ec2: '',
      'ec2.endpoint_url': 'http://localhost:4566',
      s3: '',
      's3.endpoint_url': 'http://localhost:9000',
      region: 'eu-west-1',
    });
  });

  it('parses INI sections, comments and nested values', () => {
    const ini = parseAwsIni('\uFEFF[a]\nx = 1 \n  nested = 2\n# c\n; c\n[ b  c ]\ny=3=4\n');
    expect([...ini.entries()].map(([k, v]) => [k, Object.fromEntries(v)])).toEqual([
      ['a', { x: '1' }],
      ['b c', { y: '3=4' }],
    ]);
  });
});
