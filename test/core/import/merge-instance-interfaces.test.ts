/**
 * A Terraform state and a `describe-network-interfaces` dump of the same account describe each
 * instance's interfaces twice. The fixtures (next to this file) hold two multi-homed instances:
 * - web: eni-0web1 wears sg-0web and eni-0web2 (an `aws_network_interface`) wears sg-0mgmt, so
 *   the AWS import splits web into one endpoint per interface;
 * - app: both interfaces wear sg-0app, so the AWS import keeps one endpoint for app.
 * An admin host (sg-0admin) may ssh to sg-0mgmt and reach sg-0app on 8080. Every address must
 * belong to one endpoint, and each Terraform address must still name its interface.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importInputs } from '../../../src/core/import/index';
import { buildReachIndex, queryReach, resolveRef } from '../../../src/core/reach';
import type { Snapshot } from '../../../src/core/model';

const FIXTURES = path.join(__dirname, 'fixtures');
const input = (name: string) => ({ name, text: readFileSync(path.join(FIXTURES, name), 'utf8') });
const STATE = 'multi-homed.tfstate';
const ENIS = 'multi-homed-enis.json';

const shape = (s: Snapshot) => s.endpoints.map((e) => [e.id, e.privateIpv4, e.groupIds, e.tfAddress ?? null]);

describe('merging a state with an AWS dump of the same multi-homed instances', () => {
  for (const order of [[STATE, ENIS], [ENIS, STATE]]) {
    describe(`inputs in the order ${order.join(', ')}`, () => {
      const s = importInputs(order.map(input));
      const index = buildReachIndex(s);

      it('gives each interface one endpoint: the state\'s instance and attached ENI fold into the AWS dump\'s endpoints', () => {
        expect(shape(s)).toEqual([
          ['i-0admin', ['10.1.2.5'], ['sg-0admin'], 'aws_instance.admin'],
          ['i-0app', ['10.1.1.20', '10.1.2.20'], ['sg-0app'], 'aws_instance.app'],
          ['i-0web/eni-0web1', ['10.1.1.10'], ['sg-0web'], 'aws_instance.web'],
          ['i-0web/eni-0web2', ['10.1.2.10'], ['sg-0mgmt'], 'aws_network_interface.web_mgmt'],
        ]);
        // The dump has no describe-instances: the state's name stands in for the instance id.
        expect(s.endpoints.filter((e) => e.awsId === 'i-0web').map((e) => e.name)).toEqual(['web (eni-0web1)', 'web (eni-0web2)']);
        expect([...index.byPrivateAddress.values()].filter((ids) => ids.length > 1)).toEqual([]);
      });

      it('still resolves every Terraform address, ENI id and address to its interface', () => {
        const at = (ref: string) => {
          const r = resolveRef(index, ref);
          return r.ok ? r.locator : r.error;
        };
        expect(at('aws_instance.web')).toEqual({ endpointId: 'i-0web/eni-0web1' });
        expect(at('aws_network_interface.web_mgmt')).toEqual({ endpointId: 'i-0web/eni-0web2' });
        expect(at('aws_network_interface.app_second')).toEqual({ endpointId: 'i-0app', address: '10.1.2.20' });
        expect(at('eni-0app2')).toEqual({ endpointId: 'i-0app', address: '10.1.2.20' });
        expect(at('10.1.1.10')).toEqual({ endpointId: 'i-0web/eni-0web1', address: '10.1.1.10' });
      });

      it('answers by the groups of the interface asked about', () => {
        const ask = (to: string, port: number) => {
          const r = resolveRef(index, to);
          if (!r.ok) throw new Error(r.error);
          return queryReach(index, { from: { endpointId: 'i-0admin' }, to: r.locator, protocol: 6, port }).verdict;
        };
        // sg-0mgmt admits ssh from sg-0admin, and only web's second interface wears it.
        expect(ask('aws_network_interface.web_mgmt', 22)).toBe('allowed');
        expect(ask('aws_instance.web', 22)).toBe('denied');
        // Both of app's interfaces wear sg-0app (8080 from sg-0admin).
        expect(ask('aws_network_interface.app_second', 8080)).toBe('allowed');
        expect(ask('aws_instance.app', 8080)).toBe('allowed');
      });
    });
  }

  it('leaves a state alone when no dump describes its interfaces', () => {
    expect(shape(importInputs([input(STATE)]))).toEqual([
      ['eni-0app2', ['10.1.2.20'], ['sg-0app'], 'aws_network_interface.app_second'],
      ['eni-0web2', ['10.1.2.10'], ['sg-0mgmt'], 'aws_network_interface.web_mgmt'],
      ['i-0admin', ['10.1.2.5'], ['sg-0admin'], 'aws_instance.admin'],
      ['i-0app', ['10.1.1.20'], ['sg-0app'], 'aws_instance.app'],
      ['i-0web', ['10.1.1.10'], ['sg-0web'], 'aws_instance.web'],
    ]);
  });
});
