/**
 * The offline AWS importer: recognition from content, each describe-* kind, botocore and placebo
 * wrappers, EC2-Classic groups, references that must become external groups (peered, cross-account,
 * amazon-elb), malformed input on purpose, and rule splitting/normalisation. Inputs are the small
 * fixtures next to this file; the corpus and the cloudmapper demo are covered in corpus.test.ts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importInputs } from '../../../../src/core/import';
import { awsCliImporter } from '../../../../src/core/import/aws/aws-cli-importer';
import { normalizeCidr } from '../../../../src/core/import/aws/aws-cidr';
import { parseAwsProtocol, portsFor } from '../../../../src/core/import/aws/aws-rules';
import { ImportError, type InputFile, type Rule, type Snapshot } from '../../../../src/core/model';
import { parseSnapshot, serializeSnapshot } from '../../../../src/core/snapshot-io';
import { buildReachIndex, resolveRef } from '../../../../src/core/reach';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = (name: string): InputFile => ({ name, text: readFileSync(path.join(here, 'fixtures', name), 'utf8') });
const importDoc = (doc: unknown, name = 'doc.json'): Snapshot => importInputs([{ name, text: JSON.stringify(doc) }]);
const rulesOf = (s: Snapshot, groupId: string, direction?: string): Rule[] => s.rules.filter((r) => r.groupId === groupId && (!direction || r.direction === direction));

describe('detection', () => {
  it('recognises each describe-* output by its top-level key', () => {
    const cases: [unknown, string][] = [
      [{ SecurityGroups: [] }, 'aws-cli:describe-security-groups'],
      [{ SecurityGroupRules: [] }, 'aws-cli:describe-security-group-rules'],
      [{ NetworkInterfaces: [] }, 'aws-cli:describe-network-interfaces'],
      [{ Reservations: [] }, 'aws-cli:describe-instances'],
      [{ Vpcs: [] }, 'aws-cli:describe-vpcs'],
      [{ Subnets: [] }, 'aws-cli:describe-subnets'],
      [{ NetworkAcls: [] }, 'aws-cli:describe-network-acls'],
      [{ RouteTables: [] }, 'aws-cli:describe-route-tables'],
      [{ PrefixLists: [] }, 'aws-cli:describe-managed-prefix-lists'],
      [{ Entries: [{ Cidr: '10.0.0.0/8' }], PrefixListId: 'pl-1' }, 'aws-cli:get-managed-prefix-list-entries'],
      [{ InternetGateways: [] }, 'aws-cli:describe-internet-gateways'],
      [{ VpcPeeringConnections: [] }, 'aws-cli:describe-vpc-peering-connections'],
      [{ LoadBalancerDescriptions: [] }, 'aws-cli:elb-describe-load-balancers'],
      [{ LoadBalancers: [{ LoadBalancerName: 'x' }] }, 'aws-cli:elbv2-describe-load-balancers'],
      [{ DBInstances: [] }, 'aws-cli:rds-describe-db-instances'],
      [{ Functions: [{ FunctionName: 'f' }] }, 'aws-cli:lambda-list-functions'],
      [{ SecurityGroups: [], NetworkInterfaces: [] }, 'aws-cli:combined'],
      [{ status_code: 200, data: { Vpcs: [], ResponseMetadata: {} } }, 'aws-cli:describe-vpcs'],
      [{ Subnets: [], ResponseMetadata: { RequestId: 'x' } }, 'aws-cli:describe-subnets'],
    ];
    for (const [doc, format] of cases) expect(awsCliImporter.detect(doc, 'x.json'), format).toBe(format);
  });

  it('leaves other tools\' documents alone', () => {
    expect(awsCliImporter.detect({ version: 4, terraform_version: '1.5.0', resources: [] }, 'x')).toBeNull();
    expect(awsCliImporter.detect({ format: 'reachmap-snapshot', groups: [] }, 'x')).toBeNull();
    expect(awsCliImporter.detect({ Functions: [{ name: 'not lambda' }] }, 'x')).toBeNull();
    expect(awsCliImporter.detect({ Foo: [] }, 'x')).toBeNull();
    expect(awsCliImporter.detect([{ SecurityGroups: [] }], 'x')).toBeNull();
    expect(awsCliImporter.detect(null, 'x')).toBeNull();
  });

  it('records the detected kind in sources', () => {
    const s = importInputs([fixture('placebo-security-groups.json')]);
    expect(s.sources).toEqual([{ file: 'placebo-security-groups.json', format: 'aws-cli:describe-security-groups' }]);
  });
});

describe('security groups', () => {
  it('unwraps placebo/botocore wrappers and splits permissions into atomic, normalised rules', () => {
    const s = importInputs([fixture('placebo-security-groups.json')]);
    expect(s.groups).toEqual([
      expect.objectContaining({ id: 'sg-0f00000000000001', name: 'web', vpcId: 'vpc-0f00000000000001', ownerId: '210987654321', external: false }),
    ]);
    const ingress = rulesOf(s, 'sg-0f00000000000001', 'ingress');
    expect(ingress.map((r) => r.peer)).toEqual(
      expect.arrayContaining([
        { kind: 'cidr', cidr: '0.0.0.0/0' },
        { kind: 'cidr', cidr: '10.1.0.0/16' },
        { kind: 'cidr', cidr: '2001:db8::/32' },
        { kind: 'group', groupId: 'sg-0f00000000000001' },
      ]),
    );
    expect(ingress).toHaveLength(4);
    for (const r of ingress) expect([r.protocol, r.fromPort, r.toPort]).toEqual([6, 80, 80]);
    expect(ingress.find((r) => r.peer.kind === 'cidr' && r.peer.cidr === '0.0.0.0/0')?.description).toBe('http');
    expect(rulesOf(s, 'sg-0f00000000000001', 'egress')).toEqual([expect.objectContaining({ protocol: -1, fromPort: null, toPort: null, peer: { kind: 'cidr', cidr: '0.0.0.0/0' } })]);
    expect(s.meta.accountId).toBe('210987654321');
  });

  it('accepts EC2-Classic groups without VpcId, resolving name-only self references', () => {
    const s = importInputs([fixture('classic-security-groups.json')]);
    expect(s.groups.map((g) => [g.id, g.vpcId, g.external])).toEqual([
      ['sg-c1a55100', undefined, false],
      ['sg-c1a55101', undefined, false],
    ]);
    const tcp = rulesOf(s, 'sg-c1a55100').find((r) => r.protocol === 6);
    expect(tcp).toMatchObject({ fromPort: 0, toPort: 65535, peer: { kind: 'group', groupId: 'sg-c1a55100' } });
    expect(rulesOf(s, 'sg-c1a55101')[0]?.peer).toEqual({ kind: 'group', groupId: 'sg-c1a55100' });
    expect(rulesOf(s, 'sg-c1a55100').find((r) => r.protocol === 1)).toMatchObject({ fromPort: -1, toPort: -1 });
    expect(s.warnings.filter((w) => w.code === 'external-group')).toEqual([]);
  });

  it('turns peered, cross-account and amazon-elb references into external groups with warnings, never dropping the rule', () => {
    const s = importInputs([fixture('external-references.json')]);
    const ext = Object.fromEntries(s.groups.filter((g) => g.external).map((g) => [g.id, g.externalReason]));
    expect(ext).toEqual({
      'sg-0e0000000000peer': 'peered',
      'sg-0e00000000000other': 'cross-account',
      'sg-843f59ed': 'aws-managed',
      'sg-0e000000000missing': 'missing',
    });
    expect(s.groups.find((g) => g.id === 'sg-0e0000000000peer')).toMatchObject({ vpcId: 'vpc-0e0000000000peer', ownerId: '111111111111' });
    expect(rulesOf(s, 'sg-0e00000000000001')).toHaveLength(4);
    const warned = s.warnings.filter((w) => w.code === 'external-group').map((w) => w.subject);
    expect(warned.sort()).toEqual(Object.keys(ext).sort());
    expect(s.warnings.find((w) => w.subject === 'sg-0e0000000000peer')?.message).toMatch(/peered VPC vpc-0e0000000000peer \(pcx-0e00000000000001\)/);
    expect(s.warnings.find((w) => w.subject === 'sg-843f59ed')?.message).toMatch(/amazon-elb/);
  });

  it('treats amazon-elb references in the corpus-style minimal file (non-numeric owner ids) as AWS-managed', () => {
    const s = importDoc({
      SecurityGroups: [
        { GroupId: 'sg-app', GroupName: 'app', OwnerId: 'owner1', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, UserIdGroupPairs: [{ GroupName: 'amazon-elb-sg', UserId: 'amazon-elb', GroupId: 'sg-amzelb' }] }], IpPermissionsEgress: [] },
      ],
    });
    expect(s.groups.find((g) => g.id === 'sg-amzelb')).toMatchObject({ external: true, externalReason: 'aws-managed', name: 'amazon-elb-sg' });
  });

  it('reads DescribeSecurityGroupRules alone, keeping sgr- ids, and merges them with the groups\' own permissions', () => {
    const alone = importInputs([fixture('security-group-rules.json')]);
    expect(alone.rules).toHaveLength(5);
    const db = alone.rules.find((r) => r.fromPort === 5432)!;
    expect(db).toMatchObject({ direction: 'ingress', protocol: 6, peer: { kind: 'group', groupId: 'sg-0b00000000000002' }, description: 'app to db' });
    expect(db.origins[0]?.ruleId).toBe('sgr-0b00000000000001');
    expect(alone.rules.find((r) => r.protocol === 58)).toMatchObject({ fromPort: 128, toPort: 0, peer: { kind: 'cidr', cidr: '2001:db8::/64' } });
    expect(alone.rules.find((r) => r.direction === 'egress')).toMatchObject({ protocol: -1, fromPort: null, toPort: null });
    expect(alone.groups.find((g) => g.id === 'sg-0b0000000000peer')).toMatchObject({ external: true, externalReason: 'peered' });

    // Together with the group answer in one document, each rule appears once and gains its sgr- id.
    const combined = importDoc({
      SecurityGroups: [
        { GroupId: 'sg-0b00000000000001', GroupName: 'db', OwnerId: '555555555555', VpcId: 'vpc-0b', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, UserIdGroupPairs: [{ GroupId: 'sg-0b00000000000002', UserId: '555555555555' }] }], IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] },
      ],
      SecurityGroupRules: JSON.parse(fixture('security-group-rules.json').text).SecurityGroupRules,
    });
    expect(combined.rules).toHaveLength(5);
    expect(combined.rules.find((r) => r.fromPort === 5432)?.origins).toEqual([{ file: 'doc.json', ruleId: 'sgr-0b00000000000001' }]);
  });

  it('warns about and skips malformed groups and rules but keeps the good ones', () => {
    const s = importInputs([fixture('malformed-items.json')]);
    expect(s.groups.filter((g) => !g.external).map((g) => g.id)).toEqual(['sg-0d00000000000001']);
    expect(s.rules).toEqual([expect.objectContaining({ protocol: 6, fromPort: 22, toPort: 22, peer: { kind: 'cidr', cidr: '10.0.0.0/8' } })]);
    const messages = s.warnings.map((w) => `${w.code}: ${w.message}`).join('\n');
    expect(messages).toMatch(/malformed-item: 2 entries of "SecurityGroups" are not objects/);
    expect(messages).toMatch(/without GroupId/);
    expect(messages).toMatch(/unknown protocol "bogus"/);
    expect(messages).toMatch(/invalid CIDR "banana"/);
    expect(messages).toMatch(/group reference without GroupId or GroupName/);
  });

  it('warns malformed-item, naming the group or reservation and the entry, for each nested part of the wrong type it drops', () => {
    const s = importInputs([fixture('nested-wrong-types.json')]);
    expect(s.warnings.filter((w) => w.code === 'malformed-item').map((w) => w.message)).toEqual([
      'sg-0e0e000000000e0e1: IpPermissions should be a list but is a string; ignored',
      'sg-0e0e000000000e0e2: IpPermissions[0] is a number, not an object; skipped',
      'sg-0e0e000000000e0e2: IpPermissions[1].IpRanges should be a list but is an object; ignored',
      'sg-0e0e000000000e0e2: IpPermissions[1].UserIdGroupPairs[1] is a string, not an object; skipped',
      'sg-0e0e000000000e0e2: IpPermissions[2].PrefixListIds should be a list but is a string; ignored',
      'reservation r-0e0e000000000e0e1: Instances[0] has no InstanceId (it is a number); skipped',
      'reservation r-0e0e000000000e0e1: Instances[1] is a string, not an object; skipped',
      'i-0e0e000000000e0e3: NetworkInterfaces should be a list but is an object; ignored',
      'reservation r-0e0e000000000e0e2: Instances should be a list but is an object; ignored',
    ]);
    // The well-formed parts are kept: the group pair, the IPv6 range, and the instance with its own fields.
    expect(s.rules.map((r) => [r.fromPort, r.peer.kind === 'cidr' ? r.peer.cidr : r.peer.kind === 'group' ? r.peer.groupId : r.peer.id])).toEqual([
      [22, 'sg-0e0e000000000e0e1'],
      [443, '::/0'],
    ]);
    expect(s.endpoints.map((e) => [e.id, e.privateIpv4])).toEqual([['i-0e0e000000000e0e3', ['10.0.1.12']]]);
  });

  it('rejects a collection of the wrong type and truncated JSON with one-line errors naming the file', () => {
    expect(() => importInputs([fixture('wrong-types.json')])).toThrow(ImportError);
    expect(() => importInputs([fixture('wrong-types.json')])).toThrow(/wrong-types.json: "SecurityGroups" should be a list but is object/);
    expect(() => importInputs([fixture('truncated-security-groups.json')])).toThrow(/truncated-security-groups.json: the JSON is truncated/);
    expect(() => importDoc({ Foo: [1] }, 'unknown.json')).toThrow(/unknown.json: not a recognised format/);
  });
});

describe('protocols and ports', () => {
  it('normalises AWS protocol spellings', () => {
    expect(['-1', 'all', 'tcp', 'TCP', '6', 'udp', '17', 'icmp', '1', 'icmpv6', '58', '50', 'esp', 6, -1].map(parseAwsProtocol)).toEqual([-1, -1, 6, 6, 6, 17, 17, 1, 1, 58, 58, 50, 50, 6, -1]);
    expect([parseAwsProtocol('bogus'), parseAwsProtocol('300'), parseAwsProtocol(undefined)]).toEqual([null, null, null]);
  });

  it('keeps icmp type/code, fills missing tcp ports, drops ports for -1 and other numbers', () => {
    expect(portsFor(1, 8, -1)).toEqual({ fromPort: 8, toPort: -1 });
    expect(portsFor(1, undefined, undefined)).toEqual({ fromPort: -1, toPort: -1 });
    expect(portsFor(6, undefined, undefined)).toEqual({ fromPort: 0, toPort: 65535 });
    expect(portsFor(17, undefined, undefined)).toEqual({ fromPort: 0, toPort: 65535 });
    // Old Classic answers also write every port as -1/-1: dropping the rule would deny what it allows.
    expect(portsFor(6, -1, -1)).toEqual({ fromPort: 0, toPort: 65535 });
    expect(portsFor(17, -1, -1)).toEqual({ fromPort: 0, toPort: 65535 });
    expect(portsFor(-1, 0, 65535)).toEqual({ fromPort: null, toPort: null });
    expect(portsFor(50, 1, 2)).toEqual({ fromPort: null, toPort: null });
  });

  it('says why for tcp/udp ports AWS would reject rather than reading them as all ports', () => {
    expect(portsFor(6, -1, 22)).toEqual({ error: 'has ports out of range (-1-22)' });
    expect(portsFor(6, -5, -5)).toEqual({ error: 'has ports out of range (-5--5)' });
    expect(portsFor(6, 22, undefined)).toEqual({ error: 'has no port range' });
    expect(portsFor(17, 0, 70000)).toEqual({ error: 'has ports out of range (0-70000)' });
    expect(portsFor(6, null, null)).toEqual({ error: 'has a port that is not a number (null, null)' });
    expect(portsFor(6, '22', '22')).toEqual({ fromPort: 22, toPort: 22 });
    expect(portsFor(-1, null, null)).toEqual({ fromPort: null, toPort: null });
  });

  it('skips each permission whose ports AWS would reject, warning bad-rule with the group and the permission, and keeps the others', () => {
    const s = importInputs([fixture('bad-ports.json')]);
    const g = 'sg-0b0b000000000b0b1';
    expect(s.rules.map((r) => [r.direction, r.protocol, r.fromPort, r.toPort, r.peer.kind === 'cidr' ? r.peer.cidr : ''])).toEqual([
      ['egress', -1, null, null, '0.0.0.0/0'],
      // -1/-1 on tcp: every port, as old Classic answers mean it.
      ['ingress', 6, 0, 65535, '0.0.0.0/0'],
      ['ingress', 6, 0, 65535, '10.0.0.0/8'],
      ['ingress', 6, 443, 443, '0.0.0.0/0'],
    ]);
    expect(s.warnings.filter((w) => w.code === 'bad-rule').map((w) => [w.subject, w.message])).toEqual([
      [g, `${g}: IpPermissions[2] (tcp) has ports out of range (-5--5); permission skipped`],
      [g, `${g}: IpPermissions[4] (tcp) has non-numeric ports ("22-25", "22-25"); permission skipped`],
      [g, `${g}: IpPermissions[5] (tcp) has non-numeric ports ("banana", 22); permission skipped`],
      [g, `${g}: IpPermissions[6] (udp) has ports out of range (70000-70000); permission skipped`],
      [g, `${g}: IpPermissions[7] (udp) has ports out of range (100000000000000000000-100000000000000000000); permission skipped`],
      [g, `${g}: IpPermissions[8] (tcp) has from_port 443 greater than to_port 22, which AWS rejects; permission skipped`],
      [g, `${g}: IpPermissions[9] (tcp) has non-numeric ports (22.5, 22.5); permission skipped`],
      [g, `${g}: IpPermissions[10] (tcp) has no port range; permission skipped`],
      [g, `${g}: IpPermissions[11] (tcp) has a port that is not a number (null, null); permission skipped`],
      [g, `${g}: IpPermissions[12] (icmp) has an ICMP type or code out of range (-5, -1); permission skipped`],
      [g, `security group rule sgr-0b0b000000000b0b1 of ${g} (tcp) has from_port 8080 greater than to_port 80, which AWS rejects; skipped`],
    ]);
    // What it keeps is written back as a snapshot that reads again.
    expect(parseSnapshot(serializeSnapshot(s), 'saved.json').rules).toHaveLength(4);
  });

  it('normalises CIDRs (host bits, IPv6 case and compression) and rejects junk', () => {
    expect(normalizeCidr('10.1.2.3/16')).toBe('10.1.0.0/16');
    expect(normalizeCidr('10.1.2.3')).toBe('10.1.2.3/32');
    expect(normalizeCidr('2001:DB8:0:0:0:0:0:1/64')).toBe('2001:db8::/64');
    expect(normalizeCidr('::/0')).toBe('::/0');
    // RFC 5952 section 5: IPv4-mapped addresses keep a dotted tail, as the core writes them everywhere.
    expect(normalizeCidr('::ffff:10.0.0.1/128')).toBe('::ffff:10.0.0.1/128');
    expect(['banana', '10.0.0.0/33', '1.2.3/8', '2001:db8::1::2/64', '10.0.0.256/32'].map(normalizeCidr)).toEqual([null, null, null, null, null]);
  });
});

describe('CIDR fields', () => {
  it('warns cidr-normalized when it clears host bits, and skips a CIDR of the other family than its field with a warning', () => {
    const s = importInputs([fixture('cidr-fields.json')]);
    const g = 'sg-0c1d000000000c1d1';
    expect(s.rules.map((r) => [r.fromPort, r.peer.kind === 'cidr' ? r.peer.cidr : ''])).toEqual([
      [22, '10.0.0.0/24'],
      [22, '192.0.2.7/32'],
      [22, '2001:db8::/32'],
      [443, '198.51.100.0/24'],
    ]);
    expect(s.warnings.map((w) => [w.code, w.message])).toEqual([
      ['cidr-normalized', `${g}: IpPermissions[0].IpRanges[0].CidrIp "10.0.0.1/24" has host bits set; read as 10.0.0.0/24`],
      ['malformed-rule', `${g}: IpPermissions[0].IpRanges[1].CidrIp "::/0" is an IPv6 CIDR in an IPv4 field; skipped`],
      ['malformed-rule', `${g}: IpPermissions[0].Ipv6Ranges[0].CidrIpv6 "0.0.0.0/0" is an IPv4 CIDR in an IPv6 field; skipped`],
      ['cidr-normalized', `${g}: IpPermissions[0].Ipv6Ranges[1].CidrIpv6 "2001:DB8::1/32" has host bits set; read as 2001:db8::/32`],
      ['malformed-rule', `${g}: security group rule sgr-0c1d000000000c1d1 CidrIpv4 "::/0" is an IPv6 CIDR in an IPv4 field; skipped`],
      ['cidr-normalized', `${g}: security group rule sgr-0c1d000000000c1d2 CidrIpv4 "198.51.100.9/24" has host bits set; read as 198.51.100.0/24`],
    ]);
  });
});

describe('prefix lists', () => {
  it('reads get-managed-prefix-list-entries with the list id from the file name or from PrefixListId', () => {
    const s = importInputs([fixture('pl-0c00000000000001-entries.json')]);
    expect(s.prefixLists).toEqual([expect.objectContaining({ id: 'pl-0c00000000000001', entries: ['192.0.2.0/25', '198.51.100.0/24'] })]);
    const combined = importInputs([fixture('managed-prefix-lists-combined.json')]);
    expect(combined.prefixLists.map((p) => [p.id, p.name, p.entries, p.entriesUnknown, p.family])).toEqual([
      ['pl-0c00000000000002', 'partners', ['203.0.113.0/24'], undefined, 4],
      // describe-managed-prefix-lists without entries: the list is kept, its entries unknown.
      ['pl-0c00000000000003', 'no-entries-given', [], true, 4],
      ['pl-0c00000000000004', undefined, ['100.64.0.0/10'], undefined, undefined],
    ]);
    expect(combined.warnings).toContainEqual(expect.objectContaining({ code: 'prefix-list-entries-missing', subject: 'pl-0c00000000000003' }));
  });

  it('a list described without entries in one file and with them in another is known', () => {
    const s = importInputs([
      { name: 'describe-managed-prefix-lists.json', text: JSON.stringify({ PrefixLists: [{ PrefixListId: 'pl-0c00000000000009', PrefixListName: 'vpn', AddressFamily: 'IPv4' }] }) },
      { name: 'pl-0c00000000000009.json', text: JSON.stringify({ Entries: [{ Cidr: '10.8.0.0/16' }] }) },
    ]);
    expect(s.prefixLists).toEqual([expect.objectContaining({ id: 'pl-0c00000000000009', name: 'vpn', entries: ['10.8.0.0/16'], family: 4 })]);
    expect(s.prefixLists[0]!.entriesUnknown).toBeUndefined();
    // Nor is it said to be missing its entries: only a list no input gives entries for is.
    expect(s.warnings.filter((w) => w.code === 'prefix-list-entries-missing')).toEqual([]);
  });

  it('refuses entries whose list id is unknown', () => {
    expect(() => importDoc({ Entries: [{ Cidr: '10.0.0.0/8' }] }, 'entries.json')).toThrow(/entries.json: prefix list entries without a list id/);
  });
});

describe('endpoints', () => {
  it('uses the instance fields for Classic instances without ENIs and skips terminated ones', () => {
    const s = importInputs([fixture('classic-instances.json')]);
    expect(s.endpoints).toEqual([
      expect.objectContaining({ id: 'i-c1a55100', kind: 'instance', name: 'classic-web', privateIpv4: ['10.201.7.4'], publicIpv4: ['54.0.0.4'], groupIds: ['sg-c1a55101'] }),
    ]);
    expect(s.meta.regions).toEqual(['us-west-2']);
  });

  it('maps requester-managed ENIs to the resource that owns them', () => {
    const eni = (id: string, extra: Record<string, unknown>): Record<string, unknown> => ({
      NetworkInterfaceId: id, OwnerId: '999999999999', AvailabilityZone: 'eu-central-1a', VpcId: 'vpc-1', SubnetId: 'subnet-1',
      PrivateIpAddress: `10.0.0.${id.length}`, PrivateIpAddresses: [{ PrivateIpAddress: `10.0.9.${id.slice(-1)}`, Primary: true }], Groups: [{ GroupId: 'sg-1' }], ...extra,
    });
    const s = importDoc({
      NetworkInterfaces: [
        eni('eni-a1', { Description: 'ELB app/api/0123456789abcdef', InterfaceType: 'interface' }),
        eni('eni-a2', { Description: 'ELB app/api/0123456789abcdef', InterfaceType: 'interface' }),
        eni('eni-b1', { Description: 'ELB classic-lb' }),
        eni('eni-c1', { Description: 'AWS Lambda VPC ENI-my-fn-3c1b1f5a-7c9e-4d1e-9b7a-2f0e5c6d7e8f', InterfaceType: 'lambda' }),
        eni('eni-d1', { Description: 'RDSNetworkInterface', RequesterId: 'amazon-rds' }),
        eni('eni-e1', { Description: 'arn:aws:ecs:eu-central-1:999999999999:attachment/abc', InterfaceType: 'branch' }),
        eni('eni-f1', { Description: 'EFS mount target for fs-1 (fsmt-1)', InterfaceType: 'efs' }),
        eni('eni-g1', { Description: 'Interface for NAT Gateway nat-0g', InterfaceType: 'nat_gateway', Groups: [] }),
        eni('eni-h1', { Description: 'VPC Endpoint Interface vpce-0h', InterfaceType: 'vpc_endpoint' }),
        eni('eni-i1', { Description: 'ElastiCache my-redis' }),
        eni('eni-j1', { Description: '', TagSet: [{ Key: 'Name', Value: 'spare' }] }),
      ],
    });
    const kinds = Object.fromEntries(s.endpoints.map((e) => [e.id, e.kind]));
    expect(kinds).toEqual({
      'arn:aws:elasticloadbalancing:eu-central-1:999999999999:loadbalancer/app/api/0123456789abcdef': 'load-balancer',
      'elb/classic-lb': 'load-balancer',
      'arn:aws:lambda:eu-central-1:999999999999:function:my-fn': 'lambda',
      'eni-d1': 'database',
      'eni-e1': 'ecs',
      'eni-f1': 'efs',
      'nat-0g': 'nat',
      'vpce-0h': 'vpc-endpoint',
      'eni-i1': 'cache',
      'eni-j1': 'eni',
    });
    const alb = s.endpoints.find((e) => e.kind === 'load-balancer' && e.arn)!;
    expect(alb.privateIpv4).toEqual(['10.0.9.1', '10.0.9.2']);
    expect(s.endpoints.find((e) => e.id === 'eni-j1')?.name).toBe('spare');
    expect(s.warnings.filter((w) => w.code === 'endpoint-without-groups')).toEqual([]);
    // A NAT gateway never carries a group and AWS does not filter it with one; the others carry sg-1.
    expect(s.endpoints.filter((e) => e.unfiltered).map((e) => e.id)).toEqual(['nat-0g']);
  });

  it("names a managed resource by the id of any of its ENIs, at that ENI's address, as an instance's", () => {
    const eni = (id: string, ip: string, extra: Record<string, unknown>): Record<string, unknown> => ({
      NetworkInterfaceId: id, VpcId: 'vpc-1', SubnetId: 'subnet-1', PrivateIpAddress: ip,
      PrivateIpAddresses: [{ PrivateIpAddress: ip, Primary: true }], Groups: [{ GroupId: 'sg-1' }], ...extra,
    });
    const s = importDoc({
      NetworkInterfaces: [
        eni('eni-a1', '10.0.1.11', { Description: 'ELB app/api/0123456789abcdef', InterfaceType: 'interface' }),
        eni('eni-a2', '10.0.2.12', { Description: 'ELB app/api/0123456789abcdef', InterfaceType: 'interface' }),
        eni('eni-h1', '10.0.1.21', { Description: 'VPC Endpoint Interface vpce-0h', InterfaceType: 'vpc_endpoint' }),
        eni('eni-c1', '10.0.1.31', { Description: 'AWS Lambda VPC ENI-my-fn-3c1b1f5a-7c9e-4d1e-9b7a-2f0e5c6d7e8f', InterfaceType: 'lambda' }),
        eni('eni-j1', '10.0.1.41', { Description: '' }),
      ],
    });
    const index = buildReachIndex(s);
    const at = (ref: string) => {
      const r = resolveRef(index, ref);
      return r.ok ? r.locator : r.error;
    };
    expect(s.endpoints.find((e) => e.id === 'vpce-0h')?.interfaces).toEqual([{ id: 'eni-h1', privateIpv4: '10.0.1.21' }]);
    expect(at('eni-a2')).toEqual({ endpointId: expect.stringMatching(/loadbalancer\/app\/api\//) as unknown, address: '10.0.2.12' });
    expect(at('eni-h1')).toEqual({ endpointId: 'vpce-0h', address: '10.0.1.21' });
    expect(at('eni-c1')).toEqual({ endpointId: 'lambda/my-fn', address: '10.0.1.31' });
    // An ENI standing alone is its own endpoint, and no primary marker is set outside instances.
    expect(at('eni-j1')).toEqual({ endpointId: 'eni-j1' });
    expect(s.endpoints.flatMap((e) => e.interfaces ?? []).filter((i) => i.primary)).toEqual([]);
  });

  it('marks interfaces AWS reports without groups and does not filter with them (NAT, a network load balancer made without groups) as unfiltered', () => {
    const eni = (id: string, extra: Record<string, unknown>): Record<string, unknown> => ({
      NetworkInterfaceId: id, OwnerId: '999999999999', AvailabilityZone: 'eu-central-1a', VpcId: 'vpc-1', SubnetId: 'subnet-1',
      PrivateIpAddress: `10.0.0.${id.length}`, PrivateIpAddresses: [{ PrivateIpAddress: `10.0.0.${id.length}`, Primary: true }], ...extra,
    });
    const s = importDoc({
      NetworkInterfaces: [
        eni('eni-n1', { Description: 'ELB net/edge/0123456789abcdef', InterfaceType: 'network_load_balancer', RequesterManaged: true, Groups: [] }),
        eni('eni-n2', { Description: 'ELB net/guarded/0123456789abcdef', InterfaceType: 'network_load_balancer', RequesterManaged: true, Groups: [{ GroupId: 'sg-nlb' }] }),
        eni('eni-t1', { Description: 'Network Interface for Transit Gateway Attachment tgw-attach-1', InterfaceType: 'transit_gateway', RequesterManaged: true, Groups: [] }),
        // An ordinary interface always has a group in AWS; one reported without is odd data, not "unfiltered".
        eni('eni-o1', { Description: '', InterfaceType: 'interface', Groups: [] }),
      ],
    });
    const byName = (name: string) => s.endpoints.find((e) => e.name === name || e.id === name);
    expect(byName('edge')?.unfiltered).toBe(true);
    expect(byName('guarded')?.unfiltered).toBeUndefined();
    expect(byName('eni-t1')?.unfiltered).toBe(true);
    expect(byName('eni-o1')?.unfiltered).toBeUndefined();
    expect(s.warnings.filter((w) => w.code === 'unfiltered-endpoint').map((w) => w.subject).sort()).toEqual([byName('edge')!.id, 'eni-t1'].sort());
    expect(s.warnings.filter((w) => w.code === 'endpoint-without-groups').map((w) => w.subject)).toEqual(['eni-o1']);
  });

  it('marks a network or gateway load balancer that elbv2 lists without security groups as unfiltered, never an application one', () => {
    const s = importDoc({
      LoadBalancers: [
        { LoadBalancerArn: 'arn:aws:elasticloadbalancing:eu-central-1:999999999999:loadbalancer/net/edge/1', LoadBalancerName: 'edge', Type: 'network', VpcId: 'vpc-1' },
        { LoadBalancerArn: 'arn:aws:elasticloadbalancing:eu-central-1:999999999999:loadbalancer/net/guarded/2', LoadBalancerName: 'guarded', Type: 'network', VpcId: 'vpc-1', SecurityGroups: ['sg-nlb'] },
        { LoadBalancerArn: 'arn:aws:elasticloadbalancing:eu-central-1:999999999999:loadbalancer/app/web/3', LoadBalancerName: 'web', Type: 'application', VpcId: 'vpc-1', SecurityGroups: [] },
      ],
    });
    expect(Object.fromEntries(s.endpoints.map((e) => [e.name, e.unfiltered ?? false]))).toEqual({ edge: true, guarded: false, web: false });
  });
});

describe('elbv2 listeners', () => {
  it('joins describe-listeners to the load balancer of describe-load-balancers, in one document or two, and drops those of one not described', () => {
    const arn = 'arn:aws:elasticloadbalancing:eu-central-1:999999999999:loadbalancer/net/edge/1';
    const lbs = { LoadBalancers: [{ LoadBalancerArn: arn, LoadBalancerName: 'edge', Type: 'network', Scheme: 'internet-facing', VpcId: 'vpc-1', AvailabilityZones: [{ SubnetId: 'subnet-1', ZoneName: 'eu-central-1a' }] }] };
    const listeners = { Listeners: [
      { ListenerArn: `${arn.replace(':loadbalancer/', ':listener/')}/a`, LoadBalancerArn: arn, Port: 443, Protocol: 'TLS' },
      { ListenerArn: `${arn.replace(':loadbalancer/', ':listener/')}/b`, LoadBalancerArn: arn, Port: 53, Protocol: 'UDP' },
      { ListenerArn: 'arn:aws:elasticloadbalancing:eu-central-1:999999999999:listener/net/gone/2/c', LoadBalancerArn: 'arn:aws:elasticloadbalancing:eu-central-1:999999999999:loadbalancer/net/gone/2', Port: 80, Protocol: 'TCP' },
    ] };
    const together = importDoc({ ...lbs, ...listeners });
    const apart = importInputs([{ name: 'elbv2-describe-listeners.json', text: JSON.stringify(listeners) }, { name: 'elbv2-describe-load-balancers.json', text: JSON.stringify(lbs) }]);
    for (const s of [together, apart]) {
      expect(s.endpoints.map((e) => [e.id, e.name, e.resourceType, e.unfiltered, e.listeners])).toEqual([
        [arn, 'edge', 'elbv2:network', true, [{ protocol: 6, port: 443 }, { protocol: 17, port: 53 }]],
      ]);
      expect(s.warnings.filter((w) => w.code === 'unmatched-listener').map((w) => w.subject)).toEqual(['arn:aws:elasticloadbalancing:eu-central-1:999999999999:loadbalancer/net/gone/2']);
    }
  });

  it('joins listeners to a load balancer known only from its interfaces, whose ARN the dump could not complete', () => {
    // No AvailabilityZone or owner on the interface: the load balancer is keyed by loadbalancer/… alone.
    const eni = { NetworkInterfaceId: 'eni-0nlb', VpcId: 'vpc-1', SubnetId: 'subnet-1', PrivateIpAddress: '10.0.1.7', Groups: [], InterfaceType: 'network_load_balancer', Description: 'ELB net/edge/1', RequesterManaged: true };
    const s = importDoc({ NetworkInterfaces: [eni], Listeners: [{ LoadBalancerArn: 'arn:aws:elasticloadbalancing:eu-central-1:999999999999:loadbalancer/net/edge/1', Port: 443, Protocol: 'TCP' }] });
    expect(s.endpoints.map((e) => [e.id, e.unfiltered, e.listeners])).toEqual([['loadbalancer/net/edge/1', true, [{ protocol: 6, port: 443 }]]]);
  });
});

describe('load balancers and databases set to IPv4 only', () => {
  it('reads IpAddressType and NetworkType; every classic load balancer is IPv4 only', () => {
    const s = importDoc({
      LoadBalancers: [
        { LoadBalancerArn: 'arn:aws:elasticloadbalancing:eu-central-1:999999999999:loadbalancer/app/v4/1', LoadBalancerName: 'v4', Type: 'application', VpcId: 'vpc-1', SecurityGroups: ['sg-1'], IpAddressType: 'ipv4' },
        { LoadBalancerArn: 'arn:aws:elasticloadbalancing:eu-central-1:999999999999:loadbalancer/app/dual/2', LoadBalancerName: 'dual', Type: 'application', VpcId: 'vpc-1', SecurityGroups: ['sg-1'], IpAddressType: 'dualstack' },
      ],
    });
    const classic = importDoc({ LoadBalancerDescriptions: [{ LoadBalancerName: 'classic', VPCId: 'vpc-1', Subnets: ['subnet-1'], SecurityGroups: ['sg-1'], Scheme: 'internal' }] });
    const dbs = importDoc({
      DBInstances: [
        { DBInstanceIdentifier: 'orders-v4', Engine: 'postgres', NetworkType: 'IPV4', VpcSecurityGroups: [{ VpcSecurityGroupId: 'sg-1', Status: 'active' }], DBSubnetGroup: { VpcId: 'vpc-1', Subnets: [{ SubnetIdentifier: 'subnet-1' }] } },
        { DBInstanceIdentifier: 'orders-dual', Engine: 'postgres', NetworkType: 'DUAL', VpcSecurityGroups: [{ VpcSecurityGroupId: 'sg-1', Status: 'active' }], DBSubnetGroup: { VpcId: 'vpc-1', Subnets: [{ SubnetIdentifier: 'subnet-1' }] } },
      ],
    });
    const flags = [...s.endpoints, ...classic.endpoints, ...dbs.endpoints].map((e) => [e.name, e.ipAddressType ?? null]);
    expect(Object.fromEntries(flags)).toEqual({ v4: 'ipv4', dual: 'dualstack', classic: 'ipv4', 'orders-v4': 'ipv4', 'orders-dual': 'dualstack' });
  });

  it('reads a VPC endpoint\'s IpAddressType and whether a Lambda function may take IPv6', () => {
    const vpce = importDoc({ VpcEndpoints: [{ VpcEndpointId: 'vpce-1', VpcEndpointType: 'Interface', ServiceName: 'com.amazonaws.eu-central-1.ssm', VpcId: 'vpc-1', SubnetIds: ['subnet-1'], Groups: [{ GroupId: 'sg-1' }], IpAddressType: 'ipv4' }] });
    const fns = importDoc({
      Functions: [
        { FunctionName: 'fn-v4', FunctionArn: 'arn:aws:lambda:eu-central-1:999999999999:function:fn-v4', VpcConfig: { VpcId: 'vpc-1', SubnetIds: ['subnet-1'], SecurityGroupIds: ['sg-1'], Ipv6AllowedForDualStack: false } },
        { FunctionName: 'fn-dual', FunctionArn: 'arn:aws:lambda:eu-central-1:999999999999:function:fn-dual', VpcConfig: { VpcId: 'vpc-1', SubnetIds: ['subnet-1'], SecurityGroupIds: ['sg-1'], Ipv6AllowedForDualStack: true } },
      ],
    });
    expect([...vpce.endpoints, ...fns.endpoints].map((e) => [e.name, e.ipAddressType ?? null])).toEqual([
      ['com.amazonaws.eu-central-1.ssm', 'ipv4'], ['fn-dual', 'dualstack'], ['fn-v4', 'ipv4'],
    ]);
  });

  it("reads a dual-stack network load balancer's IPv6 addresses beside its IPv4 ones", () => {
    const s = importDoc({
      LoadBalancers: [{
        LoadBalancerArn: 'arn:aws:elasticloadbalancing:eu-central-1:999999999999:loadbalancer/net/edge/1', LoadBalancerName: 'edge', Type: 'network', VpcId: 'vpc-1', IpAddressType: 'dualstack', SecurityGroups: ['sg-1'],
        AvailabilityZones: [{ ZoneName: 'eu-central-1a', SubnetId: 'subnet-1', LoadBalancerAddresses: [{ PrivateIPv4Address: '10.0.1.5', IPv6Address: '2001:DB8:0:1::5' }] }],
      }],
    });
    expect(s.endpoints.map((e) => [e.privateIpv4, e.ipv6])).toEqual([[['10.0.1.5'], ['2001:db8:0:1::5']]]);
  });
});

describe('instances and their network interfaces', () => {
  const eni = (id: string, ip: string, groups: string[], deviceIndex: number): Record<string, unknown> => ({
    NetworkInterfaceId: id, VpcId: 'vpc-1', SubnetId: 'subnet-1', PrivateIpAddress: ip, PrivateIpAddresses: [{ PrivateIpAddress: ip, Primary: true }],
    Groups: groups.map((GroupId) => ({ GroupId })), Attachment: { InstanceId: 'i-0two', DeviceIndex: deviceIndex }, InterfaceType: 'interface',
  });

  it('keeps the ids of the ENIs folded into an instance, with their addresses, and splits ENIs whose groups differ', () => {
    const same = importDoc({ NetworkInterfaces: [eni('eni-0b', '10.0.0.6', ['sg-1'], 1), eni('eni-0a', '10.0.0.5', ['sg-1'], 0)] });
    expect(same.endpoints.map((e) => [e.id, e.privateIpv4, e.interfaces])).toEqual([
      ['i-0two', ['10.0.0.5', '10.0.0.6'], [{ id: 'eni-0a', privateIpv4: '10.0.0.5' }, { id: 'eni-0b', privateIpv4: '10.0.0.6' }]],
    ]);
    const split = importDoc({ NetworkInterfaces: [eni('eni-0a', '10.0.0.5', ['sg-1'], 0), eni('eni-0b', '10.0.0.6', ['sg-2'], 1)] });
    expect(split.endpoints.map((e) => [e.id, e.groupIds, e.interfaces])).toEqual([
      ['i-0two/eni-0a', ['sg-1'], [{ id: 'eni-0a', privateIpv4: '10.0.0.5', primary: true }]],
      ['i-0two/eni-0b', ['sg-2'], [{ id: 'eni-0b', privateIpv4: '10.0.0.6' }]],
    ]);
  });

  it('names a split instance by its id at its primary interface, as the primary private IPv4 is what an instance REF means', () => {
    // Listed out of device order: device 0 (eni-0a) holds the primary address whatever the order.
    const split = importDoc({ NetworkInterfaces: [eni('eni-0b', '10.0.0.6', ['sg-2'], 1), eni('eni-0a', '10.0.0.5', ['sg-1'], 0)] });
    const index = buildReachIndex(split);
    for (const ref of ['i-0two', 'arn:aws:ec2:eu-central-1:999999999999:instance/i-0two']) {
      const r = resolveRef(index, ref);
      expect(r.ok && r.locator, ref).toEqual({ endpointId: 'i-0two/eni-0a', address: '10.0.0.5' });
    }
    // The ENIs still name their own interface.
    const second = resolveRef(index, 'eni-0b');
    expect(second.ok && second.locator).toEqual({ endpointId: 'i-0two/eni-0b', address: '10.0.0.6' });
  });
});

describe('network extras', () => {
  it('keeps only ids, VPC, entries/routes and associations', () => {
    const s = importDoc({
      status_code: 200,
      data: {
        NetworkAcls: [{ NetworkAclId: 'acl-1', VpcId: 'vpc-1', IsDefault: true, OwnerId: '1', Tags: [{ Key: 'secret', Value: 'x' }], Associations: [{ SubnetId: 'subnet-1' }], Entries: [{ RuleNumber: 32767, Egress: false, Protocol: '-1', RuleAction: 'deny', CidrBlock: '0.0.0.0/0' }, { RuleNumber: 100, Egress: true, Protocol: '6', RuleAction: 'allow', CidrBlock: '10.0.0.0/8', PortRange: { From: 443, To: 443 } }] }],
      },
    });
    expect(s.network?.networkAcls).toEqual([
      { id: 'acl-1', vpcId: 'vpc-1', isDefault: true, subnetIds: ['subnet-1'], entries: [{ ruleNumber: 32767, egress: false, protocol: -1, action: 'deny', cidr: '0.0.0.0/0' }, { ruleNumber: 100, egress: true, protocol: 6, action: 'allow', cidr: '10.0.0.0/8', fromPort: 443, toPort: 443 }] },
    ]);
    const rt = importDoc({ RouteTables: [{ RouteTableId: 'rtb-1', VpcId: 'vpc-1', Associations: [{ Main: true }], Routes: [{ DestinationPrefixListId: 'pl-1', GatewayId: 'vpce-1', State: 'active' }, { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-1' }] }] });
    expect(rt.network?.routeTables).toEqual([{ id: 'rtb-1', vpcId: 'vpc-1', main: true, subnetIds: [], routes: [{ destination: 'pl-1', target: 'vpce-1', state: 'active' }, { destination: '0.0.0.0/0', target: 'nat-1' }] }]);
  });
});

describe('a database described twice (its ENI and describe-db-instances)', () => {
  const rdsEni = (id: string, ip: string, subnet: string, groups: string[]): Record<string, unknown> => ({
    NetworkInterfaceId: id, Description: 'RDSNetworkInterface', RequesterId: 'amazon-rds', InterfaceType: 'interface', VpcId: 'vpc-1', SubnetId: subnet,
    PrivateIpAddress: ip, PrivateIpAddresses: [{ PrivateIpAddress: ip, Primary: true }], Groups: groups.map((GroupId) => ({ GroupId })),
  });
  const db = (id: string, groups: string[], subnets: string[]): Record<string, unknown> => ({
    DBInstanceIdentifier: id, Engine: 'postgres', VpcSecurityGroups: groups.map((VpcSecurityGroupId) => ({ VpcSecurityGroupId, Status: 'active' })),
    DBSubnetGroup: { VpcId: 'vpc-1', Subnets: subnets.map((SubnetIdentifier) => ({ SubnetIdentifier })) },
  });
  const importBoth = (enis: unknown[], dbs: unknown[]): Snapshot =>
    importInputs([
      { name: 'ec2-describe-network-interfaces.json', text: JSON.stringify({ NetworkInterfaces: enis }) },
      { name: 'rds-describe-db-instances.json', text: JSON.stringify({ DBInstances: dbs }) },
    ]);

  it('is one endpoint: the database, holding its ENI\'s address', () => {
    const s = importBoth([rdsEni('eni-d1', '10.0.1.5', 'subnet-1', ['sg-db'])], [db('orders', ['sg-db'], ['subnet-1', 'subnet-2'])]);
    expect(s.endpoints.map((e) => [e.id, e.kind, e.privateIpv4])).toEqual([['orders', 'database', ['10.0.1.5']]]);
    expect(s.warnings.filter((w) => w.code === 'ambiguous-database-interface')).toEqual([]);
    // The folded ENI's id still names the database, at its address.
    const r = resolveRef(buildReachIndex(s), 'eni-d1');
    expect(r.ok && r.locator).toEqual({ endpointId: 'orders', address: '10.0.1.5' });
  });

  it('the same with both in one combined document', () => {
    const s = importDoc({ NetworkInterfaces: [rdsEni('eni-d1', '10.0.1.5', 'subnet-1', ['sg-db'])], DBInstances: [db('orders', ['sg-db'], ['subnet-1'])] });
    expect(s.endpoints.map((e) => [e.id, e.privateIpv4])).toEqual([['orders', ['10.0.1.5']]]);
  });

  it('databases that share groups and subnets keep unknown addresses, with a warning, rather than a guessed one each', () => {
    const s = importBoth(
      [rdsEni('eni-d1', '10.0.1.5', 'subnet-1', ['sg-db']), rdsEni('eni-d2', '10.0.1.6', 'subnet-1', ['sg-db'])],
      [db('orders', ['sg-db'], ['subnet-1']), db('billing', ['sg-db'], ['subnet-1'])],
    );
    expect(s.endpoints.map((e) => [e.id, e.privateIpv4])).toEqual([['billing', []], ['orders', []]]);
    const w = s.warnings.filter((x) => x.code === 'ambiguous-database-interface');
    expect(w).toHaveLength(1);
    expect(w[0]!.message).toContain('eni-d1, eni-d2');
    expect(w[0]!.message).toContain('billing, orders');
  });

  it('an ENI with another group set, VPC or subnet is not the database\'s and stays', () => {
    const s = importBoth(
      [
        rdsEni('eni-proxy', '10.0.1.7', 'subnet-1', ['sg-proxy']),
        rdsEni('eni-far', '10.0.3.7', 'subnet-3', ['sg-db']),
        { ...rdsEni('eni-vpc2', '10.1.0.7', 'subnet-1', ['sg-db']), VpcId: 'vpc-2' },
      ],
      [db('orders', ['sg-db'], ['subnet-1', 'subnet-2'])],
    );
    expect(s.endpoints.map((e) => e.id)).toEqual(['eni-far', 'eni-proxy', 'eni-vpc2', 'orders']);
    expect(s.endpoints.find((e) => e.id === 'orders')!.privateIpv4).toEqual([]);
  });

  it('a database whose subnets are unknown (Terraform without its subnet group) still takes its ENI', () => {
    const s = importBoth([rdsEni('eni-d1', '10.0.1.5', 'subnet-1', ['sg-db'])], [{ ...db('orders', ['sg-db'], []), DBSubnetGroup: { VpcId: 'vpc-1' } }]);
    expect(s.endpoints.map((e) => [e.id, e.privateIpv4])).toEqual([['orders', ['10.0.1.5']]]);
  });
});
