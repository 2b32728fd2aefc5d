// serializeSnapshot writes only model fields; parseSnapshot validates with one-line errors.
import { describe, expect, it } from 'vitest';
import { createEmptySnapshot, ImportError, type Snapshot } from '../../src/core/model';
import { importInputs } from '../../src/core/import';
import { parseSnapshot, serializeSnapshot } from '../../src/core/snapshot-io';

function sample(): Snapshot {
  const s = createEmptySnapshot();
  s.sources.push({ file: 'a.tfstate', format: 'tfstate-v4' });
  s.groups.push({ id: 'sg-1', name: 'web', external: false, origin: { file: 'a.tfstate', address: 'aws_security_group.web' } });
  s.rules.push({ id: 'sg-1/ingress/0', groupId: 'sg-1', direction: 'ingress', protocol: 6, fromPort: 443, toPort: 443, peer: { kind: 'cidr', cidr: '0.0.0.0/0' }, origins: [{ address: 'aws_security_group.web', block: 0 }] });
  s.endpoints.push({ id: 'i-1', kind: 'instance', name: 'web', subnetIds: [], privateIpv4: ['10.0.0.1'], ipv6: [], publicIpv4: [], groupIds: ['sg-1'] });
  return s;
}

describe('snapshot I/O', () => {
  it('round-trips', () => {
    const s = sample();
    expect(parseSnapshot(serializeSnapshot(s), 'snap.json')).toEqual(s);
  });

  it('keeps the flags the engine reads: an unfiltered endpoint, one set to IPv4 only, a subnet whose IPv6 block is unknown', () => {
    const s = sample();
    s.endpoints.push({ id: 'nat-1', kind: 'nat', name: 'nat-1', subnetIds: ['subnet-1'], privateIpv4: ['10.0.0.9'], ipv6: [], publicIpv4: [], groupIds: [], unfiltered: true });
    s.endpoints.push({ id: 'lb-1', kind: 'load-balancer', name: 'lb-1', subnetIds: ['subnet-1'], privateIpv4: [], ipv6: [], publicIpv4: [], groupIds: ['sg-1'], ipAddressType: 'ipv4', listeners: [{ protocol: 6, port: 443 }] });
    s.subnets.push({ id: 'subnet-1', cidr: '10.0.0.0/24', ipv6CidrUnknown: true });
    const back = parseSnapshot(serializeSnapshot(s), 'snap.json');
    expect(back.endpoints[1]?.unfiltered).toBe(true);
    expect(back.endpoints[2]?.ipAddressType).toBe('ipv4');
    expect(back.endpoints[2]?.listeners).toEqual([{ protocol: 6, port: 443 }]);
    expect(back.subnets[0]?.ipv6CidrUnknown).toBe(true);
    const bad = JSON.parse(serializeSnapshot(s)) as { endpoints: Record<string, unknown>[] };
    bad.endpoints[1]!.unfiltered = 'yes';
    expect(() => parseSnapshot(JSON.stringify(bad), 'snap.json')).toThrow(/endpoints\[1\]\.unfiltered must be true/);
    bad.endpoints[1]!.unfiltered = true;
    bad.endpoints[2]!.ipAddressType = 'v6';
    expect(() => parseSnapshot(JSON.stringify(bad), 'snap.json')).toThrow(/endpoints\[2\]\.ipAddressType must be "ipv4" or "dualstack"/);
  });

  it('keeps what exposures read of public addresses: one left to apply, a scheme known to be internal', () => {
    const s = sample();
    s.endpoints.push({ id: 'i-planned', kind: 'instance', name: 'planned', subnetIds: [], privateIpv4: ['10.0.0.7'], ipv6: [], publicIpv4: [], publicIpUnknown: true, groupIds: ['sg-1'] });
    s.endpoints.push({ id: 'db-1', kind: 'database', name: 'db-1', subnetIds: [], privateIpv4: [], ipv6: [], publicIpv4: [], groupIds: ['sg-1'], internetFacing: false });
    const back = parseSnapshot(serializeSnapshot(s), 'snap.json');
    expect(back.endpoints.find((e) => e.id === 'i-planned')?.publicIpUnknown).toBe(true);
    expect(back.endpoints.find((e) => e.id === 'db-1')?.internetFacing).toBe(false);
    const bad = JSON.parse(serializeSnapshot(s)) as { endpoints: Record<string, unknown>[] };
    const k = bad.endpoints.findIndex((e) => e.id === 'i-planned');
    bad.endpoints[k]!.publicIpUnknown = false;
    expect(() => parseSnapshot(JSON.stringify(bad), 'snap.json')).toThrow(new RegExp(`endpoints\\[${k}\\]\\.publicIpUnknown must be true`));
  });

  it("keeps an interface's Terraform address, which names the interface when its endpoint has another", () => {
    const s = sample();
    s.endpoints[0]!.interfaces = [{ id: 'eni-1', privateIpv4: '10.0.0.1' }, { id: 'eni-2', privateIpv4: '10.0.1.1', tfAddress: 'aws_network_interface.second' }];
    expect(parseSnapshot(serializeSnapshot(s), 'snap.json').endpoints[0]?.interfaces).toEqual(s.endpoints[0]!.interfaces);
  });

  it('drops fields that are not in the model, so stray secrets never reach the file', () => {
    const s = sample();
    (s.groups[0] as unknown as Record<string, unknown>).password = 'SECRET-1';
    (s.endpoints[0] as unknown as Record<string, unknown>).userData = 'SECRET-2';
    (s.rules[0]!.peer as unknown as Record<string, unknown>).token = 'SECRET-3';
    (s.rules[0]!.origins[0] as unknown as Record<string, unknown>).private = 'SECRET-4';
    (s as unknown as Record<string, unknown>).outputs = { x: 'SECRET-5' };
    const text = serializeSnapshot(s);
    expect(text).not.toMatch(/SECRET-/);
    expect(text.startsWith('{\n  "format": "reachmap-snapshot"')).toBe(true);
  });

  it.each([
    ['', 'the file is empty'],
    ['{"format":"reachmap-snapshot"', 'the JSON is truncated (it ends after 29 characters)'],
    ['{"format":"reachmap-snapshot",,}', 'malformed JSON at line 1, column 31: Expected double-quoted property name'],
    ['[]', 'a snapshot must be a JSON object'],
    ['{"format":"other","version":1}', 'not a Reachmap snapshot'],
    ['{"format":"reachmap-snapshot","version":2}', 'unsupported snapshot version 2'],
    ['{"format":"reachmap-snapshot","version":1,"groups":{}}', '"groups" must be an array'],
    ['{"format":"reachmap-snapshot","version":1,"rules":[{"id":"r","groupId":"g","direction":"in","protocol":6,"fromPort":1,"toPort":1,"peer":{"kind":"cidr","cidr":"0.0.0.0/0"}}]}', 'rules[0].direction must be "ingress" or "egress"'],
    ['{"format":"reachmap-snapshot","version":1,"rules":[{"id":"r","groupId":"g","direction":"ingress","protocol":6,"fromPort":"80","toPort":80,"peer":{"kind":"cidr","cidr":"0.0.0.0/0"}}]}', 'rules[0].fromPort/toPort must be integers or null'],
    ['{"format":"reachmap-snapshot","version":1,"rules":[{"id":"r","groupId":"g","direction":"ingress","protocol":6,"fromPort":80,"toPort":80,"peer":{"kind":"group"}}]}', 'rules[0].peer must be'],
    ['{"format":"reachmap-snapshot","version":1,"endpoints":[{"id":"e","kind":"instance","groupIds":"sg-1"}]}', 'endpoints[0].groupIds must be an array of strings'],
    ['{"format":"reachmap-snapshot","version":1,"endpoints":[{"id":"e","kind":"load-balancer","groupIds":[],"listeners":[{"protocol":1,"port":8}]}]}', 'endpoints[0].listeners must be an array of {protocol: 6 | 17, port: 1-65535} or {protocol: -1, port: 0}'],
    ['{"format":"reachmap-snapshot","version":1,"endpoints":[{"id":"e","kind":"instance","groupIds":[],"interfaces":{}}]}', 'endpoints[0].interfaces must be an array of {id, privateIpv4?, tfAddress?, primary?: true}'],
    ['{"format":"reachmap-snapshot","version":1,"endpoints":[{"id":"e","kind":"instance","groupIds":[],"interfaces":[{"id":"eni-1","tfAddress":7}]}]}', 'endpoints[0].interfaces must be an array of {id, privateIpv4?, tfAddress?, primary?: true}'],
  ])('rejects %s', (text, message) => {
    let error: unknown;
    try {
      parseSnapshot(text, 'snap.json');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).message).toContain(`snap.json: ${message}`);
  });

  // Hand-written snapshots, each wrong in one field that the import or a query reads later: the
  // file is refused there, naming the field, rather than crashing with an "internal error".
  const ep = '{"id":"i-1","kind":"instance","privateIpv4":["10.0.0.1"],"groupIds":["sg-1"]';
  const rule = '{"id":"r","groupId":"sg-1","direction":"ingress","protocol":6,"fromPort":22,"toPort":22,"peer":{"kind":"cidr","cidr":"0.0.0.0/0"}';
  it.each([
    ['{"format":"reachmap-snapshot"}', 'the snapshot has no "version" (this build reads version 1)'],
    ['{"format":"reachmap-snapshot","version":1,"subnets":[{"id":"subnet-1","cidr":7}]}', 'subnets[0].cidr must be a string'],
    [`{"format":"reachmap-snapshot","version":1,"rules":[${rule},"origins":[null]}]}`, 'rules[0].origins[0] must be an object'],
    [`{"format":"reachmap-snapshot","version":1,"rules":[${rule},"origins":[{"block":"0"}]}]}`, 'rules[0].origins[0].block must be a whole number'],
    [`{"format":"reachmap-snapshot","version":1,"endpoints":[${ep},"tfAddress":7}]}`, 'endpoints[0].tfAddress must be a string'],
    [`{"format":"reachmap-snapshot","version":1,"endpoints":[${ep},"tags":{"Name":7}}]}`, 'endpoints[0].tags["Name"] must be a string'],
    [`{"format":"reachmap-snapshot","version":1,"endpoints":[${ep},"name":{"a":1}}]}`, 'endpoints[0].name must be a string'],
    [`{"format":"reachmap-snapshot","version":1,"endpoints":[${ep.replace('"instance"', '"instanse"')}}]}`, 'endpoints[0].kind must be one of instance, eni,'],
    ['{"format":"reachmap-snapshot","version":1,"groups":[{"id":"sg-1","name":{"a":1}}]}', 'groups[0].name must be a string'],
    ['{"format":"reachmap-snapshot","version":1,"groups":[{"id":"sg-1","external":"yes"}]}', 'groups[0].external must be true or false'],
    ['{"format":"reachmap-snapshot","version":1,"groups":[{"id":"sg-1","origin":{"address":["a"]}}]}', 'groups[0].origin.address must be a string'],
    ['{"format":"reachmap-snapshot","version":1,"sources":[{}]}', 'sources[0].file must be a string'],
    ['{"format":"reachmap-snapshot","version":1,"meta":{"regions":"us-east-1"}}', 'meta.regions must be an array of strings'],
    ['{"format":"reachmap-snapshot","version":1,"network":"none"}', '"network" must be an object'],
    ['{"format":"reachmap-snapshot","version":1,"warnings":[{"code":"x","message":"y","subject":{}}]}', 'warnings[0].subject must be a string'],
  ])('names the field of a value of the wrong type: %s', (text, message) => {
    expect(() => parseSnapshot(text, 'snap.json')).toThrow(`snap.json: ${message}`);
  });

  // Values no importer writes: each refused with its field, instead of widened (ports read as all
  // ports, a negative ICMP type as any) or kept as a rule that matches nothing.
  const ruleWith = (fields: string): string =>
    `{"format":"reachmap-snapshot","version":1,"rules":[{"id":"r","groupId":"sg-1","direction":"ingress","peer":{"kind":"cidr","cidr":"0.0.0.0/0"},${fields}}]}`;
  it.each([
    [ruleWith('"protocol":6,"fromPort":-5,"toPort":70000'), 'rules[0] has ports out of range (-5-70000)'],
    [ruleWith('"protocol":6,"fromPort":443,"toPort":22'), 'rules[0] has from_port 443 greater than to_port 22'],
    [ruleWith('"protocol":17,"fromPort":null,"toPort":null'), 'rules[0] has no port range'],
    [ruleWith('"protocol":999,"fromPort":null,"toPort":null'), 'rules[0].protocol must be an IP protocol number from -1 to 255, not 999'],
    [ruleWith('"protocol":-1,"fromPort":0,"toPort":65535'), 'rules[0].fromPort/toPort must be null for protocol -1'],
    [ruleWith('"protocol":1,"fromPort":-5,"toPort":-1'), 'rules[0] has an ICMP type or code out of range (-5, -1)'],
    [ruleWith('"protocol":6,"fromPort":22,"toPort":22').replace('0.0.0.0/0', '0.0.0.0/00'), `rules[0].peer.cidr "0.0.0.0/00" is not a CIDR (prefix length '00' must be 0 to 32)`],
    [ruleWith('"protocol":6,"fromPort":22,"toPort":22').replace('0.0.0.0/0', 'banana'), 'rules[0].peer.cidr "banana" is not a CIDR'],
    [ruleWith('"protocol":6,"fromPort":22,"toPort":22').replace('0.0.0.0/0', '10.0.0.1/24'), 'rules[0].peer.cidr "10.0.0.1/24" is not a CIDR as Reachmap writes it (10.0.0.0/24)'],
    ['{"format":"reachmap-snapshot","version":1,"vpcs":[{"id":"vpc-1","cidrs":["10.0.0.0/16","10.1.0.0/33"]}]}', 'vpcs[0].cidrs[1] "10.1.0.0/33" is not a CIDR'],
    ['{"format":"reachmap-snapshot","version":1,"subnets":[{"id":"subnet-1","cidr":"banana"}]}', 'subnets[0].cidr "banana" is not a CIDR'],
    // A VPC's or subnet's blocks hold one family each: the engine reads them as candidate spaces.
    ['{"format":"reachmap-snapshot","version":1,"vpcs":[{"id":"vpc-1","cidrs":["2600:1f18::/56"],"ipv6Cidrs":[]}]}', 'vpcs[0].cidrs[0] "2600:1f18::/56" is not an IPv4 CIDR'],
    ['{"format":"reachmap-snapshot","version":1,"subnets":[{"id":"subnet-1","cidr":"10.0.1.0/24","ipv6Cidr":"10.0.2.0/24"}]}', 'subnets[0].ipv6Cidr "10.0.2.0/24" is not an IPv6 CIDR'],
    ['{"format":"reachmap-snapshot","version":1,"prefixLists":[{"id":"pl-1","entries":["192.0.2.0"]}]}', 'prefixLists[0].entries[0] "192.0.2.0" is not a CIDR (a CIDR needs a /prefix length)'],
    [`{"format":"reachmap-snapshot","version":1,"endpoints":[${ep.replace('10.0.0.1', '10.0.0.300')}}]}`, `endpoints[0].privateIpv4[0] "10.0.0.300" is not an IP address ('300' is greater than 255)`],
    [`{"format":"reachmap-snapshot","version":1,"endpoints":[${ep},"ipv6":["10.0.0.2"]}]}`, 'endpoints[0].ipv6[0] "10.0.0.2" is not an IPv6 address'],
    [`{"format":"reachmap-snapshot","version":1,"endpoints":[${ep},"interfaces":[{"id":"eni-1","privateIpv4":"8.8.8.8.8"}]}]}`, 'endpoints[0].interfaces[0].privateIpv4 "8.8.8.8.8" is not an IP address'],
  ])('rejects a value no importer writes, naming the field: %s', (text, message) => {
    expect(() => parseSnapshot(text, 'snap.json')).toThrow(`snap.json: ${message}`);
  });

  it('refuses a snapshot nested too deeply, which would overflow the copy the merge makes, with the reason', () => {
    const deep = `{"format":"reachmap-snapshot","version":1,"groups":[{"id":"sg-1","tags":{"x":${'['.repeat(5000)}${']'.repeat(5000)}}}]}`;
    expect(() => importInputs([{ name: 'snap.json', text: deep }])).toThrow('snap.json: nested too deeply (more than 64 levels, where a snapshot has about six)');
    // The same in the part of a snapshot kept as it is read (network data for later analyses).
    const network = `{"format":"reachmap-snapshot","version":1,"network":{"routeTables":[${'{"a":'.repeat(100)}1${'}'.repeat(100)}]}}`;
    expect(() => parseSnapshot(network, 'snap.json')).toThrow('snap.json: nested too deeply');
  });
});

describe('parseSnapshot on bad JSON', () => {
  it('says where, as every input does, and never quotes the text (a file opened by mistake may hold secrets)', () => {
    const text = '{\n  "format": "reachmap-snapshot",\n  "password": hunter2\n}';
    expect(() => parseSnapshot(text, 'saved.json')).toThrow(/^saved\.json: malformed JSON at line 3, column 15: /);
    try {
      parseSnapshot(text, 'saved.json');
    } catch (err) {
      expect(String(err)).not.toContain('hunter2');
    }
    expect(() => parseSnapshot('  \n', 'saved.json')).toThrow('saved.json: the file is empty');
  });
});
