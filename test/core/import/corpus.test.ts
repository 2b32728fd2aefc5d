// The importer over the real-world corpus (../shared/corpus, never copied into the repo). Each
// expectation below was checked by reading the corpus file itself. Skipped when the corpus is absent.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importInputs } from '../../../src/core/import/index';
import type { Rule, Snapshot } from '../../../src/core/model';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const corpus = path.resolve(repoRoot, '../shared/corpus');
const present = existsSync(corpus);
if (!present) console.warn(`corpus tests skipped: ${corpus} not found`);

function load(rel: string): Snapshot {
  return importInputs([{ name: rel, text: readFileSync(path.join(corpus, rel), 'utf8') }]);
}

function text(r: Rule): string {
  const p = r.peer;
  const peer = p.kind === 'cidr' ? p.cidr : p.kind === 'prefixList' ? p.id : p.groupId;
  return `${r.direction} ${r.protocol} ${r.fromPort ?? '*'}-${r.toPort ?? '*'} ${peer}`;
}

function rules(s: Snapshot, groupId: string): string[] {
  return s.rules.filter((r) => r.groupId === groupId).map(text);
}

/** Values of secret-looking keys anywhere in the raw JSON, to check none reaches the snapshot. */
function secretValues(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) secretValues(n, out);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (/^(password|master_password|private_key|private|secret)$/.test(k) && typeof v === 'string' && v.length >= 6) out.push(v);
      else secretValues(v, out);
    }
  }
  return out;
}

describe.skipIf(!present)('corpus', () => {
  it('imports every Terraform corpus file without secrets', () => {
    for (const folder of ['tfstate', 'plan-json', 'show-json-state']) {
      for (const name of readdirSync(path.join(corpus, folder))) {
        const rel = `${folder}/${name}`;
        const raw = readFileSync(path.join(corpus, rel), 'utf8');
        const s = load(rel);
        const json = JSON.stringify(s);
        for (const secret of secretValues(JSON.parse(raw))) expect(json, `${rel} leaks a secret`).not.toContain(secret);
      }
    }
  });

  it('SIEM: 8 managed groups, web-elb gets its separately managed CloudFront ingress, data sources merge in, a serverless cache is a cache, the CodeBuild project is known', () => {
    const s = load('tfstate/1ucra-3tierSIEMterraform.tfstate');
    expect(s.groups.filter((g) => !g.external)).toHaveLength(8);
    expect(s.groups.every((g) => !g.external)).toBe(true);
    expect(rules(s, 'sg-066571ae69b61f85f')).toEqual(['egress -1 *-* 0.0.0.0/0', 'ingress 6 80-80 pl-38a64351']);
    expect(s.prefixLists.find((p) => p.id === 'pl-38a64351')?.name).toBe('com.amazonaws.global.cloudfront.origin-facing');
    expect(rules(s, 'sg-0c3cc315b8099ab00')).toEqual(['egress -1 *-* 0.0.0.0/0', 'ingress 6 3306-3306 sg-0869afca8a4d22cad', 'ingress 6 3306-3306 sg-0c668bd51197b259c']);
    // The CodeBuild project is known (no warning) and in its VPC's subnets; the ElastiCache
    // Serverless cache is a cache in its two subnets.
    expect(s.warnings).toEqual([]);
    const build = s.endpoints.find((e) => e.resourceType === 'aws_codebuild_project');
    expect([build?.name, build?.groupIds, build?.subnetIds, build?.vpcId]).toEqual(['hellowaws_3teir_buildProject', ['sg-0a8ea388dbef4c793'], ['subnet-02d316d25ab3c2b1a', 'subnet-08e3ef76077d4e61e'], 'vpc-0bc6157456f01eac3']);
    const cache = s.endpoints.find((e) => e.resourceType === 'aws_elasticache_serverless_cache');
    expect([cache?.kind, cache?.awsId, cache?.subnetIds]).toEqual(['cache', 'redis', ['subnet-07724854f4f87f36c', 'subnet-09480cf2fc7685218']]);
    expect(s.endpoints.filter((e) => e.kind === 'autoscaling').map((e) => e.groupIds)).toEqual([['sg-0869afca8a4d22cad'], ['sg-066a0ef6646cdd3e6']]);
  });

  it('Adeen1: for_each rule keys, self rules, count rule, tainted and deposed instances', () => {
    const s = load('tfstate/Adeen1-devops-mid-lab-eks.tfstate');
    const node = 'sg-0555b7f783164be1e';
    const udp = s.rules.find((r) => r.groupId === node && r.protocol === 17)!;
    expect(text(udp)).toBe(`ingress 17 53-53 ${node}`);
    expect(udp.origins.map((o) => o.address)).toContain('module.eks.aws_security_group_rule.node["ingress_self_coredns_udp"]');
    expect(rules(s, node)).toContain(`ingress 6 1025-65535 ${node}`);
    expect(rules(s, node)).toContain('ingress 6 10250-10250 sg-078d43f5d6957d253');
    const db = s.rules.find((r) => r.origins.some((o) => o.address === 'module.security_group.aws_security_group_rule.ingress_with_cidr_blocks[0]'))!;
    expect(text(db)).toBe('ingress 6 5432-5432 10.0.0.0/16');
    expect(s.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['tainted', 'deposed-skipped']));
    expect(s.groups.find((g) => g.id === 'sg-0e9d3cd45a9ffd9aa')).toMatchObject({ external: true, externalReason: 'aws-managed' });
  });

  it('driftctl rules: protocol "5" ignores ports, self + own source is one rule, prefix list, ::/0', () => {
    const s = load('tfstate/driftctl-aws_vpc_security_group_rule.tfstate');
    expect(rules(s, 'sg-0cc8b3c3c2851705a')).toContain('egress 5 *-* 0.0.0.0/0');
    const self = s.rules.filter((r) => r.origins.some((o) => o.address === 'aws_security_group_rule.test-ingress-rule'));
    expect(self.map(text)).toEqual(['ingress 6 0-65535 sg-0254c038e32f25530']);
    expect(rules(s, 'sg-0254c038e32f25530')).toContain('ingress 6 0-0 pl-abb451c2');
    expect(rules(s, 'sg-0d290f68e48de546b')).toContain('ingress -1 *-* ::/0');
    expect(s.warnings.filter((w) => w.code === 'unknown-prefix-list').map((w) => w.subject)).toEqual(['pl-abb451c2']);
  });

  it('driftctl instance: security_groups names are ignored when vpc_security_group_ids are present', () => {
    const s = load('tfstate/driftctl-aws_ec2_instance.tfstate');
    expect(s.endpoints.map((e) => [e.id, e.groupIds, e.privateIpv4])).toEqual([['i-0d3650a23f4e45dc0', ['sg-9e0204ff'], ['172.31.22.12']]]);
  });

  it('Aosman: every inline rule is also a separate resource and is deduplicated', () => {
    const s = load('tfstate/Aosman4395-ECS-project.tfstate.backup');
    expect(s.rules).toHaveLength(5);
    expect(s.rules.every((r) => r.origins.length === 2)).toBe(true);
    expect(rules(s, 'sg-05e6b9f46e708d821')).toContain('ingress 6 8081-8081 sg-0f9c2a6bbd6c0cb43');
  });

  it('kenfj: upper-case "TCP" in v3 flatmap, and task SG 5000 only from the ALB SG', () => {
    expect(rules(load('tfstate/kenfj-aws-diagram-tfstate.rds.v3.tfstate'), 'sg-0ddda1243fd527a5f')).toContain('ingress 6 0-65535 0.0.0.0/0');
    expect(rules(load('tfstate/kenfj-aws-diagram-tfstate.fargate.v3.tfstate'), 'sg-0860f90f93b7780dd')).toEqual(['egress -1 *-* 0.0.0.0/0', 'ingress 6 5000-5000 sg-08f43656e58dda76b']);
  });

  it('Tynchtyk642: empty inline lists, separate rules with SG-targeted egress', () => {
    const s = load('tfstate/Tynchtyk642-terraform-ecs-wordpress.tfstate');
    expect(s.rules).toHaveLength(12);
    expect(rules(s, 'sg-02a2a60c44bc5afc4')).toEqual(expect.arrayContaining(['egress 6 2049-2049 sg-00f37a0167a9a8584', 'egress 6 3306-3306 sg-01efef26b08a804df']));
    expect(s.endpoints.map((e) => e.kind).sort()).toEqual(['database', 'database', 'ecs', 'efs', 'efs', 'load-balancer']);
  });

  it('bclodius v1: 11 groups, internal and external ELBs', () => {
    const s = load('tfstate/bclodius-python-tfstate.big_example.v1.tfstate');
    expect(s.sources[0]!.format).toBe('tfstate-v1');
    expect(s.groups.filter((g) => !g.external)).toHaveLength(11);
    const elbs = s.endpoints.filter((e) => e.resourceType === 'aws_elb').map((e) => [e.tfAddress, e.internetFacing]);
    expect(elbs.sort()).toEqual([
      ['module.arm_backend.aws_elb.backend', false],
      ['module.arm_frontend.aws_elb.frontend', true],
      ['module.cookiebank.aws_elb.cookiebank', false],
    ]);
    expect(s.endpoints.filter((e) => e.kind === 'instance')).toHaveLength(10);
  });

  it('Terraformer v3 with terraform_version 0.12.31: list indices, 8 groups', () => {
    const s = load('tfstate/hashicorp-publicsector-terraformer-sg.v3.tfstate');
    expect(s.sources[0]!.format).toBe('tfstate-v3');
    expect(s.groups.filter((g) => !g.external)).toHaveLength(8);
    expect(rules(s, 'sg-007f8df04ef148f39')).toContain('ingress -1 *-* sg-007f8df04ef148f39');
  });

  it('plans: unknown ids resolved through configuration, -1 with 0-65535 ignores ports, from > to dropped', () => {
    const graph = load('plan-json/terraformgraph-vpc-demo.plan.json');
    expect(rules(graph, 'tf:aws_security_group.app')).toContain('ingress 6 8080-8080 tf:aws_security_group.web');
    const forEach = load('plan-json/checkov-plan_with_for_each_for_enrichment.json');
    expect(forEach.rules.map((r) => [r.groupId, r.protocol, r.fromPort, r.toPort])).toContainEqual(['tf:module.sg["awful_example"].aws_security_group.bad', -1, null, null]);
    const selfPlan = load('plan-json/terraform-compliance-test_issue-234-ingress.plan.json');
    expect(rules(selfPlan, 'tf:aws_security_group.alb')).toEqual(['egress 6 0-65535 tf:aws_security_group.alb', 'ingress 6 0-65535 tf:aws_security_group.alb']);
    const old = load('plan-json/terraform-compliance-test_issue_400.plan.json');
    expect(old.warnings.some((w) => w.code === 'bad-rule' && w.message.includes('from_port 443 greater than to_port 22'))).toBe(true);
    expect(old.warnings.filter((w) => w.code === 'legacy-group')).toHaveLength(3);
  });

  it('terragoat: a Lambda with vpc_config [] is not an endpoint; instances get their groups from configuration', () => {
    const s = load('plan-json/checkov-terragoat-tfplan.json');
    expect(s.endpoints.some((e) => e.kind === 'lambda')).toBe(false);
    expect(s.endpoints.find((e) => e.tfAddress === 'aws_instance.web_host')!.groupIds).toEqual(['tf:aws_security_group.web-node']);
  });

  it('issue-249: the rule present inline and as a separate resource is one rule', () => {
    const s = load('plan-json/terraform-compliance-test_issue-249.plan.json');
    const r = s.rules.find((x) => x.fromPort === 4000)!;
    expect(text(r)).toBe('ingress 6 4000-4000 sg-0facdb20f33578aa9');
    expect(r.origins.map((o) => o.address).sort()).toEqual(['aws_security_group_rule.asg-ingress', 'module.myapp-asg.aws_security_group.sg_asg']);
  });

  it('show -json state (synthetic cloudvic): groups without ids get tf: ids, nothing crashes', () => {
    const s = load('show-json-state/cloudvic-example-terraform-state.show.json');
    expect(s.groups.filter((g) => !g.external).map((g) => g.id)).toEqual([
      'tf:module.vpc.module.security.aws_security_group.database', 'tf:module.vpc.module.security.aws_security_group.web',
    ]);
  });
});
