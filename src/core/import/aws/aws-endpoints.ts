/**
 * Endpoints from AWS answers. Network interfaces are the main source: every ENI carries its groups,
 * addresses and, through InterfaceType / Description / Attachment, the resource that owns it.
 *
 * Instance vs ENI (decided here, relied on by the tests): there is ONE endpoint per instance, id
 * `i-…`, holding the addresses of all its ENIs (primary ENI first, primary address first) and named
 * after its Name tag. ENIs from DescribeNetworkInterfaces that are attached to an instance fold into
 * that instance's endpoint instead of becoming endpoints of their own. The exception is an instance
 * whose ENIs carry different security-group sets: AWS applies groups per ENI, so merging them would
 * let one ENI's rules open another ENI's addresses; such an instance becomes one endpoint per group
 * set, id `i-…/eni-…`. ENIs of the same managed resource (the per-AZ ENIs of a load balancer, a
 * Lambda function's hyperplane ENIs, an interface VPC endpoint) fold the same way into one endpoint
 * whose id matches what the resource's own describe call gives (ARN, vpce id), so a folder holding
 * both the ENI dump and `elbv2 describe-load-balancers` yields one endpoint per load balancer.
 */
import { readIpAddressType, readIpv6Allowed, readListener, type Endpoint, type EndpointInterface, type EndpointKind } from '../../model';
import { normalizeAddress } from './aws-cidr';
import { asObject, describeJson, eachObject, objectsOf, objectsWarned, pushUnique, readNumber, readString, readStrings, readTags, regionOfZone, type JsonObject } from './aws-json';

/** One ENI as read, with the instance it belongs to when known (from its attachment or from DescribeInstances). */
interface EniRecord {
  eni: JsonObject;
  instanceId?: string;
  /** Order key: the device index, so eth0 comes first. */
  deviceIndex: number;
}

interface Owner {
  key: string;
  id: string;
  kind: EndpointKind;
  name: string;
  resourceType: string;
  arn?: string;
}

export interface EndpointContext {
  file: string;
  /** The account id to build ARNs with, when known. */
  accountId?: string;
  warn(code: string, message: string, subject?: string): void;
}

const UUID_TAIL = /-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Interface types of AWS-managed interfaces that may carry no security group: when AWS reports one
 * with none, nothing filters its traffic at the group layer (a NAT gateway never has groups; a
 * network or gateway load balancer created without groups has none).
 */
const UNGROUPED_TYPES = new Set(['nat_gateway', 'network_load_balancer', 'gateway_load_balancer', 'gateway_load_balancer_endpoint', 'transit_gateway']);

/** True for an interface of a kind AWS does not filter with groups when it reports none on it. */
function isUngroupedKind(eni: JsonObject, kind: EndpointKind): boolean {
  return kind === 'nat' || UNGROUPED_TYPES.has(readString(eni.InterfaceType) ?? '') || eni.RequesterManaged === true;
}

/** Which resource owns an ENI, from the clues AWS leaves on it. */
function ownerOf(rec: EniRecord, ctx: EndpointContext): Owner {
  const eni = rec.eni;
  const eniId = readString(eni.NetworkInterfaceId) ?? '?';
  const type = readString(eni.InterfaceType) ?? 'interface';
  const description = readString(eni.Description) ?? '';
  const account = readString(eni.OwnerId) ?? ctx.accountId;
  const region = regionOfZone(readString(eni.AvailabilityZone));
  if (rec.instanceId !== undefined) {
    return { key: `instance:${rec.instanceId}`, id: rec.instanceId, kind: 'instance', name: rec.instanceId, resourceType: 'ec2:instance' };
  }
  let m = /^ELB (app|net|gwy)\/(.+)$/.exec(description);
  if (m) {
    const suffix = `loadbalancer/${m[1]}/${m[2]}`;
    const arn = region && account ? `arn:aws:elasticloadbalancing:${region}:${account}:${suffix}` : undefined;
    const id = arn ?? suffix;
    return { key: `lb:${id}`, id, kind: 'load-balancer', name: m[2]!.split('/')[0]!, resourceType: `network_interface:${type}`, ...(arn ? { arn } : {}) };
  }
  m = /^ELB (?!app\/|net\/|gwy\/)(\S+)$/.exec(description);
  if (m) {
    const id = `elb/${m[1]}`;
    return { key: `lb:${id}`, id, kind: 'load-balancer', name: m[1]!, resourceType: `network_interface:${type}` };
  }
  // Hyperplane ENIs read `AWS Lambda VPC ENI-<function>-<uuid>`; older ones `AWS Lambda VPC ENI: <uuid>` name no function.
  m = /^AWS Lambda VPC ENI-(.+)$/.exec(description);
  if (m || type === 'lambda' || description.startsWith('AWS Lambda VPC ENI')) {
    const fn = m ? m[1]!.replace(UUID_TAIL, '') : undefined;
    if (fn !== undefined && fn.length > 0) {
      const arn = region && account ? `arn:aws:lambda:${region}:${account}:function:${fn}` : undefined;
      const id = arn ?? `lambda/${fn}`;
      return { key: `lambda:${id}`, id, kind: 'lambda', name: fn, resourceType: `network_interface:${type}`, ...(arn ? { arn } : {}) };
    }
    return { key: `eni:${eniId}`, id: eniId, kind: 'lambda', name: description || eniId, resourceType: `network_interface:${type}` };
  }
  m = /^VPC Endpoint Interface (vpce-[0-9a-z]+)/.exec(description);
  if (m || type === 'vpc_endpoint') {
    const id = m ? m[1]! : eniId;
    return { key: `vpce:${id}`, id, kind: 'vpc-endpoint', name: id, resourceType: `network_interface:${type}` };
  }
  m = /^Interface for NAT Gateway (nat-[0-9a-z]+)/.exec(description);
  if (m || type === 'nat_gateway') {
    const id = m ? m[1]! : eniId;
    return { key: `nat:${id}`, id, kind: 'nat', name: id, resourceType: `network_interface:${type}` };
  }
  const kind = kindFromDescription(type, description, readString(eni.RequesterId));
  return { key: `eni:${eniId}`, id: eniId, kind, name: eniId, resourceType: `network_interface:${type}` };
}

function kindFromDescription(type: string, description: string, requester: string | undefined): EndpointKind {
  if (type === 'network_load_balancer' || type === 'gateway_load_balancer' || type === 'gateway_load_balancer_endpoint') return 'load-balancer';
  if (type === 'branch' || type === 'trunk' || description.startsWith('arn:aws:ecs:')) return 'ecs';
  if (type === 'efs' || description.startsWith('EFS mount target')) return 'efs';
  if (description === 'RDSNetworkInterface' || requester === 'amazon-rds') return 'database';
  if (description.startsWith('ElastiCache')) return 'cache';
  if (description.startsWith('Amazon EKS') || description.startsWith('aws-K8S')) return 'eks';
  if (description.startsWith('ES ') || description.startsWith('OpenSearch')) return 'search';
  if (description.startsWith('AmazonMQ')) return 'mq';
  if (description.startsWith('Redshift') || description.startsWith('Network interface for Redshift')) return 'redshift';
  if (description.startsWith('MSK') || description.includes('kafka')) return 'msk';
  return 'eni';
}

/** Group ids of an ENI or instance (`Groups` on ENIs, `SecurityGroups` on Classic instances). */
function groupIdsOf(list: unknown): string[] {
  const ids: string[] = [];
  for (const g of objectsOf(list)) pushUnique(ids, readString(g.GroupId));
  return ids;
}

function addAddresses(ep: Endpoint, eni: JsonObject): void {
  const privates = objectsOf(eni.PrivateIpAddresses);
  // The primary address leads, as the model promises; AWS usually lists it first but does not say so.
  privates.sort((a, b) => Number(b.Primary === true) - Number(a.Primary === true));
  const primary = readString(eni.PrivateIpAddress);
  if (primary !== undefined && privates.length === 0) pushUnique(ep.privateIpv4, normalizeAddress(primary) ?? undefined);
  for (const p of privates) {
    pushUnique(ep.privateIpv4, normalizeAddress(readString(p.PrivateIpAddress) ?? '') ?? undefined);
    pushUnique(ep.publicIpv4, normalizeAddress(readString(asObject(p.Association)?.PublicIp) ?? '') ?? undefined);
  }
  pushUnique(ep.publicIpv4, normalizeAddress(readString(asObject(eni.Association)?.PublicIp) ?? '') ?? undefined);
  for (const v6 of objectsOf(eni.Ipv6Addresses)) pushUnique(ep.ipv6, normalizeAddress(readString(v6.Ipv6Address) ?? '') ?? undefined);
  pushUnique(ep.subnetIds, readString(eni.SubnetId));
}

export interface InstanceInfo {
  name?: string;
  tags?: Record<string, string>;
}

/**
 * Builds endpoints from ENIs (DescribeNetworkInterfaces) and instances (DescribeInstances).
 * Terminated instances are skipped: they hold no addresses and no longer carry groups that matter.
 */
export function buildEniEndpoints(networkInterfaces: JsonObject[], reservations: JsonObject[], ctx: EndpointContext): Endpoint[] {
  const records: EniRecord[] = [];
  const seen = new Set<string>();
  const instances = new Map<string, InstanceInfo>();
  for (const eni of networkInterfaces) {
    const attachment = asObject(eni.Attachment);
    const instanceId = readString(attachment?.InstanceId);
    const rec: EniRecord = { eni, deviceIndex: readNumber(attachment?.DeviceIndex) ?? 0 };
    if (instanceId !== undefined) rec.instanceId = instanceId;
    records.push(rec);
    seen.add(`${instanceId ?? ''}|${readString(eni.NetworkInterfaceId) ?? ''}`);
  }
  reservations.forEach((reservation, r) => {
    const where = `reservation ${readString(reservation.ReservationId) ?? `#${r + 1}`}`;
    const malformed = (message: string): void => ctx.warn('malformed-item', message);
    eachObject(reservation.Instances, `${where}: Instances`, malformed, (inst, i) => {
      const instanceId = readString(inst.InstanceId);
      if (instanceId === undefined) {
        malformed(`${where}: Instances[${i}] has no InstanceId${inst.InstanceId === undefined ? '' : ` (it is ${describeJson(inst.InstanceId)})`}; skipped`);
        return;
      }
      const state = readString(asObject(inst.State)?.Name);
      if (state === 'terminated' || state === 'shutting-down') return;
      const tags = readTags(inst.Tags);
      const info: InstanceInfo = {};
      if (tags?.Name) info.name = tags.Name;
      if (tags) info.tags = tags;
      instances.set(instanceId, info);
      const enis = objectsWarned(inst.NetworkInterfaces, `${instanceId}: NetworkInterfaces`, malformed);
      if (enis.length === 0) {
        // EC2-Classic (or a trimmed dump): the instance's own fields stand in for its single interface.
        const synthetic: JsonObject = {
          NetworkInterfaceId: instanceId,
          PrivateIpAddress: inst.PrivateIpAddress,
          Association: inst.PublicIpAddress ? { PublicIp: inst.PublicIpAddress } : undefined,
          Groups: inst.SecurityGroups,
          SubnetId: inst.SubnetId,
          VpcId: inst.VpcId,
          AvailabilityZone: asObject(inst.Placement)?.AvailabilityZone,
        };
        records.push({ eni: synthetic, instanceId, deviceIndex: 0 });
        return;
      }
      for (const eni of enis) {
        const key = `${instanceId}|${readString(eni.NetworkInterfaceId) ?? ''}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const attachment = asObject(eni.Attachment);
        const filled: JsonObject = { ...eni, VpcId: eni.VpcId ?? inst.VpcId, SubnetId: eni.SubnetId ?? inst.SubnetId };
        records.push({ eni: filled, instanceId, deviceIndex: readNumber(attachment?.DeviceIndex) ?? 0 });
      }
    });
  });

  // Group records by owning resource, keeping first-appearance order for stable output.
  const owners = new Map<string, { owner: Owner; recs: EniRecord[] }>();
  for (const rec of records) {
    const owner = ownerOf(rec, ctx);
    const entry = owners.get(owner.key);
    if (entry) entry.recs.push(rec);
    else owners.set(owner.key, { owner, recs: [rec] });
  }

  const endpoints: Endpoint[] = [];
  for (const { owner, recs } of owners.values()) {
    recs.sort((a, b) => a.deviceIndex - b.deviceIndex);
    const sets = new Map<string, EniRecord[]>();
    for (const rec of recs) {
      const key = groupIdsOf(rec.eni.Groups).slice().sort().join(',');
      const list = sets.get(key);
      if (list) list.push(rec);
      else sets.set(key, [rec]);
    }
    const split = sets.size > 1;
    for (const group of sets.values()) {
      const first = group[0]!;
      const eniIds = group.map((r) => readString(r.eni.NetworkInterfaceId) ?? '?');
      const info = owner.kind === 'instance' ? instances.get(owner.id) : undefined;
      const baseName = info?.name ?? owner.name;
      const ep: Endpoint = {
        id: split ? `${owner.id}/${eniIds.join('+')}` : owner.id,
        kind: owner.kind,
        name: split ? `${baseName} (${eniIds.join(', ')})` : baseName,
        awsId: split && owner.kind !== 'instance' ? eniIds[0]! : owner.id,
        resourceType: owner.resourceType,
        subnetIds: [],
        privateIpv4: [],
        ipv6: [],
        publicIpv4: [],
        groupIds: [],
        origin: { file: ctx.file },
      };
      if (owner.arn !== undefined) ep.arn = owner.arn;
      const vpcId = readString(first.eni.VpcId);
      if (vpcId !== undefined) ep.vpcId = vpcId;
      for (const rec of group) {
        addAddresses(ep, rec.eni);
        for (const g of groupIdsOf(rec.eni.Groups)) pushUnique(ep.groupIds, g);
      }
      // The ENIs of an owner (an instance, a load balancer, a VPC endpoint, …) keep their ids, so a
      // REF naming one finds the owner at its address. An ENI standing alone is its own id already.
      if (!owner.key.startsWith('eni:')) {
        const interfaces = group.flatMap((r) => {
          const id = readString(r.eni.NetworkInterfaceId);
          if (id === undefined || !id.startsWith('eni-')) return [];
          const address = readString(r.eni.PrivateIpAddress);
          const entry: EndpointInterface = address === undefined ? { id } : { id, privateIpv4: address };
          // Device 0 holds the instance's primary address: an instance id names it there when split.
          if (split && owner.kind === 'instance' && r.deviceIndex === 0) entry.primary = true;
          return [entry];
        });
        if (interfaces.length) ep.interfaces = interfaces;
      }
      const tags = info?.tags ?? (owner.key.startsWith('eni:') ? readTags(first.eni.TagSet) : undefined);
      if (tags) ep.tags = tags;
      if (owner.key.startsWith('eni:') && tags?.Name) ep.name = tags.Name;
      if (ep.groupIds.length === 0 && group.every((r) => isUngroupedKind(r.eni, owner.kind))) {
        ep.unfiltered = true;
        // A NAT gateway never has groups: nothing to say. Others could have had them.
        if (owner.kind !== 'nat') ctx.warn('unfiltered-endpoint', `${ep.id} carries no security group: AWS does not filter its traffic with security groups, so only the other side's rules, and its listeners when an input lists them, decide its flows`, ep.id);
      } else if (ep.groupIds.length === 0) {
        ctx.warn('endpoint-without-groups', `${ep.id} carries no security group`, ep.id);
      }
      endpoints.push(ep);
    }
  }
  return endpoints;
}

/** Classic ELBs (`elb describe-load-balancers`). */
export function buildClassicLoadBalancers(items: JsonObject[], ctx: EndpointContext): Endpoint[] {
  return items.flatMap((lb) => {
    const name = readString(lb.LoadBalancerName);
    if (name === undefined) return [];
    const ep = baseEndpoint(`elb/${name}`, 'load-balancer', name, 'elb:load-balancer', ctx);
    ep.awsId = name;
    const vpcId = readString(lb.VPCId) ?? readString(lb.VpcId);
    if (vpcId !== undefined) ep.vpcId = vpcId;
    ep.subnetIds = readStrings(lb.Subnets);
    ep.groupIds = readStrings(lb.SecurityGroups);
    const scheme = readString(lb.Scheme);
    if (scheme !== undefined) ep.internetFacing = scheme === 'internet-facing';
    // A classic load balancer in a VPC has IPv4 addresses only.
    ep.ipAddressType = 'ipv4';
    return [ep];
  });
}

/** ALB / NLB / GWLB (`elbv2 describe-load-balancers`). */
export function buildV2LoadBalancers(items: JsonObject[], ctx: EndpointContext): Endpoint[] {
  return items.flatMap((lb) => {
    const arn = readString(lb.LoadBalancerArn);
    const name = readString(lb.LoadBalancerName);
    if (arn === undefined && name === undefined) return [];
    const ep = baseEndpoint(arn ?? `elbv2/${name}`, 'load-balancer', name ?? arn!, `elbv2:${readString(lb.Type) ?? 'load-balancer'}`, ctx);
    if (arn !== undefined) ep.arn = arn;
    ep.awsId = arn ?? name!;
    const vpcId = readString(lb.VpcId);
    if (vpcId !== undefined) ep.vpcId = vpcId;
    for (const az of objectsOf(lb.AvailabilityZones)) {
      pushUnique(ep.subnetIds, readString(az.SubnetId));
      for (const a of objectsOf(az.LoadBalancerAddresses)) {
        pushUnique(ep.privateIpv4, normalizeAddress(readString(a.PrivateIPv4Address) ?? '') ?? undefined);
        pushUnique(ep.publicIpv4, normalizeAddress(readString(a.IpAddress) ?? '') ?? undefined);
        pushUnique(ep.ipv6, normalizeAddress(readString(a.IPv6Address) ?? '') ?? undefined);
      }
    }
    ep.groupIds = readStrings(lb.SecurityGroups);
    // A network or gateway load balancer created without groups has none and is not filtered by
    // them (an application load balancer always has groups).
    const type = readString(lb.Type);
    if (ep.groupIds.length === 0 && (type === 'network' || type === 'gateway')) ep.unfiltered = true;
    const scheme = readString(lb.Scheme);
    if (scheme !== undefined) ep.internetFacing = scheme === 'internet-facing';
    setIpAddressType(ep, lb.IpAddressType);
    return [ep];
  });
}

/** RDS instances (`rds describe-db-instances`); addresses are unknown (RDS publishes a DNS name only). */
export function buildDbInstances(items: JsonObject[], ctx: EndpointContext): Endpoint[] {
  return items.flatMap((db) => {
    const id = readString(db.DBInstanceIdentifier);
    if (id === undefined) return [];
    const ep = baseEndpoint(id, 'database', id, `rds:${readString(db.Engine) ?? 'db-instance'}`, ctx);
    ep.awsId = id;
    const arn = readString(db.DBInstanceArn);
    if (arn !== undefined) ep.arn = arn;
    const subnetGroup = asObject(db.DBSubnetGroup);
    const vpcId = readString(subnetGroup?.VpcId);
    if (vpcId !== undefined) ep.vpcId = vpcId;
    for (const s of objectsOf(subnetGroup?.Subnets)) pushUnique(ep.subnetIds, readString(s.SubnetIdentifier));
    for (const g of objectsOf(db.VpcSecurityGroups)) pushUnique(ep.groupIds, readString(g.VpcSecurityGroupId));
    if (typeof db.PubliclyAccessible === 'boolean') ep.internetFacing = db.PubliclyAccessible;
    setIpAddressType(ep, db.NetworkType);
    return [ep];
  });
}

/** Lambda functions (`lambda list-functions`); only VPC-attached ones carry groups. */
export function buildLambdaFunctions(items: JsonObject[], ctx: EndpointContext): Endpoint[] {
  return items.flatMap((fn) => {
    const vpc = asObject(fn.VpcConfig);
    const groups = readStrings(vpc?.SecurityGroupIds);
    const name = readString(fn.FunctionName);
    const arn = readString(fn.FunctionArn);
    if (groups.length === 0 || (name === undefined && arn === undefined)) return [];
    const ep = baseEndpoint(arn ?? `lambda/${name}`, 'lambda', name ?? arn!, 'lambda:function', ctx);
    if (arn !== undefined) ep.arn = arn;
    ep.awsId = arn ?? name!;
    const vpcId = readString(vpc?.VpcId);
    if (vpcId !== undefined) ep.vpcId = vpcId;
    ep.subnetIds = readStrings(vpc?.SubnetIds);
    ep.groupIds = groups;
    // A function takes an IPv6 address only when allowed to (off by default).
    const family = readIpv6Allowed(typeof vpc?.Ipv6AllowedForDualStack === 'boolean' ? vpc.Ipv6AllowedForDualStack : undefined);
    if (family !== undefined) ep.ipAddressType = family;
    return [ep];
  });
}

/** Interface VPC endpoints (`ec2 describe-vpc-endpoints`); gateway endpoints carry no groups and are skipped. */
export function buildVpcEndpoints(items: JsonObject[], ctx: EndpointContext): Endpoint[] {
  return items.flatMap((vpce) => {
    const id = readString(vpce.VpcEndpointId);
    const groups = groupIdsOf(vpce.Groups);
    if (id === undefined || groups.length === 0) return [];
    const ep = baseEndpoint(id, 'vpc-endpoint', readTags(vpce.Tags)?.Name ?? readString(vpce.ServiceName) ?? id, `vpc-endpoint:${(readString(vpce.VpcEndpointType) ?? 'interface').toLowerCase()}`, ctx);
    ep.awsId = id;
    const vpcId = readString(vpce.VpcId);
    if (vpcId !== undefined) ep.vpcId = vpcId;
    ep.subnetIds = readStrings(vpce.SubnetIds);
    ep.groupIds = groups;
    setIpAddressType(ep, vpce.IpAddressType);
    return [ep];
  });
}

/**
 * elbv2 listeners (`elbv2 describe-listeners`) as stand-ins keyed by the load balancer's ARN, which
 * the merge joins to the load balancer described in this or another file (LISTENER_STUB_TYPES).
 */
export function buildListenerStubs(items: JsonObject[], ctx: EndpointContext): Endpoint[] {
  return items.flatMap((l) => {
    const arn = readString(l.LoadBalancerArn);
    if (arn === undefined) return [];
    const ep = baseEndpoint(arn, 'load-balancer', arn, 'elbv2:listener', ctx);
    ep.awsId = arn;
    ep.arn = arn;
    ep.listeners = readListener(readString(l.Protocol), readNumber(l.Port));
    return [ep];
  });
}

/** Endpoint.ipAddressType from an IpAddressType / NetworkType value, when it names one. */
function setIpAddressType(ep: Endpoint, value: unknown): void {
  const family = readIpAddressType(readString(value));
  if (family !== undefined) ep.ipAddressType = family;
}

function baseEndpoint(id: string, kind: EndpointKind, name: string, resourceType: string, ctx: EndpointContext): Endpoint {
  return { id, kind, name, resourceType, subnetIds: [], privateIpv4: [], ipv6: [], publicIpv4: [], groupIds: [], origin: { file: ctx.file } };
}
