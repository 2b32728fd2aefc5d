// A spot instance request launches an instance and holds that instance's attributes (addresses,
// groups, primary ENI), with the instance's id in `spot_instance_id`. Read as a generic endpoint it
// had no address and the request's own id, so it answered no question by address and stood beside
// the instance that an AWS describe-instances dump of the same account gives, as a second endpoint.
import { describe, expect, it } from 'vitest';
import { importFixtures, tcpAsker } from './fixture-helpers';

describe('aws_spot_instance_request', () => {
  it("is the instance it launched: that instance's id, addresses, groups and primary ENI", () => {
    const s = importFixtures('v4-spot-request.tfstate.json');
    const e = s.endpoints.find((x) => x.id === 'i-00000000000000s01')!;
    expect(e).toMatchObject({ id: 'i-00000000000000s01', kind: 'instance', name: 'spot-worker', privateIpv4: ['10.70.0.9'], groupIds: ['sg-00000000000000s01'] });
    expect(e.interfaces).toEqual([{ id: 'eni-00000000000000s01', privateIpv4: '10.70.0.9' }]);
    expect(s.warnings.map((w) => w.code)).not.toContain('generic-endpoint');
  });

  it('meets the same instance from describe-instances as one endpoint', () => {
    const s = importFixtures('v4-spot-request.tfstate.json', 'aws-describe-instances-spot.json');
    expect(s.endpoints.map((e) => e.id)).toEqual(['i-00000000000000s01', 'i-00000000000000s02']);
    expect(s.endpoints[0]?.tfAddress).toBe('aws_spot_instance_request.worker');
  });

  it('launched on an ENI of its own, that ENI is its primary interface, not a second endpoint', () => {
    const s = importFixtures('v4-spot-request.tfstate.json');
    expect(s.endpoints.filter((e) => e.privateIpv4.includes('10.70.0.20')).map((e) => e.id)).toEqual(['i-00000000000000s02']);
    expect(s.endpoints.find((e) => e.id === 'i-00000000000000s02')?.interfaces).toEqual([{ id: 'eni-00000000000000s02', privateIpv4: '10.70.0.20' }]);
  });

  it('a request that has launched nothing is no endpoint, and says so', () => {
    const s = importFixtures('v4-spot-request.tfstate.json');
    expect(s.endpoints.some((e) => e.tfAddress === 'aws_spot_instance_request.waiting')).toBe(false);
    expect(s.warnings.filter((w) => w.code === 'unfulfilled-spot-request').map((w) => w.subject)).toEqual(['aws_spot_instance_request.waiting']);
  });

  it("its group's rules answer questions about its address", () => {
    const ask = tcpAsker(importFixtures('v4-spot-request.tfstate.json'));
    expect(ask('10.1.1.1', '10.70.0.9', 9000).verdict).toBe('allowed');
    expect(ask('10.1.1.1', '10.70.0.9', 22).verdict).toBe('denied');
  });
});
