/**
 * The checks one question goes through before the engine sees it (query-line.ts), as the batch and
 * the one-question command share them: which fields each protocol needs, takes or refuses. On the
 * hand-written web-stack fixture; a port on a protocol whose rules have no ports is read and then
 * left out, so the answer is the one asked without it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importInputs } from '../../src/core/import';
import { buildReachIndex } from '../../src/core/reach';
import { answerQuery, buildQuery, QueryLineError, type QueryInput } from '../../src/cli/query-line';

const index = buildReachIndex(importInputs([{ name: 'web-stack.tfstate', text: readFileSync(path.join(import.meta.dirname, 'fixtures', 'web-stack.tfstate'), 'utf8') }]));
const ends = { from: 'web-1', to: 'db' };

describe('a question line', () => {
  it.each<[string, QueryInput, string]>([
    ['tcp needs a port', { ...ends, protocol: 'tcp' }, 'tcp needs a port'],
    ['udp needs a port', { ...ends, protocol: 'udp', port: null }, 'udp needs a port'],
    ['a port is an integer in 0-65535', { ...ends, protocol: 'tcp', port: 70000 }, "'port' must be an integer from 0 to 65535, not 70000"],
    ['icmp is asked by type, not port', { ...ends, protocol: 'icmp', port: 8 }, 'icmp has no port: give an ICMP type and code instead'],
    ['icmpv6 is asked by type, not port', { ...ends, protocol: '58', port: 128 }, 'icmpv6 has no port: give an ICMP type and code instead'],
    ['a port ignored is still checked', { ...ends, protocol: 'all', port: 'eighty' }, `'port' must be an integer from 0 to 65535, not "eighty"`],
    ['an icmp type only for icmp', { ...ends, protocol: 'tcp', port: 22, icmpType: 8 }, 'icmpType applies to icmp and icmpv6 only'],
  ])('%s', (_name, input, message) => {
    expect(() => buildQuery(index, input)).toThrow(new QueryLineError(message));
  });

  it.each<[string, QueryInput]>([
    ['all traffic', { ...ends, protocol: 'all', port: 5432 }],
    ['all traffic as -1', { ...ends, protocol: -1, port: 22 }],
    ['a protocol number AWS matches without ports (GRE)', { ...ends, protocol: '47', port: 80 }],
  ])('a port on %s is ignored, as AWS ignores ports there: the answer is the one asked without it', (_name, input) => {
    const query = buildQuery(index, input);
    expect(query.port).toBeUndefined();
    const { port: _ignored, ...withoutPort } = input;
    expect(answerQuery(index, input)).toEqual(answerQuery(index, withoutPort));
  });
});
