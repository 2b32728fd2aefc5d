/**
 * Live import from AWS: fetches one account's security groups, ENIs, instances, VPCs, subnets,
 * prefix lists and network extras in one or more regions with the real EC2 client, and turns the
 * answers into a Snapshot with the SAME pure normaliser the offline importer uses (the SDK returns
 * the PascalCase shapes the CLI prints), so a live import and the CLI JSON of the same account give
 * the same snapshot.
 *
 * Failure policy (tested in test/node/aws):
 * - UnauthorizedOperation / AccessDenied on a call: a 'missing-permission' warning naming the IAM
 *   action; that call's data is absent, the import goes on.
 * - Expired or invalid credentials anywhere: the whole import rejects (code 'credentials') with a
 *   one-line message saying how to refresh the session; nothing partial is returned.
 * - Throttling is retried by the SDK (adaptive mode). If retries run out on DescribeSecurityGroups
 *   or DescribeNetworkInterfaces the region is dropped (without them nothing in it is analysable);
 *   on any other call it is a warning and that call's data is absent.
 * - Timeouts, refused connections and 5xx answers drop the region with a 'region-failed' warning and
 *   the other regions continue; the import rejects (code 'aws') only when every region fails.
 * - Cancelling (AbortSignal) aborts the in-flight request and rejects with code 'cancelled'.
 */
import {
  DescribeRegionsCommand,
  EC2Client,
  paginateDescribeInstances,
  paginateDescribeInternetGateways,
  paginateDescribeManagedPrefixLists,
  paginateDescribeNetworkAcls,
  paginateDescribeNetworkInterfaces,
  paginateDescribeRouteTables,
  paginateDescribeSecurityGroupRules,
  paginateDescribeSecurityGroups,
  paginateDescribeSubnets,
  paginateDescribeVpcPeeringConnections,
  paginateDescribeVpcs,
  paginateGetManagedPrefixListEntries,
  type EC2ClientConfig,
  type Filter,
} from '@aws-sdk/client-ec2';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { mergeSnapshots } from '../../core/import/merge';
import { normalizeAwsDocument } from '../../core/import/aws/normalize-aws';
import type { Snapshot, Warning } from '../../core/model';
import type { AwsImportArgs, ProgressEvent } from '../../shared/api-contract';
import { listAwsProfiles, readAwsConfigFile } from './aws-profiles';
import { AwsImportError, classifyAwsError, credentialsMessage, describeAwsError, isServerError } from './aws-errors';
import { checkEndpointUrl, configuredEndpointUrl, EndpointUrlError, type ConfiguredEndpoint } from './endpoint-url';

export { AwsImportError } from './aws-errors';

export interface AwsImportOptions extends AwsImportArgs {
  onProgress?: (p: ProgressEvent) => void;
  signal?: AbortSignal;
  /** Static or custom credentials (tests); default: the standard chain for `profile`. */
  credentials?: NonNullable<EC2ClientConfig['credentials']>;
  /** Per-request socket timeout in ms (default 15 000). */
  timeoutMs?: number;
  /** SDK attempts per call, retries included (default 5). */
  maxAttempts?: number;
  /** Page size asked of every paginated call (default: each API's maximum). */
  pageSize?: number;
  /** Regions fetched at once (default 4). */
  concurrency?: number;
  /** Clock for meta.takenAt (tests). */
  now?: () => Date;
  /**
   * The environment whose endpoint URL variables, AWS_PROFILE and AWS_CONFIG_FILE say which endpoint
   * is configured when no URL is given (default process.env).
   */
  env?: Readonly<Record<string, string | undefined>>;
}

type Item = Record<string, unknown>;
type PageFn = (config: { client: EC2Client; pageSize?: number }, input: Record<string, unknown>, options: { abortSignal?: AbortSignal }) => AsyncIterable<Record<string, unknown>>;

interface CallSpec {
  action: string;
  /** Collection key in the answer and in the combined document fed to the normaliser. */
  key: string;
  paginate: PageFn;
  maxPage: number;
  /** Server-side VPC filter name, when the API has one. */
  vpcFilter?: string;
  /** Without this call the region is not worth keeping. */
  essential?: boolean;
}

const asPager = (fn: unknown): PageFn => fn as PageFn;

/** Every read-only call of the import, in fetch order. The README's IAM policy lists exactly these actions. */
export const AWS_CALLS: readonly CallSpec[] = [
  { action: 'DescribeSecurityGroups', key: 'SecurityGroups', paginate: asPager(paginateDescribeSecurityGroups), maxPage: 1000, vpcFilter: 'vpc-id', essential: true },
  { action: 'DescribeSecurityGroupRules', key: 'SecurityGroupRules', paginate: asPager(paginateDescribeSecurityGroupRules), maxPage: 1000 },
  { action: 'DescribeNetworkInterfaces', key: 'NetworkInterfaces', paginate: asPager(paginateDescribeNetworkInterfaces), maxPage: 1000, vpcFilter: 'vpc-id', essential: true },
  { action: 'DescribeInstances', key: 'Reservations', paginate: asPager(paginateDescribeInstances), maxPage: 1000, vpcFilter: 'vpc-id' },
  { action: 'DescribeVpcs', key: 'Vpcs', paginate: asPager(paginateDescribeVpcs), maxPage: 1000, vpcFilter: 'vpc-id' },
  { action: 'DescribeSubnets', key: 'Subnets', paginate: asPager(paginateDescribeSubnets), maxPage: 1000, vpcFilter: 'vpc-id' },
  { action: 'DescribeManagedPrefixLists', key: 'PrefixLists', paginate: asPager(paginateDescribeManagedPrefixLists), maxPage: 100 },
  { action: 'DescribeNetworkAcls', key: 'NetworkAcls', paginate: asPager(paginateDescribeNetworkAcls), maxPage: 1000, vpcFilter: 'vpc-id' },
  { action: 'DescribeRouteTables', key: 'RouteTables', paginate: asPager(paginateDescribeRouteTables), maxPage: 100, vpcFilter: 'vpc-id' },
  { action: 'DescribeInternetGateways', key: 'InternetGateways', paginate: asPager(paginateDescribeInternetGateways), maxPage: 1000, vpcFilter: 'attachment.vpc-id' },
  { action: 'DescribeVpcPeeringConnections', key: 'VpcPeeringConnections', paginate: asPager(paginateDescribeVpcPeeringConnections), maxPage: 1000 },
];

const ENTRIES_CALL = { action: 'GetManagedPrefixListEntries', key: 'Entries', paginate: asPager(paginateGetManagedPrefixListEntries), maxPage: 100 };

/** The IAM actions a full import needs (DescribeRegions only with allRegions). */
export const REQUIRED_IAM_ACTIONS: readonly string[] = [
  ...AWS_CALLS.slice(0, 7).map((c) => `ec2:${c.action}`),
  `ec2:${ENTRIES_CALL.action}`,
  ...AWS_CALLS.slice(7).map((c) => `ec2:${c.action}`),
];

interface RegionOutcome {
  region: string;
  doc?: Record<string, unknown>;
  warnings: Warning[];
  error?: string;
}

export async function importAwsAccount(options: AwsImportOptions): Promise<Snapshot> {
  const signal = options.signal;
  const checkCancelled = (): void => {
    if (signal?.aborted) throw new AwsImportError('cancelled', 'AWS import cancelled');
  };
  checkCancelled();
  let endpointWarning: string | undefined;
  // A URL given wins; without one, the one the environment or the profile configures, which is
  // checked alike and then handed to the SDK as if given (see configuredEndpointUrl).
  const env = options.env ?? process.env;
  let configured: ConfiguredEndpoint | undefined;
  let endpointUrl: string | undefined;
  try {
    if (options.endpointUrl === undefined) configured = configuredEndpointUrl(env, await readAwsConfigFile(env), options.profile ?? env.AWS_PROFILE ?? 'default');
    const endpoint = options.endpointUrl ?? configured?.url;
    if (endpoint !== undefined) {
      const checked = checkEndpointUrl(endpoint);
      endpointUrl = checked.url;
      endpointWarning = checked.warning;
    }
  } catch (err) {
    if (err instanceof EndpointUrlError) throw new AwsImportError('bad-input', `${configured ? configured.source : options.endpointUrl === undefined ? 'AWS config' : 'endpoint URL'}: ${err.message}`);
    throw err;
  }
  if (options.profile && !options.credentials) await checkProfileExists(options.profile);
  const credentials = options.credentials ?? fromNodeProviderChain(options.profile ? { profile: options.profile } : {});
  const makeClient = (region: string | undefined): EC2Client => {
    const config: EC2ClientConfig = {
      credentials,
      maxAttempts: options.maxAttempts ?? 5,
      retryMode: 'adaptive',
      // Without throwOnRequestTimeout the handler only logs a warning and keeps waiting on a hung endpoint.
      requestHandler: { requestTimeout: options.timeoutMs ?? 15000, connectionTimeout: Math.min(options.timeoutMs ?? 15000, 5000), throwOnRequestTimeout: true },
    };
    if (region !== undefined) config.region = region;
    if (options.profile !== undefined) config.profile = options.profile;
    // The SDK would look for a configured URL again, in another profile's settings: see configuredEndpointUrl.
    config.ignoreConfiguredEndpointUrls = true;
    if (endpointUrl) config.endpoint = endpointUrl;
    return new EC2Client(config);
  };
  const progress = (p: Omit<ProgressEvent, 'phase'>): void => options.onProgress?.({ phase: 'aws', ...p });

  const regions = await resolveRegions(options, makeClient, progress);
  const totalCalls = regions.length * (AWS_CALLS.length + 1);
  let callsDone = 0;
  const onCallDone = (): void => {
    callsDone++;
  };

  const outcomes: RegionOutcome[] = new Array(regions.length);
  let next = 0;
  let fatal: unknown;
  const controller = new AbortController();
  const abortAll = (): void => controller.abort();
  signal?.addEventListener('abort', abortAll, { once: true });
  const worker = async (): Promise<void> => {
    while (next < regions.length && fatal === undefined) {
      const i = next++;
      const region = regions[i]!;
      try {
        outcomes[i] = await fetchRegion(region, makeClient(region), options, controller.signal, (p) => progress({ ...p, done: callsDone, total: totalCalls }), onCallDone);
      } catch (err) {
        fatal ??= err;
        controller.abort();
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, regions.length) }, worker));
  } finally {
    signal?.removeEventListener('abort', abortAll);
  }
  if (signal?.aborted) throw new AwsImportError('cancelled', 'AWS import cancelled');
  if (fatal !== undefined) throw fatal;

  const ok = outcomes.filter((o) => o.doc !== undefined);
  if (ok.length === 0) {
    const why = outcomes.map((o) => `${o.region}: ${o.error ?? 'failed'}`).join('; ');
    throw new AwsImportError('aws', `the AWS import failed in every region (${why})`);
  }
  const label = endpointUrl ? endpointUrl : `aws://${options.profile ?? 'default'}`;
  const parts = ok.map((o) => normalizeAwsDocument(o.doc!, { file: `${label}/${o.region}`, format: 'aws-live' }));
  const snapshot = mergeSnapshots(parts);
  snapshot.warnings.unshift(...outcomes.flatMap((o) => o.warnings));
  if (endpointWarning !== undefined) snapshot.warnings.unshift({ code: 'insecure-endpoint', message: endpointWarning, file: label });
  snapshot.meta = {
    ...(snapshot.meta.accountId !== undefined ? { accountId: snapshot.meta.accountId } : {}),
    regions: ok.map((o) => o.region).sort(),
    takenAt: (options.now?.() ?? new Date()).toISOString(),
    tool: 'reachmap',
  };
  progress({ message: `imported ${snapshot.groups.length} groups, ${snapshot.rules.length} rules, ${snapshot.endpoints.length} endpoints from ${ok.length} region(s)`, done: totalCalls, total: totalCalls });
  options.onProgress?.({ phase: 'done', message: 'AWS import finished', done: totalCalls, total: totalCalls });
  return snapshot;
}

/** A mistyped profile name otherwise surfaces as "Could not load credentials from any providers". */
async function checkProfileExists(profile: string): Promise<void> {
  const known = await listAwsProfiles();
  if (!known.some((p) => p.name === profile)) {
    const names = known.map((p) => p.name).join(', ');
    throw new AwsImportError('credentials', `no AWS profile named "${profile}" in the AWS config or credentials file${names ? ` (known: ${names})` : ''}`);
  }
}

/** The regions to fetch: as given, all enabled ones (DescribeRegions), or the profile's / environment's default. */
async function resolveRegions(options: AwsImportOptions, makeClient: (region: string | undefined) => EC2Client, progress: (p: Omit<ProgressEvent, 'phase'>) => void): Promise<string[]> {
  // Sorted so the snapshot (sources, warnings) does not depend on the order regions were typed in.
  const given = [...new Set(options.regions.map((r) => r.trim()).filter((r) => r !== ''))].sort();
  if (!options.allRegions && given.length > 0) return given;
  const client = makeClient(given[0]);
  let home: string;
  try {
    home = await client.config.region();
  } catch {
    home = '';
  }
  if (!home && !options.allRegions) throw new AwsImportError('no-region', 'no AWS region: choose one (--region) or set one in the profile or AWS_REGION');
  if (!options.allRegions) return [home];
  // Any region answers DescribeRegions for the whole account; us-east-1 is the one every account has.
  if (!home) return listRegions(makeClient('us-east-1'), 'us-east-1', options, progress);
  return listRegions(client, home, options, progress);
}

async function listRegions(client: EC2Client, home: string, options: AwsImportOptions, progress: (p: Omit<ProgressEvent, 'phase'>) => void): Promise<string[]> {
  progress({ message: `${home}: listing regions`, region: home, call: 'DescribeRegions' });
  try {
    const out = await client.send(new DescribeRegionsCommand({}), { abortSignal: options.signal });
    const names = (out.Regions ?? []).map((r) => r.RegionName).filter((n): n is string => typeof n === 'string').sort();
    if (names.length === 0) throw new AwsImportError('aws', 'DescribeRegions returned no regions');
    return names;
  } catch (err) {
    throw toFatal(err, options, 'DescribeRegions') ?? new AwsImportError('aws', `cannot list regions (${describeAwsError(err)}); pass --region instead of --all-regions, or allow ec2:DescribeRegions`, { cause: err });
  }
}

/** The error that must stop the whole import, or undefined when the failure is local to a call or region. */
function toFatal(err: unknown, options: AwsImportOptions, _call: string): AwsImportError | undefined {
  if (err instanceof AwsImportError) return err.code === 'cancelled' || err.code === 'credentials' ? err : undefined;
  const kind = classifyAwsError(err, options.signal);
  if (kind === 'cancelled') return new AwsImportError('cancelled', 'AWS import cancelled', { cause: err });
  if (kind === 'credentials') return new AwsImportError('credentials', credentialsMessage(err, options.profile), { cause: err });
  return undefined;
}

async function fetchRegion(
  region: string,
  client: EC2Client,
  options: AwsImportOptions,
  signal: AbortSignal,
  progress: (p: Omit<ProgressEvent, 'phase'>) => void,
  onCallDone: () => void,
): Promise<RegionOutcome> {
  const warnings: Warning[] = [];
  const doc: Record<string, unknown> = {};
  const file = `aws/${region}`;
  const filters: Filter[] | undefined = options.vpcId ? [{ Name: 'vpc-id', Values: [options.vpcId] }] : undefined;
  try {
    for (const call of AWS_CALLS) {
      const input: Record<string, unknown> = {};
      if (filters && call.vpcFilter) input.Filters = [{ Name: call.vpcFilter, Values: [options.vpcId!] }];
      try {
        doc[call.key] = await fetchAll(call, client, input, region, options, signal, progress);
      } catch (err) {
        const fatal = toFatal(err, { ...options, signal }, call.action);
        if (fatal) throw fatal;
        const kind = classifyAwsError(err, signal);
        if (kind === 'denied') {
          warnings.push({ code: 'missing-permission', message: `${region}: ${call.action} was refused (${describeAwsError(err)}); allow ec2:${call.action} for a complete import`, file, subject: `ec2:${call.action}` });
        } else if ((kind === 'unreachable' && !isServerError(err)) || call.essential) {
          // An endpoint that cannot be reached fails the region at once (each call would wait out
          // its timeouts in turn); one that answers a call with server errors only loses that call.
          throw err;
        } else {
          warnings.push({ code: 'aws-call-failed', message: `${region}: ${call.action} failed (${describeAwsError(err)}); its data is missing from this import`, file, subject: `ec2:${call.action}` });
        }
      } finally {
        onCallDone();
      }
      if (call.key === 'PrefixLists' && Array.isArray(doc.PrefixLists)) {
        await fetchPrefixListEntries(doc.PrefixLists as Item[], client, region, options, signal, progress, warnings, file);
      }
    }
  } catch (err) {
    const fatal = toFatal(err, { ...options, signal }, '');
    if (fatal) throw fatal;
    const error = describeAwsError(err);
    warnings.push({ code: 'region-failed', message: `${region}: import failed (${error}); other regions are unaffected`, file });
    return { region, warnings, error };
  }
  // With a VPC scope, rules of groups outside it come back too (DescribeSecurityGroupRules has no VPC filter).
  if (options.vpcId && Array.isArray(doc.SecurityGroupRules) && Array.isArray(doc.SecurityGroups)) {
    const inScope = new Set((doc.SecurityGroups as Item[]).map((g) => g.GroupId));
    doc.SecurityGroupRules = (doc.SecurityGroupRules as Item[]).filter((r) => inScope.has(r.GroupId));
  }
  if (options.vpcId && Array.isArray(doc.VpcPeeringConnections)) {
    const touches = (side: unknown): boolean => (side as Item | undefined)?.VpcId === options.vpcId;
    doc.VpcPeeringConnections = (doc.VpcPeeringConnections as Item[]).filter((p) => touches(p.RequesterVpcInfo) || touches(p.AccepterVpcInfo));
  }
  return { region, doc, warnings };
}

async function fetchAll(
  call: Pick<CallSpec, 'action' | 'key' | 'paginate' | 'maxPage'>,
  client: EC2Client,
  input: Record<string, unknown>,
  region: string,
  options: AwsImportOptions,
  signal: AbortSignal,
  progress: (p: Omit<ProgressEvent, 'phase'>) => void,
): Promise<Item[]> {
  const items: Item[] = [];
  let pages = 0;
  progress({ message: `${region}: ${call.action}`, region, call: call.action });
  // EC2 refuses MaxResults below 5 on most of these calls.
  const pageSize = Math.max(Math.min(options.pageSize ?? call.maxPage, call.maxPage), Math.min(5, call.maxPage));
  // An endpoint (a proxy, LocalStack, Moto) that hands back a token it gave before would page for
  // ever, growing the list: the call fails instead, saying why.
  const tokens = new Set<string>();
  for await (const page of call.paginate({ client, pageSize }, input, { abortSignal: signal })) {
    pages++;
    const list = page[call.key];
    if (Array.isArray(list)) items.push(...(list as Item[]));
    progress({ message: `${region}: ${call.action} page ${pages}, ${items.length} item(s)`, region, call: call.action });
    if (signal.aborted) throw new AwsImportError('cancelled', 'AWS import cancelled');
    const next = page.NextToken;
    if (typeof next === 'string' && next !== '') {
      if (tokens.has(next)) throw Object.assign(new Error(`page ${pages} came with a NextToken the endpoint had given before, so its pages would never end`), { name: 'RepeatedNextToken' });
      tokens.add(next);
    }
  }
  return items;
}

async function fetchPrefixListEntries(
  lists: Item[],
  client: EC2Client,
  region: string,
  options: AwsImportOptions,
  signal: AbortSignal,
  progress: (p: Omit<ProgressEvent, 'phase'>) => void,
  warnings: Warning[],
  file: string,
): Promise<void> {
  for (const list of lists) {
    const id = list.PrefixListId;
    if (typeof id !== 'string') continue;
    try {
      list.Entries = await fetchAll(ENTRIES_CALL, client, { PrefixListId: id }, region, options, signal, progress);
    } catch (err) {
      const fatal = toFatal(err, { ...options, signal }, ENTRIES_CALL.action);
      if (fatal) throw fatal;
      const kind = classifyAwsError(err, signal);
      if (kind === 'unreachable') throw err;
      const code = kind === 'denied' ? 'missing-permission' : 'aws-call-failed';
      const hint = kind === 'denied' ? `allow ec2:${ENTRIES_CALL.action}` : 'its entries stay unknown, so rules using it may match any address';
      warnings.push({ code, message: `${region}: ${ENTRIES_CALL.action} for ${id} failed (${describeAwsError(err)}); ${hint}`, file, subject: `ec2:${ENTRIES_CALL.action}` });
      // A denied call fails the same way for every list: one warning is enough.
      if (kind === 'denied') return;
    }
  }
}
