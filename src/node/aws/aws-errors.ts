/**
 * Classifies what the AWS SDK throws during an import, so each failure gets the treatment it needs:
 * a refused permission becomes a warning naming the IAM action, a dead session stops everything with
 * a message saying how to refresh it, cancellation rejects promptly with code 'cancelled', and network
 * trouble or exhausted throttling sinks one region without sinking the others.
 */

export type AwsImportErrorCode = 'cancelled' | 'credentials' | 'aws' | 'no-region' | 'bad-input';

/** The error `importAwsAccount` rejects with; `code` maps onto `ApiError.code`. */
export class AwsImportError extends Error {
  readonly code: AwsImportErrorCode;
  constructor(code: AwsImportErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AwsImportError';
    this.code = code;
  }
}

export type FailureKind = 'denied' | 'credentials' | 'cancelled' | 'throttled' | 'unreachable' | 'other';

const DENIED = new Set(['UnauthorizedOperation', 'AccessDenied', 'AccessDeniedException', 'Forbidden']);
const CREDENTIALS = new Set([
  'ExpiredToken',
  'ExpiredTokenException',
  'RequestExpired',
  'AuthFailure',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'InvalidToken',
  'CredentialsProviderError',
  'TokenProviderError',
]);
const THROTTLED = new Set(['RequestLimitExceeded', 'Throttling', 'ThrottlingException', 'TooManyRequestsException']);
const UNREACHABLE = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ServiceUnavailable', 'Unavailable', 'InternalError', 'InternalFailure']);

function fieldsOf(err: unknown): { name: string; code: string; message: string; status?: number } {
  const e = (typeof err === 'object' && err !== null ? err : {}) as Record<string, unknown>;
  const meta = (typeof e.$metadata === 'object' && e.$metadata !== null ? e.$metadata : {}) as Record<string, unknown>;
  const status = typeof meta.httpStatusCode === 'number' ? meta.httpStatusCode : undefined;
  const out: { name: string; code: string; message: string; status?: number } = {
    name: typeof e.name === 'string' ? e.name : '',
    code: typeof e.Code === 'string' ? e.Code : typeof e.code === 'string' ? e.code : '',
    message: typeof e.message === 'string' ? e.message : String(err),
  };
  if (status !== undefined) out.status = status;
  return out;
}

/**
 * Whether the endpoint answered, with a server error (HTTP 5xx, or EC2's InternalError and
 * Unavailable codes), after the client's retries: it is up, but that one call keeps failing.
 */
export function isServerError(err: unknown): boolean {
  const { name, code, status } = fieldsOf(err);
  return (status !== undefined && status >= 500) || ['InternalError', 'InternalFailure', 'ServiceUnavailable', 'Unavailable'].some((x) => x === name || x === code);
}

export function classifyAwsError(err: unknown, signal?: AbortSignal): FailureKind {
  if (signal?.aborted) return 'cancelled';
  if (err instanceof AwsImportError) return err.code === 'cancelled' ? 'cancelled' : err.code === 'credentials' ? 'credentials' : 'other';
  const { name, code, message, status } = fieldsOf(err);
  if (name === 'AbortError' || code === 'ABORT_ERR') return 'cancelled';
  if (DENIED.has(name) || DENIED.has(code)) return 'denied';
  if (CREDENTIALS.has(name) || CREDENTIALS.has(code)) return 'credentials';
  // The SSO provider reports an expired or missing token in prose only.
  if (/sso.*(expired|refresh)|token.*(is expired|has expired)|could not load credentials|unable to load credentials/i.test(message)) return 'credentials';
  if (THROTTLED.has(name) || THROTTLED.has(code)) return 'throttled';
  if (UNREACHABLE.has(name) || UNREACHABLE.has(code) || (status !== undefined && status >= 500)) return 'unreachable';
  if (/timed? ?out|socket hang up|ECONNREFUSED|ECONNRESET|ENOTFOUND|EHOSTUNREACH|network/i.test(`${name} ${message}`)) return 'unreachable';
  return 'other';
}

export function describeAwsError(err: unknown): string {
  const { name, code, message } = fieldsOf(err);
  const label = code || name;
  const oneLine = message.split('\n')[0]!.trim();
  return label && !oneLine.startsWith(label) ? `${label}: ${oneLine}` : oneLine;
}

/** The one-line message for a dead session, with the command that fixes it. */
export function credentialsMessage(err: unknown, profile: string | undefined): string {
  const detail = describeAwsError(err);
  const how = profile
    ? `run \`aws sso login --profile ${profile}\` (SSO profiles) or refresh the keys or session of profile "${profile}"`
    : 'refresh the session: `aws sso login` for SSO, or new AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN values';
  return `AWS credentials are expired or invalid (${detail}); ${how}, then retry`;
}
