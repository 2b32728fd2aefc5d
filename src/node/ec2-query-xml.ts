/**
 * Saved EC2 Query API answers (the XML the EC2 endpoint sends, as `aws ec2 … --debug` logs it,
 * API recordings or botocore's fixtures hold it) turned into the AWS CLI JSON that the core's AWS
 * importer reads. The real EC2 client parses each file through a request handler that answers with
 * the file instead of the network, so a saved answer is read exactly as the live import reads the
 * same answer. Node-side, and the SDK is loaded only when an XML file shows up.
 *
 * A named XML file that is not an EC2 Describe answer Reachmap reads is an error naming the file
 * and its root element (an EC2 error answer says its code); JSON files pass through untouched.
 */
import { Readable } from 'node:stream';
import type * as Ec2Sdk from '@aws-sdk/client-ec2';
import { ImportError, type InputFile } from '../core/model';

/** Root element of each answer -> the client-ec2 command that parses it. */
const COMMANDS: Record<string, string> = {
  DescribeSecurityGroupsResponse: 'DescribeSecurityGroupsCommand',
  DescribeSecurityGroupRulesResponse: 'DescribeSecurityGroupRulesCommand',
  DescribeNetworkInterfacesResponse: 'DescribeNetworkInterfacesCommand',
  DescribeInstancesResponse: 'DescribeInstancesCommand',
  DescribeVpcsResponse: 'DescribeVpcsCommand',
  DescribeSubnetsResponse: 'DescribeSubnetsCommand',
  DescribeNetworkAclsResponse: 'DescribeNetworkAclsCommand',
  DescribeRouteTablesResponse: 'DescribeRouteTablesCommand',
  DescribeManagedPrefixListsResponse: 'DescribeManagedPrefixListsCommand',
  GetManagedPrefixListEntriesResponse: 'GetManagedPrefixListEntriesCommand',
  DescribeInternetGatewaysResponse: 'DescribeInternetGatewaysCommand',
  DescribeVpcPeeringConnectionsResponse: 'DescribeVpcPeeringConnectionsCommand',
  DescribeVpcEndpointsResponse: 'DescribeVpcEndpointsCommand',
};

/** True when the text is XML rather than JSON (after a byte order mark and white space). */
export function looksLikeXml(text: string): boolean {
  return /^\uFEFF?\s*</.test(text.slice(0, 256));
}

/** The name of the first element, past the XML declaration, comments and a doctype. */
export function rootElementOf(text: string): string | undefined {
  const m = /^\uFEFF?\s*(?:<\?[\s\S]*?\?>\s*|<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*<([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)/.exec(text.slice(0, 4096));
  return m?.[1]?.replace(/^[\w.-]+:/, '');
}

/** `<Code>…</Code>: <Message>…</Message>` of an EC2 error answer, when the text is one. */
function errorAnswerOf(text: string): string | undefined {
  const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
  if (code === undefined) return undefined;
  const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1];
  return message ? `${code}: ${message}` : code;
}

let ec2: Promise<typeof Ec2Sdk> | undefined;

/** The parsed answer of one saved file, in the shape `aws ec2 … --output json` prints. */
async function parseAnswer(file: InputFile, commandName: string): Promise<Record<string, unknown>> {
  // The warning is about SDK updates on Node 20, which reading a local file does not need.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const sdk = await (ec2 ??= import('@aws-sdk/client-ec2'));
  const body = Buffer.from(file.text, 'utf8');
  const client = new sdk.EC2Client({
    region: 'us-east-1',
    // Never sent anywhere: the handler below answers every request with the file.
    credentials: { accessKeyId: 'LOCAL-FILE', secretAccessKey: 'LOCAL-FILE' },
    maxAttempts: 1,
    requestHandler: {
      handle: async () => ({ response: { statusCode: 200, headers: { 'content-type': 'text/xml;charset=UTF-8' }, body: Readable.from([body]) } }),
    },
  });
  const Command = (sdk as unknown as Record<string, unknown>)[commandName] as (new (input: object) => unknown) | undefined;
  if (!Command) throw new Error(`this SDK has no ${commandName}`);
  try {
    const out = (await client.send(new Command({}) as never)) as unknown as Record<string, unknown>;
    delete out.$metadata;
    return out;
  } finally {
    client.destroy();
  }
}

/**
 * Replaces each XML file by the JSON of the answer it holds (same name, so a prefix list id in the
 * file name still counts). Throws ImportError naming the file when one cannot be read.
 */
export async function convertEc2QueryXml(files: InputFile[]): Promise<InputFile[]> {
  if (!files.some((f) => looksLikeXml(f.text))) return files;
  const out: InputFile[] = [];
  for (const file of files) {
    if (!looksLikeXml(file.text)) {
      out.push(file);
      continue;
    }
    const root = rootElementOf(file.text);
    const command = root === undefined ? undefined : COMMANDS[root];
    if (command === undefined) {
      const error = root === 'Response' || root === 'ErrorResponse' ? errorAnswerOf(file.text) : undefined;
      throw new ImportError(
        file.name,
        error !== undefined
          ? `an EC2 error answer (${error}), not data`
          : `XML${root ? ` with root element <${root}>` : ''} is not an EC2 Query API answer Reachmap reads (Describe… answers for security groups and their rules, instances, network interfaces, VPCs, subnets, prefix lists, route tables, network ACLs, gateways, peerings and VPC endpoints)`,
      );
    }
    let answer: Record<string, unknown>;
    try {
      answer = await parseAnswer(file, command);
    } catch (err) {
      const message = (err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err)).replace(/^@aws-sdk XML parse error: /, '').replace(/\.$/, '');
      throw new ImportError(file.name, `malformed ${root} XML (${message}): is the file cut short?`);
    }
    out.push({ ...file, text: JSON.stringify(answer) });
  }
  return out;
}
