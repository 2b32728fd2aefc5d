// A dump of one account names a group of another only by reference (a cross-account pair), and is
// warned about as external. When a second input, the other account's dump, defines that group, it
// is an ordinary group of the merged snapshot, and the first input's warning no longer holds.
import { describe, expect, it } from 'vitest';
import { importInputs } from '../../../../src/core/import';

const group = (id: string, owner: string, ingress: object[]) => ({ GroupId: id, GroupName: id, OwnerId: owner, VpcId: 'vpc-01', IpPermissions: ingress, IpPermissionsEgress: [] });
const accountA = {
  SecurityGroups: [group('sg-0a', '111111111111', [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, UserIdGroupPairs: [{ GroupId: 'sg-0b', UserId: '222222222222' }], IpRanges: [], Ipv6Ranges: [], PrefixListIds: [] }])],
};
const accountB = { SecurityGroups: [group('sg-0b', '222222222222', [])] };

describe('a group external to one input and defined by another', () => {
  it('is warned about while no input defines it', () => {
    const s = importInputs([{ name: 'a.json', text: JSON.stringify(accountA) }]);
    expect(s.groups.find((g) => g.id === 'sg-0b')).toMatchObject({ external: true, externalReason: 'cross-account' });
    expect(s.warnings.filter((w) => w.code === 'external-group').map((w) => w.subject)).toEqual(['sg-0b']);
  });

  it('is defined, without the warning, once the other account is read too (either order)', () => {
    for (const order of [[accountA, accountB], [accountB, accountA]]) {
      const s = importInputs(order.map((doc, i) => ({ name: `${i}.json`, text: JSON.stringify(doc) })));
      expect(s.groups.find((g) => g.id === 'sg-0b')?.external).toBe(false);
      expect(s.warnings.filter((w) => w.code === 'external-group')).toEqual([]);
    }
  });
});
