// What an edge's explanation says of an outside end that lists no rule: the Internet has none of
// these inputs' rules; a CIDR block or prefix list stands for hosts the inputs do not describe,
// which may be inside the VPC (a block of its own), so "outside the network" would be wrong; a
// group defined elsewhere has rules that are unknown, not absent.
import { describe, expect, it } from 'vitest';
import type { SecurityGroup } from '../../src/core/model';
import { describeRuleLines, outsideSide } from '../../src/renderer/details-panel';
import type { ShownRule } from '../../src/renderer/details-panel';

describe('outsideSide', () => {
  it.each<[string | undefined, 'source' | 'destination', string]>([
    ['internet', 'source', 'The source is the Internet: no egress rule of these inputs applies there.'],
    ['internet', 'destination', 'The destination is the Internet: no ingress rule of these inputs applies there.'],
    ['cidr', 'source', "The source stands for hosts the inputs do not describe (a CIDR block): their own egress rules are not known, and only the other end's rules are weighed."],
    ['prefix-list', 'destination', "The destination stands for hosts the inputs do not describe (a prefix list): their own ingress rules are not known, and only the other end's rules are weighed."],
    ['external-group', 'source', 'The source is a group defined outside the inputs: its egress rules are not known.'],
  ])('%s as the %s', (kind, side, expected) => {
    expect(outsideSide(kind, side)).toBe(expected);
    expect(outsideSide(kind, side)).not.toContain('outside the network');
  });
});

// The same two lines under a node, an edge and an answer: ports first, then whose rule it is.
describe('describeRuleLines', () => {
  const groups = new Map<string, SecurityGroup>([['sg-1', { id: 'sg-1', name: 'bastion', external: false }]]);
  const rule = (r: Partial<ShownRule>): ShownRule => ({ groupId: 'sg-1', direction: 'ingress', protocol: 6, fromPort: 22, toPort: 22, peer: { kind: 'cidr', cidr: '203.0.113.10/32' }, origins: [], ...r });
  it.each<[string, ShownRule, { what: string; owner: string }]>([
    ['ssh from one address', rule({}), { what: 'tcp 22 from 203.0.113.10/32', owner: 'ingress rule of bastion (sg-1)' }],
    ['all traffic out to the Internet, of a group without a name', rule({ groupId: 'sg-2', direction: 'egress', protocol: -1, fromPort: null, toPort: null, peer: { kind: 'cidr', cidr: '0.0.0.0/0' } }), { what: 'all traffic to 0.0.0.0/0 (the Internet)', owner: 'egress rule of sg-2' }],
    ['a port range from a group, named', rule({ groupId: 'sg-2', fromPort: 5432, toPort: 5433, peer: { kind: 'group', groupId: 'sg-1' } }), { what: 'tcp 5432-5433 from bastion (sg-1)', owner: 'ingress rule of sg-2' }],
    ['udp from a prefix list', rule({ protocol: 17, fromPort: 53, toPort: 53, peer: { kind: 'prefixList', id: 'pl-1' } }), { what: 'udp 53 from prefix list pl-1', owner: 'ingress rule of bastion (sg-1)' }],
  ])('%s', (_name, r, expected) => {
    expect(describeRuleLines(r, groups)).toEqual(expected);
  });
});
