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

/** localhost, 127.0.0.0/8 or ::1, as URL.hostname spells them. */
function isLoopbackHost(hostname: string): boolean {
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) return true;
  if (hostname === '[::1]') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}
