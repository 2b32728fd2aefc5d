// Pins what an answer says about a grouped node's end, and checks the claim against the engine:
// members with one address each get the first member's answer; members with a second address in
// a narrower CIDR rule are grouped all the same and may not, so the panel says "the first member".
import { describe, expect, it } from 'vitest';
import { analyzeFlows, buildReachIndex, queryReach } from '../../src/core/reach/engine';
import type { Snapshot } from '../../src/core/model';
import { describeGroupPick } from '../../src/renderer/group-pick';
import { createFixtureModel } from './fixture-model';

const WEB = { label: 'web ×2', endpointIds: ['i-web1', 'i-web2'] };

function snapshotWith(edit: (s: Snapshot) => void = () => {}): Snapshot {
  const s = structuredClone(createFixtureModel().snapshot);
  edit(s);
  return s;
}

/** The class (flow node) the engine puts each endpoint in, and each member's verdict to the database on 5432. */
function engineView(s: Snapshot, members: string[]): { sameClass: boolean; verdicts: string[] } {
  const index = buildReachIndex(s);
  const { flows } = analyzeFlows(index, {});
  const classes = new Set(members.map((m) => flows.memberOf[m]));
  const verdicts = members.map((m) => queryReach(index, { from: { endpointId: m }, to: { endpointId: 'db-main' }, protocol: 6, port: 5432 }).verdict);
  return { sameClass: classes.size === 1, verdicts };
}

describe('describeGroupPick', () => {
  const answer = { fromEndpointId: 'i-web1', toEndpointId: 'db-main', toAddress: '10.0.3.5' };

  it('names the first member, and says the others get the same answer when each has one address', () => {
    const s = snapshotWith();
    expect(engineView(s, WEB.endpointIds)).toEqual({ sameClass: true, verdicts: ['allowed', 'allowed'] });
    const text = describeGroupPick(s, WEB, 'from', answer)!;
    expect(text).toContain('web ×2 stands for 2 endpoints; this answer is for its first member, web-1 (i-web1).');
    expect(text).toContain('each gets the same answer');
  });

  it('says "the first member only" when a member has a second address a narrower rule may treat differently', () => {
    // Both servers have an address in 10.0.2.50/31, which the database admits: one class for the
    // engine, but web-1 is asked about at its primary address, outside the /31.
    const s = snapshotWith((x) => {
      x.rules = x.rules.filter((r) => r.groupId !== 'sg-db');
      x.rules.push({ id: 'sg-db/ingress/pair', groupId: 'sg-db', direction: 'ingress', protocol: 6, fromPort: 5432, toPort: 5432, peer: { kind: 'cidr', cidr: '10.0.2.50/31' }, origins: [] });
      x.endpoints.find((e) => e.id === 'i-web1')!.privateIpv4 = ['10.0.2.11', '10.0.2.50'];
      x.endpoints.find((e) => e.id === 'i-web2')!.privateIpv4 = ['10.0.2.51', '10.0.2.12'];
    });
    expect(engineView(s, WEB.endpointIds)).toEqual({ sameClass: true, verdicts: ['denied', 'allowed'] });
    const text = describeGroupPick(s, WEB, 'from', answer)!;
    expect(text).toContain('this answer is for the first member only, web-1 (i-web1)');
    expect(text).toContain('several addresses');
    expect(text).not.toContain('each gets the same answer');
  });

  it('says "the first member only" when the other end is one of the members', () => {
    const text = describeGroupPick(snapshotWith(), WEB, 'to', { fromEndpointId: 'i-web2', toEndpointId: 'i-web1' })!;
    expect(text).toContain('first member only');
    expect(text).toContain('the other end is one of them');
  });

  it('says "the first member only" when the destination, reached at its public IP, sees each at its own', () => {
    const atBastion = { fromEndpointId: 'i-web1', toEndpointId: 'i-bastion', toAddress: '203.0.113.7' };
    expect(describeGroupPick(snapshotWith(), WEB, 'from', atBastion)).toContain('each gets the same answer');
    const s = snapshotWith((x) => {
      x.endpoints.find((e) => e.id === 'i-web1')!.publicIpv4 = ['198.51.100.7'];
    });
    expect(describeGroupPick(s, WEB, 'from', atBastion)).toContain('its own public address');
  });

  it('says nothing for a node of one endpoint', () => {
    expect(describeGroupPick(snapshotWith(), { label: 'bastion', endpointIds: ['i-bastion'] }, 'from', answer)).toBeUndefined();
  });
});
