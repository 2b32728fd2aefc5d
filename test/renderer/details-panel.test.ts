// What an edge's explanation says of an outside end that lists no rule: the Internet has none of
// these inputs' rules; a CIDR block or prefix list stands for hosts the inputs do not describe,
// which may be inside the VPC (a block of its own), so "outside the network" would be wrong; a
// group defined elsewhere has rules that are unknown, not absent.
import { describe, expect, it } from 'vitest';
import { outsideSide } from '../../src/renderer/details-panel';

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
