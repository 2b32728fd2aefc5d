// aws_network_interface_sg_attachment adds a group to an ENI. When the ENI is an instance's primary
// interface and the instance lives in another state (a stack split across states), the attachment
// still adds its group to that instance: it is the same interface, not a second endpoint at no
// address, and not a disagreement between the inputs. Fixtures: v4-sg-attachment-*.tfstate.json.
import { describe, expect, it } from 'vitest';
import { importFixtures, tcpAsker } from './fixture-helpers';

const INSTANCE = 'v4-sg-attachment-instance.tfstate.json';
const ELSEWHERE = 'v4-sg-attachment-elsewhere.tfstate.json';

for (const order of [[INSTANCE, ELSEWHERE], [ELSEWHERE, INSTANCE]]) {
  describe(`an attachment to an instance's primary ENI in another state (${order.join(', ')})`, () => {
    const s = importFixtures(...order);

    it('gives the instance the attached group and leaves no stand-in for its ENI', () => {
      expect(s.endpoints.map((e) => [e.id, e.groupIds, e.privateIpv4])).toEqual([
        ['i-0000000000000ca10', ['sg-0000000000000ca02', 'sg-0000000000000ca03'], ['10.30.1.10']],
      ]);
      expect(s.warnings.map((w) => w.code)).toEqual([]);
    });

    it('lets through what the attached group allows', () => {
      const ask = tcpAsker(s);
      expect(ask('192.0.2.7', 'app', 22).verdict).toBe('allowed');
      expect(ask('10.1.2.3', 'i-0000000000000ca10', 443).verdict).toBe('allowed');
    });
  });
}
