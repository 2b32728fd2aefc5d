/**
 * The sample network the desktop app opens on first launch and the CLI can analyse without any
 * input: a hand-written Terraform v4 state of a small three-tier stack in one VPC (10.20.0.0/16 with
 * IPv6, public and private subnets in two AZs). It is deliberately realistic, mixing inline rules,
 * `aws_security_group_rule` and `aws_vpc_security_group_ingress_rule`, and it contains the mistakes
 * the exposure view should find: a "legacy-admin" instance with SSH and RDP open to the internet,
 * and a separate rule opening the database's 5432 to 0.0.0.0/0. All ids and addresses are invented.
 */

export const SAMPLE_NAME = 'three-tier-sample.tfstate';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const VPC = 'vpc-0a20c0ffee0000001';
const SUBNETS = {
  publicA: 'subnet-0a20000000000a001',
  publicB: 'subnet-0a20000000000b001',
  privateA: 'subnet-0a20000000000a010',
  privateB: 'subnet-0a20000000000b010',
};
const SG = {
  alb: 'sg-0a20000000000a1b0',
  web: 'sg-0a20000000000eb00',
  app: 'sg-0a20000000000a990',
  db: 'sg-0a20000000000db00',
  bastion: 'sg-0a20000000000ba50',
  lambda: 'sg-0a200000000001a3d',
  cache: 'sg-0a20000000000cac0',
  legacyAdmin: 'sg-0a200000000000ad0',
};
const PROVIDER = 'provider["registry.terraform.io/hashicorp/aws"]';

type Attrs = Record<string, unknown>;

function tags(name: string): { tags: Attrs; tags_all: Attrs } {
  return { tags: { Name: name }, tags_all: { Name: name, Project: 'reachmap-sample', Environment: 'demo' } };
}

function resource(type: string, name: string, schemaVersion: number, instances: Attrs[], extra: Attrs = {}): Attrs {
  return { mode: 'managed', type, name, provider: PROVIDER, ...extra, instances: instances.map((attributes) => ({ schema_version: schemaVersion, attributes, sensitive_attributes: [] })) };
}

function indexed(type: string, name: string, schemaVersion: number, instances: Attrs[]): Attrs {
  return {
    mode: 'managed', type, name, provider: PROVIDER,
    instances: instances.map((attributes, i) => ({ index_key: i, schema_version: schemaVersion, attributes, sensitive_attributes: [] })),
  };
}

function block(p: { from: number; to: number; protocol: string; cidrs?: string[]; v6?: string[]; groups?: string[]; self?: boolean; description?: string }): Attrs {
  return {
    cidr_blocks: p.cidrs ?? [], description: p.description ?? '', from_port: p.from, ipv6_cidr_blocks: p.v6 ?? [],
    prefix_list_ids: [], protocol: p.protocol, security_groups: p.groups ?? [], self: p.self ?? false, to_port: p.to,
  };
}

const EGRESS_ALL = [block({ from: 0, to: 0, protocol: '-1', cidrs: ['0.0.0.0/0'], description: 'All outbound' })];

function group(key: keyof typeof SG, name: string, description: string, ingress: Attrs[], egress: Attrs[] = EGRESS_ALL): Attrs {
  return {
    arn: `arn:aws:ec2:${REGION}:${ACCOUNT}:security-group/${SG[key]}`, description, egress, id: SG[key], ingress, name,
    name_prefix: '', owner_id: ACCOUNT, revoke_rules_on_delete: false, ...tags(name), timeouts: null, vpc_id: VPC,
  };
}

function subnet(id: string, cidr: string, v6: string, az: string, name: string, isPublic: boolean): Attrs {
  return {
    arn: `arn:aws:ec2:${REGION}:${ACCOUNT}:subnet/${id}`, assign_ipv6_address_on_creation: false, availability_zone: az,
    availability_zone_id: az === 'eu-west-1a' ? 'euw1-az1' : 'euw1-az2', cidr_block: cidr, id, ipv6_cidr_block: v6,
    map_public_ip_on_launch: isPublic, owner_id: ACCOUNT, ...tags(name), vpc_id: VPC,
  };
}

function instance(id: string, name: string, subnetId: string, ip: string, groups: string[], publicIp = ''): Attrs {
  return {
    ami: 'ami-0abcdef1234567890', arn: `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/${id}`, associate_public_ip_address: publicIp !== '',
    availability_zone: subnetId.endsWith('a001') || subnetId.endsWith('a010') ? 'eu-west-1a' : 'eu-west-1b', id, instance_state: 'running',
    instance_type: 't3.small', ipv6_address_count: 0, ipv6_addresses: [], key_name: 'sample-key', monitoring: false,
    primary_network_interface_id: `eni-${id.slice(2)}`, private_dns: `ip-${ip.replaceAll('.', '-')}.${REGION}.compute.internal`,
    private_ip: ip, public_dns: publicIp ? `ec2-${publicIp.replaceAll('.', '-')}.${REGION}.compute.amazonaws.com` : '', public_ip: publicIp,
    secondary_private_ips: [], security_groups: [], source_dest_check: true, subnet_id: subnetId, ...tags(name), tenancy: 'default',
    user_data: null, vpc_security_group_ids: groups,
  };
}

const state = {
  version: 4,
  terraform_version: '1.9.8',
  serial: 42,
  lineage: '5b0c6e2a-3f4d-4a51-9d7e-reachmap0001',
  outputs: {
    alb_dns_name: { value: 'sample-web-1234567890.eu-west-1.elb.amazonaws.com', type: 'string' },
  },
  resources: [
    resource('aws_vpc', 'main', 1, [{
      arn: `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc/${VPC}`, assign_generated_ipv6_cidr_block: true, cidr_block: '10.20.0.0/16',
      default_security_group_id: 'sg-0a20000000000def0', enable_dns_hostnames: true, enable_dns_support: true, id: VPC,
      instance_tenancy: 'default', ipv6_association_id: 'vpc-cidr-assoc-0a2000000000000v6', ipv6_cidr_block: '2a05:d018:abc:2000::/56',
      owner_id: ACCOUNT, ...tags('sample-vpc'),
    }]),
    resource('aws_subnet', 'public_a', 1, [subnet(SUBNETS.publicA, '10.20.0.0/24', '2a05:d018:abc:2000::/64', 'eu-west-1a', 'sample-public-a', true)]),
    resource('aws_subnet', 'public_b', 1, [subnet(SUBNETS.publicB, '10.20.1.0/24', '2a05:d018:abc:2001::/64', 'eu-west-1b', 'sample-public-b', true)]),
    resource('aws_subnet', 'private_a', 1, [subnet(SUBNETS.privateA, '10.20.10.0/24', '2a05:d018:abc:200a::/64', 'eu-west-1a', 'sample-private-a', false)]),
    resource('aws_subnet', 'private_b', 1, [subnet(SUBNETS.privateB, '10.20.11.0/24', '2a05:d018:abc:200b::/64', 'eu-west-1b', 'sample-private-b', false)]),
    resource('aws_internet_gateway', 'main', 0, [{ arn: `arn:aws:ec2:${REGION}:${ACCOUNT}:internet-gateway/igw-0a2000000000000001`, id: 'igw-0a2000000000000001', owner_id: ACCOUNT, ...tags('sample-igw'), vpc_id: VPC }]),
    resource('aws_security_group', 'alb', 1, [group('alb', 'sample-alb', 'Internet-facing load balancer', [
      block({ from: 80, to: 80, protocol: 'tcp', cidrs: ['0.0.0.0/0'], v6: ['::/0'], description: 'HTTP from anywhere' }),
      block({ from: 443, to: 443, protocol: 'tcp', cidrs: ['0.0.0.0/0'], v6: ['::/0'], description: 'HTTPS from anywhere' }),
    ], [block({ from: 0, to: 0, protocol: '-1', cidrs: ['0.0.0.0/0'], v6: ['::/0'], description: 'All outbound' })])]),
    resource('aws_security_group', 'web', 1, [group('web', 'sample-web', 'Web servers behind the ALB', [
      block({ from: 8080, to: 8080, protocol: 'tcp', groups: [SG.alb], description: 'App port from the ALB' }),
    ])]),
    // The app tier's ingress is managed by a separate aws_vpc_security_group_ingress_rule.
    resource('aws_security_group', 'app', 1, [group('app', 'sample-app', 'Application servers', [])]),
    resource('aws_security_group', 'db', 1, [group('db', 'sample-db', 'PostgreSQL', [
      block({ from: 5432, to: 5432, protocol: 'tcp', groups: [SG.app], description: 'Postgres from the app tier' }),
    ])]),
    resource('aws_security_group', 'bastion', 1, [group('bastion', 'sample-bastion', 'SSH bastion', [
      block({ from: 22, to: 22, protocol: 'tcp', cidrs: ['203.0.113.10/32'], description: 'SSH from the office' }),
    ])]),
    resource('aws_security_group', 'lambda', 1, [group('lambda', 'sample-lambda', 'Worker Lambda (egress only)', [])]),
    resource('aws_security_group', 'cache', 1, [group('cache', 'sample-cache', 'Redis', [])]),
    resource('aws_security_group', 'legacy_admin', 1, [group('legacyAdmin', 'legacy-admin', 'Old admin box, to be retired', [
      block({ from: 22, to: 22, protocol: 'tcp', cidrs: ['0.0.0.0/0'], description: 'SSH (temporary!)' }),
      block({ from: 3389, to: 3389, protocol: 'tcp', cidrs: ['0.0.0.0/0'], description: 'RDP' }),
    ])]),
    resource('aws_vpc_security_group_ingress_rule', 'app_from_web', 0, [{
      arn: `arn:aws:ec2:${REGION}:${ACCOUNT}:security-group-rule/sgr-0a2000000000a9901`, cidr_ipv4: null, cidr_ipv6: null,
      description: 'HTTPS API from the web tier', from_port: 8443, id: 'sgr-0a2000000000a9901', ip_protocol: 'tcp', prefix_list_id: null,
      referenced_security_group_id: SG.web, security_group_id: SG.app, security_group_rule_id: 'sgr-0a2000000000a9901', tags: null, tags_all: {}, to_port: 8443,
    }]),
    resource('aws_security_group_rule', 'cache_from_app', 2, [{
      cidr_blocks: null, description: 'Redis from the app tier', from_port: 6379, id: 'sgrule-2203344556', ipv6_cidr_blocks: null,
      prefix_list_ids: [], protocol: 'tcp', security_group_id: SG.cache, security_group_rule_id: 'sgr-0a2000000000cac01', self: false,
      source_security_group_id: SG.app, timeouts: null, to_port: 6379, type: 'ingress',
    }]),
    resource('aws_security_group_rule', 'db_public_oops', 2, [{
      cidr_blocks: ['0.0.0.0/0'], description: 'temporary: migration from laptop', from_port: 5432, id: 'sgrule-1190456601', ipv6_cidr_blocks: null,
      prefix_list_ids: [], protocol: 'tcp', security_group_id: SG.db, security_group_rule_id: 'sgr-0a2000000000db0ff', self: false,
      source_security_group_id: null, timeouts: null, to_port: 5432, type: 'ingress',
    }]),
    resource('aws_lb', 'web', 0, [{
      arn: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/app/sample-web/50dc6c495c0c9188`, dns_name: 'sample-web-1234567890.eu-west-1.elb.amazonaws.com',
      id: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/app/sample-web/50dc6c495c0c9188`, internal: false, ip_address_type: 'dualstack',
      load_balancer_type: 'application', name: 'sample-web', security_groups: [SG.alb], subnets: [SUBNETS.publicA, SUBNETS.publicB],
      subnet_mapping: [{ allocation_id: '', ipv6_address: '', outpost_id: '', private_ipv4_address: '', subnet_id: SUBNETS.publicA }, { allocation_id: '', ipv6_address: '', outpost_id: '', private_ipv4_address: '', subnet_id: SUBNETS.publicB }],
      ...tags('sample-web-alb'), vpc_id: VPC,
    }]),
    indexed('aws_instance', 'web', 1, [
      instance('i-0a20000000000eb01', 'sample-web-1', SUBNETS.privateA, '10.20.10.11', [SG.web]),
      instance('i-0a20000000000eb02', 'sample-web-2', SUBNETS.privateB, '10.20.11.11', [SG.web]),
    ]),
    indexed('aws_instance', 'app', 1, [
      instance('i-0a20000000000a901', 'sample-app-1', SUBNETS.privateA, '10.20.10.21', [SG.app]),
      instance('i-0a20000000000a902', 'sample-app-2', SUBNETS.privateB, '10.20.11.21', [SG.app]),
    ]),
    resource('aws_instance', 'bastion', 1, [instance('i-0a20000000000ba51', 'sample-bastion', SUBNETS.publicA, '10.20.0.10', [SG.bastion], '198.51.100.20')]),
    resource('aws_instance', 'legacy_admin', 1, [instance('i-0a200000000000ad1', 'legacy-admin', SUBNETS.publicB, '10.20.1.50', [SG.legacyAdmin], '198.51.100.77')]),
    resource('aws_db_subnet_group', 'main', 0, [{
      arn: `arn:aws:rds:${REGION}:${ACCOUNT}:subgrp:sample-db`, description: 'Private subnets', id: 'sample-db', name: 'sample-db',
      subnet_ids: [SUBNETS.privateA, SUBNETS.privateB], ...tags('sample-db'), vpc_id: VPC,
    }]),
    resource('aws_db_instance', 'main', 2, [{
      address: 'sample-db.c9akciq32.eu-west-1.rds.amazonaws.com', allocated_storage: 20, arn: `arn:aws:rds:${REGION}:${ACCOUNT}:db:sample-db`,
      db_subnet_group_name: 'sample-db', endpoint: 'sample-db.c9akciq32.eu-west-1.rds.amazonaws.com:5432', engine: 'postgres', engine_version: '16.3',
      id: 'db-SAMPLEDB0A20', identifier: 'sample-db', instance_class: 'db.t4g.micro', multi_az: false, password: null, port: 5432,
      publicly_accessible: false, resource_id: 'db-SAMPLEDB0A20', ...tags('sample-db'), username: 'app', vpc_security_group_ids: [SG.db],
    }]),
    resource('aws_lambda_function', 'worker', 0, [{
      arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:sample-worker`, function_name: 'sample-worker', handler: 'index.handler',
      id: 'sample-worker', memory_size: 256, role: `arn:aws:iam::${ACCOUNT}:role/sample-worker`, runtime: 'nodejs20.x', ...tags('sample-worker'),
      timeout: 30, vpc_config: [{ ipv6_allowed_for_dual_stack: false, security_group_ids: [SG.lambda], subnet_ids: [SUBNETS.privateA, SUBNETS.privateB], vpc_id: VPC }],
    }]),
    resource('aws_elasticache_subnet_group', 'redis', 1, [{
      arn: `arn:aws:elasticache:${REGION}:${ACCOUNT}:subnetgroup:sample-redis`, description: 'Managed by Terraform', id: 'sample-redis',
      name: 'sample-redis', subnet_ids: [SUBNETS.privateA, SUBNETS.privateB], tags: {}, tags_all: {}, vpc_id: VPC,
    }]),
    resource('aws_elasticache_cluster', 'redis', 0, [{
      arn: `arn:aws:elasticache:${REGION}:${ACCOUNT}:cluster:sample-redis`, cache_nodes: [{ address: 'sample-redis.abc123.0001.euw1.cache.amazonaws.com', availability_zone: 'eu-west-1a', id: '0001', port: 6379 }],
      cluster_id: 'sample-redis', engine: 'redis', engine_version: '7.1', id: 'sample-redis', node_type: 'cache.t4g.micro', num_cache_nodes: 1, port: 6379,
      security_group_ids: [SG.cache], subnet_group_name: 'sample-redis', ...tags('sample-redis'),
    }]),
  ],
  check_results: null,
};

/** The sample as the text of a `terraform.tfstate` file. */
export const SAMPLE_STATE_TEXT: string = JSON.stringify(state, null, 2);
