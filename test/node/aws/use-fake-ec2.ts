/**
 * For vitest files: starts fake EC2 endpoints serving the recorded account (options override it)
 * and closes every one a test started once it ends, however many that were. Kept out of
 * account-fixture.ts, which the Playwright spec imports too and must not pull in vitest.
 */
import { afterEach } from 'vitest';
import { accountData } from './account-fixture';
import { startFakeEc2, type FakeEc2, type FakeEc2Options } from './fake-ec2-server';

export function useFakeEc2(): (options?: Partial<FakeEc2Options>) => Promise<FakeEc2> {
  const running: FakeEc2[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((f) => f.close()));
  });
  return async (options = {}) => {
    const fake = await startFakeEc2({ regions: accountData(), ...options });
    running.push(fake);
    return fake;
  };
}
