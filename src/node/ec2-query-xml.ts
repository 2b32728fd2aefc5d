/**
 * Saved EC2 Query API answers (the XML the EC2 endpoint sends, as `aws ec2 … --debug` logs it,
 * API recordings or botocore's fixtures hold it) turned into the AWS CLI JSON that the core's AWS
 * importer reads. The real EC2 client parses each file through a request handler that answers with
 * the file instead of the network, so a saved answer is read exactly as the live import reads the
 * same answer. Node-side, and the SDK is loaded only when an XML file shows up.
 *
 * A named XML file that is not an EC2 Describe answer Reachmap reads is an error naming the file
 * and its root element (an EC2 error answer says its code), or, when the app asks with `onBadFile`,
 * a file left out of the open; JSON files pass through untouched.
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

/**
 * Largest XML answer read, in characters. The SDK's parser needs about ten times a file's size in
 * memory, and far more for one huge text node, which on a larger file ends the process instead of
 * failing cleanly. A page asked for with MaxResults (at most 1,000 items) is a few MB.
 */
export const MAX_XML_BYTES = 64 * 1024 * 1024;

/**
 * Deepest element nesting read. EC2 answers nest about a dozen elements deep; the SDK's parser
 * recurses per level, so a file nested thousands deep would overflow the stack inside it and be
 * reported with the engine's own message instead of a reason.
 */
export const MAX_XML_DEPTH = 64;

/**
 * Whether elements nest deeper than `limit`, by counting start and end tags (comments, CDATA,
 * declarations and processing instructions skipped). A scan, not a parse: the parser checks the rest.
 */
function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  for (let i = text.indexOf('<'); i >= 0; i = text.indexOf('<', i)) {
    const skipTo = text.startsWith('<!--', i) ? '-->' : text.startsWith('<![CDATA[', i) ? ']]>' : '>';
    const end = text.indexOf(skipTo, i + 1);
    if (end < 0) return false;
    const next = text.charCodeAt(i + 1);
    if (next === 0x2f) depth--;
    else if (skipTo === '>' && next !== 0x3f && next !== 0x21 && text.charCodeAt(end - 1) !== 0x2f && ++depth > limit) return true;
    i = end + skipTo.length;
  }
  return false;
}

/** True when the text is XML rather than JSON (after a byte order mark and white space). */
export function looksLikeXml(text: string): boolean {
  return /^\uFEFF?\s*</.test(text.slice(0, 256));
}

/** The first element's name as written (`ec2:DescribeVpcsResponse`), past the declaration, comments and a doctype. */
function rootTagOf(text: string): string | undefined {
  const m = /^\uFEFF?\s*(?:<\?[\s\S]*?\?>\s*|<!--[\s\S]*?-->\s*|<!DOCTYPE[^>[]*(?:\[[\s\S]*?\])?\s*>\s*)*<([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)/.exec(text.slice(0, 65536));
  return m?.[1];
}

/** The name of the first element without its namespace prefix. */
export function rootElementOf(text: string): string | undefined {
  return rootTagOf(text)?.replace(/^[\w.-]+:/, '');
}

/**
 * Whether anything but white space, comments or processing instructions follows the root element's
 * end: several answers saved one after another into one file, of which a parser reads the first.
 */
function hasTrailingContent(text: string, tag: string): boolean {
  const close = `</${tag}`;
  const at = text.lastIndexOf(close);
  if (at < 0) return false;
  const end = text.indexOf('>', at);
  if (end < 0) return false;
  const after = text.slice(end + 1).replace(/<!--[\s\S]*?-->|<\?[\s\S]*?\?>/g, '');
  // The first answer ends at the first closing tag: a second root before the last one is trailing too.
  return after.trim() !== '' || text.indexOf(close) !== at;
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
async function parseAnswer(text: string, commandName: string): Promise<Record<string, unknown>> {
  // The warning is about SDK updates on Node 20, which reading a local file does not need.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const sdk = await (ec2 ??= import('@aws-sdk/client-ec2').catch((err: unknown) => {
    ec2 = undefined;
    throw err;
  }));
  const body = Buffer.from(text, 'utf8');
  const client = new sdk.EC2Client({
    // Everything the SDK would otherwise take from the user's AWS environment (AWS_ENDPOINT_URL,
    // AWS_DEFAULTS_MODE, ...) is fixed: nothing here talks to AWS, and a setting for the live
    // import must not make a saved file unreadable.
    region: 'us-east-1',
    endpoint: 'https://ec2.local.invalid',
    defaultsMode: 'standard',
    userAgentAppId: '',
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

export interface ConvertOptions {
  /** Set to leave out an XML file that cannot be read, handing its ImportError here, instead of failing. */
  onBadFile?: (err: ImportError) => void;
}

/**
 * Replaces each XML file by the JSON of the answer it holds (same name, so a prefix list id in the
 * file name still counts). Throws ImportError naming the file when one cannot be read.
 */
export async function convertEc2QueryXml(files: InputFile[], options: ConvertOptions = {}): Promise<InputFile[]> {
  if (!files.some((f) => looksLikeXml(f.text))) return files;
  const out: InputFile[] = [];
  for (const file of files) {
    if (!looksLikeXml(file.text)) {
      out.push(file);
      continue;
    }
    try {
      out.push(await convertOne(file));
    } catch (err) {
      if (!options.onBadFile || !(err instanceof ImportError)) throw err;
      options.onBadFile(err);
    }
  }
  return out;
}

/** One saved XML answer as AWS CLI JSON; throws ImportError naming the file when it cannot be read. */
async function convertOne(file: InputFile): Promise<InputFile> {
  if (file.text.length > MAX_XML_BYTES) {
    throw new ImportError(file.name, `an XML answer of ${Math.round(file.text.length / (1024 * 1024))} MB is more than the ${MAX_XML_BYTES / (1024 * 1024)} MB Reachmap reads as XML: ask for it in pages (MaxResults) and save each page to a file of its own, or use the AWS CLI's JSON`);
  }
  // A byte order mark the readers did not strip would make the parser see text before the root.
  let text = file.text.charCodeAt(0) === 0xfeff ? file.text.slice(1) : file.text;
  const tag = rootTagOf(text);
  const root = tag?.replace(/^[\w.-]+:/, '');
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
  if (hasTrailingContent(text, tag as string)) {
    throw new ImportError(file.name, `more follows the end of its ${root} answer (several answers in one file?): save each answer to a file of its own`);
  }
  if (nestsDeeperThan(text, MAX_XML_DEPTH)) {
    throw new ImportError(file.name, `its ${root} answer is nested too deeply (elements more than ${MAX_XML_DEPTH} levels deep, where EC2 answers have about a dozen)`);
  }
  // The EC2 parser reads elements by their plain names: drop a namespace prefix (`ec2:`).
  if (tag !== root) text = text.replace(new RegExp(`<(/?)${(tag as string).split(':')[0]}:`, 'g'), '<$1');
  // The parser reads an empty port element as 0, turning a permission of unknown ports into one
  // for port 0: give it a value it reads as not a number, which the importer skips with a warning.
  text = text.replace(/<(fromPort|toPort)(?:\s*\/>|>\s*<\/\1\s*>)/g, '<$1>empty</$1>');
  let answer: Record<string, unknown>;
  try {
    answer = await parseAnswer(text, command);
  } catch (err) {
    const first = err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err);
    const parse = /^@aws-sdk XML parse error: /.exec(first);
    throw new ImportError(
      file.name,
      parse ? `malformed ${root} XML (${first.slice(parse[0].length).replace(/\.$/, '')}): is the file cut short?` : `cannot read its ${root} answer (${first})`,
    );
  }
  return { ...file, text: JSON.stringify(answer) };
}
