/**
 * A local EC2-compatible endpoint for tests: `node:http` on 127.0.0.1, port 0, speaking the EC2 Query
 * protocol the real SDK uses (POST form `Action=…&Version=…`, `Filter.N.Name/Value.M`, `NextToken`,
 * `MaxResults`) and answering namespaced XML built from recorded account data in CLI JSON shape
 * (see ec2-xml.ts). The region of each request is read from the SigV4 credential scope in the
 * Authorization header, so one server plays every region. Behaviour is scriptable per test: page
 * size, allowed actions (the minimal IAM policy), and an `intercept` hook that can answer with any
 * EC2 error (throttling, expired token, denied) or hang the request to trigger client timeouts.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildEc2Error, buildEc2Response } from './ec2-xml';

/** One region's recorded answers, each in the CLI's JSON shape (`{ "SecurityGroups": [...] }`). */
export type RegionData = Record<string, Record<string, unknown>>;

export interface FakeRequest {
  action: string;
  region: string;
  params: URLSearchParams;
  /** 1-based count of this action in this region so far (retries included). */
  nth: number;
}

export type FakeReply = { error: string; status: number; message?: string } | { hang: true } | undefined;

export interface FakeEc2Options {
  /** region -> action -> answer. */
  regions: Record<string, RegionData>;
  /** Items per page (default 1000; the client's MaxResults applies when smaller). */
  pageSize?: number;
  /** When set, any other action is refused with UnauthorizedOperation (403), like an IAM policy. */
  allowedActions?: Set<string>;
  intercept?: (req: FakeRequest) => FakeReply;
  /** Actions answered, page after page, with their first page and the same NextToken (a broken endpoint). */
  loopingPages?: Set<string>;
  /** The address to listen on and to name in `url` (default 127.0.0.1). */
  host?: string;
}

/** The list each action pages over, and the filters it understands. */
const LIST_KEYS: Record<string, string> = {
  DescribeSecurityGroups: 'SecurityGroups',
  DescribeSecurityGroupRules: 'SecurityGroupRules',
  DescribeNetworkInterfaces: 'NetworkInterfaces',
  DescribeInstances: 'Reservations',
  DescribeVpcs: 'Vpcs',
  DescribeSubnets: 'Subnets',
  DescribeManagedPrefixLists: 'PrefixLists',
  GetManagedPrefixListEntries: 'Entries',
  DescribeNetworkAcls: 'NetworkAcls',
  DescribeRouteTables: 'RouteTables',
  DescribeInternetGateways: 'InternetGateways',
  DescribeVpcPeeringConnections: 'VpcPeeringConnections',
  DescribeRegions: 'Regions',
};

export interface FakeEc2 {
  url: string;
  /** Every request received, in order. */
  log: FakeRequest[];
  close(): Promise<void>;
}

export async function startFakeEc2(options: FakeEc2Options): Promise<FakeEc2> {
  const log: FakeRequest[] = [];
  const counts = new Map<string, number>();
  const hanging = new Set<ServerResponse>();
  let requestSeq = 0;

  const handle = (req: IncomingMessage, res: ServerResponse, body: string): void => {
    const params = new URLSearchParams(body);
    const action = params.get('Action') ?? '';
    const auth = req.headers.authorization ?? '';
    const region = /Credential=[^/]+\/\d{8}\/([^/]+)\/ec2\//.exec(auth)?.[1] ?? 'unknown';
    const key = `${region}|${action}`;
    const nth = (counts.get(key) ?? 0) + 1;
    counts.set(key, nth);
    const fake: FakeRequest = { action, region, params, nth };
    log.push(fake);
    const requestId = `req-${++requestSeq}`;
    const send = (status: number, xml: string): void => {
      res.writeHead(status, { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': requestId });
      res.end(xml);
    };

    const reply = options.intercept?.(fake);
    if (reply && 'hang' in reply) {
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      return;
    }
    if (reply) return send(reply.status, buildEc2Error(reply.error, reply.message ?? reply.error, requestId));
    if (options.allowedActions && !options.allowedActions.has(action)) {
      return send(403, buildEc2Error('UnauthorizedOperation', `You are not authorized to perform this operation. User: arn:aws:iam::123456789012:user/test is not authorized to perform: ec2:${action}`, requestId));
    }
    const listKey = LIST_KEYS[action];
    if (!listKey) return send(400, buildEc2Error('InvalidAction', `The action ${action} is not valid for this web service.`, requestId));
    const data = options.regions[region];
    if (!data) return send(401, buildEc2Error('AuthFailure', `region ${region} is not enabled`, requestId));

    let items = listFor(action, data, params);
    items = applyFilters(action, items, params);
    const start = Number(params.get('NextToken') ?? '0') || 0;
    const maxResults = Number(params.get('MaxResults') ?? '0') || Infinity;
    const size = Math.min(options.pageSize ?? 1000, maxResults);
    const page = items.slice(start, start + size);
    const result: Record<string, unknown> = { [listKey]: page };
    if (start + size < items.length) result.NextToken = String(start + size);
    if (options.loopingPages?.has(action)) {
      result[listKey] = items.slice(0, 1);
      result.NextToken = 'same';
    }
    send(200, buildEc2Response(action, result, requestId));
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function listFor(action: string, data: RegionData, params: URLSearchParams): Record<string, unknown>[] {
  if (action === 'GetManagedPrefixListEntries') {
    const id = params.get('PrefixListId');
    const lists = (data.DescribeManagedPrefixLists?.PrefixLists ?? []) as Record<string, unknown>[];
    const list = lists.find((l) => l.PrefixListId === id);
    return (list?.Entries ?? []) as Record<string, unknown>[];
  }
  const answer = data[action];
  const items = (answer?.[LIST_KEYS[action]!] ?? []) as Record<string, unknown>[];
  if (action === 'DescribeManagedPrefixLists') return items.map(({ Entries: _e, ...rest }) => rest);
  return items;
}

/** The filters the import uses: vpc-id (and attachment.vpc-id for gateways). */
function applyFilters(action: string, items: Record<string, unknown>[], params: URLSearchParams): Record<string, unknown>[] {
  const filters = new Map<string, string[]>();
  for (let i = 1; params.has(`Filter.${i}.Name`); i++) {
    const values: string[] = [];
    for (let j = 1; params.has(`Filter.${i}.Value.${j}`); j++) values.push(params.get(`Filter.${i}.Value.${j}`)!);
    filters.set(params.get(`Filter.${i}.Name`)!, values);
  }
  let out = items;
  const vpc = filters.get('vpc-id');
  if (vpc) {
    out = out
      .map((item) => {
        if (action !== 'DescribeInstances') return item;
        const instances = ((item.Instances ?? []) as Record<string, unknown>[]).filter((i) => vpc.includes(String(i.VpcId)));
        return instances.length > 0 ? { ...item, Instances: instances } : undefined;
      })
      .filter((item): item is Record<string, unknown> => item !== undefined && (action === 'DescribeInstances' || vpc.includes(String(item.VpcId))));
  }
  const attached = filters.get('attachment.vpc-id');
  if (attached) out = out.filter((igw) => ((igw.Attachments ?? []) as Record<string, unknown>[]).some((a) => attached.includes(String(a.VpcId))));
  return out;
}
