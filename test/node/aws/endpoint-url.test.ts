/**
 * The endpoint URL check that the CLI, the import dialog's handler and the import itself share:
 * which URLs are refused (and that a refusal never repeats a password), and which plain-http ones
 * get a warning because they leave this machine; and which URL the environment or the shared config
 * file configures when none is given, in the order the AWS SDKs document ("Service-specific
 * endpoints": the variables, then the profile's services section, then its endpoint_url).
 */
import { describe, expect, it } from 'vitest';
import { parseAwsIni } from '../../../src/node/aws/aws-profiles';
import { checkEndpointUrl, configuredEndpointUrl, EndpointUrlError, environmentEndpointUrl } from '../../../src/node/aws/endpoint-url';

function refusal(text: string): string {
  try {
    checkEndpointUrl(text);
  } catch (err) {
    expect(err).toBeInstanceOf(EndpointUrlError);
    return (err as Error).message;
  }
  throw new Error(`expected '${text}' to be refused`);
}

describe('checkEndpointUrl', () => {
  it.each([
    ['https://ec2.eu-west-1.amazonaws.com'],
    ['https://vpce-0abc.ec2.eu-west-1.vpce.amazonaws.com/'],
    ['https://proxy.example.com:8443/ec2'],
    ['http://localhost:4566'],
    ['http://127.0.0.1:5000'],
    ['http://127.1.2.3:5000'],
    ['http://[::1]:4566'],
    ['http://ec2.localhost:4566'],
  ])('accepts %s without a warning', (text) => {
    expect(checkEndpointUrl(text)).toEqual({ url: text });
  });

  it('trims the text it was given', () => {
    expect(checkEndpointUrl('  http://localhost:4566 \n')).toEqual({ url: 'http://localhost:4566' });
  });

  it.each([
    ['http://localstack:4566'],
    ['http://10.0.0.5:4566'],
    ['http://[fd00::2]:4566'],
    ['http://128.0.0.1'],
    ['http://localhost.example.com'],
  ])('accepts plain http to another machine (%s) with a warning that the traffic is unencrypted', (text) => {
    const check = checkEndpointUrl(text);
    expect(check.url).toBe(text);
    expect(check.warning).toBe(`${text} is plain http to another machine: the signed requests and the account's security groups cross the network unencrypted; use https unless it is a test endpoint on a trusted network`);
  });

  it.each([
    ['ec2.eu-west-1.amazonaws.com', "'ec2.eu-west-1.amazonaws.com' is not a URL (expected e.g. https://ec2.eu-west-1.amazonaws.com or http://localhost:4566)"],
    ['', "'' is not a URL (expected e.g. https://ec2.eu-west-1.amazonaws.com or http://localhost:4566)"],
    ['ftp://files.example.com', "'ftp://files.example.com' must start with http:// or https://"],
    ['file:///etc/passwd', "'file:///etc/passwd' must start with http:// or https://"],
    ['https://ec2.example.com/?Action=DescribeVpcs', "'https://ec2.example.com/?Action=DescribeVpcs' must not have a query or fragment: the EC2 API builds its own"],
    ['https://ec2.example.com/#x', "'https://ec2.example.com/#x' must not have a query or fragment: the EC2 API builds its own"],
  ])('refuses %j', (text, message) => {
    expect(refusal(text)).toBe(message);
  });

  it.each([['https://admin:s3cr3t@proxy.example.com'], ['http://s3cr3t@localhost:4566'], ['https://:s3cr3t@proxy.example.com']])(
    'refuses a URL with a user name or password (%s) without repeating it',
    (text) => {
      const message = refusal(text);
      expect(message).toBe('must not hold a user name or password: it would be stored in the snapshot, and AWS credentials come from the profile');
      expect(message).not.toContain('s3cr3t');
    },
  );
});

describe('environmentEndpointUrl', () => {
  it.each<[string, Record<string, string | undefined>, ReturnType<typeof environmentEndpointUrl>]>([
    ['none set', {}, undefined],
    ['the EC2 one', { AWS_ENDPOINT_URL_EC2: 'http://127.0.0.1:4566' }, { variable: 'AWS_ENDPOINT_URL_EC2', url: 'http://127.0.0.1:4566' }],
    ['the general one', { AWS_ENDPOINT_URL: 'https://gw.example' }, { variable: 'AWS_ENDPOINT_URL', url: 'https://gw.example' }],
    ['the EC2 one before the general one', { AWS_ENDPOINT_URL: 'https://gw.example', AWS_ENDPOINT_URL_EC2: 'https://ec2.example' }, { variable: 'AWS_ENDPOINT_URL_EC2', url: 'https://ec2.example' }],
    ['an empty one skipped', { AWS_ENDPOINT_URL_EC2: ' ', AWS_ENDPOINT_URL: 'https://gw.example' }, { variable: 'AWS_ENDPOINT_URL', url: 'https://gw.example' }],
    ['both ignored when the SDK is told to', { AWS_ENDPOINT_URL_EC2: 'https://ec2.example', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'TRUE' }, undefined],
    ['kept when told false', { AWS_ENDPOINT_URL_EC2: 'https://ec2.example', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'false' }, { variable: 'AWS_ENDPOINT_URL_EC2', url: 'https://ec2.example' }],
  ])('%s', (_name, env, expected) => {
    expect(environmentEndpointUrl(env)).toEqual(expected);
  });
});

describe('configuredEndpointUrl', () => {
  const CONFIG = [
    '[default]',
    'region = eu-west-1',
    'endpoint_url = https://default.example',
    '[profile local]',
    'endpoint_url = http://localhost:4566',
    '[profile split]',
    'services = stand-ins',
    'endpoint_url = https://everything-else.example',
    '[services stand-ins]',
    's3 =',
    '  endpoint_url = http://localhost:9000',
    'ec2 =',
    '  endpoint_url = http://localhost:5000',
    '[profile s3-only]',
    'services = only-s3',
    'endpoint_url = https://profile-wide.example',
    '[services only-s3]',
    's3 =',
    '  endpoint_url = http://localhost:9000',
    '[profile quiet]',
    'endpoint_url = http://localhost:4566',
    'ignore_configured_endpoint_urls = true',
    '[profile dangling]',
    'services = gone',
    '[profile plain]',
    'region = us-east-1',
  ].join('\n');
  const config = { file: '/home/u/.aws/config', sections: parseAwsIni(CONFIG) };

  it.each<[string, Record<string, string>, string, ReturnType<typeof configuredEndpointUrl>]>([
    ['the profile\'s endpoint_url', {}, 'local', { source: 'endpoint_url of profile "local" in /home/u/.aws/config', url: 'http://localhost:4566' }],
    ['the default profile\'s, from [default]', {}, 'default', { source: 'endpoint_url of profile "default" in /home/u/.aws/config', url: 'https://default.example' }],
    ['the ec2 setting of the services section before the profile\'s own', {}, 'split', { source: 'ec2 endpoint_url of services "stand-ins" in /home/u/.aws/config', url: 'http://localhost:5000' }],
    ['the profile\'s own when its services section has none for ec2', {}, 's3-only', { source: 'endpoint_url of profile "s3-only" in /home/u/.aws/config', url: 'https://profile-wide.example' }],
    ['none for a profile without one', {}, 'plain', undefined],
    ['none for a profile the file lacks', {}, 'nobody', undefined],
    ['a variable before any profile setting', { AWS_ENDPOINT_URL: 'https://gw.example' }, 'split', { source: 'AWS_ENDPOINT_URL', url: 'https://gw.example' }],
    ['none when the profile says to ignore them', {}, 'quiet', undefined],
    ['none when the variable says to ignore them', { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' }, 'local', undefined],
    ['the variable set to false wins over the profile\'s setting', { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'false' }, 'quiet', { source: 'endpoint_url of profile "quiet" in /home/u/.aws/config', url: 'http://localhost:4566' }],
  ])('%s', (_name, env, profile, expected) => {
    expect(configuredEndpointUrl(env, config, profile)).toEqual(expected);
  });

  it('reads [profile default] as the default profile too', () => {
    const sections = parseAwsIni('[profile default]\nendpoint_url = http://127.0.0.1:4566\n');
    expect(configuredEndpointUrl({}, { file: 'cfg', sections }, 'default')?.url).toBe('http://127.0.0.1:4566');
  });

  it('names a services section the file does not have', () => {
    expect(() => configuredEndpointUrl({}, config, 'dangling')).toThrow(new EndpointUrlError('profile "dangling" names the services section "gone", which /home/u/.aws/config does not have'));
  });

  it('gives none without a config file', () => {
    expect(configuredEndpointUrl({}, { file: '/nope', sections: undefined }, 'default')).toBeUndefined();
  });
});
