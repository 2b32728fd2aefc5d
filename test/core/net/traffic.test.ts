// Traffic sets: what rules and questions cover, and their labels, worked out from the AWS rule forms.
import { describe, expect, it } from 'vitest';
import {
  ALL_TRAFFIC,
  NO_TRAFFIC,
  coversTraffic,
  intersectTraffic,
  isAllTraffic,
  isTrafficEmpty,
  overlapsTraffic,
  subtractTraffic,
  toProtocolPorts,
  trafficContains,
  trafficEquals,
  trafficFromProtocolPorts,
  trafficLabel,
  trafficOfQuery,
  trafficOfRule,
  unionAllTraffic,
  unionTraffic,
} from '../../../src/core/net/traffic';

const rule = trafficOfRule;

describe('traffic sets', () => {
  it('protocol -1 is all traffic whatever its ports say', () => {
    expect(isAllTraffic(rule(-1, 0, 0))).toBe(true);
    expect(isAllTraffic(rule(-1, 0, 65535))).toBe(true);
    expect(trafficContains(rule(-1, null, null), 47)).toBe(true);
  });

  it('tcp/udp ports are inclusive; tcp never covers udp', () => {
    const t = rule(6, 80, 90);
    expect(trafficContains(t, 6, 79)).toBe(false);
    expect(trafficContains(t, 6, 80)).toBe(true);
    expect(trafficContains(t, 6, 90)).toBe(true);
    expect(trafficContains(t, 6, 91)).toBe(false);
    expect(trafficContains(t, 17, 80)).toBe(false);
  });

  it('icmp encodes type*256+code; -1 means any type or any code; icmp is not icmpv6', () => {
    expect(trafficContains(rule(1, 8, -1), 1, 8 * 256 + 0)).toBe(true);
    expect(trafficContains(rule(1, 8, -1), 1, 3 * 256 + 4)).toBe(false);
    expect(trafficContains(rule(1, 3, 4), 1, 3 * 256 + 4)).toBe(true);
    expect(trafficContains(rule(1, 3, 4), 1, 3 * 256 + 3)).toBe(false);
    expect(trafficContains(rule(1, -1, -1), 1, 255 * 256 + 255)).toBe(true);
    expect(trafficContains(rule(1, -1, -1), 58, 128 * 256)).toBe(false);
  });

  it('other protocols ignore ports', () => {
    expect(toProtocolPorts(rule(47, 5, 6))).toEqual([{ protocol: 47, name: '47', ranges: [[0, 65535]], label: 'protocol 47' }]);
  });

  it('questions: a port, every port, an icmp type, every protocol', () => {
    expect(coversTraffic(rule(6, 0, 65535), trafficOfQuery({ protocol: 6 }))).toBe(true);
    expect(coversTraffic(rule(6, 1, 65535), trafficOfQuery({ protocol: 6 }))).toBe(false);
    expect(coversTraffic(rule(1, 8, -1), trafficOfQuery({ protocol: 1, icmpType: 8, icmpCode: 0 }))).toBe(true);
    expect(coversTraffic(rule(1, 8, -1), trafficOfQuery({ protocol: 1 }))).toBe(false);
    expect(coversTraffic(unionTraffic(rule(6, 0, 65535), rule(17, 0, 65535)), trafficOfQuery({ protocol: -1 }))).toBe(false);
    expect(coversTraffic(ALL_TRAFFIC, trafficOfQuery({ protocol: -1 }))).toBe(true);
  });

  it('questions: an icmp code needs a type, as codes are numbered within one', () => {
    expect(() => trafficOfQuery({ protocol: 1, icmpCode: 3 })).toThrow('icmpCode 3 needs an icmpType: ICMP codes are numbered within a type');
    expect(() => trafficOfQuery({ protocol: 58, icmpType: -1, icmpCode: 0 })).toThrow('icmpCode 0 needs an icmpType');
    // Type 3 code 3 (port unreachable) is one type-code pair; a code of -1 is every code of the type.
    expect(trafficContains(trafficOfQuery({ protocol: 1, icmpType: 3, icmpCode: 3 }), 1, 3 * 256 + 3)).toBe(true);
    expect(trafficContains(trafficOfQuery({ protocol: 1, icmpType: 3, icmpCode: 3 }), 1, 5 * 256 + 3)).toBe(false);
    expect(trafficContains(trafficOfQuery({ protocol: 1, icmpType: 3, icmpCode: -1 }), 1, 3 * 256 + 13)).toBe(true);
    expect(trafficContains(trafficOfQuery({ protocol: 1, icmpType: -1, icmpCode: -1 }), 1, 5 * 256 + 3)).toBe(true);
  });

  it('algebra: union, intersection, subtraction with all-traffic defaults', () => {
    const web = unionAllTraffic([rule(6, 80, 80), rule(6, 443, 443), rule(17, 53, 53)]);
    expect(trafficLabel(web)).toBe('tcp 80, 443; udp 53');
    expect(trafficEquals(intersectTraffic(ALL_TRAFFIC, web), web)).toBe(true);
    expect(trafficEquals(unionTraffic(ALL_TRAFFIC, web), ALL_TRAFFIC)).toBe(true);
    const rest = subtractTraffic(ALL_TRAFFIC, rule(6, 22, 22));
    expect(trafficContains(rest, 6, 22)).toBe(false);
    expect(trafficContains(rest, 6, 23)).toBe(true);
    expect(trafficContains(rest, 50)).toBe(true);
    expect(trafficEquals(unionTraffic(rest, rule(6, 22, 22)), ALL_TRAFFIC)).toBe(true);
    expect(overlapsTraffic(rest, rule(6, 22, 22))).toBe(false);
    expect(overlapsTraffic(rest, ALL_TRAFFIC)).toBe(true);
    expect(isTrafficEmpty(intersectTraffic(rule(6, 80, 80), rule(17, 80, 80)))).toBe(true);
    expect(isTrafficEmpty(NO_TRAFFIC)).toBe(true);
  });

  it.each([
    [rule(6, 80, 80), 'tcp 80'],
    [unionAllTraffic([rule(6, 80, 80), rule(6, 443, 443), rule(6, 8000, 8080)]), 'tcp 80, 443, 8000-8080'],
    [rule(6, 0, 65535), 'tcp all ports'],
    [rule(17, 53, 53), 'udp 53'],
    [rule(1, 8, -1), 'icmp echo-request'],
    [rule(1, 3, 4), 'icmp type 3 code 4'],
    [rule(1, -1, -1), 'icmp all'],
    [rule(58, 128, -1), 'icmpv6 echo-request'],
    [rule(-1, null, null), 'all traffic'],
  ])('label %#: %s', (t, label) => {
    expect(trafficLabel(t)).toBe(label);
  });

  it('round trips through ProtocolPorts', () => {
    const t = unionAllTraffic([rule(6, 80, 80), rule(1, 8, -1), rule(47, null, null)]);
    expect(trafficEquals(trafficFromProtocolPorts(toProtocolPorts(t)), t)).toBe(true);
    expect(toProtocolPorts(ALL_TRAFFIC)).toEqual([{ protocol: -1, name: 'all', ranges: [], label: 'all traffic' }]);
  });
});
