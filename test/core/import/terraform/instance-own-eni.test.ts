// An aws_network_interface that an aws_instance uses as its primary interface (the instance's
// network_interface block with device_index 0) is the instance's own address, not a second
// endpoint: it folds into the instance. A secondary interface, with groups of its own, stays apart.
import { describe, expect, it } from 'vitest';
import { importFixtures } from './fixture-helpers';

describe('an instance launched on an aws_network_interface', () => {
  const s = importFixtures('v4-instance-own-eni.tfstate.json');

  it('is one endpoint holding the primary interface\'s addresses and groups', () => {
    expect(s.endpoints.map((e) => [e.id, e.kind, e.privateIpv4, e.groupIds])).toEqual([
      ['eni-00000000000000e11', 'eni', ['10.60.0.6'], ['sg-00000000000000e02']],
      ['i-00000000000000e00', 'instance', ['10.60.0.5', '10.60.0.7'], ['sg-00000000000000e01', 'sg-00000000000000e02']],
    ]);
    expect(s.endpoints.find((e) => e.id === 'i-00000000000000e00')).toMatchObject({
      name: 'web', interfaces: [{ id: 'eni-00000000000000e10', privateIpv4: '10.60.0.5' }],
    });
  });
});
