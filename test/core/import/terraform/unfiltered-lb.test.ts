/**
 * A network or gateway load balancer created without security groups has none, and AWS does not
 * filter its traffic with them (ELB user guide: a network load balancer takes groups only at
 * creation; a gateway load balancer cannot have any). The Terraform importer keeps such a load
 * balancer as an endpoint marked unfiltered instead of dropping it, so questions about it are
 * answered by the other side's rules. An application load balancer is never marked.
 */
import { describe, expect, it } from 'vitest';
import { importInputs } from '../../../../src/core/import/index';
import { buildReachIndex, queryReach } from '../../../../src/core/reach';
import { ANY_LISTENER, readListener } from '../../../../src/core/model';
import { tfResource as res } from './fixture-helpers';

const lb = (name: string, type: string, groups: string[]) =>
  res('aws_lb', name, { id: `arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/${type === 'application' ? 'app' : 'net'}/${name}/1`, arn: `arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/${type === 'application' ? 'app' : 'net'}/${name}/1`, name, load_balancer_type: type, internal: true, security_groups: groups, subnets: ['subnet-1'] });
const state = {
  version: 4,
  terraform_version: '1.9.5',
  serial: 1,
  lineage: 'unfiltered-lb',
  outputs: {},
  resources: [
    res('aws_vpc', 'main', { id: 'vpc-1', cidr_block: '10.0.0.0/16', ipv6_cidr_block: '' }),
    res('aws_subnet', 'a', { id: 'subnet-1', vpc_id: 'vpc-1', cidr_block: '10.0.1.0/24', ipv6_cidr_block: '' }),
    res('aws_security_group', 'app', {
      id: 'sg-app', name: 'app', vpc_id: 'vpc-1', ingress: [],
      egress: [{ protocol: 'tcp', from_port: 443, to_port: 443, cidr_blocks: ['10.0.0.0/16'], ipv6_cidr_blocks: [], prefix_list_ids: [], security_groups: [], self: false }],
    }),
    res('aws_security_group', 'guard', { id: 'sg-guard', name: 'guard', vpc_id: 'vpc-1', ingress: [], egress: [] }),
    res('aws_instance', 'app', { id: 'i-app', private_ip: '10.0.2.5', subnet_id: 'subnet-2', vpc_security_group_ids: ['sg-app'] }),
    lb('edge', 'network', []),
    lb('guarded', 'network', ['sg-guard']),
    lb('web', 'application', []),
  ],
};

describe('Terraform: load balancers without security groups', () => {
  const s = importInputs([{ name: 'lb.tfstate', text: JSON.stringify(state) }]);
  const byName = (name: string) => s.endpoints.find((e) => e.name === name);

  it('keeps a network load balancer without groups as an unfiltered endpoint; one with groups, and an application one, are not marked', () => {
    expect(byName('edge')).toMatchObject({ kind: 'load-balancer', groupIds: [], unfiltered: true, subnetIds: ['subnet-1'] });
    expect(byName('guarded')?.unfiltered).toBeUndefined();
    expect(byName('web')?.unfiltered).toBeUndefined();
  });

  it('answers questions about it from the other side\'s rules alone', () => {
    const index = buildReachIndex(s);
    const ask = (to: string, port: number) => queryReach(index, { from: { endpointId: 'i-app' }, to: { endpointId: byName(to)!.id }, protocol: 6, port }).verdict;
    // app's egress allows tcp 443 to 10.0.0.0/16, which holds all of subnet-1: nothing on edge's side checks it.
    expect(ask('edge', 443)).toBe('allowed');
    expect(ask('edge', 80)).toBe('denied');
    // guarded carries sg-guard, which admits nothing.
    expect(ask('guarded', 443)).toBe('denied');
  });

  it('in a plan, a group list left to AWS is empty for a network load balancer; one computed from other resources is not known to be', () => {
    const change = (address: string, after: Record<string, unknown>, unknown: Record<string, unknown>) => ({
      address, mode: 'managed', type: 'aws_lb', name: address.split('.')[1], change: { actions: ['create'], before: null, after, after_unknown: unknown },
    });
    const plan = {
      format_version: '1.2',
      terraform_version: '1.9.5',
      resource_changes: [
        change('aws_lb.left', { name: 'left', load_balancer_type: 'network', internal: true, subnets: ['subnet-1'] }, { id: true, arn: true, security_groups: true }),
        change('aws_lb.computed', { name: 'computed', load_balancer_type: 'network', internal: true, subnets: ['subnet-1'] }, { id: true, arn: true, security_groups: true }),
      ],
      configuration: {
        root_module: {
          resources: [
            { address: 'aws_lb.left', mode: 'managed', type: 'aws_lb', name: 'left', expressions: { name: { constant_value: 'left' } } },
            { address: 'aws_lb.computed', mode: 'managed', type: 'aws_lb', name: 'computed', expressions: { security_groups: { references: ['aws_security_group.x.id', 'aws_security_group.x'] } } },
          ],
        },
      },
    };
    const p = importInputs([{ name: 'plan.json', text: JSON.stringify(plan) }]);
    expect(p.endpoints.find((e) => e.tfAddress === 'aws_lb.left')?.unfiltered).toBe(true);
    expect(p.endpoints.find((e) => e.tfAddress === 'aws_lb.computed')?.unfiltered).toBeUndefined();
  });

  describe('listeners', () => {
    const arnOf = (name: string, kind = 'net') => `arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/${kind}/${name}/1`;
    const listener = (name: string, lb: string, protocol: string, port: number | null) =>
      res('aws_lb_listener', name, { id: `${lb}/listener/${name}`, arn: `${lb.replace(':loadbalancer/', ':listener/')}/${name}`, load_balancer_arn: lb, protocol, port, default_action: [{ type: 'forward', target_group_arn: 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/t/1' }] });
    const withListeners = { ...state, resources: [...state.resources, listener('https', arnOf('edge'), 'TLS', 443), listener('dns', arnOf('edge'), 'TCP_UDP', 53)] };
    // Another state holds a listener of `edge` and one of a load balancer no input defines.
    const other = { ...state, lineage: 'listeners-elsewhere', resources: [listener('ssh', arnOf('edge'), 'TCP', 22), listener('lost', arnOf('gone'), 'TCP', 80)] };

    it('joins aws_lb_listener resources to their load balancer, in the same state or another, and drops those of a load balancer no input defines', () => {
      for (const inputs of [[withListeners, other], [other, withListeners]]) {
        const s = importInputs(inputs.map((doc, i) => ({ name: `s${i}.tfstate`, text: JSON.stringify(doc) })));
        const edge = s.endpoints.find((e) => e.id === arnOf('edge'))!;
        expect(edge).toMatchObject({ name: 'edge', tfAddress: 'aws_lb.edge', resourceType: 'aws_lb', unfiltered: true });
        expect(edge.listeners).toEqual([{ protocol: 6, port: 22 }, { protocol: 6, port: 53 }, { protocol: 6, port: 443 }, { protocol: 17, port: 53 }]);
        expect(s.endpoints.map((e) => e.id)).not.toContain(arnOf('gone'));
        expect(s.endpoints.some((e) => e.resourceType === 'aws_lb_listener')).toBe(false);
      }
    });

    it('answers a question about the load balancer from its listeners', () => {
      const s = importInputs([{ name: 's.tfstate', text: JSON.stringify(withListeners) }]);
      const index = buildReachIndex(s);
      const ask = (port: number) => queryReach(index, { from: { endpointId: 'i-app' }, to: { endpointId: arnOf('edge') }, protocol: 6, port }).verdict;
      // app's egress allows tcp 443 only; edge listens on 443 (TLS) and 53.
      expect(ask(443)).toBe('allowed');
      expect(ask(53)).toBe('denied');
    });

    it('in a plan that creates both, joins the listener to its load balancer through the configuration\'s reference', () => {
      const change = (type: string, address: string, after: Record<string, unknown>, unknown: Record<string, unknown>) => ({
        address, mode: 'managed', type, name: address.split('.')[1], change: { actions: ['create'], before: null, after, after_unknown: unknown },
      });
      const plan = {
        format_version: '1.2',
        terraform_version: '1.9.5',
        resource_changes: [
          change('aws_lb', 'aws_lb.edge', { name: 'edge', load_balancer_type: 'network', internal: false, ip_address_type: 'ipv4', subnets: ['subnet-1'] }, { id: true, arn: true, security_groups: true }),
          change('aws_lb_listener', 'aws_lb_listener.tls', { port: 443, protocol: 'TLS' }, { id: true, arn: true, load_balancer_arn: true }),
        ],
        configuration: {
          root_module: {
            resources: [
              { address: 'aws_lb.edge', mode: 'managed', type: 'aws_lb', name: 'edge', expressions: { name: { constant_value: 'edge' }, load_balancer_type: { constant_value: 'network' } } },
              { address: 'aws_lb_listener.tls', mode: 'managed', type: 'aws_lb_listener', name: 'tls', expressions: { load_balancer_arn: { references: ['aws_lb.edge.arn', 'aws_lb.edge'] }, port: { constant_value: 443 }, protocol: { constant_value: 'TLS' } } },
            ],
          },
        },
      };
      const p = importInputs([{ name: 'plan.json', text: JSON.stringify(plan) }]);
      expect(p.endpoints.map((e) => [e.id, e.unfiltered, e.listeners])).toEqual([['aws_lb.edge', true, [{ protocol: 6, port: 443 }]]]);
      const index = buildReachIndex(p);
      const ask = (port: number) => queryReach(index, { from: { address: '198.51.100.7' }, to: { endpointId: 'aws_lb.edge' }, protocol: 6, port }).verdict;
      expect([ask(443), ask(22)]).toEqual(['allowed', 'denied']);
    });

    it('in a plan with counted load balancers and listeners, joins each listener to the load balancer of its own index', () => {
      const change = (type: string, address: string, index: number, after: Record<string, unknown>, unknown: Record<string, unknown>) => ({
        address: `${address}[${index}]`, mode: 'managed', type, name: address.split('.')[1], index, change: { actions: ['create'], before: null, after, after_unknown: unknown },
      });
      const plan = {
        format_version: '1.2',
        terraform_version: '1.9.5',
        resource_changes: [0, 1].flatMap((i) => [
          change('aws_lb', 'aws_lb.this', i, { name: `this-${i}`, load_balancer_type: 'network', internal: false, subnets: ['subnet-1'] }, { id: true, arn: true, security_groups: true }),
          change('aws_lb_listener', 'aws_lb_listener.this', i, { port: i === 0 ? 443 : 80, protocol: 'TCP' }, { id: true, arn: true, load_balancer_arn: true }),
        ]),
        configuration: {
          root_module: {
            resources: [
              { address: 'aws_lb.this', mode: 'managed', type: 'aws_lb', name: 'this', count_expression: { constant_value: 2 }, expressions: { load_balancer_type: { constant_value: 'network' } } },
              { address: 'aws_lb_listener.this', mode: 'managed', type: 'aws_lb_listener', name: 'this', count_expression: { constant_value: 2 }, expressions: { load_balancer_arn: { references: ['aws_lb.this', 'count.index'] }, port: { references: ['count.index'] }, protocol: { constant_value: 'TCP' } } },
            ],
          },
        },
      };
      const p = importInputs([{ name: 'plan.json', text: JSON.stringify(plan) }]);
      expect(p.endpoints.map((e) => [e.id, e.listeners])).toEqual([
        ['aws_lb.this[0]', [{ protocol: 6, port: 443 }]],
        ['aws_lb.this[1]', [{ protocol: 6, port: 80 }]],
      ]);
    });

    it('reads every listener protocol, and one it cannot spell out (GENEVE, no port, an unknown protocol) as accepting anything', () => {
      // ELB user guide: NLB listeners take TCP, TLS, UDP, TCP_UDP, QUIC and TCP_QUIC; a gateway load
      // balancer's listener takes all IP packets on all ports.
      expect(readListener('HTTPS', 443)).toEqual([{ protocol: 6, port: 443 }]);
      expect(readListener('TLS', 443)).toEqual([{ protocol: 6, port: 443 }]);
      expect(readListener('QUIC', 443)).toEqual([{ protocol: 17, port: 443 }]);
      expect(readListener('tcp_udp', 53)).toEqual([{ protocol: 6, port: 53 }, { protocol: 17, port: 53 }]);
      expect(readListener('TCP_QUIC', 443)).toEqual([{ protocol: 6, port: 443 }, { protocol: 17, port: 443 }]);
      expect(readListener('GENEVE', 6081)).toEqual([ANY_LISTENER]);
      expect(readListener('TCP', undefined)).toEqual([ANY_LISTENER]);
      expect(readListener('SCTP', 80)).toEqual([ANY_LISTENER]);
    });

    it('leaves a load balancer open to anything when one of its listeners is not spelled out, and warns about listeners of no load balancer', () => {
      const open = { ...state, resources: [...state.resources, listener('https', arnOf('edge'), 'TLS', 443), listener('later', arnOf('edge'), 'TCP', null)] };
      const s = importInputs([{ name: 's.tfstate', text: JSON.stringify(open) }, { name: 'o.tfstate', text: JSON.stringify(other) }]);
      const index = buildReachIndex(s);
      expect(queryReach(index, { from: { address: '198.51.100.7' }, to: { endpointId: arnOf('edge') }, protocol: 6, port: 22 }).verdict).toBe('allowed');
      expect(s.warnings.filter((w) => w.code === 'unmatched-listener').map((w) => [w.subject, w.file])).toEqual([[arnOf('gone'), 'o.tfstate']]);
    });
  });
});
