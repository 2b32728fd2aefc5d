/**
 * Endpoints: the resources that carry security groups. Each known type has a small reader that
 * says where its groups, subnets and addresses live; any other managed resource with a
 * `security_groups` / `security_group_ids` / `vpc_security_group_ids` attribute (top level or in a
 * `vpc_config` / `network_configuration` / `vpc_options` block) becomes a 'generic' endpoint with a
 * warning, so no group-bearing resource is silently lost.
 *
 * Group NAMES (`aws_instance.security_groups`, EC2-Classic style) are carried in `groupIds` as
 * `name:<group name>` and resolved by the merge step within the endpoint's VPC, because the group
 * may be defined in another file. They are only recorded when the instance has no
 * `vpc_security_group_ids`: in a VPC the provider fills both with the same groups. In a plan, a
 * name the plan itself computes (a group created with `name_prefix`) is unknown like an id, and
 * the configuration's reference to the group stands for it. An ECS service or
 * interface VPC endpoint that names no group gets the VPC's default group from AWS, so it carries
 * `name:default` too.
 *
 * Linked resources (launch templates, DB subnet groups, RDS clusters, the EKS cluster of a node
 * group, EIPs, ENI attachments to an instance's primary ENI) are resolved within the same file only.
 */
import { readIpAddressType, readIpv6Allowed, readListener, type Endpoint, type EndpointKind, type IpAddressType } from '../../model';
import { REPLACES_VPC_DEFAULT_PREFIX, VPC_DEFAULT_GROUP } from '../merge';
import { groupIdOrName, type TfBuild } from './build-context';
import { instanceKeyOf } from './plan-refs';
import type { TfResource } from './records';
import { isPrivateAddress, tryParseAddress } from '../../net/address';
import { readBlock, readBlocks, readBool, readInt, readString, readStringList, readTags, type Attrs } from './values';


interface EndpointParts {
  kind: EndpointKind;
  awsId?: string;
  arn?: string;
  /** Natural AWS name (identifier, function name) used when there is no Name tag. */
  awsName?: string;
  groupIds: string[];
  subnetIds?: string[];
  vpcId?: string;
  privateIpv4?: string[];
  ipv6?: string[];
  publicIpv4?: string[];
  /** Endpoint.publicIpUnknown. */
  publicIpUnknown?: true;
  internetFacing?: boolean;
  /** Endpoint.unfiltered: AWS does not filter it with security groups. */
  unfiltered?: true;
  /** Endpoint.ipAddressType. */
  ipAddressType?: IpAddressType;
}

type Reader = (b: TfBuild, rec: TfResource, links: Links) => EndpointParts | undefined;

/** Same-file lookups for resources that only name another resource. */
interface Links {
  byType(type: string): TfResource[];
  subnetGroup(type: string, name: string | undefined): string[];
}

const VPCE_ASSOCIATION = 'aws_vpc_endpoint_security_group_association';

const NOT_ENDPOINTS = new Set([
  VPCE_ASSOCIATION,
  'aws_launch_template', 'aws_launch_configuration', 'aws_security_group', 'aws_default_security_group',
  'aws_security_group_rule', 'aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule',
  'aws_network_interface_sg_attachment', 'aws_db_security_group', 'aws_elasticache_security_group',
  'aws_redshift_security_group', 'aws_rds_cluster', 'aws_lb_listener', 'aws_alb_listener',
]);

/**
 * Groups given by name (`security_groups` of an instance, `security_group_names` of a launch
 * template) as `name:` references, plus, in a plan where the names are unknown until apply (a group
 * the plan creates with `name_prefix`, or without a name), the groups the configuration references.
 */
function groupsByName(b: TfBuild, rec: TfResource, attr: string): string[] {
  // An instance's `security_groups` may hold ids as well (see isGroupName).
  const names = readStringList(rec.attrs[attr]).map(groupIdOrName);
  return rec.unknown === undefined ? names : b.groupRefs(rec, [attr], names);
}

/** An instance, or a spot request, whose attributes are an instance's and whose instance it reads as. */
const readInstance: Reader = (b, rec) => {
  const a = rec.attrs;
  const spot = rec.type === 'aws_spot_instance_request';
  // A request still open (or one AWS closed unfulfilled) has launched nothing to reach; a planned
  // one will launch an instance whose id is not known yet.
  if (spot && rec.unknown === undefined && readString(a.spot_instance_id) === undefined) {
    b.warn('unfulfilled-spot-request', `${rec.address}: the spot request has no instance (state "${readString(a.spot_request_state) ?? 'unknown'}"), so it is not an endpoint`, rec.address);
    return undefined;
  }
  // Outside plans groupRefs() is readStringList(): skip the path array for every instance.
  const ids = rec.unknown === undefined ? readStringList(a.vpc_security_group_ids) : b.groupRefs(rec, ['vpc_security_group_ids'], a.vpc_security_group_ids);
  const groupIds = ids.length === 0 ? groupsByName(b, rec, 'security_groups') : ids;
  const privateIpv4 = readStringList(a.private_ip);
  for (const ip of readStringList(a.secondary_private_ips)) privateIpv4.push(ip);
  const ipv6 = readStringList(a.ipv6_addresses);
  return {
    // A spot request's own `arn`, should a provider fill it, would name the request, not the instance.
    kind: 'instance', awsId: readString(spot ? a.spot_instance_id : a.id), arn: spot ? undefined : readString(a.arn), groupIds,
    subnetIds: b.subnetRefs(rec, ['subnet_id'], a.subnet_id),
    privateIpv4,
    ipv6, publicIpv4: readStringList(a.public_ip),
    // A plan knows the public address only after apply, unless the instance is told to take none.
    ...(rec.unknown !== undefined && b.unknownAt(rec, ['public_ip']) && readBool(a.associate_public_ip_address) !== false ? { publicIpUnknown: true as const } : {}),
    // A planned instance asking for IPv6 addresses whose values apply will give: it is dual-stack,
    // which says an IPv6 question about it goes to IPv6 (see chooseFamily).
    ipAddressType: ipv6.length === 0 && (readInt(a.ipv6_address_count) ?? 0) > 0 ? 'dualstack' : undefined,
  };
};

const READERS: Record<string, Reader> = {
  aws_instance: readInstance,
  aws_spot_instance_request: readInstance,
  aws_network_interface: (b, rec) => {
    const a = rec.attrs;
    const primary = readString(a.private_ip);
    return {
      kind: 'eni', awsId: readString(a.id), arn: readString(a.arn),
      groupIds: b.groupRefs(rec, ['security_groups'], a.security_groups), subnetIds: b.subnetRefs(rec, ['subnet_id'], a.subnet_id),
      privateIpv4: [...(primary ? [primary] : []), ...readStringList(a.private_ips).filter((ip) => ip !== primary)],
      ipv6: readStringList(a.ipv6_addresses),
    };
  },
  aws_lb: (b, rec) => loadBalancer(b, rec),
  aws_alb: (b, rec) => loadBalancer(b, rec),
  aws_elb: (b, rec) => {
    // A classic load balancer in a VPC has IPv4 addresses only (it has no ip_address_type).
    const lb = { ...loadBalancer(b, rec), ipAddressType: 'ipv4' as const };
    const own = readString(rec.attrs.source_security_group_id);
    if (own && !lb.groupIds.includes(own)) lb.groupIds.push(own);
    return lb;
  },
  aws_db_instance: (b, rec, links) => {
    const a = rec.attrs;
    return {
      kind: 'database', awsId: readString(a.identifier) ?? readString(a.id), arn: readString(a.arn), awsName: readString(a.identifier),
      groupIds: b.groupRefs(rec, ['vpc_security_group_ids'], a.vpc_security_group_ids),
      subnetIds: links.subnetGroup('aws_db_subnet_group', readString(a.db_subnet_group_name)),
      internetFacing: readBool(a.publicly_accessible),
      ipAddressType: readIpAddressType(readString(a.network_type)),
    };
  },
  aws_rds_cluster_instance: (b, rec, links) => {
    const a = rec.attrs;
    const clusterId = readString(a.cluster_identifier);
    const cluster = links.byType('aws_rds_cluster').find((c) => readString(c.attrs.cluster_identifier) === clusterId || readString(c.attrs.id) === clusterId);
    const groups = cluster ? b.groupRefs(cluster, ['vpc_security_group_ids'], cluster.attrs.vpc_security_group_ids) : [];
    if (!cluster) b.warn('unlinked', `${rec.address}: cluster ${clusterId ?? '(unknown)'} is not in this file, so its groups are unknown`, rec.address);
    return {
      kind: 'database', awsId: readString(a.identifier) ?? readString(a.id), arn: readString(a.arn), awsName: readString(a.identifier), groupIds: groups,
      subnetIds: links.subnetGroup('aws_db_subnet_group', readString(a.db_subnet_group_name) ?? readString(cluster?.attrs.db_subnet_group_name)),
      internetFacing: readBool(a.publicly_accessible),
      // The network type is the cluster's.
      ipAddressType: readIpAddressType(readString(cluster?.attrs.network_type)),
    };
  },
  aws_lambda_function: (b, rec) => {
    const vpc = readBlock(rec.attrs.vpc_config);
    if (!vpc) return undefined;
    return {
      kind: 'lambda', awsId: readString(rec.attrs.function_name), arn: readString(rec.attrs.arn), awsName: readString(rec.attrs.function_name),
      groupIds: b.groupRefs(rec, ['vpc_config', 0, 'security_group_ids'], vpc.security_group_ids), subnetIds: b.subnetRefs(rec, ['vpc_config', 0, 'subnet_ids'], vpc.subnet_ids), vpcId: readString(vpc.vpc_id),
      // A function takes an IPv6 address only when allowed to (off by default).
      ipAddressType: readIpv6Allowed(readBool(vpc.ipv6_allowed_for_dual_stack)),
      // Its interfaces never get a public IPv4 address, even in a subnet that gives instances one
      // (it reaches the internet only through a NAT): rules open to the world do not make it
      // reachable from there.
      internetFacing: false,
    };
  },
  aws_ecs_service: (b, rec) => {
    const net = readBlock(rec.attrs.network_configuration);
    if (!net) return undefined;
    return {
      kind: 'ecs', awsId: readString(rec.attrs.id), awsName: readString(rec.attrs.name),
      groupIds: orVpcDefault(b, rec, [['network_configuration', 0, 'security_groups']], b.groupRefs(rec, ['network_configuration', 0, 'security_groups'], net.security_groups)),
      subnetIds: b.subnetRefs(rec, ['network_configuration', 0, 'subnets'], net.subnets),
      // Each task's interface gets a public address of AWS's choosing when this is set, none when not
      // (the provider's default, and all that the EC2 launch type allows).
      internetFacing: readBool(net.assign_public_ip),
    };
  },
  aws_efs_mount_target: (b, rec) => ({
    kind: 'efs', awsId: readString(rec.attrs.id), groupIds: b.groupRefs(rec, ['security_groups'], rec.attrs.security_groups),
    subnetIds: b.subnetRefs(rec, ['subnet_id'], rec.attrs.subnet_id), privateIpv4: readStringList(rec.attrs.ip_address),
  }),
  aws_elasticache_cluster: (b, rec, links) => {
    const a = rec.attrs;
    // A member of a replication group is a read replica inside it, with the group's security groups
    // and subnet group: the group's endpoint already stands for all its nodes. The member takes the
    // group's id so that the merge folds it into the group, read from this input or another one.
    const replicationGroup = readString(a.replication_group_id);
    return {
      kind: 'cache', awsId: replicationGroup ?? readString(a.cluster_id) ?? readString(a.id), arn: replicationGroup ? undefined : readString(a.arn),
      awsName: replicationGroup ?? readString(a.cluster_id),
      groupIds: b.groupRefs(rec, ['security_group_ids'], a.security_group_ids),
      subnetIds: links.subnetGroup('aws_elasticache_subnet_group', readString(a.subnet_group_name)),
    };
  },
  aws_elasticache_replication_group: (b, rec, links) => ({
    kind: 'cache', awsId: readString(rec.attrs.replication_group_id) ?? readString(rec.attrs.id), arn: readString(rec.attrs.arn), awsName: readString(rec.attrs.replication_group_id),
    groupIds: b.groupRefs(rec, ['security_group_ids'], rec.attrs.security_group_ids),
    subnetIds: links.subnetGroup('aws_elasticache_subnet_group', readString(rec.attrs.subnet_group_name)),
  }),
  aws_vpc_endpoint: (b, rec, links) => {
    const type = readString(rec.attrs.vpc_endpoint_type)?.toLowerCase();
    if (type !== 'interface') return undefined;
    const id = readString(rec.attrs.id);
    const own = b.groupRefs(rec, ['security_group_ids'], rec.attrs.security_group_ids);
    // Groups added by aws_vpc_endpoint_security_group_association: the endpoint's own list only
    // shows them after a refresh, and may be empty until then. An endpoint made without groups
    // keeps the VPC's default group beside them (its own list holds that group's id once read
    // back) unless an association says it replaces it, which the merge then applies.
    const added: string[] = [];
    for (const assoc of links.byType(VPCE_ASSOCIATION)) {
      if (!id || assoc.mode !== 'managed' || readString(assoc.attrs.vpc_endpoint_id) !== id) continue;
      added.push(...associationGroups(b, assoc));
    }
    return {
      kind: 'vpc-endpoint', awsId: id, arn: readString(rec.attrs.arn), awsName: readString(rec.attrs.service_name),
      groupIds: [...new Set([...orVpcDefault(b, rec, [['security_group_ids']], own), ...added])], subnetIds: b.subnetRefs(rec, ['subnet_ids'], rec.attrs.subnet_ids), vpcId: b.vpcRef(rec, ['vpc_id'], rec.attrs.vpc_id),
      ipAddressType: readIpAddressType(readString(rec.attrs.ip_address_type)),
    };
  },
  aws_autoscaling_group: (b, rec, links) => ({
    kind: 'autoscaling', awsId: readString(rec.attrs.name) ?? readString(rec.attrs.id), arn: readString(rec.attrs.arn), awsName: readString(rec.attrs.name),
    groupIds: launchGroups(b, rec, links), subnetIds: b.subnetRefs(rec, ['vpc_zone_identifier'], rec.attrs.vpc_zone_identifier),
  }),
  aws_eks_node_group: (b, rec, links) => {
    const a = rec.attrs;
    const clusterName = readString(a.cluster_name);
    const cluster = links.byType('aws_eks_cluster').find((c) => readString(c.attrs.name) === clusterName || readString(c.attrs.id) === clusterName);
    return {
      kind: 'autoscaling', awsId: readString(a.arn) ?? readString(a.id), arn: readString(a.arn), awsName: readString(a.node_group_name),
      groupIds: nodeGroupGroups(b, rec, links, cluster), subnetIds: b.subnetRefs(rec, ['subnet_ids'], a.subnet_ids),
      vpcId: readString(readBlock(cluster?.attrs.vpc_config)?.vpc_id),
    };
  },
  aws_eks_cluster: (b, rec) => {
    const vpc = readBlock(rec.attrs.vpc_config) ?? {};
    const clusterGroup = readString(vpc.cluster_security_group_id);
    const groups = [...b.groupRefs(rec, ['vpc_config', 0, 'security_group_ids'], vpc.security_group_ids), ...(clusterGroup ? [clusterGroup] : [])];
    if (clusterGroup) noteAwsCreatedGroup(b, rec, clusterGroup, 'cluster security group EKS');
    return {
      kind: 'eks', awsId: readString(rec.attrs.name) ?? readString(rec.attrs.id), arn: readString(rec.attrs.arn), awsName: readString(rec.attrs.name),
      groupIds: groups, subnetIds: b.subnetRefs(rec, ['vpc_config', 0, 'subnet_ids'], vpc.subnet_ids), vpcId: readString(vpc.vpc_id),
    };
  },
  // Database and cache services placed by a subnet group (named, like an RDS instance's) or by subnets: with
  // them their addresses are known to lie in those subnets, so a CIDR rule can decide for them; read
  // as generic endpoints they were placed anywhere in their VPC.
  aws_docdb_cluster: (b, rec, links) => clusterInSubnetGroup(b, rec, links, 'aws_docdb_subnet_group', 'db_subnet_group_name'),
  aws_neptune_cluster: (b, rec, links) => clusterInSubnetGroup(b, rec, links, 'aws_neptune_subnet_group', 'neptune_subnet_group_name'),
  aws_docdb_elastic_cluster: (b, rec) => ({
    kind: 'database', awsId: readString(rec.attrs.arn) ?? readString(rec.attrs.id), arn: readString(rec.attrs.arn), awsName: readString(rec.attrs.name),
    groupIds: b.groupRefs(rec, ['vpc_security_group_ids'], rec.attrs.vpc_security_group_ids), subnetIds: b.subnetRefs(rec, ['subnet_ids'], rec.attrs.subnet_ids),
  }),
  aws_db_proxy: (b, rec) => ({
    kind: 'database', awsId: readString(rec.attrs.name) ?? readString(rec.attrs.id), arn: readString(rec.attrs.arn), awsName: readString(rec.attrs.name),
    groupIds: b.groupRefs(rec, ['vpc_security_group_ids'], rec.attrs.vpc_security_group_ids), subnetIds: b.subnetRefs(rec, ['vpc_subnet_ids'], rec.attrs.vpc_subnet_ids),
  }),
  aws_dms_replication_instance: (b, rec, links) => {
    const a = rec.attrs;
    // The instance lists its own addresses once it exists, as an EC2 instance does.
    return {
      kind: 'database', awsId: readString(a.replication_instance_id) ?? readString(a.id), arn: readString(a.replication_instance_arn), awsName: readString(a.replication_instance_id),
      groupIds: b.groupRefs(rec, ['vpc_security_group_ids'], a.vpc_security_group_ids),
      subnetIds: links.subnetGroup('aws_dms_replication_subnet_group', readString(a.replication_subnet_group_id)),
      internetFacing: readBool(a.publicly_accessible),
      privateIpv4: readStringList(a.replication_instance_private_ips),
      publicIpv4: readStringList(a.replication_instance_public_ips),
      ipAddressType: readIpAddressType(readString(a.network_type)),
    };
  },
  aws_memorydb_cluster: (b, rec, links) => ({
    kind: 'cache', awsId: readString(rec.attrs.name) ?? readString(rec.attrs.id), arn: readString(rec.attrs.arn), awsName: readString(rec.attrs.name),
    groupIds: b.groupRefs(rec, ['security_group_ids'], rec.attrs.security_group_ids),
    subnetIds: links.subnetGroup('aws_memorydb_subnet_group', readString(rec.attrs.subnet_group_name)),
  }),
  aws_elasticache_serverless_cache: (b, rec) => ({
    kind: 'cache', awsId: readString(rec.attrs.name) ?? readString(rec.attrs.id), arn: readString(rec.attrs.arn), awsName: readString(rec.attrs.name),
    groupIds: b.groupRefs(rec, ['security_group_ids'], rec.attrs.security_group_ids), subnetIds: b.subnetRefs(rec, ['subnet_ids'], rec.attrs.subnet_ids),
  }),
  aws_route53_resolver_endpoint: (b, rec) => {
    // One interface per ip_address block, in its subnet. The state fills every block's `ip` (AWS
    // picks one when the configuration does not); while any is missing (a plan), the addresses are
    // left unknown within the subnets rather than taken as the only ones.
    const blocks = readBlocks(rec.attrs.ip_address);
    // An IPv6-only endpoint's blocks give `ipv6` alone.
    const known = blocks.length > 0 && blocks.every((x) => readString(x.ip) !== undefined || readString(x.ipv6) !== undefined);
    return {
      kind: 'generic', awsId: readString(rec.attrs.id), arn: readString(rec.attrs.arn), awsName: readString(rec.attrs.name),
      groupIds: b.groupRefs(rec, ['security_group_ids'], rec.attrs.security_group_ids),
      subnetIds: [...new Set(blocks.flatMap((x, i) => b.subnetRefs(rec, ['ip_address', i, 'subnet_id'], x.subnet_id)))],
      vpcId: readString(rec.attrs.host_vpc_id),
      privateIpv4: known ? distinctStrings(blocks, 'ip') : [],
      ipv6: known ? distinctStrings(blocks, 'ipv6') : [],
    };
  },
  // Services whose interfaces AWS places in the given subnets at run time, at addresses no input
  // gives: known types, so they keep their names and no generic-endpoint warning says otherwise.
  // Like a Lambda function's, their interfaces get no public address (a build reaches the internet
  // only through a NAT; a VPC link's interfaces are managed by API Gateway), so they are internal.
  aws_codebuild_project: (b, rec) => {
    // A project without vpc_config builds outside any VPC and wears no group.
    const vpc = readBlock(rec.attrs.vpc_config);
    if (!vpc) return undefined;
    return {
      kind: 'generic', awsId: readString(rec.attrs.name) ?? readString(rec.attrs.id), arn: readString(rec.attrs.arn), awsName: readString(rec.attrs.name),
      groupIds: b.groupRefs(rec, ['vpc_config', 0, 'security_group_ids'], vpc.security_group_ids),
      subnetIds: b.subnetRefs(rec, ['vpc_config', 0, 'subnets'], vpc.subnets), vpcId: readString(vpc.vpc_id), internetFacing: false,
    };
  },
  aws_apigatewayv2_vpc_link: (b, rec) => ({
    kind: 'generic', awsId: readString(rec.attrs.id), arn: readString(rec.attrs.arn), awsName: readString(rec.attrs.name),
    groupIds: b.groupRefs(rec, ['security_group_ids'], rec.attrs.security_group_ids), subnetIds: b.subnetRefs(rec, ['subnet_ids'], rec.attrs.subnet_ids),
    internetFacing: false,
  }),
  aws_directory_service_directory: (b, rec) => {
    const a = rec.attrs;
    // The one group the directory's servers wear is the one Directory Service creates with its own
    // rules (security_group_id, an output): the generic reader skips a singular security_group_id,
    // which elsewhere names a group a resource is about rather than one it wears.
    const group = readString(a.security_group_id);
    if (!group) {
      if (b.doc.isPlan) b.warn('unknown-at-plan', `${rec.address}: the security group AWS creates for the directory is unknown until apply; the directory is left out`, rec.address);
      return undefined;
    }
    noteAwsCreatedGroup(b, rec, group, 'security group Directory Service');
    // An AD Connector's servers are at its connect_ips; its dns_ip_addresses are the DNS servers of
    // the directory it connects to, elsewhere. A managed or Simple AD's domain controllers are at
    // its dns_ip_addresses.
    const connector = readBlock(a.connect_settings);
    const vpcSettings = readBlock(a.vpc_settings);
    const settings = vpcSettings ? 'vpc_settings' : 'connect_settings';
    const place = vpcSettings ?? connector ?? {};
    return {
      kind: 'generic', awsId: readString(a.id), awsName: readString(a.name), groupIds: [group],
      subnetIds: b.subnetRefs(rec, [settings, 0, 'subnet_ids'], place.subnet_ids), vpcId: readString(place.vpc_id),
      privateIpv4: readString(a.type) === 'ADConnector' ? readStringList(connector?.connect_ips) : readStringList(a.dns_ip_addresses),
    };
  },
  aws_opensearch_domain: (b, rec) => searchDomain(b, rec),
  aws_elasticsearch_domain: (b, rec) => searchDomain(b, rec),
  aws_mq_broker: (b, rec) => {
    // Each broker instance lists the address of its network interface (`instances[].ip_address`,
    // the API's BrokerInstance.IpAddress): with it a CIDR rule decides for the broker instead of
    // "depends" on its subnets. A public one is where the Internet reaches a publicly accessible
    // broker. RabbitMQ brokers and planned ones list none.
    const ips = distinctStrings(readBlocks(rec.attrs.instances), 'ip_address');
    const isPublic = (ip: string): boolean => {
      const a = tryParseAddress(ip);
      return a !== null && a.family === 4 && !isPrivateAddress(a);
    };
    return {
      kind: 'mq', awsId: readString(rec.attrs.id), arn: readString(rec.attrs.arn), awsName: readString(rec.attrs.broker_name),
      groupIds: b.groupRefs(rec, ['security_groups'], rec.attrs.security_groups), subnetIds: b.subnetRefs(rec, ['subnet_ids'], rec.attrs.subnet_ids),
      internetFacing: readBool(rec.attrs.publicly_accessible),
      // Anything not a public IPv4 address goes with the private ones, whose check names what is wrong.
      privateIpv4: ips.filter((ip) => !isPublic(ip)),
      publicIpv4: ips.filter(isPublic),
    };
  },
  aws_redshift_cluster: (b, rec, links) => {
    // The state lists the nodes with their addresses once the cluster exists: with them, a CIDR rule
    // decides for the cluster's own addresses rather than "depends" on its subnets', and a public
    // node address is where the Internet reaches it.
    const nodes = readBlocks(rec.attrs.cluster_nodes);
    return {
      kind: 'redshift', awsId: readString(rec.attrs.cluster_identifier) ?? readString(rec.attrs.id), arn: readString(rec.attrs.arn), awsName: readString(rec.attrs.cluster_identifier),
      groupIds: b.groupRefs(rec, ['vpc_security_group_ids'], rec.attrs.vpc_security_group_ids),
      subnetIds: links.subnetGroup('aws_redshift_subnet_group', readString(rec.attrs.cluster_subnet_group_name)),
      internetFacing: readBool(rec.attrs.publicly_accessible),
      privateIpv4: distinctStrings(nodes, 'private_ip_address'),
      publicIpv4: distinctStrings(nodes, 'public_ip_address'),
    };
  },
  aws_msk_cluster: (b, rec) => {
    const info = readBlock(rec.attrs.broker_node_group_info) ?? {};
    return {
      kind: 'msk', awsId: readString(rec.attrs.arn) ?? readString(rec.attrs.id), arn: readString(rec.attrs.arn), awsName: readString(rec.attrs.cluster_name),
      groupIds: b.groupRefs(rec, ['broker_node_group_info', 0, 'security_groups'], info.security_groups), subnetIds: b.subnetRefs(rec, ['broker_node_group_info', 0, 'client_subnets'], info.client_subnets),
    };
  },
};

/** A DocumentDB or Neptune cluster: one endpoint for its instances, which carry no groups of their own. */
function clusterInSubnetGroup(b: TfBuild, rec: TfResource, links: Links, groupType: string, groupAttr: string): EndpointParts {
  const a = rec.attrs;
  return {
    kind: 'database', awsId: readString(a.cluster_identifier) ?? readString(a.id), arn: readString(a.arn), awsName: readString(a.cluster_identifier),
    groupIds: b.groupRefs(rec, ['vpc_security_group_ids'], a.vpc_security_group_ids),
    subnetIds: links.subnetGroup(groupType, readString(a[groupAttr])),
  };
}

/** The non-empty strings `key` holds across blocks (the addresses of a cluster's nodes or a broker's instances), once each. */
function distinctStrings(blocks: Attrs[], key: string): string[] {
  return [...new Set(blocks.map((b) => readString(b[key])).filter((v): v is string => !!v))];
}

/**
 * The group a VPC endpoint association adds, and with `replace_default_association` the marker
 * that takes the VPC's default group away from the endpoint (see REPLACES_VPC_DEFAULT_PREFIX).
 */
function associationGroups(b: TfBuild, assoc: TfResource): string[] {
  const group = b.groupRefs(assoc, ['security_group_id'], assoc.attrs.security_group_id)[0];
  if (!group) return [];
  return readBool(assoc.attrs.replace_default_association) === true ? [group, `${REPLACES_VPC_DEFAULT_PREFIX}${group}`] : [group];
}

/**
 * `groups`, or the VPC's default group when they are empty for a resource that AWS then gives the
 * default group (the merge finds it in the endpoint's VPC). A plan value that is unknown although
 * the configuration sets it names groups the plan could not resolve, which is not "none": with
 * several places the groups may come from (`paths`), any such one keeps them as they are.
 */
function orVpcDefault(b: TfBuild, rec: TfResource, paths: (string | number)[][], groups: string[]): string[] {
  if (groups.length > 0 || paths.some((path) => b.unknownAt(rec, path) && !b.isUnconfiguredComputed(rec, path))) return groups;
  return [VPC_DEFAULT_GROUP];
}

function loadBalancer(b: TfBuild, rec: TfResource): EndpointParts {
  const a = rec.attrs;
  const subnets = [...b.subnetRefs(rec, ['subnets'], a.subnets), ...readBlocks(a.subnet_mapping).flatMap((m, i) => b.subnetRefs(rec, ['subnet_mapping', i, 'subnet_id'], m.subnet_id))];
  const internal = readBool(a.internal);
  const groupIds = b.groupRefs(rec, ['security_groups'], a.security_groups);
  // A network or gateway load balancer created without groups has none, and AWS filters it with
  // none (an application one always gets groups). In a plan, a list left to AWS is that case too;
  // one computed from other resources is not known to be empty.
  const type = readString(a.load_balancer_type);
  const noGroups = groupIds.length === 0 && (!b.unknownAt(rec, ['security_groups']) || b.isUnconfiguredComputed(rec, ['security_groups']));
  return {
    kind: 'load-balancer', awsId: readString(a.arn) ?? readString(a.id), arn: readString(a.arn), awsName: readString(a.name),
    groupIds, subnetIds: [...new Set(subnets)],
    internetFacing: internal === undefined ? undefined : !internal,
    ...(noGroups && (type === 'network' || type === 'gateway') ? { unfiltered: true as const } : {}),
    // Unknown in a plan that leaves it to its default: not known to be IPv4 only then.
    ipAddressType: readIpAddressType(readString(a.ip_address_type)),
  };
}

function searchDomain(b: TfBuild, rec: TfResource): EndpointParts | undefined {
  const vpc = readBlock(rec.attrs.vpc_options);
  if (!vpc) return undefined;
  return {
    kind: 'search', awsId: readString(rec.attrs.arn) ?? readString(rec.attrs.domain_name), arn: readString(rec.attrs.arn), awsName: readString(rec.attrs.domain_name),
    groupIds: b.groupRefs(rec, ['vpc_options', 0, 'security_group_ids'], vpc.security_group_ids), subnetIds: b.subnetRefs(rec, ['vpc_options', 0, 'subnet_ids'], vpc.subnet_ids), vpcId: readString(vpc.vpc_id),
  };
}

/** The launch template a `{ id, name }` specification names, by id or name, in this file. */
function launchTemplate(links: Links, spec: Attrs): TfResource | undefined {
  const id = readString(spec.id);
  const name = readString(spec.name);
  return links.byType('aws_launch_template').find((t) => (id && readString(t.attrs.id) === id) || (name && readString(t.attrs.name) === name));
}

/** The groups instances launched from `lt` wear: its own, by id or name, and its interfaces'. */
function templateGroups(b: TfBuild, lt: TfResource): string[] {
  const groups = b.groupRefs(lt, ['vpc_security_group_ids'], lt.attrs.vpc_security_group_ids);
  groups.push(...groupsByName(b, lt, 'security_group_names'));
  readBlocks(lt.attrs.network_interfaces).forEach((ni, i) => groups.push(...b.groupRefs(lt, ['network_interfaces', i, 'security_groups'], ni.security_groups)));
  return groups;
}

/**
 * An EKS managed node group's nodes wear its launch template's groups, or, when it has no template
 * or the template names none, the cluster security group EKS created for its cluster; with SSH
 * remote access, also the group EKS created to allow it.
 */
function nodeGroupGroups(b: TfBuild, rec: TfResource, links: Links, cluster: TfResource | undefined): string[] {
  const a = rec.attrs;
  const remoteAccess = readBlocks(a.resources).flatMap((r) => readStringList(r.remote_access_security_group_id));
  const spec = readBlock(a.launch_template);
  let groups: string[] = [];
  if (spec) {
    const lt = launchTemplate(links, spec);
    if (!lt) {
      b.warn('unlinked', `${rec.address}: its launch template is not in this file, so its groups are unknown`, rec.address);
      return remoteAccess;
    }
    // A plan template that leaves its groups to AWS gives the nodes the cluster group, not the
    // VPC's default one that groupRefs would warn about.
    const leftToAws = b.unknownAt(lt, ['vpc_security_group_ids']) && b.isUnconfiguredComputed(lt, ['vpc_security_group_ids']) && readBlocks(lt.attrs.network_interfaces).length === 0;
    if (!leftToAws) groups = templateGroups(b, lt);
  }
  if (groups.length === 0) {
    const clusterName = readString(a.cluster_name);
    const clusterGroup = readString(readBlock(cluster?.attrs.vpc_config)?.cluster_security_group_id);
    if (clusterGroup) groups.push(clusterGroup);
    else b.warn('unlinked', `${rec.address}: the cluster security group of ${clusterName ?? '(unknown cluster)'} is not in this file, so its nodes' groups are unknown`, rec.address);
  }
  return [...groups, ...remoteAccess];
}

/** An ASG's groups come from its launch template (by id or name) or launch configuration (by name). */
function launchGroups(b: TfBuild, rec: TfResource, links: Links): string[] {
  const a = rec.attrs;
  const specs: Attrs[] = [...readBlocks(a.launch_template)];
  const mixedTemplate = readBlock(readBlock(a.mixed_instances_policy)?.launch_template);
  // The policy's template, then the templates some instance types launch from instead
  // (`override[].launch_template_specification`): instances of those types carry their groups.
  const mixedSpecs = [mixedTemplate?.launch_template_specification, ...readBlocks(mixedTemplate?.override).map((o) => o.launch_template_specification)];
  for (const raw of mixedSpecs) {
    const mixed = readBlock(raw);
    if (mixed) specs.push({ id: mixed.launch_template_id, name: mixed.launch_template_name });
  }
  const groups: string[] = [];
  let found = false;
  for (const spec of specs) {
    const lt = launchTemplate(links, spec);
    if (!lt) continue;
    found = true;
    // EC2 gives an instance, or an interface, launched without groups its VPC's default group.
    const paths: (string | number)[][] = [['vpc_security_group_ids'], ['security_group_names'], ...readBlocks(lt.attrs.network_interfaces).map((_, i) => ['network_interfaces', i, 'security_groups'])];
    groups.push(...orVpcDefault(b, lt, paths, templateGroups(b, lt)));
  }
  const lcName = readString(a.launch_configuration);
  if (lcName) {
    const lc = links.byType('aws_launch_configuration').find((c) => readString(c.attrs.name) === lcName || readString(c.attrs.id) === lcName);
    if (lc) {
      found = true;
      // Ids, or names in a default VPC (see isGroupName).
      groups.push(...orVpcDefault(b, lc, [['security_groups']], b.groupRefs(lc, ['security_groups'], readStringList(lc.attrs.security_groups).map(groupIdOrName))));
    }
  }
  if (!found && (specs.length > 0 || lcName)) {
    b.warn('unlinked', `${rec.address}: its launch template or configuration is not in this file, so its groups are unknown`, rec.address);
  }
  return groups;
}

const GENERIC_KEYS = ['security_groups', 'security_group_ids', 'vpc_security_group_ids'];
/** Nested blocks are read this deep: `compute_resources[0]`, `ec2_attributes[0]`, `a[0].b[0]`. */
const GENERIC_DEPTH = 3;

/**
 * Inside a nested block, an attribute carries groups when its name says so (`security_group_ids`,
 * `emr_managed_master_security_group`, `security_group_id_list`), except the `source_…` ones that
 * name who may connect (an EKS node group's remote_access) rather than groups the resource wears.
 */
function isNestedGroupKey(key: string): boolean {
  return key.includes('security_group') && !key.startsWith('source_');
}

/**
 * A group AWS creates for a service and fills with its own rules (an EKS cluster's, a directory's):
 * Terraform never defines it, so unless an input does, it is external and AWS-managed, and the
 * warning says so instead of calling it missing.
 */
function noteAwsCreatedGroup(b: TfBuild, rec: TfResource, group: string, what: string): void {
  if ([...b.groupIdByAddress.values()].includes(group)) return;
  b.snap.groups.push({ id: group, external: true, externalReason: 'aws-managed', origin: { file: b.file, address: rec.address } });
  b.warn('external-group', `${group} is the ${what} created for ${rec.address}: its rules are not in this input`, group);
}

function genericEndpoint(b: TfBuild, rec: TfResource): EndpointParts | undefined {
  const groups: string[] = [];
  const subnets: string[] = [];
  const take = (path: (string | number)[], value: unknown): void => {
    // EMR's additional_*_security_groups is one comma-separated string.
    for (const ref of b.groupRefs(rec, path, value)) for (const id of ref.split(',')) groups.push(id.trim());
  };
  const scanSubnets = (o: Attrs, at: (string | number)[]): void => {
    for (const key of ['subnet_id', 'subnet_ids', 'subnets']) subnets.push(...b.subnetRefs(rec, [...at, key], o[key]));
  };
  // Top level: only the usual list names, so a resource naming one group it is about (an
  // association's security_group_id) is not read as wearing it.
  for (const key of GENERIC_KEYS) take([key], rec.attrs[key]);
  scanSubnets(rec.attrs, []);
  const scanBlocks = (v: unknown, path: (string | number)[], depth: number): void => {
    readBlocks(v).forEach((block, i) => {
      const at = Array.isArray(v) ? [...path, i] : path;
      for (const key of Object.keys(block)) {
        const value = block[key];
        if (isNestedGroupKey(key)) take([...at, key], value);
        else if (depth < GENERIC_DEPTH && typeof value === 'object' && value !== null && key !== 'tags' && key !== 'tags_all') {
          scanBlocks(value, [...at, key], depth + 1);
        }
      }
      scanSubnets(block, at);
    });
  };
  for (const key of Object.keys(rec.attrs)) {
    const value = rec.attrs[key];
    if (typeof value === 'object' && value !== null && key !== 'tags' && key !== 'tags_all') scanBlocks(value, [key], 1);
  }
  const ids = [...new Set(groups)].filter((g) => g.startsWith('sg-') || g.startsWith('tf:') || g === VPC_DEFAULT_GROUP);
  if (ids.length === 0) return undefined;
  b.warn('generic-endpoint', `${rec.address}: ${rec.type} carries security groups but is not a known endpoint type; read as a generic endpoint`, rec.address);
  return { kind: 'generic', awsId: readString(rec.attrs.arn) ?? readString(rec.attrs.id), arn: readString(rec.attrs.arn), groupIds: ids, subnetIds: [...new Set(subnets)] };
}

export function readEndpoints(b: TfBuild): void {
  const byType = new Map<string, TfResource[]>();
  for (const rec of b.resources) {
    const list = byType.get(rec.type) ?? [];
    list.push(rec);
    byType.set(rec.type, list);
  }
  const links: Links = {
    byType: (type) => byType.get(type) ?? [],
    subnetGroup: (type, name) => {
      if (!name) return [];
      const g = (byType.get(type) ?? []).find((r) => readString(r.attrs.name) === name || readString(r.attrs.id) === name);
      return g ? b.subnetRefs(g, ['subnet_ids'], g.attrs.subnet_ids) : [];
    },
  };
  const byAwsId = new Map<string, Endpoint>();
  const instanceByPrimaryEni = new Map<string, Endpoint>();
  // Only ENI attachments and elastic IPs look endpoints up by id: without them (most states) the
  // two indexes over every endpoint are not built.
  const linked = byType.has('aws_network_interface_sg_attachment') || byType.has('aws_eip') || byType.has('aws_eip_association');
  const clusterIdsWithInstances = new Set((byType.get('aws_rds_cluster_instance') ?? []).map((r) => readString(r.attrs.cluster_identifier)));
  // An instance launched on an aws_network_interface (its network_interface block, device_index 0)
  // names that ENI as its primary one: the ENI is the instance's own address, so it is folded into
  // the instance instead of counting that address twice. Secondary ENIs stay endpoints of their own.
  const ownEnis = new Set<string>();
  if (byType.has('aws_network_interface')) {
    for (const r of [...(byType.get('aws_instance') ?? []), ...(byType.get('aws_spot_instance_request') ?? [])]) {
      const eni = readString(r.attrs.primary_network_interface_id);
      if (eni && r.mode === 'managed') ownEnis.add(eni);
    }
  }
  const instanceByOwnEni = new Map<string, Endpoint>();
  const ownEniEndpoints: Endpoint[] = [];
  // Endpoints a plan creates whose addresses AWS assigns at apply: said once, in one warning.
  const addressesAtApply: string[] = [];
  // Endpoints named by their address inside their module (no Name tag or AWS name), by that name.
  const namedInModule = new Map<string, Endpoint[]>();

  for (const rec of b.resources) {
    if (rec.mode !== 'managed' || NOT_ENDPOINTS.has(rec.type)) {
      if (rec.type === 'aws_rds_cluster' && rec.mode === 'managed') readLoneCluster(b, rec, links, clusterIdsWithInstances);
      continue;
    }
    const reader = READERS[rec.type];
    const parts = reader ? reader(b, rec, links) : genericEndpoint(b, rec);
    if (!parts) continue;
    const ep = makeEndpoint(b, rec, parts);
    // A root resource named by its address counts too: its name is the same short address.
    if (ep.name === rec.address.slice(rec.module ? rec.module.length + 1 : 0)) {
      const same = namedInModule.get(ep.name);
      if (same) same.push(ep);
      else namedInModule.set(ep.name, [ep]);
    }
    if (rec.unknown !== undefined && ep.privateIpv4.length === 0 && ep.ipv6.length === 0 && ADDRESS_ATTRIBUTES.some((attr) => b.unknownAt(rec, [attr]))) {
      addressesAtApply.push(rec.address);
    }
    // The instance's primary ENI keeps its id, so a REF naming it finds the instance.
    const primaryEni = parts.kind === 'instance' ? readString(rec.attrs.primary_network_interface_id) : undefined;
    if (primaryEni?.startsWith('eni-')) ep.interfaces = [ep.privateIpv4[0] ? { id: primaryEni, privateIpv4: ep.privateIpv4[0] } : { id: primaryEni }];
    if (primaryEni && ownEnis.has(primaryEni)) instanceByOwnEni.set(primaryEni, ep);
    if (rec.type === 'aws_network_interface' && ep.awsId !== undefined && ownEnis.has(ep.awsId)) {
      ownEniEndpoints.push(ep);
      continue;
    }
    if (!reader || ep.groupIds.length > 0 || ep.unfiltered || parts.kind === 'instance' || rec.type === 'aws_network_interface') {
      b.snap.endpoints.push(ep);
      if (!linked) continue;
      if (ep.awsId) byAwsId.set(ep.awsId, ep);
      const eni = readString(rec.attrs.primary_network_interface_id);
      if (parts.kind === 'instance' && eni) instanceByPrimaryEni.set(eni, ep);
    }
  }
  for (const eni of ownEniEndpoints) {
    const instance = instanceByOwnEni.get(eni.awsId!);
    if (!instance) {
      b.snap.endpoints.push(eni);
      continue;
    }
    // The instance's primary address leads; the ENI adds its secondary addresses and its groups.
    for (const key of ['privateIpv4', 'ipv6', 'publicIpv4', 'subnetIds', 'groupIds'] as const) {
      for (const v of eni[key]) if (!instance[key].includes(v)) instance[key].push(v);
    }
  }
  // Instances of one module (or of several calling one source, or a root resource beside them)
  // share their address inside it: seven nodes all named aws_instance.this[0] could not be told
  // apart, so those take their full address (a root resource's is its name already).
  namedInModule.forEach((same) => {
    if (same.length > 1) for (const ep of same) ep.name = ep.tfAddress ?? ep.name;
  });
  readAttachments(b, byType, byAwsId, instanceByPrimaryEni);
  readListeners(b, byType);
  if (addressesAtApply.length > 0) {
    const n = addressesAtApply.length;
    const named = n > 5 ? `${addressesAtApply.slice(0, 5).join(', ')} and ${n - 5} more` : n > 1 ? `${addressesAtApply.slice(0, -1).join(', ')} and ${addressesAtApply[n - 1]}` : addressesAtApply[0];
    b.warn(
      'unknown-at-plan',
      `the private address${n === 1 ? '' : 'es'} of ${named} ${n === 1 ? 'is' : 'are'} unknown until apply: CIDR rules are weighed against every address ${n === 1 ? 'its subnet' : 'their subnets'} may give ${n === 1 ? 'it' : 'them'}, and an answer depends on ${n === 1 ? 'it' : 'them'} where a rule's CIDR holds only some of those`,
    );
  }
}

/** Where the readers find the addresses an endpoint has (an instance's, an ENI's, a mount target's). */
const ADDRESS_ATTRIBUTES = ['private_ip', 'private_ips', 'ip_address', 'ipv6_addresses'];

/**
 * Load balancer listeners as stand-ins keyed by the load balancer's ARN (its endpoint id), which the
 * merge joins to the load balancer wherever it is defined (see LISTENER_STUB_TYPES).
 */
function readListeners(b: TfBuild, byType: Map<string, TfResource[]>): void {
  const recs = [...(byType.get('aws_lb_listener') ?? []), ...(byType.get('aws_alb_listener') ?? [])];
  if (recs.length === 0) return;
  const ids = new Set(b.snap.endpoints.map((e) => e.id));
  for (const rec of recs) {
    const arn = readString(rec.attrs.load_balancer_arn);
    const listeners = readListener(readString(rec.attrs.protocol), readInt(rec.attrs.port));
    if (rec.mode !== 'managed') continue;
    // A load balancer the same plan creates has no ARN yet: its endpoint is keyed by its address.
    for (const id of arn ? [arn] : b.referencedAddresses(rec, ['load_balancer_arn']).flatMap((a) => instanceAddress(a, rec.address, ids))) {
      b.snap.endpoints.push({
        id, kind: 'load-balancer', name: id, ...(arn ? { awsId: arn, arn } : {}), resourceType: 'aws_lb_listener', subnetIds: [], privateIpv4: [], ipv6: [], publicIpv4: [],
        groupIds: [], listeners, origin: { file: b.file, address: rec.address },
      });
    }
  }
}

/**
 * The instance a reference without an index names (`aws_lb.this` from `aws_lb.this[count.index]`,
 * whose configuration keeps no index): the address itself when an endpoint has it, else the
 * instance of the referring resource's own key (`aws_lb_listener.this[1]` -> `aws_lb.this[1]`),
 * else the only instance there is. None when that is still several: the listener is then left out,
 * which leaves those load balancers open to anything rather than narrowed by a guess.
 */
function instanceAddress(address: string, referrer: string, ids: ReadonlySet<string>): string[] {
  if (ids.has(address)) return [address];
  const key = instanceKeyOf(referrer);
  if (key !== undefined && ids.has(address + key)) return [address + key];
  const instances = [...ids].filter((id) => id.startsWith(`${address}[`));
  return instances.length === 1 ? instances : [address];
}

/** An Aurora cluster without instances in this file still marks where its instances will be. */
function readLoneCluster(b: TfBuild, rec: TfResource, links: Links, withInstances: Set<string | undefined>): void {
  const a = rec.attrs;
  const id = readString(a.cluster_identifier) ?? readString(a.id);
  if (withInstances.has(id)) return;
  const groups = b.groupRefs(rec, ['vpc_security_group_ids'], a.vpc_security_group_ids);
  if (groups.length === 0) return;
  b.snap.endpoints.push(makeEndpoint(b, rec, {
    kind: 'database', awsId: id, arn: readString(a.arn), awsName: id, groupIds: groups,
    subnetIds: links.subnetGroup('aws_db_subnet_group', readString(a.db_subnet_group_name)),
    ipAddressType: readIpAddressType(readString(a.network_type)),
  }));
}

/**
 * The addresses of one list in canonical text, each of the family the list holds. A state edited by
 * hand may hold `10.0.1.300` or an IPv6 address among IPv4 ones: such a value is dropped with a
 * warning here, at the boundary, rather than carried into a snapshot that could not be read back.
 */
function cleanAddresses(b: TfBuild, rec: TfResource, list: string[], family: 4 | 6, what: string): string[] {
  let out: string[] | undefined;
  for (let k = 0; k < list.length; k++) {
    const text = list[k] as string;
    // Nearly every address of a state is a canonical dotted quad: said without parsing it.
    if (family === 4 && isCanonicalIpv4(text)) {
      out?.push(text);
      continue;
    }
    const a = tryParseAddress(text);
    const ok = a !== null && a.family === family && !text.includes('/');
    if (ok && a.text === text) {
      out?.push(text);
      continue;
    }
    // Copied only once a value differs: nearly every state's lists are canonical already.
    out ??= list.slice(0, k);
    if (ok) out.push(a.text);
    else b.warn('bad-address', `${rec.address}: ${what} ${JSON.stringify(text)} is not an IPv${family} address; ignored`, rec.address);
  }
  return out ?? list;
}

/** `10.0.1.7`: four decimal octets of at most 255, without leading zeros (as tryParseAddress writes them). */
function isCanonicalIpv4(text: string): boolean {
  let octets = 0;
  let digits = 0;
  let value = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 46;
    if (c === 46) {
      if (digits === 0 || value > 255 || ++octets > 4) return false;
      digits = 0;
      value = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && value === 0) return false;
      if (++digits > 3) return false;
      value = value * 10 + (c - 48);
    } else return false;
  }
  return octets === 4;
}

function makeEndpoint(b: TfBuild, rec: TfResource, p: EndpointParts): Endpoint {
  p.privateIpv4 = cleanAddresses(b, rec, p.privateIpv4 ?? [], 4, 'private IPv4 address');
  p.ipv6 = cleanAddresses(b, rec, p.ipv6 ?? [], 6, 'IPv6 address');
  p.publicIpv4 = cleanAddresses(b, rec, p.publicIpv4 ?? [], 4, 'public IPv4 address');
  const tags = readTags(rec.attrs.tags);
  const id = p.awsId ?? p.arn ?? rec.address;
  const name = tags?.Name ?? p.awsName ?? rec.address.slice(rec.module ? rec.module.length + 1 : 0);
  const vpcId = p.vpcId ?? readString(rec.attrs.vpc_id);
  if (p.awsId !== undefined && p.arn !== undefined && vpcId === undefined && tags !== undefined && p.internetFacing === undefined && p.unfiltered === undefined && p.ipAddressType === undefined && p.publicIpUnknown === undefined) {
    // The usual shape (a tagged instance of a state) as one literal with the same members in the
    // same order as below: V8 then keeps every member inside the object, where adding them one by
    // one grows a separate property store several times for each of thousands of endpoints.
    return {
      id, kind: p.kind, name, awsId: p.awsId, arn: p.arn, tfAddress: rec.address, resourceType: rec.type,
      subnetIds: unique(p.subnetIds), privateIpv4: unique(p.privateIpv4), ipv6: unique(p.ipv6), publicIpv4: unique(p.publicIpv4),
      groupIds: unique(p.groupIds), tags, origin: { file: b.file, address: rec.address },
    };
  }
  // Built member by member in the order clean() would leave, skipping undefined ones, instead of
  // building a literal and copying it: one object per endpoint instead of two.
  const ep = { id, kind: p.kind, name } as Endpoint;
  if (p.awsId !== undefined) ep.awsId = p.awsId;
  if (p.arn !== undefined) ep.arn = p.arn;
  ep.tfAddress = rec.address;
  ep.resourceType = rec.type;
  if (vpcId !== undefined) ep.vpcId = vpcId;
  ep.subnetIds = unique(p.subnetIds);
  ep.privateIpv4 = unique(p.privateIpv4);
  ep.ipv6 = unique(p.ipv6);
  ep.publicIpv4 = unique(p.publicIpv4);
  if (p.publicIpUnknown) ep.publicIpUnknown = true;
  ep.groupIds = unique(p.groupIds);
  if (tags !== undefined) ep.tags = tags;
  if (p.internetFacing !== undefined) ep.internetFacing = p.internetFacing;
  if (p.unfiltered) ep.unfiltered = true;
  if (p.ipAddressType !== undefined) ep.ipAddressType = p.ipAddressType;
  ep.origin = { file: b.file, address: rec.address };
  return ep;
}

/**
 * The distinct values in first-seen order. Endpoint lists hold a handful of values, so a scan beats
 * allocating a Set for each of the five lists of every endpoint. A list that has no duplicates is
 * returned as it is rather than copied: every reader builds its lists fresh for this endpoint
 * (readStringList, groupRefs and spreads always allocate), so nothing else holds them.
 */
function unique(values: string[] | undefined): string[] {
  if (!values) return [];
  if (values.length > 16) return [...new Set(values)];
  for (let i = 1; i < values.length; i++) {
    if (values.lastIndexOf(values[i]!, i - 1) >= 0) return values.filter((v, j) => values.indexOf(v) === j);
  }
  return values;
}

/** ENI group attachments and elastic IPs, which name their endpoint by id. */
function readAttachments(b: TfBuild, byType: Map<string, TfResource[]>, byAwsId: Map<string, Endpoint>, byPrimaryEni: Map<string, Endpoint>): void {
  // In a plan, what the attachments name by an id known only after apply, by Terraform address.
  let planned: Map<string, Endpoint> | undefined;
  let plannedAddresses: Set<string> | undefined;
  const plannedTargets = (rec: TfResource, path: string[], group: string): Endpoint[] => {
    if (rec.unknown === undefined || !b.unknownAt(rec, path)) return [];
    if (!planned) {
      planned = new Map();
      for (const e of b.snap.endpoints) if (e.tfAddress !== undefined) planned.set(e.tfAddress, e);
      plannedAddresses = new Set(planned.keys());
    }
    const found = b.referencedAddresses(rec, path).flatMap((a) => instanceAddress(a, rec.address, plannedAddresses!)).flatMap((a) => planned!.get(a) ?? []);
    if (found.length === 0) {
      b.warn('unknown-at-plan', `${rec.address} ${path.join('.')} is unknown until apply and its configuration references no resource of this plan: the group ${group} it attaches is on no endpoint`, rec.address);
    }
    return found;
  };
  for (const rec of byType.get('aws_network_interface_sg_attachment') ?? []) {
    if (rec.mode !== 'managed') continue;
    const eni = readString(rec.attrs.network_interface_id);
    const group = b.groupRefs(rec, ['security_group_id'], rec.attrs.security_group_id)[0];
    if (!eni && group) {
      // The ENI of an instance or aws_network_interface the same plan creates.
      for (const target of plannedTargets(rec, ['network_interface_id'], group)) if (!target.groupIds.includes(group)) target.groupIds.push(group);
    }
    if (!eni || !group) continue;
    const target = byAwsId.get(eni) ?? byPrimaryEni.get(eni);
    if (target) {
      if (!target.groupIds.includes(group)) target.groupIds.push(group);
      continue;
    }
    // The ENI is defined elsewhere: a stub endpoint that the merge step unions with the real one.
    const stub: Endpoint = {
      id: eni, kind: 'eni', name: eni, awsId: eni, resourceType: rec.type, subnetIds: [], privateIpv4: [], ipv6: [], publicIpv4: [],
      groupIds: [group], origin: { file: b.file, address: rec.address },
    };
    b.snap.endpoints.push(stub);
    byAwsId.set(eni, stub);
  }
  // An association with an endpoint defined elsewhere: a stub that the merge unions with the real
  // endpoint, like an ENI attachment's (those defined here took the group in their reader).
  const localEndpoints = new Set((byType.get('aws_vpc_endpoint') ?? []).map((r) => readString(r.attrs.id)));
  for (const rec of byType.get(VPCE_ASSOCIATION) ?? []) {
    const vpce = readString(rec.attrs.vpc_endpoint_id);
    const groupIds = associationGroups(b, rec);
    if (rec.mode === 'managed' && !vpce && groupIds.length > 0) {
      // An endpoint the same plan creates.
      for (const target of plannedTargets(rec, ['vpc_endpoint_id'], groupIds[0]!)) target.groupIds = [...new Set([...target.groupIds, ...groupIds])];
    }
    if (rec.mode !== 'managed' || !vpce || groupIds.length === 0 || localEndpoints.has(vpce)) continue;
    b.snap.endpoints.push({
      id: vpce, kind: 'vpc-endpoint', name: vpce, awsId: vpce, resourceType: rec.type, subnetIds: [], privateIpv4: [], ipv6: [], publicIpv4: [],
      groupIds, origin: { file: b.file, address: rec.address },
    });
  }
  const eips = [...(byType.get('aws_eip') ?? []), ...(byType.get('aws_eip_association') ?? [])];
  for (const rec of eips) {
    if (rec.mode !== 'managed') continue;
    const ip = cleanAddresses(b, rec, readStringList(rec.attrs.public_ip), 4, 'public IPv4 address')[0];
    if (!ip) continue;
    const keys = [rec.attrs.instance, rec.attrs.instance_id, rec.attrs.network_interface, rec.attrs.network_interface_id].map(readString);
    const target = keys.map((k) => (k ? byAwsId.get(k) ?? byPrimaryEni.get(k) : undefined)).find((t) => t !== undefined);
    if (target) {
      if (!target.publicIpv4.includes(ip)) target.publicIpv4.push(ip);
      continue;
    }
    // The instance is in another input: a stand-in that the merge joins to it (see
    // ELASTIC_IP_STUB_TYPES), by its ENI when known, which folds into the instance anyway. An
    // address naming no instance is a NAT gateway's or a load balancer's, which are no endpoints.
    const instance = keys[0] ?? keys[1];
    if (!instance) continue;
    const eni = keys[2] ?? keys[3];
    const id = eni ?? instance;
    b.snap.endpoints.push({
      id, kind: eni ? 'eni' : 'instance', name: id, awsId: id, resourceType: rec.type, subnetIds: [], privateIpv4: [], ipv6: [], publicIpv4: [ip],
      groupIds: [], origin: { file: b.file, address: rec.address },
    });
  }
}

