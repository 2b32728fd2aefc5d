// An elastic IP in one state associated with an instance another state describes (a stack split
// across states): the instance has that public address, which decides whether it is exposed to
// the internet. An EIP whose instance no input describes has nothing to give it to: said, not
// shown as an endpoint of its own. Fixtures: v4-sg-attachment-instance / v4-eip-elsewhere.
import { describe, expect, it } from 'vitest';
import { importInputs } from '../../../../src/core/import/index';
import { fixture, importFixtures } from './fixture-helpers';

const INSTANCE = 'v4-sg-attachment-instance.tfstate.json';
const EIPS = 'v4-eip-elsewhere.tfstate.json';

for (const order of [[INSTANCE, EIPS], [EIPS, INSTANCE]]) {
  describe(`an elastic IP in another state (${order.join(', ')})`, () => {
    const s = importFixtures(...order);

    it('gives the instance its public address', () => {
      expect(s.endpoints.map((e) => [e.id, e.privateIpv4, e.publicIpv4, e.groupIds])).toEqual([
        ['i-0000000000000ca10', ['10.30.1.10'], ['203.0.113.20'], ['sg-0000000000000ca02']],
      ]);
    });

    it('leaves out, with a warning, an address associated with an instance no input describes', () => {
      const w = s.warnings.filter((x) => x.subject === 'i-0000000000000ca99');
      expect(w.map((x) => x.code)).toEqual(['unmatched-elastic-ip']);
      expect(w[0]!.message).toContain('203.0.113.21');
    });
  });
}

describe('an elastic IP of a NAT gateway another state describes', () => {
  it('is no endpoint and no warning', () => {
    const state = {
      version: 4, terraform_version: '1.7.0', serial: 1, lineage: 'nat-eip', outputs: {},
      resources: [{
        mode: 'managed', type: 'aws_eip', name: 'nat', provider: 'provider["registry.terraform.io/hashicorp/aws"]',
        instances: [{ schema_version: 0, attributes: { id: 'eipalloc-0000000000000ca30', domain: 'vpc', public_ip: '203.0.113.30', instance: '', network_interface: 'eni-0000000000000ca31', private_ip: '10.30.0.9' } }],
      }],
    };
    const s = importInputs([{ name: 'nat-eip.tfstate', text: JSON.stringify(state) }, fixture(INSTANCE)]);
    expect(s.endpoints.map((e) => e.id)).toEqual(['i-0000000000000ca10']);
    expect(s.warnings).toEqual([]);
  });
});
