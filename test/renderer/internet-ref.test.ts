// Pins the Internet's stand-in address for "Can A reach B?": a documentation address that is no
// endpoint's and, while one is left, inside no named block, so the engine's answer is the Internet's.
import { describe, expect, it } from 'vitest';
import { INTERNET_REF, internetFamilies, internetStandIn, parseInternetRef, pickInternetAnswer } from '../../src/renderer/internet-ref';
import type { FamilyAnswer, InternetAnswerLike } from '../../src/renderer/internet-ref';
import type { Snapshot } from '../../src/core/model';
import { createFixtureModel } from './fixture-model';

function snapshotWith(edit: (s: Snapshot) => void): Snapshot {
  const s = structuredClone(createFixtureModel().snapshot);
  edit(s);
  return s;
}

describe('internetStandIn', () => {
  it('skips documentation ranges a rule names and addresses an endpoint has', () => {
    // The fixture's office CIDR is 192.0.2.0/24 and the bastion's public IP 203.0.113.7.
    expect(internetStandIn(createFixtureModel().snapshot)).toBe('198.51.100.1');
    const s = snapshotWith((x) => {
      x.endpoints[0]!.publicIpv4 = ['198.51.100.128'];
      x.rules.push({ ...x.rules[0]!, id: 'half', peer: { kind: 'cidr', cidr: '198.51.100.0/25' } });
    });
    expect(internetStandIn(s)).toBe('198.51.100.129');
  });

  it('is never an address of an endpoint, public or private, nor of an interface', () => {
    const s = snapshotWith((x) => {
      x.endpoints[0]!.publicIpv4 = ['198.51.100.1'];
      x.endpoints[1]!.privateIpv4 = ['198.51.100.2'];
      x.endpoints[2]!.interfaces = [{ id: 'eni-x', privateIpv4: '198.51.100.3' }];
    });
    expect(internetStandIn(s)).toBe('198.51.100.4');
  });

  it('keeps out of prefix lists, VPCs and subnets, but not of the Internet itself', () => {
    const s = snapshotWith((x) => {
      x.prefixLists[0]!.entries = ['198.51.100.0/24'];
      x.vpcs[0]!.cidrs = ['203.0.113.0/25'];
      x.subnets[0]!.cidr = '203.0.113.128/26';
    });
    expect(internetStandIn(s)).toBe('203.0.113.192');
  });

  it('when named blocks cover every documentation address, takes the lowest public address none of them or of the endpoints holds', () => {
    // 128.0.0.0/1 holds the documentation ranges; 1.0.0.0/24 and an endpoint at 1.0.1.0 push it on.
    const s = snapshotWith((x) => {
      x.rules.push({ ...x.rules[0]!, id: 'upper', peer: { kind: 'cidr', cidr: '128.0.0.0/1' } });
      x.rules.push({ ...x.rules[0]!, id: 'low', peer: { kind: 'cidr', cidr: '0.0.0.0/8' } });
      x.rules.push({ ...x.rules[0]!, id: 'one', peer: { kind: 'cidr', cidr: '1.0.0.0/24' } });
      x.endpoints[0]!.publicIpv4 = ['1.0.1.0'];
    });
    expect(internetStandIn(s)).toBe('1.0.1.1');
    // Never inside a named block: a rule open to 128.0.0.0/1 must not read as open to the Internet.
    const cover = snapshotWith((x) => {
      x.rules.push({ ...x.rules[0]!, id: 'lower', peer: { kind: 'cidr', cidr: '0.0.0.0/1' } });
      x.rules.push({ ...x.rules[0]!, id: 'upper', peer: { kind: 'cidr', cidr: '128.0.0.0/1' } });
    });
    expect(internetStandIn(cover)).toBeUndefined();
  });

  it('in IPv6, past a block over the documentation range (2001:db8::/32), a global unicast address no block holds', () => {
    const s = snapshotWith((x) => {
      x.vpcs[0]!.ipv6Cidrs = ['2001:db8::/32'];
      x.rules.push({ ...x.rules[0]!, id: 'v6', peer: { kind: 'cidr', cidr: '2000::/16' } });
    });
    expect(internetStandIn(s, 6)).toBe('2001::');
  });

  it('gives an IPv6 documentation address for IPv6', () => {
    const s = snapshotWith((x) => {
      x.endpoints[0]!.ipv6 = ['2001:db8::1'];
    });
    expect(internetStandIn(s, 6)).toBe('2001:db8::2');
  });
});

describe('parseInternetRef', () => {
  it('reads what a pick of the Internet node puts in the field', () => {
    // The Internet holds hosts of both families: the panel asks over each.
    expect(parseInternetRef(INTERNET_REF)).toBe('any');
    expect(parseInternetRef('web-1')).toBeNull();
  });
});

describe('parseInternetRef, typed', () => {
  it('takes Internet in any case, and the whole-Internet blocks, in their family', () => {
    expect(parseInternetRef(' internet ')).toBe('any');
    expect(parseInternetRef('INTERNET')).toBe('any');
    expect(parseInternetRef('0.0.0.0/0')).toBe(4);
    expect(parseInternetRef('::/0')).toBe(6);
    expect(parseInternetRef('10.0.0.0/8')).toBeNull();
    expect(parseInternetRef('internet-gateway')).toBeNull();
  });
});

describe('pickInternetAnswer', () => {
  // An answer in one family; `notInFamily` when the other end has no address in it.
  const ans = (family: 4 | 6, verdict: InternetAnswerLike['verdict'], notInFamily?: 'no-address' | 'mismatch'): FamilyAnswer<InternetAnswerLike> => ({
    family,
    answer: notInFamily ? { verdict, notInFamily } : { verdict },
  });
  const table: [string, FamilyAnswer<InternetAnswerLike>[], 4 | 6, (4 | 6)[]][] = [
    ['a dual-stack endpoint open to ::/0 alone is open to the Internet: IPv6 is shown', [ans(4, 'denied'), ans(6, 'allowed')], 6, [4]],
    ['open over IPv4 only: IPv4 is shown, IPv6 given as denied', [ans(4, 'allowed'), ans(6, 'denied')], 4, [6]],
    ['open over both: IPv4 on the tie', [ans(4, 'allowed'), ans(6, 'allowed')], 4, [6]],
    ['depends beats denied', [ans(4, 'denied'), ans(6, 'depends')], 6, [4]],
    ['allowed beats depends', [ans(4, 'depends'), ans(6, 'allowed')], 6, [4]],
    ['an IPv4-only endpoint: the IPv6 denial (no address) does not count', [ans(4, 'denied'), ans(6, 'denied', 'no-address')], 4, []],
    ['an IPv6-only endpoint: the IPv4 denial (no address) does not count', [ans(4, 'denied', 'no-address'), ans(6, 'denied')], 6, []],
    ['a typed IPv6 address: the IPv4 question (families differ) does not count', [ans(4, 'denied', 'mismatch'), ans(6, 'denied')], 6, []],
    ['an endpoint of unknown addresses denied over IPv6 by its rules still counts', [ans(4, 'allowed'), ans(6, 'denied')], 4, [6]],
    ['no family places the other end: the IPv4 answer, alone', [ans(4, 'denied', 'no-address'), ans(6, 'denied', 'no-address')], 4, []],
  ];
  it.each(table)('%s', (_name, answers, shown, others) => {
    const picked = pickInternetAnswer(answers);
    expect(picked.shown.family).toBe(shown);
    expect(picked.others.map((o) => o.family)).toEqual(others);
  });
});

describe('internetFamilies', () => {
  it('asks ICMP over IPv4 only (ICMPv6 is another protocol), everything else over both', () => {
    expect(internetFamilies('icmp')).toEqual([4]);
    expect(internetFamilies('icmpv6')).toEqual([6]);
    expect(internetFamilies('tcp')).toEqual([4, 6]);
    expect(internetFamilies('all')).toEqual([4, 6]);
  });
});
