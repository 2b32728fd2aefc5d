/**
 * Saved EC2 Query API answers (XML) read through the real EC2 client into the AWS CLI JSON the
 * importer takes. The fixtures next to this file are hand-written answers in the 2016-11-15 API
 * shape: two groups (web: https from 0.0.0.0/0 and ::/0, all traffic out; db: 5432 from web's
 * group, ssh from a prefix list no input describes) and two instances' interfaces (web with an
 * IPv6 and a public address). Expectations are worked out from those answers by hand. The corpus's
 * botocore XML, read in place, must import like botocore's own parse of the same answer.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importInputs } from '../../src/core/import';
import { ImportError, type InputFile } from '../../src/core/model';
import { buildReachIndex, queryReach } from '../../src/core/reach';
import { convertEc2QueryXml, MAX_XML_BYTES, rootElementOf } from '../../src/node/ec2-query-xml';

const FIXTURES = path.join(__dirname, 'fixtures');
const fixture = (name: string): InputFile => ({ name, text: readFileSync(path.join(FIXTURES, name), 'utf8') });
const CORPUS = path.resolve(__dirname, '../../../shared/corpus');

async function failureOf(files: InputFile[]): Promise<string> {
  try {
    await convertEc2QueryXml(files);
  } catch (err) {
    expect(err).toBeInstanceOf(ImportError);
    return (err as Error).message;
  }
  throw new Error('expected an ImportError');
}

describe('EC2 Query API XML answers', () => {
  it('import like the AWS CLI JSON of the same answers: groups, atomic rules, interfaces and addresses', async () => {
    const files = await convertEc2QueryXml([fixture('ec2-describe-security-groups.xml'), fixture('ec2-describe-network-interfaces.xml')]);
    const s = importInputs(files);
    expect(s.sources.map((x) => x.file)).toEqual(['ec2-describe-security-groups.xml', 'ec2-describe-network-interfaces.xml']);
    expect(s.groups.map((g) => [g.id, g.name, g.vpcId, g.external])).toEqual([
      ['sg-0xmldb', 'db', 'vpc-0xml', false],
      ['sg-0xmlweb', 'web', 'vpc-0xml', false],
    ]);
    const peer = (r: (typeof s.rules)[number]) => (r.peer.kind === 'cidr' ? r.peer.cidr : r.peer.kind === 'group' ? r.peer.groupId : r.peer.id);
    expect(s.rules.map((r) => [r.groupId, r.direction, r.protocol, r.fromPort, r.toPort, peer(r)])).toEqual([
      ['sg-0xmldb', 'ingress', 6, 22, 22, 'pl-0xmladmins'],
      ['sg-0xmldb', 'ingress', 6, 5432, 5432, 'sg-0xmlweb'],
      ['sg-0xmlweb', 'egress', -1, null, null, '0.0.0.0/0'],
      ['sg-0xmlweb', 'ingress', 6, 443, 443, '0.0.0.0/0'],
      ['sg-0xmlweb', 'ingress', 6, 443, 443, '::/0'],
    ]);
    expect(s.rules.find((r) => peer(r) === 'sg-0xmlweb')?.description).toBe('postgres from web');
    expect(s.endpoints.map((e) => [e.id, e.privateIpv4, e.ipv6, e.publicIpv4, e.groupIds])).toEqual([
      ['i-0xmldb', ['10.8.2.20'], [], [], ['sg-0xmldb']],
      ['i-0xmlweb', ['10.8.1.10'], ['2001:db8:8:1::10'], ['203.0.113.10'], ['sg-0xmlweb']],
    ]);
    expect(s.warnings.map((w) => w.code)).toEqual(['unknown-prefix-list']);

    const index = buildReachIndex(s);
    const ask = (from: Parameters<typeof queryReach>[1]['from'], to: Parameters<typeof queryReach>[1]['to'], port: number) => queryReach(index, { from, to, protocol: 6, port }).verdict;
    expect(ask({ endpointId: 'i-0xmlweb' }, { endpointId: 'i-0xmldb' }, 5432)).toBe('allowed');
    // db has no egress rule at all.
    expect(ask({ endpointId: 'i-0xmldb' }, { endpointId: 'i-0xmlweb' }, 443)).toBe('denied');
    expect(ask({ address: '198.51.100.7' }, { address: '203.0.113.10' }, 443)).toBe('allowed');
    expect(ask({ address: '2001:db8:ffff::7' }, { endpointId: 'i-0xmlweb' }, 443)).toBe('allowed');
    expect(ask({ address: '198.51.100.7' }, { endpointId: 'i-0xmlweb' }, 22)).toBe('denied');
  });

  it('leaves JSON inputs as they are', async () => {
    const files = [{ name: 'a.json', text: '{"SecurityGroups": []}' }];
    expect(await convertEc2QueryXml(files)).toBe(files);
  });

  it('finds the root element past the declaration, comments and a namespace prefix', () => {
    expect(rootElementOf('\uFEFF<?xml version="1.0"?>\n<!-- saved -->\n<ec2:DescribeVpcsResponse xmlns:ec2="x"/>')).toBe('DescribeVpcsResponse');
    expect(rootElementOf('{"a": 1}')).toBeUndefined();
  });

  it('names the file and the reason for an EC2 error answer, another XML document and a cut-short answer', async () => {
    expect(await failureOf([fixture('ec2-error-unauthorized.xml')])).toBe(
      'ec2-error-unauthorized.xml: an EC2 error answer (UnauthorizedOperation: You are not authorized to perform this operation.), not data',
    );
    expect(await failureOf([{ name: 'pom.xml', text: '<?xml version="1.0"?><project><modelVersion>4.0.0</modelVersion></project>' }])).toMatch(
      /^pom\.xml: XML with root element <project> is not an EC2 Query API answer Reachmap reads/,
    );
    const cut = fixture('ec2-describe-security-groups.xml');
    expect(await failureOf([{ name: 'cut.xml', text: cut.text.slice(0, 900) }])).toMatch(/^cut\.xml: malformed DescribeSecurityGroupsResponse XML \(.+\): is the file cut short\?$/);
  });

  it('with onBadFile, leaves out an XML file it cannot read and converts the rest, in order', async () => {
    const bad: ImportError[] = [];
    const cut = fixture('ec2-describe-security-groups.xml');
    const files = await convertEc2QueryXml(
      [{ name: 'cut.xml', text: cut.text.slice(0, 900) }, fixture('ec2-describe-network-interfaces.xml'), { name: 'a.json', text: '{}' }],
      { onBadFile: (err) => bad.push(err) },
    );
    expect(files.map((f) => f.name)).toEqual(['ec2-describe-network-interfaces.xml', 'a.json']);
    expect(bad.map((e) => e.file)).toEqual(['cut.xml']);
    expect(bad[0]?.reason).toMatch(/^malformed DescribeSecurityGroupsResponse XML/);
  });

  it('refuses a file holding several answers one after another, which a parser would read only the first of', async () => {
    const page = fixture('ec2-describe-security-groups.xml').text;
    expect(await failureOf([{ name: 'two.xml', text: page + page }])).toBe(
      'two.xml: more follows the end of its DescribeSecurityGroupsResponse answer (several answers in one file?): save each answer to a file of its own',
    );
    expect(await failureOf([{ name: 'junk.xml', text: `${page}\nnot xml` }])).toMatch(/^junk\.xml: more follows the end/);
    // A trailing comment or white space is fine.
    expect(importInputs(await convertEc2QueryXml([{ name: 'ok.xml', text: `${page}\n<!-- saved by hand -->\n\n` }])).groups).toHaveLength(2);
  });

  it('refuses an XML file larger than any one page of an EC2 answer before parsing it', async () => {
    const huge = `<DescribeVpcsResponse><vpcSet><item><vpcId>${'x'.repeat(MAX_XML_BYTES)}</vpcId></item></vpcSet></DescribeVpcsResponse>`;
    expect(await failureOf([{ name: 'huge.xml', text: huge }])).toMatch(/^huge\.xml: an XML answer of 64 MB is more than the 64 MB Reachmap reads as XML: ask for it in pages/);
  });

  it('refuses an answer nested too deeply before the parser overflows its stack, naming the file and the reason', async () => {
    const deep = fixture('ec2-describe-security-groups.xml').text.replace('<groups/>', `<groups>${'<item>'.repeat(10_000)}${'</item>'.repeat(10_000)}</groups>`);
    expect(deep).not.toBe(fixture('ec2-describe-security-groups.xml').text);
    expect(await failureOf([{ name: 'deep.xml', text: deep }])).toBe(
      'deep.xml: its DescribeSecurityGroupsResponse answer is nested too deeply (elements more than 64 levels deep, where EC2 answers have about a dozen)',
    );
  });

  it('skips a permission whose port is text or an empty element, with a warning, rather than reading all ports or port 0', async () => {
    const page = fixture('ec2-describe-security-groups.xml').text;
    for (const [from, to] of [['<fromPort>banana</fromPort>', '<toPort>banana</toPort>'], ['<fromPort></fromPort>', '<toPort/>'], ['<fromPort>22.5</fromPort>', '<toPort>22.5</toPort>']]) {
      const text = page.replace('<fromPort>443</fromPort>', from!).replace('<toPort>443</toPort>', to!);
      const s = importInputs(await convertEc2QueryXml([{ name: 'sg.xml', text }]));
      expect(s.rules.filter((r) => r.groupId === 'sg-0xmlweb' && r.direction === 'ingress'), from).toEqual([]);
      expect(s.warnings.filter((w) => w.code === 'bad-rule').map((w) => w.message)).toEqual([expect.stringMatching(/^sg-0xmlweb: IpPermissions\[0\] \(tcp\) has .*; permission skipped$/)]);
    }
  });

  it('warns that an answer with a nextToken is one page of several', async () => {
    const page = fixture('ec2-describe-security-groups.xml').text.replace('</securityGroupInfo>', '</securityGroupInfo>\n    <nextToken>eyJwYWdlIjoyfQ==</nextToken>');
    const s = importInputs(await convertEc2QueryXml([{ name: 'page1.xml', text: page }]));
    expect(s.warnings.filter((w) => w.code === 'partial-answer').map((w) => w.message)).toEqual([
      'page1.xml holds one page of a longer answer (it has a NextToken): what the other pages list is not in this input',
    ]);
  });

  it('reads an answer written with a namespace prefix, and one that still starts with a byte order mark', async () => {
    const plain = fixture('ec2-describe-security-groups.xml').text;
    const prefixed = plain.replace('<DescribeSecurityGroupsResponse xmlns=', '<ec2:DescribeSecurityGroupsResponse xmlns:ec2=').replace(/<(\/?)(?!\?)([A-Za-z])/g, '<$1ec2:$2').replace('<ec2:ec2:', '<ec2:');
    for (const text of [prefixed, `\uFEFF${plain}`]) {
      expect(importInputs(await convertEc2QueryXml([{ name: 'sg.xml', text }])).rules).toHaveLength(5);
    }
  });

  it('does not depend on the AWS settings of the environment it runs in', async () => {
    const saved = { url: process.env.AWS_ENDPOINT_URL, mode: process.env.AWS_DEFAULTS_MODE };
    process.env.AWS_ENDPOINT_URL = 'notaurl';
    process.env.AWS_DEFAULTS_MODE = 'bogus';
    try {
      expect(importInputs(await convertEc2QueryXml([fixture('ec2-describe-security-groups.xml')])).groups).toHaveLength(2);
    } finally {
      for (const [k, v] of [['AWS_ENDPOINT_URL', saved.url], ['AWS_DEFAULTS_MODE', saved.mode]] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });

  it('expands no entity: an external entity reads nothing and a billion-laughs file is refused at once', async () => {
    const xxe = `<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<DescribeSecurityGroupsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><securityGroupInfo><item><groupId>sg-1</groupId><groupName>&x;</groupName><vpcId>vpc-1</vpcId></item></securityGroupInfo></DescribeSecurityGroupsResponse>`;
    const s = importInputs(await convertEc2QueryXml([{ name: 'xxe.xml', text: xxe }]));
    expect(JSON.stringify(s)).not.toMatch(/root:/);
    const laughs = ['<!ENTITY l0 "ha">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`)].join('');
    const bomb = `<?xml version="1.0"?><!DOCTYPE r [${laughs}]><DescribeVpcsResponse><vpcSet><item><vpcId>&l9;</vpcId></item></vpcSet></DescribeVpcsResponse>`;
    const started = performance.now();
    const out = await convertEc2QueryXml([{ name: 'bomb.xml', text: bomb }]).then((f) => f[0]!.text, (e: Error) => e.message);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(out.length).toBeLessThan(10_000);
  });

  it.skipIf(!existsSync(CORPUS))('reads every EC2 XML answer of the corpus', async () => {
    const dir = path.join(CORPUS, 'ec2-query-xml');
    const counts: Record<string, number[]> = {};
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.xml')).sort()) {
      const s = importInputs(await convertEc2QueryXml([{ name, text: readFileSync(path.join(dir, name), 'utf8') }]));
      counts[name] = [s.groups.filter((g) => !g.external).length, s.rules.length, s.endpoints.length, s.subnets.length];
    }
    // SOURCES.md: 5 groups; 2 reservations (2 instances); 2 ENIs; 1 subnet; NACLs and route tables carry none of these.
    expect(counts).toEqual({
      'botocore-ec2-describe-instances.xml': [0, 0, 2, 0],
      'botocore-ec2-describe-network-acls.xml': [0, 0, 0, 0],
      'botocore-ec2-describe-network-interfaces.xml': [0, 0, 2, 0],
      'botocore-ec2-describe-route-tables.xml': [0, 0, 0, 0],
      'botocore-ec2-describe-security-groups.xml': [5, 10, 0, 0],
      'botocore-ec2-describe-subnets.xml': [0, 0, 0, 1],
    });
  });

  it.skipIf(!existsSync(CORPUS))("reads botocore's XML answer to DescribeSecurityGroups like botocore's parse of it", async () => {
    const xml = await convertEc2QueryXml([{ name: 'sg.xml', text: readFileSync(path.join(CORPUS, 'ec2-query-xml/botocore-ec2-describe-security-groups.xml'), 'utf8') }]);
    const json = { name: 'sg.json', text: readFileSync(path.join(CORPUS, 'aws-cli-json/botocore-parsed-ec2-describe-security-groups.json'), 'utf8') };
    const strip = (s: ReturnType<typeof importInputs>) => ({
      groups: s.groups.map(({ origin: _o, ...g }) => g),
      rules: s.rules.map(({ origins: _o, ...r }) => r),
      warnings: s.warnings.map((w) => w.code),
    });
    const fromXml = strip(importInputs(xml));
    expect(fromXml.groups).toHaveLength(5);
    expect(fromXml).toEqual(strip(importInputs([json])));
  });
});
