// Group references into another account: the AWS provider writes them as `<account>/<sg-id>` in an
// inline block's security_groups, in aws_security_group_rule.source_security_group_id and in
// aws_vpc_security_group_*_rule.referenced_security_group_id. The peer is the group id itself, so
// the reference meets the group when another input (that account's state) defines it.
import { describe, expect, it } from 'vitest';
import { importFixtures, rulesOf } from './fixture-helpers';

const APP = 'sg-00000000000000ca1';
const PEER = 'sg-00000000000000cb1';
const PEER_DB = 'sg-00000000000000cb2';

describe('a group of another account named as <account>/<sg-id>', () => {
  it('is read as the group id, inline and separate copies folding into one rule', () => {
    const s = importFixtures('v4-cross-account.tfstate.json');
    expect(rulesOf(s, APP)).toEqual([`egress 6 5432-5432 sg:${PEER_DB}`, `ingress 6 443-443 sg:${PEER}`]);
    expect(s.rules.find((r) => r.direction === 'ingress')!.origins.map((o) => o.address)).toEqual([
      'aws_security_group.app', 'aws_security_group_rule.from_peer',
    ]);
  });

  it('is kept as an external group of that account, with a warning', () => {
    const s = importFixtures('v4-cross-account.tfstate.json');
    expect(s.groups.map((g) => [g.id, g.external, g.externalReason ?? null, g.ownerId ?? null])).toEqual([
      [APP, false, null, '111111111111'],
      [PEER, true, 'cross-account', '222222222222'],
      [PEER_DB, true, 'cross-account', '222222222222'],
    ]);
    expect(s.warnings.filter((w) => w.code === 'external-group').map((w) => w.subject)).toEqual([PEER, PEER_DB]);
  });

  it('meets the group when the other account\'s state defines it', () => {
    const s = importFixtures('v4-cross-account.tfstate.json', 'v4-cross-account-peer.tfstate.json');
    expect(s.groups.find((g) => g.id === PEER)).toMatchObject({ external: false, name: 'clients', ownerId: '222222222222' });
    expect(rulesOf(s, APP)).toContain(`ingress 6 443-443 sg:${PEER}`);
    expect(s.groups.filter((g) => g.id.includes('/'))).toEqual([]);
  });
});
