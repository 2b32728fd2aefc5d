// REF resolution: ids, Terraform addresses, Name tags and IPs, with ambiguity as an error.
import { describe, expect, it } from 'vitest';
import { createEmptySnapshot } from '../../../src/core/model';
import type { Endpoint } from '../../../src/core/model';
import { buildReachIndex } from '../../../src/core/reach/engine';
import { resolveRef } from '../../../src/core/reach/resolve-ref';

const e = (o: Partial<Endpoint> & { id: string }): Endpoint => ({ kind: 'instance', name: o.id, subnetIds: [], privateIpv4: [], ipv6: [], publicIpv4: [], groupIds: [], ...o });

const snap = createEmptySnapshot();
snap.endpoints.push(
  e({ id: 'i-1', awsId: 'i-1', name: 'web-1', tfAddress: 'module.app.aws_instance.web[0]', privateIpv4: ['10.0.0.1'], publicIpv4: ['54.0.0.1'], tags: { Name: 'web-1' } }),
  e({ id: 'i-2', awsId: 'i-2', name: 'web-2', tfAddress: 'module.app.aws_instance.web[1]', privateIpv4: ['10.0.0.2'], tags: { Name: 'web-2' } }),
  e({ id: 'mydb', kind: 'database', name: 'orders', arn: 'arn:aws:rds:eu-west-1:1:db:mydb', tfAddress: 'aws_db_instance.orders' }),
  e({ id: 'lb', kind: 'load-balancer', name: 'front', tfAddress: 'module.x["k"].aws_lb.front' }),
  e({ id: 'bastion', name: 'bastion', tfAddress: 'aws_instance.bastion[0]', privateIpv4: ['10.0.9.9'] }),
  e({ id: 'i-0abc', awsId: 'i-0abc', name: 'from-cli', privateIpv4: ['10.2.0.1'] }),
  e({ id: 'eni-0def', awsId: 'eni-0def', kind: 'eni', name: 'an-eni', privateIpv4: ['10.2.0.2'] }),
  // An instance whose two ENIs an AWS CLI dump folded into it.
  e({ id: 'i-0two', awsId: 'i-0two', name: 'two-nics', privateIpv4: ['10.3.0.5', '10.3.0.6'], interfaces: [{ id: 'eni-0aa', privateIpv4: '10.3.0.5' }, { id: 'eni-0bb', privateIpv4: '10.3.0.6' }] }),
  // Classic load balancers: one from an AWS CLI dump (no ARN), one from Terraform (awsId = name).
  e({ id: 'elb/legacy', awsId: 'legacy', kind: 'load-balancer', name: 'legacy' }),
  e({ id: 'old-front', awsId: 'old-front', kind: 'load-balancer', name: 'old-front', tfAddress: 'aws_elb.old' }),
  e({ id: 'dup-a', name: 'twin', privateIpv4: ['10.1.0.1'] }),
  e({ id: 'dup-b', name: 'twin', privateIpv4: ['10.1.0.1'] }),
);
const idx = buildReachIndex(snap);

describe('resolveRef', () => {
  it.each([
    ['i-1', { endpointId: 'i-1' }],
    ['arn:aws:rds:eu-west-1:1:db:mydb', { endpointId: 'mydb' }],
    ['mydb', { endpointId: 'mydb' }],
    ['aws_db_instance.orders', { endpointId: 'mydb' }],
    ['module.app.aws_instance.web[1]', { endpointId: 'i-2' }],
    ['module.x["k"].aws_lb.front', { endpointId: 'lb' }],
    ['aws_instance.bastion', { endpointId: 'bastion' }],
    ['web-2', { endpointId: 'i-2' }],
    ['orders', { endpointId: 'mydb' }],
    ['10.0.0.1', { endpointId: 'i-1', address: '10.0.0.1' }],
    ['54.0.0.1', { address: '54.0.0.1' }],
    ['8.8.8.8', { address: '8.8.8.8' }],
    ['2001:DB8::1', { address: '2001:db8::1' }],
    // An instance or ENI read from an AWS CLI dump has no ARN: its EC2 ARN names it by id.
    ['arn:aws:ec2:eu-west-1:123456789012:instance/i-0abc', { endpointId: 'i-0abc' }],
    ['arn:aws-us-gov:ec2:us-gov-west-1:123456789012:network-interface/eni-0def', { endpointId: 'eni-0def' }],
    // An ENI folded into an instance names the instance at that ENI's address.
    ['eni-0bb', { endpointId: 'i-0two', address: '10.3.0.6' }],
    ['arn:aws:ec2:eu-west-1:123456789012:network-interface/eni-0aa', { endpointId: 'i-0two', address: '10.3.0.5' }],
    // A classic load balancer has no ARN in either input: its ARN names it by the name at its end.
    ['arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/legacy', { endpointId: 'elb/legacy' }],
    ['arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/old-front', { endpointId: 'old-front' }],
    // A one-address block, as copied from a rule, is that address.
    ['10.0.0.1/32', { endpointId: 'i-1', address: '10.0.0.1' }],
    ['203.0.113.7/32', { address: '203.0.113.7' }],
    ['2001:db8::7/128', { address: '2001:db8::7' }],
  ])('%s', (ref, locator) => {
    const r = resolveRef(idx, ref);
    expect(r).toMatchObject({ ok: true, locator });
  });

  it.each([
    ['module.app.aws_instance.web', /ambiguous.*i-1|ambiguous.*web\[0\]/],
    ['twin', /ambiguous/],
    ['10.1.0.1', /ambiguous.*dup-a, dup-b/],
    ['nothing-here', /^no endpoint matches 'nothing-here' \(by id, AWS id, ARN, Terraform address, Name tag or IP address\)$/],
    // A map label of grouped endpoints, or part of a name: the names that hold it are offered.
    ['web ×2', /^no endpoint matches 'web ×2' \(.*\); names that contain it: 'web-1', 'web-2'$/],
    ['o', /^no endpoint matches 'o' \([^)]*\)$/],
    ['arn:aws:ec2:eu-west-1:123456789012:instance/i-0999', /no endpoint matches/],
    ['arn:aws:ec2:eu-west-1:123456789012:security-group/sg-0abc', /no endpoint matches/],
    ['arn:aws:ec2:eu-west-1:123456789012:instance/eni-0def', /no endpoint matches/],
    ['', /empty/],
    // A wider block is no one end: the error offers one address in it.
    ['203.0.113.0/24', /^'203\.0\.113\.0\/24' is a block of addresses, not one end: name one address in it \(such as 203\.0\.113\.1\)$/],
    ['2001:db8::/56', /such as 2001:db8::1\)$/],
    ['0.0.0.0/0', /^'0\.0\.0\.0\/0' is the whole IPv4 internet, not one end/],
    ['::/0', /whole IPv6 internet/],
  ])('%j is an error', (ref, message) => {
    const r = resolveRef(idx, ref);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatch(message);
      expect(r.error).not.toContain('\n');
    }
  });
});

describe('resolveRef: a security group named as an end', () => {
  const s = createEmptySnapshot();
  const g = (id: string, name: string, address?: string) => ({ id, name, external: false, ...(address ? { origin: { address } } : {}) });
  s.groups.push(g('sg-web', 'web-sg', 'aws_security_group.web'), g('sg-idle', 'idle'), g('sg-d1', 'default'), g('sg-d2', 'default'));
  s.endpoints.push(
    ...['a', 'b', 'c', 'd'].map((n, k) => e({ id: `i-${n}`, name: `web-${n}`, privateIpv4: [`10.0.0.${k + 1}`], groupIds: ['sg-web'] })),
    e({ id: 'i-x', name: 'lonely', privateIpv4: ['10.0.1.1'], groupIds: ['sg-d1'] }),
  );
  const gidx = buildReachIndex(s);

  it.each([
    ['sg-web', "'sg-web' is a security group (web-sg), not an endpoint: name one of the 4 endpoints that carry it, such as 'web-a', 'web-b', 'web-c', …"],
    ['aws_security_group.web', "'aws_security_group.web' is a security group (web-sg), not an endpoint: name one of the 4 endpoints that carry it, such as 'web-a', 'web-b', 'web-c', …"],
    ['web-sg', "'web-sg' is a security group, not an endpoint: name one of the 4 endpoints that carry it, such as 'web-a', 'web-b', 'web-c', …"],
    ['sg-idle', "'sg-idle' is a security group (idle), not an endpoint, and no endpoint in the inputs carries it"],
    ['sg-d1', "'sg-d1' is a security group (default), not an endpoint: name the endpoint that carries it, 'lonely'"],
  ])('%s says it is a group and offers its members', (ref, error) => {
    expect(resolveRef(gidx, ref)).toEqual({ ok: false, error });
  });

  it('a group name two groups share is no group in particular: the usual no-match error', () => {
    const r = resolveRef(gidx, 'default');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/^no endpoint matches 'default'/);
  });
});
