/**
 * Keeps the README's minimal IAM policy honest: its first statement lists exactly the actions the
 * live import calls (REQUIRED_IAM_ACTIONS, which aws-import.test.ts proves sufficient against the fake
 * endpoint), and DescribeRegions is granted separately, for --all-regions only.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { REQUIRED_IAM_ACTIONS } from '../../../src/node/aws';
import { ROOT } from '../../cli/run-cli';

it('documents exactly the actions the import uses', () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const block = /```json\n(\{[\s\S]*?"ec2:DescribeSecurityGroups"[\s\S]*?)```/.exec(readme)?.[1];
  expect(block, 'README has the policy as a json block').toBeDefined();
  const policy = JSON.parse(block!) as { Statement: { Action: string[] }[] };
  expect([...policy.Statement[0]!.Action].sort()).toEqual([...REQUIRED_IAM_ACTIONS].sort());
  expect(REQUIRED_IAM_ACTIONS).toHaveLength(12);
  expect(policy.Statement[1]!.Action).toEqual(['ec2:DescribeRegions']);
});
