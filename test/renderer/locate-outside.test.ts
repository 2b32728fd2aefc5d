// Which outside node "Can A reach B?" marks for an outside address: the one holding it most
// narrowly. Expectations are worked out by hand from the blocks below.
import { describe, expect, it } from 'vitest';
import type { PrefixList } from '../../src/core/model';
import { locateOutsideNode } from '../../src/renderer/locate-outside';
import type { MapNodeData } from '../../src/renderer/view-model';

const node = (id: string, kind: string, extra: Partial<MapNodeData> = {}): MapNodeData => ({ id, label: id, role: 'external', kind, endpointIds: [], search: id, vpcIds: [], subnetIds: [], ...extra }) as MapNodeData;

const nodes: MapNodeData[] = [
  node('internet', 'internet', { cidrs: ['0.0.0.0/0', '::/0'] }),
  node('cidr:198.51.100.0/24', 'cidr', { cidrs: ['198.51.100.0/24'] }),
  node('cidr:198.51.100.128/25', 'cidr', { cidrs: ['198.51.100.128/25'] }),
  node('pl:pl-office', 'prefix-list', { prefixListId: 'pl-office' }),
  node('group:sg-peer', 'external-group', { groupId: 'sg-peer' }),
  // An endpoint whose address lies in a block is not an outside node.
  { ...node('ep:i-1', 'instance', { cidrs: ['203.0.113.0/24'] }), role: 'endpoint' },
];
const lists: PrefixList[] = [{ id: 'pl-office', name: 'office', entries: ['203.0.113.0/26', '2001:db8:1::/48'] }];

describe('locateOutsideNode', () => {
  it.each<[string | undefined, string | undefined]>([
    ['198.51.100.7', 'cidr:198.51.100.0/24'],
    // In both blocks: the /25 holds it more narrowly.
    ['198.51.100.200', 'cidr:198.51.100.128/25'],
    ['203.0.113.9', 'pl:pl-office'],
    ['2001:db8:1::5', 'pl:pl-office'],
    // Outside every named block: the Internet, in either family.
    ['192.0.2.44', 'internet'],
    ['2001:db8:ffff::1', 'internet'],
    ['203.0.113.100', 'internet'],
    [undefined, undefined],
    ['not an address', undefined],
  ])('%s is marked on %s', (address, expected) => {
    expect(locateOutsideNode(nodes, address, lists)).toBe(expected);
  });

  it('an address no outside node holds marks nothing, not the Internet', () => {
    const ipv4Only = [node('internet', 'internet', { cidrs: ['0.0.0.0/0'] }), node('cidr:10.0.0.0/8', 'cidr', { cidrs: ['10.0.0.0/8'] })];
    expect(locateOutsideNode(ipv4Only, '2001:db8::1', [])).toBeUndefined();
    expect(locateOutsideNode([node('cidr:10.0.0.0/8', 'cidr', { cidrs: ['10.0.0.0/8'] })], '172.16.0.1', [])).toBeUndefined();
    expect(locateOutsideNode([node('cidr:10.0.0.0/8', 'cidr', { cidrs: ['10.0.0.0/8'] })], '10.1.2.3', [])).toBe('cidr:10.0.0.0/8');
  });
});
