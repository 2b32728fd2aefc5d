// describe-network-interfaces names an instance by its id only; describe-instances gives its Name
// tag. Saved as two files, as the README has users do, the instance is named after its tag whatever
// the order of the files, as when both answers come in one file or from the live import; one of
// the endpoints an instance splits into (ENIs of different groups) keeps its interfaces after it.
import { describe, expect, it } from 'vitest';
import { importInputs } from '../../../../src/core/import';

const eni = (id: string, instance: string, device: number, ip: string, groups: string[]) => ({
  NetworkInterfaceId: id, InterfaceType: 'interface', VpcId: 'vpc-01', SubnetId: 'subnet-01', Attachment: { InstanceId: instance, DeviceIndex: device, Status: 'attached' },
  PrivateIpAddress: ip, PrivateIpAddresses: [{ PrivateIpAddress: ip, Primary: true }], Groups: groups.map((GroupId) => ({ GroupId })),
});
const enis = { NetworkInterfaces: [eni('eni-0w0', 'i-0web', 0, '10.0.1.10', ['sg-0web']), eni('eni-0w1', 'i-0web', 1, '10.0.1.11', ['sg-0mgmt']), eni('eni-0a0', 'i-0app', 0, '10.0.1.20', ['sg-0app'])] };
// As describe-instances gives them: with their interfaces and the groups of each.
const instance = (id: string, name: string, interfaces: ReturnType<typeof eni>[]) => ({
  InstanceId: id, State: { Name: 'running' }, PrivateIpAddress: interfaces[0]!.PrivateIpAddress, VpcId: 'vpc-01', SubnetId: 'subnet-01', Tags: [{ Key: 'Name', Value: name }],
  SecurityGroups: interfaces[0]!.Groups, NetworkInterfaces: interfaces,
});
const instances = { Reservations: [{ ReservationId: 'r-1', Instances: [instance('i-0web', 'web-1', enis.NetworkInterfaces.slice(0, 2)), instance('i-0app', 'app-1', enis.NetworkInterfaces.slice(2))] }] };

describe('instances named by their Name tag across files', () => {
  const files = { enis: { name: 'enis.json', text: JSON.stringify(enis) }, instances: { name: 'instances.json', text: JSON.stringify(instances) } };
  const names = (order: (keyof typeof files)[]) => importInputs(order.map((k) => files[k])).endpoints.map((e) => [e.id, e.name]);

  it('takes the tag whichever file comes first', () => {
    const expected = [
      ['i-0app', 'app-1'],
      ['i-0web/eni-0w0', 'web-1 (eni-0w0)'],
      ['i-0web/eni-0w1', 'web-1 (eni-0w1)'],
    ];
    expect(names(['enis', 'instances'])).toEqual(expected);
    expect(names(['instances', 'enis'])).toEqual(expected);
    // One file with both answers names them alike.
    expect(importInputs([{ name: 'both.json', text: JSON.stringify({ ...enis, ...instances }) }]).endpoints.map((e) => [e.id, e.name])).toEqual(expected);
  });

  it('keeps the id as the name where no input gives a tag', () => {
    expect(names(['enis'])).toEqual([
      ['i-0app', 'i-0app'],
      ['i-0web/eni-0w0', 'i-0web (eni-0w0)'],
      ['i-0web/eni-0w1', 'i-0web (eni-0w1)'],
    ]);
  });
});
