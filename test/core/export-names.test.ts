// Input names as exports carry them: base names, a trailing folder or more only where two inputs
// share a base name, no root or drive, live-import labels untouched; and a snapshot copy whose every
// file field (and the paths its warnings quote) is shortened while the original keeps full paths.
import { describe, expect, it } from 'vitest';
import { shortenFileNames, shortenSnapshotFiles } from '../../src/core/export-names';
import { createEmptySnapshot, type Snapshot } from '../../src/core/model';
import { parseSnapshot, serializeSnapshot } from '../../src/core/snapshot-io';

describe('shortenFileNames', () => {
  it.each<[string, string[], string[]]>([
    ['an absolute POSIX path keeps its base name', ['/home/alice/clients/acme/prod.tfstate'], ['prod.tfstate']],
    ['a relative path keeps its base name', ['../clients/acme/prod.tfstate'], ['prod.tfstate']],
    ['a Windows path keeps its base name', ['C:\\Users\\alice\\acme\\prod.tfstate'], ['prod.tfstate']],
    ['a bare name (an upload) stays', ['prod.tfstate'], ['prod.tfstate']],
    ['different base names need no folder', ['/home/alice/a/prod.tfstate', '/home/alice/a/vpc.json'], ['prod.tfstate', 'vpc.json']],
    ['one base name in two folders keeps the folder that tells them apart', ['/home/alice/a/prod.tfstate', '/home/alice/b/prod.tfstate'], ['a/prod.tfstate', 'b/prod.tfstate']],
    ['as many folders as it takes, and no more', ['/srv/x/env/prod.tfstate', '/srv/y/env/prod.tfstate', '/srv/y/other.json'], ['x/env/prod.tfstate', 'y/env/prod.tfstate', 'other.json']],
    ['only the inputs that clash get folders', ['/h/a/prod.tfstate', '/h/b/prod.tfstate', '/h/b/stage.tfstate'], ['a/prod.tfstate', 'b/prod.tfstate', 'stage.tfstate']],
    ['a bare name and a path of that base name stay apart, the home folder as ~', ['prod.tfstate', '/home/alice/prod.tfstate'], ['prod.tfstate', '~/prod.tfstate']],
    ['one input in the home folder, one below it: the folders they share are no part of either name', ['/home/alice/prod.tfstate', '/home/alice/clients/acme/old/prod.tfstate'], ['prod.tfstate', 'old/prod.tfstate']],
    ['the same on macOS', ['/Users/alice/prod.tfstate', '/Users/alice/Desktop/prod.tfstate'], ['prod.tfstate', 'Desktop/prod.tfstate']],
    ['two users\' homes look alike (~): numbered, no user name', ['/home/alice/prod.tfstate', '/home/bob/prod.tfstate'], ['prod.tfstate', 'prod.tfstate (2)']],
    ['the same path on two drives is numbered, not shown whole', ['C:\\states\\prod.tfstate', 'D:\\states\\prod.tfstate'], ['prod.tfstate', 'prod.tfstate (2)']],
    ['an absolute and a relative path of the same parts are numbered', ['/srv/prod.tfstate', 'srv/prod.tfstate'], ['prod.tfstate', 'prod.tfstate (2)']],
    ['on POSIX a backslash is part of a name', ['/home/alice/a\\b.json', '/home/alice/a/b.json'], ['a\\b.json', 'b.json']],
    ['a file:// URL is a path', ['file:///home/alice/acme/prod%20state.json'], ['prod state.json']],
    ['a home folder below the root: /var/home, WSL\'s /mnt/c/Users', ['/var/home/alice/prod.tfstate', '/tmp/prod.tfstate', '/mnt/c/Users/bob/x/y.json', '/srv/y.json'], ['~/prod.tfstate', 'tmp/prod.tfstate', 'x/y.json', 'srv/y.json']],
    ['a Windows long path and a file URL with a host name no user', ['\\\\?\\C:\\Users\\alice\\p.json', '/srv/p.json', 'file://host/home/bob/q.json', '/srv/q.json'], ['~/p.json', 'srv/p.json', '~/q.json', 'srv/q.json']],
    ['a number never clashes with another input\'s name', ['/a/prod.tfstate', 'a/prod.tfstate', '/x/prod.tfstate (2)'], ['prod.tfstate', 'prod.tfstate (2)', 'prod.tfstate (2) (2)']],
    ['labels that differ only in their user stay apart, and a password with @ is cut whole', ['https://alice@host/x', 'https://bob@host/x', 'https://u:p@ss@host/y'], ['https://host/x', 'https://host/x (2)', 'https://host/y']],
    ['a query in an endpoint URL goes, the region after it stays', ['https://proxy.example/?token=abc/eu-west-1', 'https://proxy.example/?token=abc/us-east-1'], ['https://proxy.example//eu-west-1', 'https://proxy.example//us-east-1']],
    ['a URL label loses its user, password and query', ['https://user:token@proxy.example:8443/eu-west-1?sig=abc#x', 'aws://ci@default/eu-west-1'], ['https://proxy.example:8443/eu-west-1', 'aws://default/eu-west-1']],
    ['POSIX and Windows paths clash and part alike, joined with /', ['C:\\work\\a\\prod.tfstate', '/work/b/prod.tfstate'], ['a/prod.tfstate', 'b/prod.tfstate']],
    ['two spellings of one path share a short name', ['a/prod.tfstate', './a/prod.tfstate', 'b/prod.tfstate'], ['a/prod.tfstate', 'a/prod.tfstate', 'b/prod.tfstate']],
    ['a live import label is no path and stays whole', ['aws://default/eu-west-1', 'http://localhost:4566/us-east-1'], ['aws://default/eu-west-1', 'http://localhost:4566/us-east-1']],
  ])('%s', (_name, names, expected) => {
    const short = shortenFileNames(names);
    expect(names.map((n) => short.get(n))).toEqual(expected);
  });

  it('never keeps a root, a drive or the user folder when the base name is enough', () => {
    const short = shortenFileNames(['/home/alice/x.json', 'C:\\Users\\bob\\y.json', '\\\\server\\share\\z.json']);
    for (const s of short.values()) expect(s).not.toMatch(/^[\\/]|^[a-z]:|alice|bob|server/i);
  });
});

function snapshotFrom(files: string[]): Snapshot {
  const [a, b] = files as [string, string];
  const s = createEmptySnapshot();
  s.sources.push({ file: a, format: 'tfstate-v4' }, { file: b, format: 'aws-cli:describe-security-groups' });
  s.vpcs.push({ id: 'vpc-1', cidrs: ['10.0.0.0/16'], ipv6Cidrs: [], origin: { file: a, address: 'aws_vpc.main' } });
  s.subnets.push({ id: 'subnet-1', vpcId: 'vpc-1', cidr: '10.0.1.0/24', origin: { file: a } });
  s.groups.push({ id: 'sg-1', name: 'web', external: false, origin: { file: a, address: 'aws_security_group.web' } });
  s.groups.push({ id: 'sg-2', external: true, externalReason: 'missing' });
  s.prefixLists.push({ id: 'pl-1', entries: ['192.0.2.0/24'], origin: { file: b } });
  s.rules.push({
    id: 'sg-1/ingress/0', groupId: 'sg-1', direction: 'ingress', protocol: 6, fromPort: 443, toPort: 443, peer: { kind: 'cidr', cidr: '0.0.0.0/0' },
    origins: [{ file: a, address: 'aws_security_group.web', block: 0 }, { file: b, ruleId: 'sgr-1' }],
  });
  s.rules.push({ id: 'sg-1/egress/0', groupId: 'sg-1', direction: 'egress', protocol: -1, fromPort: null, toPort: null, peer: { kind: 'group', groupId: 'sg-2' }, origins: [] });
  s.endpoints.push({ id: 'i-1', kind: 'instance', name: 'web', subnetIds: ['subnet-1'], privateIpv4: ['10.0.1.5'], ipv6: [], publicIpv4: [], groupIds: ['sg-1'], origin: { file: b } });
  s.warnings.push({ code: 'groups-differ', message: `i-1 has other groups in ${a} than in ${b}`, file: b, subject: 'i-1' });
  s.warnings.push({ code: 'external-group', message: 'sg-2 is referenced but not defined', subject: 'sg-2' });
  return s;
}

describe('shortenSnapshotFiles', () => {
  const files = ['/home/alice/clients/acme/prod/network.tfstate', '/home/alice/clients/acme/ec2-describe-security-groups.json'];

  it('leaves no absolute path in any file field or warning, and the saved copy reads back', () => {
    const full = snapshotFrom(files);
    const before = JSON.stringify(full);
    const short = shortenSnapshotFiles(full);
    const text = serializeSnapshot(short);
    expect(text).not.toContain('/home/alice');
    expect(short.sources.map((s) => s.file)).toEqual(['network.tfstate', 'ec2-describe-security-groups.json']);
    expect(short.vpcs[0]!.origin).toEqual({ file: 'network.tfstate', address: 'aws_vpc.main' });
    expect(short.rules[0]!.origins).toEqual([{ file: 'network.tfstate', address: 'aws_security_group.web', block: 0 }, { file: 'ec2-describe-security-groups.json', ruleId: 'sgr-1' }]);
    expect(short.endpoints[0]!.origin).toEqual({ file: 'ec2-describe-security-groups.json' });
    expect(short.warnings[0]).toEqual({ code: 'groups-differ', message: 'i-1 has other groups in network.tfstate than in ec2-describe-security-groups.json', file: 'ec2-describe-security-groups.json', subject: 'i-1' });
    expect(parseSnapshot(text, 'shared.json')).toEqual(short);
    // The model the app keeps showing is untouched.
    expect(JSON.stringify(full)).toBe(before);
  });

  it('keeps two inputs of one base name apart, in every field', () => {
    const short = shortenSnapshotFiles(snapshotFrom(['/home/alice/a/prod.tfstate', '/home/alice/b/prod.tfstate']));
    expect(short.sources.map((s) => s.file)).toEqual(['a/prod.tfstate', 'b/prod.tfstate']);
    expect(short.rules[0]!.origins.map((o) => o.file)).toEqual(['a/prod.tfstate', 'b/prod.tfstate']);
    expect(short.warnings[0]!.message).toBe('i-1 has other groups in a/prod.tfstate than in b/prod.tfstate');
  });

  it('returns a snapshot of bare names as it is', () => {
    const s = snapshotFrom(['prod.tfstate', 'vpc.json']);
    expect(shortenSnapshotFiles(s)).toBe(s);
  });
});
