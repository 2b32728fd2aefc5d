/**
 * Checks an EC2 endpoint URL a user gives (the CLI's --endpoint-url, the import dialog's field)
 * before the SDK signs requests for it. The URL becomes the label of every warning and of the
 * snapshot's sources, so one that carries a user name or password would be written to disk with
 * them: it is refused, as AWS credentials come from the profile chain anyway. Plain http is
 * allowed, because local stand-ins (LocalStack, Moto) speak it, but to a host other than this
 * machine it sends the signed requests and the account's rules across the network unencrypted,
 * which the import reports as a warning.
 */

export interface EndpointUrlCheck {
  /** The URL as given, trimmed. */
  url: string;
  /** Set when the URL works but deserves a word to the user. */
  warning?: string;
}

/** A URL the import must not use; the message names the problem and how to fix it. */
export class EndpointUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EndpointUrlError';
  }
}

export function checkEndpointUrl(text: string): EndpointUrlCheck {
  const trimmed = text.trim();
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new EndpointUrlError(`'${trimmed}' is not a URL (expected e.g. https://ec2.eu-west-1.amazonaws.com or http://localhost:4566)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new EndpointUrlError(`'${trimmed}' must start with http:// or https://`);
  }
  if (url.username !== '' || url.password !== '') {
    // Said without echoing the URL: it holds the secret.
    throw new EndpointUrlError('must not hold a user name or password: it would be stored in the snapshot, and AWS credentials come from the profile');
  }
  if (url.search !== '' || url.hash !== '') {
    throw new EndpointUrlError(`'${trimmed}' must not have a query or fragment: the EC2 API builds its own`);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return {
      url: trimmed,
      warning: `${trimmed} is plain http to another machine: the signed requests and the account's security groups cross the network unencrypted; use https unless it is a test endpoint on a trusted network`,
    };
  }
  return { url: trimmed };
}

/** checkEndpointUrl, with a refusal thrown as the caller's own error (a usage error, a bad argument) made from its message. */
export function checkEndpointUrlOr(text: string, refuse: (message: string) => Error): EndpointUrlCheck {
  try {
    return checkEndpointUrl(text);
  } catch (err) {
    if (err instanceof EndpointUrlError) throw refuse(err.message);
    throw err;
  }
}

/**
 * The EC2 endpoint URL the SDK takes from the environment when none is given: AWS_ENDPOINT_URL_EC2,
 * else AWS_ENDPOINT_URL, unless AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true (the SDK's order). It
 * gets the same check as a URL the user types, named by its variable.
 */
export function environmentEndpointUrl(env: Readonly<Record<string, string | undefined>>): { variable: string; url: string } | undefined {
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.trim().toLowerCase() === 'true') return undefined;
  for (const variable of ['AWS_ENDPOINT_URL_EC2', 'AWS_ENDPOINT_URL']) {
    const url = env[variable];
    if (url !== undefined && url.trim() !== '') return { variable, url };
  }
  return undefined;
}

/** An endpoint URL the import takes from the environment or the shared config file, and where it was read. */
export interface ConfiguredEndpoint {
  /** What set it, for messages: the variable, or the config file setting. */
  source: string;
  url: string;
}

/**
 * The EC2 endpoint URL configured for a profile when none is given, in the SDK's order: the
 * variables (environmentEndpointUrl), then the `ec2` sub-settings of the services section the
 * profile names, then the profile's own `endpoint_url`. AWS_IGNORE_CONFIGURED_ENDPOINT_URLS, or
 * where it is not set the profile's `ignore_configured_endpoint_urls`, turns all of them off.
 *
 * The import resolves this itself and hands the SDK the result, where the SDK would read the
 * profile in AWS_PROFILE (or the default one) whatever profile the client is given, and would send
 * a password in the URL, or plain http across the network, without a word.
 */
export function configuredEndpointUrl(
  env: Readonly<Record<string, string | undefined>>,
  config: { file: string; sections: ReadonlyMap<string, ReadonlyMap<string, string>> | undefined },
  profile: string,
): ConfiguredEndpoint | undefined {
  const sections = config.sections;
  const section = profile === 'default' ? (sections?.get('default') ?? sections?.get('profile default')) : sections?.get(`profile ${profile}`);
  const envIgnore = env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.trim().toLowerCase();
  const ignore = envIgnore !== undefined && envIgnore !== '' ? envIgnore === 'true' : section?.get('ignore_configured_endpoint_urls')?.toLowerCase() === 'true';
  if (ignore) return undefined;
  const fromEnv = environmentEndpointUrl(env);
  if (fromEnv) return { source: fromEnv.variable, url: fromEnv.url };
  if (!section) return undefined;
  const services = section.get('services');
  if (services !== undefined && services !== '') {
    const named = sections?.get(`services ${services}`);
    if (!named) throw new EndpointUrlError(`profile "${profile}" names the services section "${services}", which ${config.file} does not have`);
    const url = named.get('ec2.endpoint_url');
    if (url !== undefined && url !== '') return { source: `ec2 endpoint_url of services "${services}" in ${config.file}`, url };
  }
  const url = section.get('endpoint_url');
  if (url !== undefined && url !== '') return { source: `endpoint_url of profile "${profile}" in ${config.file}`, url };
  return undefined;
}

/** localhost, 127.0.0.0/8 or ::1, as URL.hostname spells them. */
function isLoopbackHost(hostname: string): boolean {
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) return true;
  if (hostname === '[::1]') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}
