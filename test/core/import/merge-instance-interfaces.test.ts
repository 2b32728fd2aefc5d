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
import { serializeSnapshot } from '../../../src/core/snapshot-io';

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

  it('keeps an ENI apart, with a warning, when the state gives it a group the dump does not: folding would open the instance\'s other interfaces', () => {
    // A drifted state: app_second also wears sg-0mgmt (ssh from sg-0admin) in the state only. Folded
    // into i-0app, sg-0mgmt would admit ssh to app's primary address too, which the dump says wears
    // sg-0app alone.
    const state = JSON.parse(input(STATE).text) as { resources: { name: string; instances: { attributes: Record<string, unknown> }[] }[] };
    state.resources.find((r) => r.name === 'app_second')!.instances[0]!.attributes.security_groups = ['sg-0app', 'sg-0mgmt'];
    const s = importInputs([{ name: STATE, text: JSON.stringify(state) }, input(ENIS)]);
    expect(shape(s).filter(([id]) => String(id).includes('app'))).toEqual([
      ['eni-0app2', ['10.1.2.20'], ['sg-0app', 'sg-0mgmt'], 'aws_network_interface.app_second'],
      ['i-0app', ['10.1.1.20', '10.1.2.20'], ['sg-0app'], 'aws_instance.app'],
    ]);
    expect(s.warnings.filter((w) => w.code === 'interface-groups-differ').map((w) => [w.subject, w.file])).toEqual([['i-0app', STATE]]);
    const index = buildReachIndex(s);
    expect(queryReach(index, { from: { endpointId: 'i-0admin' }, to: { address: '10.1.1.20' }, protocol: 6, port: 22 }).verdict).toBe('denied');
  });

  it('folds, with a warning, when the dump gives an interface a group the state does not: the endpoint keeps the dump\'s larger set', () => {
    // Drift the other way: sg-0mgmt was added to app's interfaces outside Terraform. Folding opens
    // nothing the dump's i-0app did not, so the two fold; the reader is told the state says less.
    const dump = JSON.parse(input(ENIS).text) as { NetworkInterfaces: { NetworkInterfaceId: string; Groups: { GroupId: string; GroupName: string }[] }[] };
    for (const ni of dump.NetworkInterfaces) if (ni.NetworkInterfaceId.startsWith('eni-0app')) ni.Groups.push({ GroupId: 'sg-0mgmt', GroupName: 'mgmt' });
    const s = importInputs([input(STATE), { name: ENIS, text: JSON.stringify(dump) }]);
    expect(shape(s).filter(([id]) => String(id).includes('app'))).toEqual([['i-0app', ['10.1.1.20', '10.1.2.20'], ['sg-0app', 'sg-0mgmt'], 'aws_instance.app']]);
    // The instance has the dump's id, so the two merge as one endpoint; its attached ENI folds into it.
    const drift = s.warnings.filter((w) => w.code === 'groups-differ' || w.code === 'interface-groups-differ');
    expect(drift.map((w) => [w.code, w.subject])).toEqual([['groups-differ', 'i-0app'], ['interface-groups-differ', 'i-0app']]);
    expect(drift[0]!.message).toContain(`${ENIS} gives it sg-0mgmt`);
    expect(drift[1]!.message).toMatch(/^aws_network_interface\.app_second and i-0app .* also gives it sg-0mgmt/);
    expect(drift[1]!.file).toBe(STATE);
    // No warning names a web interface: those agree.
    expect(s.warnings.filter((w) => w.message.includes('web'))).toEqual([]);
    // Ssh from the admin host now reaches app through sg-0mgmt, as the dump says.
    const index = buildReachIndex(s);
    expect(queryReach(index, { from: { endpointId: 'i-0admin' }, to: { address: '10.1.1.20' }, protocol: 6, port: 22 }).verdict).toBe('allowed');
  });

  it('folds an ENI the state gives on its own twice over: as the instance\'s primary interface and as an aws_network_interface of another state', () => {
    // Another state manages web's primary interface; the instance folds into the dump's endpoint for
    // that interface first, so the ENI has one owner left and folds there too.
    const other = {
      version: 4, terraform_version: '1.9.8', serial: 2, lineage: '5b0f3c1e-multi-homed-primary-eni', outputs: {},
      resources: [{
        mode: 'managed', type: 'aws_network_interface', name: 'web_primary', provider: 'provider["registry.terraform.io/hashicorp/aws"]',
        instances: [{ schema_version: 0, attributes: { id: 'eni-0web1', subnet_id: 'subnet-0app', private_ip: '10.1.1.10', private_ips: ['10.1.1.10'], security_groups: ['sg-0web'], attachment: [{ attachment_id: 'eni-attach-0web1', device_index: 0, instance: 'i-0web' }], tags: { Name: 'web-primary' } } }],
      }],
    };
    const s = importInputs([input(STATE), { name: 'primary-eni.tfstate', text: JSON.stringify(other) }, input(ENIS)]);
    expect(shape(s).filter(([id]) => String(id).includes('web'))).toEqual([
      ['i-0web/eni-0web1', ['10.1.1.10'], ['sg-0web'], 'aws_instance.web'],
      ['i-0web/eni-0web2', ['10.1.2.10'], ['sg-0mgmt'], 'aws_network_interface.web_mgmt'],
    ]);
    const index = buildReachIndex(s);
    const r = resolveRef(index, 'aws_network_interface.web_primary');
    expect(r.ok && r.locator).toEqual({ endpointId: 'i-0web/eni-0web1', address: '10.1.1.10' });
  });

  it("keeps an interface's Terraform address through a saved snapshot merged again with the dump, in either order", () => {
    const saved = { name: 'saved.json', text: serializeSnapshot(importInputs([input(STATE), input(ENIS)])) };
    for (const inputs of [[saved, input(ENIS)], [input(ENIS), saved]]) {
      const index = buildReachIndex(importInputs(inputs));
      const r = resolveRef(index, 'aws_network_interface.app_second');
      expect(r.ok && r.locator, inputs.map((i) => i.name).join(', ')).toEqual({ endpointId: 'i-0app', address: '10.1.2.20' });
    }
  });

  it('names a split instance by its id, its ARN and its Terraform address alike: its primary interface', () => {
    const index = buildReachIndex(importInputs([input(STATE), input(ENIS)]));
    for (const ref of ['i-0web', 'arn:aws:ec2:eu-west-1:111122223333:instance/i-0web']) {
      const r = resolveRef(index, ref);
      expect(r.ok && r.locator, ref).toEqual({ endpointId: 'i-0web/eni-0web1', address: '10.1.1.10' });
    }
    const byAddress = resolveRef(index, 'aws_instance.web');
    expect(byAddress.ok && byAddress.locator).toEqual({ endpointId: 'i-0web/eni-0web1' });
  });

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
