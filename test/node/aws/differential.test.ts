/**
 * The differential test: one recorded account (fixtures/account, CLI JSON shape) is served live by the
 * fake EC2 endpoint through the real SDK, and given as the offline `aws ec2 describe-*` files. Both
 * must yield the same snapshot — modulo what legitimately differs (meta.takenAt and meta.tool, the
 * sources list, and origin/warning file names; origins are compared as the set of `sgr-` ids, since
 * the live import reads groups and their rules in one document while the files are two) — and the
 * same reachability, pair by pair and as a flow graph.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importInputs } from '../../../src/core/import';
import type { Snapshot } from '../../../src/core/model';
import { analyzeFlows, buildReachIndex, queryReach } from '../../../src/core/reach';
import { importAwsAccount } from '../../../src/node/aws';
import { accountData, accountFiles, FAKE_CREDENTIALS, REGIONS } from './account-fixture';
import { startFakeEc2, type FakeEc2 } from './fake-ec2-server';

let fake: FakeEc2;
let live: Snapshot;
let offline: Snapshot;

beforeAll(async () => {
  fake = await startFakeEc2({ regions: accountData(), pageSize: 3 });
  live = await importAwsAccount({ regions: REGIONS, endpointUrl: fake.url, credentials: FAKE_CREDENTIALS, maxAttempts: 2, timeoutMs: 5000 });
  offline = importInputs(REGIONS.flatMap(accountFiles));
});
afterAll(async () => {
  await fake.close();
});

function comparable(s: Snapshot): unknown {
  const copy = JSON.parse(JSON.stringify(s)) as Snapshot & { [k: string]: unknown };
  delete copy.meta.takenAt;
  delete copy.meta.tool;
  copy.sources = [];
  for (const list of [copy.groups, copy.vpcs, copy.subnets, copy.prefixLists, copy.endpoints]) for (const x of list) delete x.origin;
  for (const r of copy.rules) {
    const ruleIds = [...new Set(r.origins.map((o) => o.ruleId).filter((id): id is string => id !== undefined))].sort();
    r.origins = ruleIds.map((ruleId) => ({ ruleId }));
  }
  for (const w of copy.warnings) delete w.file;
  return copy;
}

describe('live import vs offline CLI JSON of the same account', () => {
  it('read the same, non-trivial account', () => {
    expect(offline.sources.map((s) => s.format)).toContain('aws-cli:describe-network-interfaces');
    expect(live.sources.every((s) => s.format === 'aws-live')).toBe(true);
    expect(live.endpoints.length).toBe(11);
    expect(live.rules.length).toBeGreaterThan(20);
  });

  it('give identical snapshots', () => {
    expect(comparable(live)).toEqual(comparable(offline));
  });

  it('give identical answers for every endpoint pair on several ports', () => {
    const a = buildReachIndex(live);
    const b = buildReachIndex(offline);
    const ids = live.endpoints.map((e) => e.id);
    const asks: [number, number | undefined][] = [[6, 22], [6, 443], [6, 5432], [6, 8080], [17, 53], [1, undefined], [-1, undefined]];
    let allowed = 0;
    let total = 0;
    for (const from of ids) {
      for (const to of ids) {
        if (from === to) continue;
        for (const [protocol, port] of asks) {
          const q = { from: { endpointId: from }, to: { endpointId: to }, protocol, ...(port !== undefined ? { port } : {}) };
          const x = queryReach(a, q);
          const y = queryReach(b, q);
          expect([from, to, protocol, port, y.verdict]).toEqual([from, to, protocol, port, x.verdict]);
          total++;
          if (x.verdict === 'allowed') allowed++;
        }
      }
    }
    expect(total).toBe(11 * 10 * 7);
    // The account is built so some pairs are allowed and most are not.
    expect(allowed).toBeGreaterThan(10);
    expect(allowed).toBeLessThan(total / 2);
    expect(JSON.stringify(analyzeFlows(a))).toBe(JSON.stringify(analyzeFlows(b)));
  });

  it('see the intended chain: alb -> app:8080, app -> db:5432, bastion -> app:22, and nothing into the db from the bastion', () => {
    const index = buildReachIndex(live);
    const verdict = (from: string, to: string, port: number) => queryReach(index, { from: { endpointId: from }, to: { endpointId: to }, protocol: 6, port }).verdict;
    const alb = live.endpoints.find((e) => e.kind === 'load-balancer')!.id;
    expect(verdict(alb, 'i-0a1b0000000000002', 8080)).toBe('allowed');
    expect(verdict('i-0a1b0000000000002', 'eni-0a1b0000000000007', 5432)).toBe('allowed');
    expect(verdict('i-0a1b0000000000001', 'i-0a1b0000000000002', 22)).toBe('allowed');
    expect(verdict('i-0a1b0000000000001', 'eni-0a1b0000000000007', 5432)).toBe('denied');
    expect(queryReach(index, { from: { address: '198.51.100.9' }, to: { endpointId: 'eni-0a1b0000000000007' }, protocol: 6, port: 5432 }).verdict).toBe('allowed');
  });
});
