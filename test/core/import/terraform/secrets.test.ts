// The snapshot keeps only model fields: passwords, private keys, `private` blobs, user data and
// outputs in the input must not appear anywhere in the imported (or serialised) snapshot.
import { expect, it } from 'vitest';
import { serializeSnapshot } from '../../../../src/core/snapshot-io';
import { importFixtures } from './fixture-helpers';

it('copies no secret from the state into the snapshot', () => {
  const s = importFixtures('secrets.tfstate.json');
  const texts = [JSON.stringify(s), serializeSnapshot(s)];
  const secrets = [
    'SECRET-PASSWORD-1', 'SECRET-MASTER-PASSWORD-2', 'SECRET-PRIVATE-BLOB-2', 'U0VDUkVULVBSSVZBVEUtQkxPQg==', 'SECRET-PEM',
    'SECRET-KEYPAIR-PRIVATE-KEY', 'SECRET-ACCESS-KEY', 'SECRET-NOT-A-GROUP', 'SECRET-USER-DATA', 'SECRET-OUTPUT-PASSWORD',
  ];
  for (const text of texts) for (const secret of secrets) expect(text).not.toContain(secret);
  // The import itself still worked.
  expect(s.endpoints.map((e) => e.id)).toEqual(['aurora', 'i-000000000000005ec', 'kp', 'secretdb']);
});
