/**
 * The `reachmap` command's usage contract, run through the real bundle as a child process: help,
 * version, and the exit-status-2 paths (bad usage, missing and truncated input) with their one-line
 * messages naming the file.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, ROOT, runCli, STATE, STATE_REL } from './run-cli';

let tmp: string;
beforeAll(async () => {
  await buildCli();
  tmp = mkdtempSync(path.join(tmpdir(), 'reachmap-cli-'));
}, 120_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Exit 2 with exactly one line on stderr, starting with 'reachmap: '. */
function expectOneLineError(run: { code: number | null; stderr: string; stdout: string }): string {
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  const lines = run.stderr.split('\n').filter((l) => l !== '');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^reachmap: /);
  return lines[0] as string;
}

describe('help and version', () => {
  it('--help and help list the commands', async () => {
    for (const args of [['--help'], ['help'], ['-h']]) {
      const run = await runCli(args);
      expect(run.code, args.join(' ')).toBe(0);
      expect(run.stdout).toMatch(/^reachmap \d+\.\d+\.\d+/);
      expect(run.stdout).toContain('Usage: reachmap <command>');
      for (const cmd of ['analyze', 'query', 'export-snapshot']) expect(run.stdout).toContain(`  ${cmd}`);
    }
  });

  it('<command> --help and help <command> print that command’s usage', async () => {
    for (const cmd of ['analyze', 'query', 'export-snapshot']) {
      const a = await runCli([cmd, '--help']);
      const b = await runCli(['help', cmd]);
      expect(a.code).toBe(0);
      expect(a.stdout).toContain(`Usage: reachmap ${cmd}`);
      expect(b.stdout).toBe(a.stdout);
    }
    const q = await runCli(['query', STATE_REL, '--from', 'x', '--help']);
    expect(q.code).toBe(0);
    expect(q.stdout).toContain('--batch FILE');
  });

  it('--version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const run = await runCli(['--version']);
    expect(run).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('no command prints the help on stderr and exits 2', async () => {
    const run = await runCli([]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Usage: reachmap <command>');
  });
});

describe('bad usage exits 2 with one line', () => {
  it('unknown command', async () => {
    expect(expectOneLineError(await runCli(['analyse', STATE_REL]))).toContain("unknown command 'analyse'");
  });

  it('unknown option, with a suggestion', async () => {
    expect(expectOneLineError(await runCli(['analyze', STATE_REL, '--jsn']))).toContain('unknown option --jsn; did you mean --json?');
  });

  it('missing inputs', async () => {
    expect(expectOneLineError(await runCli(['analyze']))).toContain('name at least one input');
  });

  it('query without --from/--to/--protocol', async () => {
    expect(expectOneLineError(await runCli(['query', STATE_REL, '--from', 'web-1']))).toContain('missing --to, --protocol');
  });

  it('query with a bad port', async () => {
    const line = expectOneLineError(await runCli(['query', STATE_REL, '--from', 'web-1', '--to', 'db', '--protocol', 'tcp', '--port', '70000']));
    expect(line).toContain('--port must be an integer from 0 to 65535');
  });

  it('query tcp without a port', async () => {
    expect(expectOneLineError(await runCli(['query', STATE_REL, '--from', 'web-1', '--to', 'db', '--protocol', 'tcp']))).toContain('tcp needs a port');
  });

  it('query with an icmp code but no type (codes are numbered within a type)', async () => {
    const line = expectOneLineError(await runCli(['query', STATE_REL, '--from', 'web-1', '--to', 'db', '--protocol', 'icmp', '--icmp-code', '3']));
    expect(line).toBe('reachmap: query: icmpCode needs an icmpType: ICMP codes are numbered within a type');
  });

  it('query with an unknown REF', async () => {
    const line = expectOneLineError(await runCli(['query', STATE_REL, '--from', 'no-such-host', '--to', 'db', '--protocol', 'tcp', '--port', '1']));
    expect(line).toContain('no-such-host');
  });

  it('query with an unknown protocol', async () => {
    expect(expectOneLineError(await runCli(['query', STATE_REL, '--from', 'web-1', '--to', 'db', '--protocol', 'tcpp']))).toContain('tcpp');
  });

  it('option given twice or without its value', async () => {
    expect(expectOneLineError(await runCli(['query', STATE_REL, '--from', 'a', '--from', 'b']))).toContain('--from was given twice');
    expect(expectOneLineError(await runCli(['query', STATE_REL, '--from']))).toContain('--from needs a value (REF)');
  });

  it('--batch combined with --from', async () => {
    expect(expectOneLineError(await runCli(['query', STATE_REL, '--batch', '-', '--from', 'a']))).toContain('--batch cannot be combined with --from');
  });

  it('export-snapshot without --out', async () => {
    expect(expectOneLineError(await runCli(['export-snapshot', STATE_REL]))).toContain('--out FILE is required');
  });
});

describe('unreadable input exits 2 naming the file', () => {
  it('missing file', async () => {
    const line = expectOneLineError(await runCli(['analyze', 'nope/missing.tfstate']));
    expect(line).toBe('reachmap: nope/missing.tfstate: no such file or folder');
  });

  it('missing batch file', async () => {
    expect(expectOneLineError(await runCli(['query', STATE_REL, '--batch', 'nope.jsonl']))).toBe('reachmap: nope.jsonl: no such file or folder');
  });

  it('truncated JSON', async () => {
    const text = readFileSync(STATE, 'utf8');
    const file = path.join(tmp, 'state.json');
    writeFileSync(file, text.slice(0, 1234));
    const line = expectOneLineError(await runCli(['analyze', file]));
    expect(line.startsWith(`reachmap: ${file}: `)).toBe(true);
    expect(line.toLowerCase()).toMatch(/json|truncated|unexpected end/);
  });

  it('a folder holding no usable file, for analyze and query alike', async () => {
    // A scan skips unrecognised files with a warning; when nothing at all is left, there is no input
    // to answer from, and answering "allowed" or "0 groups" from nothing would be wrong.
    const dir = path.join(tmp, 'junk');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'package.json'), '{"name": "x", "version": "1.0.0"}');
    writeFileSync(path.join(dir, 'notes.json'), '{"hello": "world"}');
    const analyzed = expectOneLineError(await runCli(['analyze', dir]));
    expect(analyzed.startsWith(`reachmap: ${dir}: `)).toBe(true);
    expect(analyzed).toMatch(/no usable input/);
    const queried = expectOneLineError(await runCli(['query', dir, '--from', '198.51.100.1', '--to', '10.0.0.1', '--protocol', 'tcp', '--port', '22']));
    expect(queried.startsWith(`reachmap: ${dir}: `)).toBe(true);
    // Next to a usable input, the same folder is only skipped with its warnings.
    const mixed = await runCli(['analyze', STATE_REL, dir]);
    expect(mixed.code).toBe(0);
    expect(mixed.stdout).toContain('skipped-file');
  });

  it('a binary file (a saved Terraform plan): one clean line, no raw bytes', async () => {
    const file = path.join(tmp, 'plan.tfplan');
    // A zip header as `terraform plan -out` writes it, then bytes some tools read as line breaks.
    writeFileSync(file, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x08, 0x00, 0x08, 0x00, 0x0b, 0x0c, 0x1c, 0xc2, 0x85, 0x41]));
    const line = expectOneLineError(await runCli(['analyze', file]));
    expect(line.startsWith(`reachmap: ${file}: `)).toBe(true);
    expect(line).toMatch(/zip archive/);
    expect(line).toContain('terraform show -json');
    // eslint-disable-next-line no-control-regex
    expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
  });

  it('a state saved as UTF-16 by PowerShell opens when it starts with a byte order mark, and is named as UTF-16 when it does not', async () => {
    const text = readFileSync(STATE, 'utf8');
    const withMark = path.join(tmp, 'ps-bom.tfstate');
    writeFileSync(withMark, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const plain = await runCli(['analyze', STATE_REL, '--json']);
    const utf16 = await runCli(['analyze', withMark, '--json']);
    expect(utf16.code).toBe(0);
    expect(JSON.parse(utf16.stdout).summary).toEqual(JSON.parse(plain.stdout).summary);
    const noMark = path.join(tmp, 'ps-nobom.tfstate');
    writeFileSync(noMark, Buffer.from(text, 'utf16le'));
    const line = expectOneLineError(await runCli(['analyze', noMark]));
    expect(line).toBe(`reachmap: ${noMark}: the file is UTF-16 text; save it as UTF-8`);
  });

  it('names holding control characters reach the terminal as escapes, not as colours or extra lines', async () => {
    const text = readFileSync(STATE, 'utf8').replaceAll('"Name": "bastion"', '"Name": "bastion\\u001b[31m\\nFAKE LINE"');
    expect(text).toContain('\\u001b[31m');
    const file = path.join(tmp, 'ansi.tfstate');
    writeFileSync(file, text);
    const query = await runCli(['query', file, '--from', '198.51.100.1', '--to', 'aws_instance.bastion', '--protocol', 'tcp', '--port', '22']);
    expect(query.stdout).toContain('bastion\\u001b[31m\\u000aFAKE LINE');
    expect(query.stdout).not.toContain('\u001b');
    expect(query.stdout.split('\n').some((l) => l.startsWith('FAKE LINE'))).toBe(false);
    const analyzed = await runCli(['analyze', file]);
    expect(analyzed.stdout).not.toContain('\u001b');
  });

  it('a file cut inside true/false/null, then a newline, still reads as truncated', async () => {
    const text = readFileSync(STATE, 'utf8');
    const cut = text.indexOf('"map_public_ip_on_launch": tr') + '"map_public_ip_on_launch": tr'.length;
    const file = path.join(tmp, 'cut.tfstate');
    writeFileSync(file, text.slice(0, cut) + '\n');
    const line = expectOneLineError(await runCli(['analyze', file]));
    expect(line.startsWith(`reachmap: ${file}: the JSON is truncated`)).toBe(true);
  });

  it('a saved snapshot with a field of the wrong type, for analyze and query alike: the file and the field, no internal error', async () => {
    const file = path.join(tmp, 'wrong-type.snapshot.json');
    writeFileSync(file, '{"format":"reachmap-snapshot","version":1,"subnets":[{"id":"subnet-1","cidr":7}],"endpoints":[{"id":"i-1","kind":"instance","subnetIds":["subnet-1"]}]}');
    expect(expectOneLineError(await runCli(['analyze', file]))).toBe(`reachmap: ${file}: subnets[0].cidr must be a string`);
    writeFileSync(file, '{"format":"reachmap-snapshot","version":1,"endpoints":[{"id":"i-1","kind":"instance","privateIpv4":["10.0.0.1"],"tfAddress":7}]}');
    const queried = expectOneLineError(await runCli(['query', file, '--from', '1.2.3.4', '--to', 'web', '--protocol', 'tcp', '--port', '22']));
    expect(queried).toBe(`reachmap: ${file}: endpoints[0].tfAddress must be a string`);
  });

  it('a saved snapshot holding a value no importer writes (ports -5 to 70000): the file and the rule, never all ports', async () => {
    const file = path.join(tmp, 'bad-value.snapshot.json');
    writeFileSync(file, JSON.stringify({
      format: 'reachmap-snapshot',
      version: 1,
      groups: [{ id: 'sg-1' }],
      rules: [{ id: 'r', groupId: 'sg-1', direction: 'ingress', protocol: 6, fromPort: -5, toPort: 70000, peer: { kind: 'cidr', cidr: '0.0.0.0/0' } }],
      endpoints: [{ id: 'i-1', kind: 'instance', privateIpv4: ['10.0.0.1'], groupIds: ['sg-1'] }],
    }));
    const line = expectOneLineError(await runCli(['query', file, '--from', '203.0.113.7', '--to', 'i-1', '--protocol', 'tcp', '--port', '22']));
    expect(line).toBe(`reachmap: ${file}: rules[0] has ports out of range (-5-70000)`);
  });

  it('a saved snapshot or XML answer nested thousands deep: nested too deeply, not a stack overflow', async () => {
    const snap = path.join(tmp, 'deep.snapshot.json');
    writeFileSync(snap, `{"format":"reachmap-snapshot","version":1,"groups":[{"id":"sg-1","tags":{"x":${'['.repeat(5000)}${']'.repeat(5000)}}}]}`);
    expect(expectOneLineError(await runCli(['analyze', snap]))).toBe(`reachmap: ${snap}: nested too deeply (more than 64 levels, where a snapshot has about six)`);
    const xml = path.join(tmp, 'deep.xml');
    writeFileSync(xml, `<DescribeSecurityGroupsResponse><securityGroupInfo><item><groupId>sg-1</groupId><ipPermissions>${'<item>'.repeat(10_000)}${'</item>'.repeat(10_000)}</ipPermissions></item></securityGroupInfo></DescribeSecurityGroupsResponse>`);
    const line = expectOneLineError(await runCli(['analyze', xml]));
    expect(line.startsWith(`reachmap: ${xml}: its DescribeSecurityGroupsResponse answer is nested too deeply`), line).toBe(true);
  });

  it('several inputs of which one is bad: exit 2 naming that file and the problem, for every command (the app would open the rest)', async () => {
    // Scripts need loud failure, so the CLI stays strict where the app shows a partial map.
    const partial = path.join(ROOT, 'test/core/import/fixtures/partial');
    const [web, db] = [path.join(partial, 'web.tfstate'), path.join(partial, 'db.tfstate')];
    const cases: [string, string][] = [
      ['malformed.json', "malformed JSON at line 3, column 3: Expected ',' or '}' after property value"],
      ['empty.json', 'the file is empty'],
      ['truncated.tfstate', 'the JSON is truncated (it ends after 300 characters)'],
      ['gcp.tfstate', 'no AWS resources: this looks like a Google Cloud state'],
      ['not-there.json', 'no such file or folder'],
    ];
    for (const [name, problem] of cases) {
      const bad = path.join(partial, name);
      expect(expectOneLineError(await runCli(['analyze', web, bad, db]))).toBe(`reachmap: ${bad}: ${problem}`);
    }
    const bad = path.join(partial, 'malformed.json');
    const queried = expectOneLineError(await runCli(['query', web, bad, db, '--from', 'shop-web-1', '--to', 'shop-db-1', '--protocol', 'tcp', '--port', '5432']));
    expect(queried.startsWith(`reachmap: ${bad}: malformed JSON at line 3`)).toBe(true);
    const exported = expectOneLineError(await runCli(['export-snapshot', web, bad, '--out', path.join(tmp, 'never.json')]));
    expect(exported.startsWith(`reachmap: ${bad}: malformed JSON at line 3`)).toBe(true);
  });

  it('a named file no importer recognises', async () => {
    const file = path.join(tmp, 'other.json');
    writeFileSync(file, '{"hello": "world"}');
    const line = expectOneLineError(await runCli(['analyze', file, '--json']));
    expect(line.startsWith(`reachmap: ${file}: `)).toBe(true);
  });
});
