// An aws_elasticache_cluster with replication_group_id is a read replica inside that replication
// group: a node of the group, with the group's security groups and subnet group (the provider
// refuses both on a member). The group's endpoint already stands for all its nodes, so the member
// is folded into it, in the same input or another one, instead of being a second endpoint there.
import { describe, expect, it } from 'vitest';
import { importFixtures } from './fixture-helpers';

const caches = (names: string[]): [string, string | undefined, string[]][] =>
  importFixtures(...names).endpoints.filter((e) => e.kind === 'cache').map((e) => [e.id, e.resourceType, e.groupIds]);

describe('an ElastiCache cluster that is a member of a replication group', () => {
  it('is one endpoint with its replication group when both are in the same state', () => {
    expect(caches(['v4-elasticache-member.tfstate.json'])).toEqual([
      ['redis', 'aws_elasticache_replication_group', ['sg-00000000000000e01']],
      ['sessions', 'aws_elasticache_cluster', ['sg-00000000000000e02']],
    ]);
  });

  it('stands for its replication group when read alone, and folds into the group read from another input', () => {
    expect(caches(['v4-elasticache-member-elsewhere.tfstate.json'])).toEqual([['redis', 'aws_elasticache_cluster', ['sg-00000000000000e01']]]);
    for (const order of [['v4-elasticache-member-elsewhere.tfstate.json', 'v4-elasticache-member.tfstate.json'], ['v4-elasticache-member.tfstate.json', 'v4-elasticache-member-elsewhere.tfstate.json']]) {
      expect(caches(order)).toEqual([
        ['redis', 'aws_elasticache_replication_group', ['sg-00000000000000e01']],
        ['sessions', 'aws_elasticache_cluster', ['sg-00000000000000e02']],
      ]);
    }
  });
});
