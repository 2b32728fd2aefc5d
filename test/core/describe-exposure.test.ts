// Exposures in words: the source with the blocks that really admit the endpoint, and where the
// source reaches it. Each line below is worked out from the exposure and the endpoint's addresses.
import { describe, expect, it } from 'vitest';
import { describeExposure, describeExposureSource, describePublicAddress } from '../../src/core/describe-exposure';
import type { Exposure, FlowNode } from '../../src/core/analysis-types';
import type { Endpoint } from '../../src/core/model';

const internet: FlowNode = { id: 'internet', kind: 'internet', label: 'Internet', cidrs: ['0.0.0.0/0', '::/0'] };
const office: FlowNode = { id: 'cidr:198.51.100.0/24', kind: 'cidr', label: '198.51.100.0/24', cidrs: ['198.51.100.0/24'] };
const list: FlowNode = { id: 'pl:pl-1', kind: 'prefix-list', label: 'offices (pl-1)', prefixListId: 'pl-1' };
const host = (o: Partial<Endpoint>): Endpoint => ({ id: 'i-1', kind: 'instance', name: 'host', subnetIds: [], privateIpv4: ['10.0.1.5'], ipv6: [], publicIpv4: [], groupIds: ['sg-1'], ...o });
const exposure = (from: FlowNode, publicAddress: Exposure['publicAddress'], via?: string[]): Exposure => ({ endpointId: 'i-1', from: from.id, ports: [], risky: false, publicAddress, ...(via ? { via } : {}) });

describe('describeExposureSource', () => {
  it.each<[FlowNode, string[] | undefined, string]>([
    [internet, ['0.0.0.0/0'], 'Internet (0.0.0.0/0)'],
    [internet, undefined, 'Internet (0.0.0.0/0, ::/0)'],
    [office, undefined, '198.51.100.0/24'],
    [list, undefined, 'offices (pl-1)'],
  ])('%j via %j', (node, via, expected) => {
    expect(describeExposureSource(node, node.id, via)).toBe(expected);
  });

  it('names a node the graph lacks by its id', () => {
    expect(describeExposureSource(undefined, 'cidr:192.0.2.0/24')).toBe('cidr:192.0.2.0/24');
  });
});

describe('describePublicAddress', () => {
  it.each<[string, Exposure, Endpoint, string]>([
    ['an IPv4 source: the public IPv4 address', exposure(internet, 'yes', ['0.0.0.0/0']), host({ publicIpv4: ['203.0.113.5'], ipv6: ['2001:db8::5'] }), 'at 203.0.113.5'],
    ['an IPv6 source: the global IPv6 address only', exposure(internet, 'yes', ['::/0']), host({ publicIpv4: ['203.0.113.5'], ipv6: ['fd00::5', '2001:db8::5'] }), 'at 2001:db8::5'],
    ['a CIDR source of one family', exposure(office, 'yes'), host({ publicIpv4: ['203.0.113.5'], ipv6: ['2001:db8::5'] }), 'at 203.0.113.5'],
    ['a prefix list may hold either family', exposure(list, 'yes'), host({ publicIpv4: ['203.0.113.5'], ipv6: ['2001:db8::5'] }), 'at 203.0.113.5, 2001:db8::5'],
    ['more than two are counted', exposure(list, 'yes'), host({ publicIpv4: ['203.0.113.5', '203.0.113.6'], ipv6: ['2001:db8::5'] }), 'at 203.0.113.5, 203.0.113.6 and 1 more'],
    ['a scheme without addresses', exposure(internet, 'yes', ['0.0.0.0/0']), host({ kind: 'load-balancer', privateIpv4: [], internetFacing: true }), 'internet-facing'],
    ['none public', exposure(internet, 'no', ['0.0.0.0/0']), host({}), 'no public address in the inputs'],
    ['not known', exposure(internet, 'unknown', ['0.0.0.0/0']), host({ privateIpv4: [] }), 'public address unknown'],
  ])('%s', (_what, x, endpoint, expected) => {
    expect(describePublicAddress(x, endpoint, x.from === office.id ? office : x.from === list.id ? list : internet)).toBe(expected);
  });

  it('says nothing for an exposure from an analysis made before the field', () => {
    const old = { ...exposure(internet, 'yes'), publicAddress: undefined } as unknown as Exposure;
    expect(describePublicAddress(old, host({}), internet)).toBe('');
  });
});

describe('describeExposure', () => {
  it('joins the source, the ports and where it gets in, as the CLI and the details panel print it', () => {
    const x: Exposure = { ...exposure(internet, 'yes', ['0.0.0.0/0']), ports: [{ protocol: 6, name: 'tcp', ranges: [[22, 22]], label: 'tcp 22' }] };
    expect(describeExposure(x, host({ publicIpv4: ['203.0.113.5'] }), internet)).toBe('Internet (0.0.0.0/0): tcp 22 · at 203.0.113.5');
  });

  it('says when no group filters it, and prints no trailing part for an exposure older than publicAddress', () => {
    const old = { ...exposure(internet, 'yes', ['0.0.0.0/0']), publicAddress: undefined, unfiltered: true } as unknown as Exposure;
    expect(describeExposure(old, host({}), internet)).toBe('Internet (0.0.0.0/0): nothing (no security group: AWS does not filter it)');
  });
});
