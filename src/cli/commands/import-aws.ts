/**
 * `reachmap import-aws`: fetches security groups, ENIs, instances and network data from AWS (or any
 * EC2-compatible endpoint) with the standard credential chain and writes a snapshot file that every
 * other command and the app open offline. Progress goes to stderr (one updating bar on a terminal,
 * plain lines otherwise); Ctrl-C cancels the in-flight calls and leaves no partial file behind.
 */
import { serializeSnapshot } from '../../core/snapshot-io';
import type { ProgressEvent } from '../../shared/api-contract';
import { CliError, EXIT_OK, type CliCommand, type CliIo } from '../cli-types';
import { formatMs } from '../load-snapshot';
import { checkEndpointUrlOr } from '../../node/aws/endpoint-url';
import { stringOption } from '../parse-args';
import { writeSnapshotFile } from './export-snapshot';

/** Warnings about the import itself (what it could not read, or how it read it), not about the rules. */
const STDERR_WARNINGS = new Set(['missing-permission', 'region-failed', 'aws-call-failed', 'insecure-endpoint']);

/** Conventional status for a run interrupted by SIGINT. */
const EXIT_CANCELLED = 130;

export const command: CliCommand = {
  name: 'import-aws',
  summary: 'import security groups and endpoints live from AWS into a snapshot file',
  help: `Usage: reachmap import-aws [--profile P] [--region R]... [--all-regions] [--vpc-id V]
                          [--endpoint-url URL] --out FILE

Reads security groups, their rules, network interfaces, instances, VPCs, subnets, prefix lists,
network ACLs, route tables, internet gateways and peering connections with read-only EC2 calls,
and writes a reachmap snapshot to FILE (open it with any reachmap command or the app).

Credentials come from the standard AWS chain (environment, ~/.aws config and credentials files,
SSO and role profiles, instance or container role); reachmap never asks for keys.

Options:
  --profile P         named profile from ~/.aws/config or ~/.aws/credentials
  --region R          a region to import; repeat it or give a comma list (default: the profile's region)
  --all-regions       every region enabled for the account (needs ec2:DescribeRegions)
  --vpc-id V          only this VPC
  --endpoint-url URL  an EC2-compatible endpoint (LocalStack, Moto, a proxy); AWS_ENDPOINT_URL_EC2,
                      AWS_ENDPOINT_URL and the profile's endpoint_url are honoured too
  -o, --out FILE      where to write the snapshot (written atomically)
  -h, --help          show this help

A call refused for lack of permission, or a region that fails, becomes a warning and the rest of
the import goes on; the README lists the minimal IAM policy.

Exit status: 0 written, 2 bad usage, credential problem or failed import, 130 cancelled.`,
  options: {
    profile: { type: 'string', valueName: 'P' },
    region: { type: 'string', valueName: 'R', repeatable: true },
    'all-regions': { type: 'boolean' },
    'vpc-id': { type: 'string', valueName: 'V' },
    'endpoint-url': { type: 'string', valueName: 'URL' },
    out: { type: 'string', valueName: 'FILE', short: 'o' },
  },
  async run(args, io) {
    const out = stringOption(args, 'out');
    if (!out) throw new CliError('import-aws: --out FILE is required');
    if (args.positionals.length > 0) throw new CliError(`import-aws: unexpected argument '${args.positionals[0]}' (inputs come from AWS; see reachmap import-aws --help)`);
    const regions = (args.lists['region'] ?? [])
      .flatMap((r) => r.split(','))
      .map((r) => r.trim())
      .filter((r) => r !== '');
    for (const r of regions) {
      if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(r)) throw new CliError(`import-aws: '${r}' is not a region name (like us-east-1)`);
    }
    const endpointUrl = stringOption(args, 'endpoint-url');
    if (endpointUrl !== undefined) checkEndpointUrlOr(endpointUrl, (message) => new CliError(`import-aws: --endpoint-url: ${message}`));
    const vpcId = stringOption(args, 'vpc-id');
    if (vpcId !== undefined && !/^vpc-[0-9a-f]+$/.test(vpcId)) throw new CliError(`import-aws: --vpc-id must look like vpc-0123abcd, not '${vpcId}'`);

    // The SDK's notice about its own future Node requirement is not something a reachmap user can act on.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    const { importAwsAccount, AwsImportError } = await import('../../node/aws');
    const controller = new AbortController();
    const onSigint = (): void => controller.abort();
    process.once('SIGINT', onSigint);
    const bar = createAwsProgress(io);
    const started = performance.now();
    try {
      const snapshot = await importAwsAccount({
        regions,
        ...(args.options['all-regions'] === true ? { allRegions: true } : {}),
        ...(stringOption(args, 'profile') !== undefined ? { profile: stringOption(args, 'profile')! } : {}),
        ...(vpcId !== undefined ? { vpcId } : {}),
        ...(endpointUrl !== undefined ? { endpointUrl } : {}),
        signal: controller.signal,
        onProgress: bar.update,
      });
      bar.clear();
      await writeSnapshotFile(out, serializeSnapshot(snapshot));
      for (const w of snapshot.warnings) {
        if (STDERR_WARNINGS.has(w.code)) io.stderr.write(`reachmap: warning: ${w.message}\n`);
      }
      io.stderr.write(
        `reachmap: wrote ${out}: ${snapshot.groups.filter((g) => !g.external).length} groups, ${snapshot.rules.length} rules, ` +
          `${snapshot.endpoints.length} endpoints from ${(snapshot.meta.regions ?? []).join(', ')}${snapshot.meta.accountId ? ` (account ${snapshot.meta.accountId})` : ''} ` +
          `in ${formatMs(performance.now() - started)}; ${snapshot.warnings.length} warning(s)\n`,
      );
      return EXIT_OK;
    } catch (err) {
      bar.clear();
      if (err instanceof AwsImportError) {
        if (err.code === 'cancelled') {
          io.stderr.write('reachmap: import-aws cancelled; nothing written\n');
          return EXIT_CANCELLED;
        }
        throw new CliError(`import-aws: ${err.message}`);
      }
      throw err;
    } finally {
      process.removeListener('SIGINT', onSigint);
    }
  },
};

/** A one-line bar rewritten in place on a terminal; one line per call otherwise (logs stay readable). */
function createAwsProgress(io: CliIo): { update: (p: ProgressEvent) => void; clear: () => void } {
  let lastLine = '';
  let drawn = false;
  if (!io.stderrIsTty) {
    return {
      update(p) {
        // Page-by-page detail is for the bar; logs get one line per call and the summary.
        if (p.phase !== 'aws' || / page \d+/.test(p.message)) return;
        if (p.message !== lastLine) io.stderr.write(`reachmap: ${p.message}\n`);
        lastLine = p.message;
      },
      clear() {},
    };
  }
  return {
    update(p) {
      const width = 24;
      const ratio = p.total ? Math.min(1, (p.done ?? 0) / p.total) : 0;
      const filled = Math.round(ratio * width);
      const line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${p.total ? `${p.done ?? 0}/${p.total} ` : ''}${p.message}`;
      if (line === lastLine) return;
      lastLine = line;
      drawn = true;
      io.stderr.write(`\r\x1b[K${line.slice(0, 150)}`);
    },
    clear() {
      if (drawn) io.stderr.write('\r\x1b[K');
      drawn = false;
    },
  };
}
