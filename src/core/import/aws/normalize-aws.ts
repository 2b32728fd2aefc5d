/**
 * The one pure normaliser from AWS describe-* answers to a `Snapshot`. The offline importer feeds it
 * one parsed CLI/botocore document at a time; the live import feeds it one combined document per
 * region built from the SDK's answers (same PascalCase shapes), so offline and live give the same
 * snapshot by construction. A document may hold any mix of the known collections
 * (`SecurityGroups`, `NetworkInterfaces`, `Reservations`, …); everything in one document is resolved
 * together (ENIs fold into their instances, `sgr-` ids attach to the rules the groups produced).
 */
import { createEmptySnapshot, ImportError, isListenerStub, unionListeners, type Endpoint, type SecurityGroup, type Snapshot, type Warning } from '../../model';
import {
  buildClassicLoadBalancers,
  buildDbInstances,
  buildEniEndpoints,
  buildLambdaFunctions,
  buildV2LoadBalancers,
  buildVpcEndpoints,
  buildListenerStubs,
  type EndpointContext,
} from './aws-endpoints';
import { asObject, countNonObjects, eachObject, objectsOf, pushUnique, readString, readTags, regionOfZone, type JsonObject } from './aws-json';
import {
  buildInternetGateways,
  buildNetworkAcls,
  buildPeeringConnections,
  buildPrefixLists,
  buildRouteTables,
  buildSubnets,
  buildVpcs,
  entriesOf,
} from './aws-network';
import { RuleCollector, type GroupPairRef } from './aws-rules';

/** Top-level collection keys and the command that prints each, used for detection and the source format. */
export const AWS_COLLECTIONS: Record<string, string> = {
  SecurityGroups: 'describe-security-groups',
  SecurityGroupRules: 'describe-security-group-rules',
  NetworkInterfaces: 'describe-network-interfaces',
  Reservations: 'describe-instances',
  Vpcs: 'describe-vpcs',
  Subnets: 'describe-subnets',
  NetworkAcls: 'describe-network-acls',
  RouteTables: 'describe-route-tables',
  PrefixLists: 'describe-managed-prefix-lists',
  Entries: 'get-managed-prefix-list-entries',
  InternetGateways: 'describe-internet-gateways',
  VpcPeeringConnections: 'describe-vpc-peering-connections',
  VpcEndpoints: 'describe-vpc-endpoints',
  LoadBalancerDescriptions: 'elb-describe-load-balancers',
  LoadBalancers: 'elbv2-describe-load-balancers',
  Listeners: 'elbv2-describe-listeners',
  DBInstances: 'rds-describe-db-instances',
  Functions: 'lambda-list-functions',
};

/**
 * Strips botocore wrappers: c7n placebo's `{"status_code": 200, "data": {…}}`; `ResponseMetadata`
 * and pagination tokens are simply ignored by the readers.
 */
export function unwrapAwsDocument(doc: unknown): JsonObject | undefined {
  const obj = asObject(doc);
  if (!obj) return undefined;
  const data = asObject(obj.data);
  if (data && ('status_code' in obj || 'ResponseMetadata' in data)) return data;
  return obj;
}

/** Collection keys present in a document, in AWS_COLLECTIONS order. */
export function collectionKeysOf(doc: JsonObject): string[] {
  return Object.keys(AWS_COLLECTIONS).filter((key) => key in doc);
}

/** 'aws-cli:describe-security-groups', or 'aws-cli:combined' for a document holding several collections. */
export function formatOfKeys(keys: string[]): string {
  return keys.length === 1 ? `aws-cli:${AWS_COLLECTIONS[keys[0]!]}` : 'aws-cli:combined';
}

export interface NormalizeOptions {
  /** Display name recorded in origins and warnings. */
  file: string;
  /** Format recorded in `sources`. */
  format: string;
}

/** Reads one (unwrapped) AWS document. Throws ImportError when a collection is not a list. */
export function normalizeAwsDocument(doc: JsonObject, options: NormalizeOptions): Snapshot {
  const { file } = options;
  const snapshot = createEmptySnapshot();
  snapshot.sources.push({ file, format: options.format });
  const warnings: Warning[] = snapshot.warnings;
  const warn = (code: string, message: string, subject?: string): void => {
    const w: Warning = { code, message, file };
    if (subject !== undefined) w.subject = subject;
    warnings.push(w);
  };

  const keys = collectionKeysOf(doc);
  for (const key of keys) {
    const value = doc[key];
    if (!Array.isArray(value)) throw new ImportError(file, `"${key}" should be a list but is ${value === null ? 'null' : typeof value}`);
    const bad = countNonObjects(value);
    if (bad > 0) warn('malformed-item', `${bad} entr${bad === 1 ? 'y' : 'ies'} of "${key}" ${bad === 1 ? 'is' : 'are'} not objects and ${bad === 1 ? 'was' : 'were'} skipped`);
  }
  const list = (key: string): JsonObject[] => objectsOf(doc[key]);
  // A page of a longer answer (--max-items, --no-paginate, a saved API page): the rest is elsewhere.
  const next = readString(doc.NextToken);
  if (next !== undefined && next !== '') {
    warn('partial-answer', `${file} holds one page of a longer answer (it has a NextToken): what the other pages list is not in this input`);
  }

  const sgItems = list('SecurityGroups');
  const groups = new Map<string, SecurityGroup>();
  const byName = new Map<string, string>();
  for (const g of sgItems) {
    const id = readString(g.GroupId);
    if (id === undefined) {
      warn('malformed-item', `a security group without GroupId was skipped (${readString(g.GroupName) ?? 'no name'})`);
      continue;
    }
    const group: SecurityGroup = { id, external: false, origin: { file } };
    const name = readString(g.GroupName);
    if (name !== undefined) group.name = name;
    const description = readString(g.Description);
    if (description !== undefined) group.description = description;
    const vpcId = readString(g.VpcId);
    if (vpcId !== undefined) group.vpcId = vpcId;
    const ownerId = readString(g.OwnerId);
    if (ownerId !== undefined) group.ownerId = ownerId;
    const tags = readTags(g.Tags);
    if (tags) group.tags = tags;
    if (!groups.has(id)) groups.set(id, group);
    if (name !== undefined) {
      byName.set(`${ownerId ?? ''}/${name}`, id);
      if (!byName.has(name)) byName.set(name, id);
    }
  }

  const accountId = guessAccountId(doc);
  const externals = new Map<string, SecurityGroup>();
  const resolveRef = (ref: GroupPairRef, ownerGroupId: string): string => {
    let id = ref.groupId;
    if (!groups.has(id) && ref.groupName !== undefined) {
      id = byName.get(`${ref.userId ?? ''}/${ref.groupName}`) ?? (ref.userId === undefined ? byName.get(ref.groupName) : undefined) ?? id;
    }
    if (groups.has(id)) return id;
    const owner = groups.get(ownerGroupId)?.ownerId ?? accountId;
    let reason: string | undefined;
    let why = '';
    if (ref.userId === 'amazon-elb' || ref.groupName === 'amazon-elb-sg') {
      reason = 'aws-managed';
      why = 'is the AWS-owned classic load balancer group (amazon-elb/amazon-elb-sg)';
    } else if (ref.peeringId !== undefined) {
      reason = 'peered';
      why = `is in peered VPC ${ref.vpcId ?? '?'} (${ref.peeringId})${ref.userId !== undefined && ref.userId !== owner ? ` of account ${ref.userId}` : ''}`;
    } else if (ref.userId !== undefined && owner !== undefined && ref.userId !== owner) {
      reason = 'cross-account';
      why = `belongs to account ${ref.userId}`;
    }
    if (reason === undefined || externals.has(id)) return id;
    const ext: SecurityGroup = { id, external: true, externalReason: reason, origin: { file } };
    if (ref.groupName !== undefined) ext.name = ref.groupName;
    if (ref.vpcId !== undefined) ext.vpcId = ref.vpcId;
    if (ref.userId !== undefined) ext.ownerId = ref.userId;
    externals.set(id, ext);
    warn('external-group', `${id} ${why}; rules referencing it are kept, but no endpoint in this import carries it`, id);
    return id;
  };

  const rules = new RuleCollector(resolveRef);
  for (const g of sgItems) {
    const id = readString(g.GroupId);
    if (id === undefined) continue;
    for (const [key, direction] of [['IpPermissions', 'ingress'], ['IpPermissionsEgress', 'egress']] as const) {
      // Indexed on the list as written, so a warning's IpPermissions[2] is the file's third entry.
      eachObject(g[key], `${id}: ${key}`, (message) => warn('malformed-item', message, id), (perm, i) => rules.addPermission(id, direction, perm, file, `${key}[${i}]`));
    }
  }
  for (const entry of list('SecurityGroupRules')) rules.addSecurityGroupRule(entry, file);
  for (const problem of rules.problems) warn(problem.code, problem.message, problem.subject);

  snapshot.groups = [...groups.values(), ...externals.values()];
  snapshot.rules = rules.rules;

  const ctx: EndpointContext = { file, warn };
  if (accountId !== undefined) ctx.accountId = accountId;
  const endpoints: Endpoint[] = [
    ...buildEniEndpoints(list('NetworkInterfaces'), list('Reservations'), ctx),
    ...buildClassicLoadBalancers(list('LoadBalancerDescriptions'), ctx),
    ...buildV2LoadBalancers(list('LoadBalancers'), ctx),
    ...buildDbInstances(list('DBInstances'), ctx),
    ...buildLambdaFunctions(list('Functions'), ctx),
    ...buildVpcEndpoints(list('VpcEndpoints'), ctx),
    ...buildListenerStubs(list('Listeners'), ctx),
  ];
  snapshot.endpoints = mergeEndpointsById(endpoints);

  snapshot.vpcs = buildVpcs(list('Vpcs'), file);
  snapshot.subnets = buildSubnets(list('Subnets'), file);
  snapshot.prefixLists = buildPrefixLists(list('PrefixLists'), file, warn);
  if ('Entries' in doc) {
    const plId = readString(doc.PrefixListId) ?? /pl-[0-9a-f]+/.exec(file)?.[0];
    if (plId === undefined) {
      throw new ImportError(file, 'prefix list entries without a list id: add "PrefixListId" to the document or name the file after the list (pl-…)');
    }
    if (!snapshot.prefixLists.some((p) => p.id === plId)) {
      snapshot.prefixLists.push({ id: plId, entries: entriesOf(doc.Entries), origin: { file } });
    }
  }

  const network: NonNullable<Snapshot['network']> = {};
  if ('NetworkAcls' in doc) network.networkAcls = buildNetworkAcls(list('NetworkAcls'));
  if ('RouteTables' in doc) network.routeTables = buildRouteTables(list('RouteTables'));
  if ('InternetGateways' in doc) network.internetGateways = buildInternetGateways(list('InternetGateways'));
  if ('VpcPeeringConnections' in doc) network.vpcPeeringConnections = buildPeeringConnections(list('VpcPeeringConnections'));
  if (Object.keys(network).length > 0) snapshot.network = network;

  if (accountId !== undefined) snapshot.meta.accountId = accountId;
  const regions = regionsOf(doc);
  if (regions.length > 0) snapshot.meta.regions = regions;
  return snapshot;
}

/** Endpoints described twice in one document (an ALB's ENIs and its elbv2 entry) become one, addresses united. */
function mergeEndpointsById(endpoints: Endpoint[]): Endpoint[] {
  const byId = new Map<string, Endpoint>();
  for (const ep of endpoints) {
    const prior = byId.get(ep.id);
    if (!prior) {
      byId.set(ep.id, ep);
      continue;
    }
    for (const key of ['subnetIds', 'privateIpv4', 'ipv6', 'publicIpv4', 'groupIds'] as const) {
      for (const v of ep[key]) pushUnique(prior[key], v);
    }
    prior.vpcId ??= ep.vpcId;
    prior.arn ??= ep.arn;
    if (ep.internetFacing !== undefined) prior.internetFacing = ep.internetFacing;
    if (ep.ipAddressType !== undefined) prior.ipAddressType = ep.ipAddressType;
    if (ep.unfiltered) prior.unfiltered = true;
    if (ep.listeners) prior.listeners = unionListeners(prior.listeners, ep.listeners);
    // A listener's stand-in names no resource type of the load balancer itself.
    if (ep.resourceType && !ep.resourceType.startsWith('network_interface:') && !isListenerStub(ep)) prior.resourceType = ep.resourceType;
    if (prior.name === prior.id) prior.name = ep.name;
    if (prior.vpcId === undefined) delete prior.vpcId;
    if (prior.arn === undefined) delete prior.arn;
  }
  return [...byId.values()];
}

/** The account: the most common owner of the groups, else of the reservations or ENIs. */
function guessAccountId(doc: JsonObject): string | undefined {
  const counts = new Map<string, number>();
  const count = (v: unknown): void => {
    const s = readString(v);
    // Only 12-digit ids count: synthetic fixtures use names, and 'amazon' owns public IPs.
    if (s !== undefined && /^\d{12}$/.test(s)) counts.set(s, (counts.get(s) ?? 0) + 1);
  };
  for (const g of objectsOf(doc.SecurityGroups)) count(g.OwnerId);
  if (counts.size === 0) for (const r of objectsOf(doc.Reservations)) count(r.OwnerId);
  if (counts.size === 0) for (const e of objectsOf(doc.NetworkInterfaces)) count(e.OwnerId);
  if (counts.size === 0) for (const r of objectsOf(doc.SecurityGroupRules)) count(r.GroupOwnerId);
  if (counts.size === 0) for (const v of objectsOf(doc.Vpcs)) count(v.OwnerId);
  let best: string | undefined;
  let bestCount = 0;
  for (const [id, n] of [...counts.entries()].sort()) {
    if (n > bestCount) {
      best = id;
      bestCount = n;
    }
  }
  return best;
}

/** Regions named by availability zones in the answers, sorted. */
function regionsOf(doc: JsonObject): string[] {
  const regions = new Set<string>();
  const add = (zone: unknown): void => {
    const r = regionOfZone(readString(zone));
    if (r !== undefined) regions.add(r);
  };
  for (const s of objectsOf(doc.Subnets)) add(s.AvailabilityZone);
  for (const e of objectsOf(doc.NetworkInterfaces)) add(e.AvailabilityZone);
  for (const r of objectsOf(doc.Reservations)) for (const i of objectsOf(r.Instances)) add(asObject(i.Placement)?.AvailabilityZone);
  return [...regions].sort();
}
