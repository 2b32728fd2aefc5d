// Protocol, port and CIDR normalisation, and the generic flatmap reader.
import { describe, expect, it } from 'vitest';
import { normalizeCidr, normalizePorts, normalizeProtocol } from '../../../../src/core/import/terraform/normalize';
import { unflattenFlatmap } from '../../../../src/core/import/terraform/values';

describe('normalizeProtocol', () => {
  it.each([
    ['tcp', 6], ['TCP', 6], ['6', 6], [6, 6], ['udp', 17], ['17', 17], ['icmp', 1], ['1', 1], ['icmpv6', 58], ['58', 58],
    ['-1', -1], [-1, -1], ['all', -1], ['ALL', -1], ['5', 5], ['esp', 50],
  ])('%s -> %s', (input, expected) => {
    expect(normalizeProtocol(input)).toBe(expected);
  });
  it('rejects unknown names, objects and missing values', () => {
    expect(normalizeProtocol('carrier-pigeon')).toHaveProperty('error');
    expect(normalizeProtocol({ p: 6 })).toHaveProperty('error');
    expect(normalizeProtocol(undefined)).toHaveProperty('error');
    expect(normalizeProtocol('256')).toHaveProperty('error');
  });
});

describe('normalizePorts', () => {
  it('ignores ports for -1 (even 0-65535) and other protocols', () => {
    expect(normalizePorts(-1, 0, 65535)).toEqual({ fromPort: null, toPort: null });
    expect(normalizePorts(5, '10', '55')).toEqual({ fromPort: null, toPort: null });
  });
  it('reads string ports and keeps icmp type/code', () => {
    expect(normalizePorts(6, '80', '443')).toEqual({ fromPort: 80, toPort: 443 });
    expect(normalizePorts(6, 0, 0)).toEqual({ fromPort: 0, toPort: 0 });
    expect(normalizePorts(1, -1, -1)).toEqual({ fromPort: -1, toPort: -1 });
    expect(normalizePorts(58, 128, 0)).toEqual({ fromPort: 128, toPort: 0 });
  });
  it('rejects from > to, out-of-range and non-numeric ports', () => {
    expect(normalizePorts(6, 443, 22)).toHaveProperty('error');
    expect(normalizePorts(17, 0, 70000)).toHaveProperty('error');
    expect(normalizePorts(6, { a: 1 }, 2)).toHaveProperty('error');
    expect(normalizePorts(6, undefined, undefined)).toHaveProperty('error');
  });
  it('rejects an ICMP type or code outside -1 to 255, which the engine would read as any type', () => {
    expect(normalizePorts(1, -5, -1)).toEqual({ error: 'has an ICMP type or code out of range (-5, -1)' });
    expect(normalizePorts(58, 128, 256)).toHaveProperty('error');
    expect(normalizePorts(1, 255, 255)).toEqual({ fromPort: 255, toPort: 255 });
  });
  it('rejects a code given for all ICMP types, which AWS rejects, instead of widening it to every code', () => {
    expect(normalizePorts(1, -1, 5)).toEqual({ error: 'has ICMP code 5 for all types, which AWS rejects (all types take all codes)' });
    expect(normalizePorts(58, null, 0)).toHaveProperty('error');
    // A type with every code is fine.
    expect(normalizePorts(1, 8, -1)).toEqual({ fromPort: 8, toPort: -1 });
  });
});

describe('normalizeCidr', () => {
  it.each([
    ['0.0.0.0/0', '0.0.0.0/0'], ['10.0.0.0/8', '10.0.0.0/8'], ['::/0', '::/0'], ['2001:DB8:0:0::1/128', '2001:db8::1/128'],
    ['2001:db8:0:0:1:0:0:1/128', '2001:db8::1:0:0:1/128'], ['::ffff:10.0.0.1/128', '::ffff:10.0.0.1/128'],
  ])('%s -> %s', (input, expected) => {
    expect(normalizeCidr(input)).toEqual({ cidr: expected });
  });
  it('clears host bits and adds a missing prefix length, with a note', () => {
    expect(normalizeCidr('10.1.2.3/8')).toEqual({ cidr: '10.0.0.0/8', note: '"10.1.2.3/8" has host bits set; read as 10.0.0.0/8' });
    expect(normalizeCidr('fe80::1/10')).toMatchObject({ cidr: 'fe80::/10' });
    expect(normalizeCidr('192.0.2.7')).toMatchObject({ cidr: '192.0.2.7/32' });
  });
  it('rejects garbage', () => {
    for (const bad of ['', 'x/3', '10.0.0.256/8', '10.0.0.0/33', '1::2::3/64', '2001:db8::/129', '10.0.0/8']) {
      expect(normalizeCidr(bad)).toHaveProperty('error');
    }
  });
});

describe('unflattenFlatmap', () => {
  it('builds lists from hash and list indices, maps with dotted keys and empty lists', () => {
    expect(unflattenFlatmap({
      id: 'sg-1',
      'ingress.#': '2',
      'ingress.222.from_port': '80',
      'ingress.222.cidr_blocks.#': '1',
      'ingress.222.cidr_blocks.0': '0.0.0.0/0',
      'ingress.111.from_port': '22',
      'ingress.111.cidr_blocks.#': '0',
      'egress.#': '0',
      'tags.%': '2',
      'tags.Name': 'web',
      'tags.kubernetes.io/cluster/x': 'owned',
      'vpc_config.#': '1',
      'vpc_config.0.subnet_ids.#': '1',
      'vpc_config.0.subnet_ids.3344': 'subnet-1',
    })).toEqual({
      id: 'sg-1',
      ingress: [{ from_port: '22', cidr_blocks: [] }, { from_port: '80', cidr_blocks: ['0.0.0.0/0'] }],
      egress: [],
      tags: { Name: 'web', 'kubernetes.io/cluster/x': 'owned' },
      vpc_config: [{ subnet_ids: ['subnet-1'] }],
    });
  });
  it('reads v1 maps counted with # as maps', () => {
    expect(unflattenFlatmap({ 'tags.#': '1', 'tags.Name': 'a' })).toEqual({ tags: { Name: 'a' } });
  });
});
