// Address and CIDR parsing: table-driven, expectations from RFC 4291 / RFC 5952 text forms.
import { describe, expect, it } from 'vitest';
import { AddressError, addressFamily, formatCidr, isCidrWithin, isPrivateAddress, isPrivateCidr, parseAddress, parseCidr, tryParseAddress } from '../../../src/core/net/address';

describe('parseAddress', () => {
  it.each([
    ['10.0.0.5', 4, 167772165, '10.0.0.5'],
    ['0.0.0.0', 4, 0, '0.0.0.0'],
    ['255.255.255.255', 4, 4294967295, '255.255.255.255'],
    [' 192.168.1.1 ', 4, 3232235777, '192.168.1.1'],
  ])('IPv4 %s', (text, family, value, norm) => {
    const a = parseAddress(text);
    expect(a.family).toBe(family);
    expect(a.value).toBe(value);
    expect(a.text).toBe(norm);
  });

  it.each([
    ['::', 0n, '::'],
    ['::1', 1n, '::1'],
    ['2001:DB8::1', 0x20010db8000000000000000000000001n, '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', 0x20010db8000000000001000000000001n, '2001:db8::1:0:0:1'],
    ['ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', (1n << 128n) - 1n, 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
    ['::ffff:10.0.0.1', 0xffff0a000001n, '::ffff:10.0.0.1'],
    ['fe80::1:2', 0xfe800000000000000000000000010002n, 'fe80::1:2'],
    ['1:0:0:2:0:0:0:3', 0x00010000000000020000000000000003n, '1:0:0:2::3'],
  ])('IPv6 %s', (text, value, norm) => {
    const a = parseAddress(text);
    expect(a.family).toBe(6);
    expect(a.value).toBe(value);
    expect(a.text).toBe(norm);
  });

  it.each(['', 'abc', '10.0.0', '10.0.0.256', '10.0.0.01', '1.2.3.4.5', '10.0.0.-1', ':::', '1::2::3', '12345::', 'g::1', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7', 'fe80::1%eth0', '10.0.0.5/8'])(
    'rejects %j with a one-line reason',
    (text) => {
      expect(() => parseAddress(text)).toThrow(AddressError);
      expect(tryParseAddress(text)).toBeNull();
    },
  );

  it('detects the family by shape', () => {
    expect(addressFamily('10.0.0.0/8')).toBe(4);
    expect(addressFamily('2001:db8::/32')).toBe(6);
    expect(addressFamily('nope')).toBeNull();
  });
});

describe('parseCidr', () => {
  it.each([
    ['10.0.0.0/8', '10.0.0.0/8', false, 167772160, 184549375],
    ['10.0.0.5/8', '10.0.0.0/8', true, 167772160, 184549375],
    ['0.0.0.0/0', '0.0.0.0/0', false, 0, 4294967295],
    ['1.2.3.4/32', '1.2.3.4/32', false, 16909060, 16909060],
    ['192.168.1.200/25', '192.168.1.128/25', true, 3232235904, 3232236031],
  ])('IPv4 %s -> %s', (text, norm, hostBits, start, end) => {
    const c = parseCidr(text);
    expect(c.text).toBe(norm);
    expect(c.hostBitsSet).toBe(hostBits);
    expect(c.start).toBe(start);
    expect(c.end).toBe(end);
  });

  it('IPv6 edges: ::/0 spans the whole space, a /128 at the top of the space is one address', () => {
    const all = parseCidr('::/0');
    expect(all.start).toBe(0n);
    expect(all.end).toBe((1n << 128n) - 1n);
    const top = parseCidr('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128');
    expect(top.start).toBe((1n << 128n) - 1n);
    expect(top.end).toBe(top.start);
    expect(parseCidr('2001:DB8::1/32')).toMatchObject({ text: '2001:db8::/32', hostBitsSet: true });
  });

  it.each(['10.0.0.0', '10.0.0.0/33', '10.0.0.0/-1', '10.0.0.0/08', '::/129', 'x/8', '10.0.0.0/'])('rejects %j', (text) => {
    expect(() => parseCidr(text)).toThrow(AddressError);
  });

  it('formats CIDRs canonically', () => {
    expect(formatCidr('10.1.2.3/16')).toBe('10.1.0.0/16');
    expect(formatCidr('2001:0DB8:0000::/48')).toBe('2001:db8::/48');
  });
});

describe('isPrivateAddress', () => {
  it.each([
    ['10.1.2.3', true],
    ['172.16.0.1', true],
    ['172.31.255.255', true],
    ['172.32.0.0', false],
    ['192.168.0.1', true],
    ['100.64.0.1', true],
    ['100.128.0.0', false],
    ['127.0.0.1', true],
    ['169.254.169.254', true],
    ['8.8.8.8', false],
    ['54.1.2.3', false],
    ['fd00::1', true],
    ['fc00::', true],
    ['fe80::1', true],
    ['::1', true],
    ['2001:db8::1', false],
  ])('%s -> %s', (a, expected) => {
    expect(isPrivateAddress(a)).toBe(expected);
  });

  it('a CIDR is private only when wholly inside one private block', () => {
    expect(isPrivateCidr('10.0.0.0/8')).toBe(true);
    expect(isPrivateCidr('10.0.0.0/7')).toBe(false);
    expect(isPrivateCidr('0.0.0.0/0')).toBe(false);
    expect(isPrivateCidr('192.168.10.0/24')).toBe(true);
    expect(isPrivateCidr('fd00::/8')).toBe(true);
    expect(isPrivateCidr('::/0')).toBe(false);
  });

  it.each([
    ['10.1.2.0/24', '10.0.0.0/8', true],
    ['10.0.0.0/8', '10.0.0.0/8', true],
    ['10.0.0.0/7', '10.0.0.0/8', false],
    ['11.0.0.0/24', '10.0.0.0/8', false],
    ['2001:db8:1::/48', '2001:db8::/32', true],
    ['2001:db9::/48', '2001:db8::/32', false],
    // The same numbers in the other family are other addresses.
    ['::/96', '0.0.0.0/0', false],
    ['0.0.0.0/0', '::/0', false],
  ])('isCidrWithin(%s, %s) -> %s', (inner, outer, expected) => {
    expect(isCidrWithin(parseCidr(inner), parseCidr(outer))).toBe(expected);
  });
});
