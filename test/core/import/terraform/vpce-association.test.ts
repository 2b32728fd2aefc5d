// aws_vpc_endpoint_security_group_association adds a group to an interface VPC endpoint, like
// aws_network_interface_sg_attachment does to an ENI: the endpoint carries it whether it is defined
// in the same state (whose security_group_ids may not list it yet) or in another input. An endpoint
// made without groups has the VPC's default group, which an association only takes away when it
// says it replaces it.
import { describe, expect, it } from 'vitest';
import { importInputs } from '../../../../src/core/import';
import { serializeSnapshot } from '../../../../src/core/snapshot-io';
import { fixture, importFixtures } from './fixture-helpers';

describe('a VPC endpoint security group association', () => {
  it('adds its group to the endpoint defined in the same state', () => {
    const s = importFixtures('v4-vpce-association.tfstate.json');
    expect(s.endpoints.find((e) => e.id === 'vpce-00000000000000c01')).toMatchObject({ kind: 'vpc-endpoint', groupIds: ['sg-00000000000000c01'] });
  });

  it('adds its group to an endpoint defined in another input', () => {
    const s = importFixtures('v4-vpce-association.tfstate.json', 'v4-vpce-elsewhere.tfstate.json');
    expect(s.endpoints.map((e) => [e.id, e.kind, e.name, e.resourceType, e.groupIds])).toEqual([
      ['vpce-00000000000000c01', 'vpc-endpoint', 'com.amazonaws.eu-west-1.ssm', 'aws_vpc_endpoint', ['sg-00000000000000c01']],
      ['vpce-00000000000000c02', 'vpc-endpoint', 'ecr-api', 'aws_vpc_endpoint', ['sg-00000000000000c01', 'sg-00000000000000c02']],
    ]);
  });

  it("keeps the VPC's default group beside its own on an endpoint made without groups, unless it replaces that group", () => {
    // replace_default_association = false: AWS keeps the default group it gave the endpoint.
    const kept = importFixtures('v4-vpce-default-kept.tfstate.json');
    expect(kept.endpoints.find((e) => e.id === 'vpce-00000000000000c03')?.groupIds).toEqual(['default:vpc-c3', 'sg-00000000000000c01']);
    // replace_default_association = true (the first fixture): the association's group alone.
    const replaced = importFixtures('v4-vpce-association.tfstate.json');
    expect(replaced.endpoints.find((e) => e.id === 'vpce-00000000000000c01')?.groupIds).toEqual(['sg-00000000000000c01']);
  });

  it("replaces the default group whose id the endpoint's own list holds, as a state read back from AWS gives it", () => {
    const s = importFixtures('v4-vpce-bare.tfstate.json');
    expect(s.endpoints.find((e) => e.id === 'vpce-00000000000000c06')?.groupIds).toEqual(['sg-00000000000000c0e']);
    // Without an association the default group stays.
    expect(s.endpoints.find((e) => e.id === 'vpce-00000000000000c04')?.groupIds).toEqual(['sg-00000000000000c0d']);
  });

  it('replaces the default group of an endpoint made without groups in another input too, in either order', () => {
    for (const files of [['v4-vpce-bare.tfstate.json', 'v4-vpce-association-elsewhere.tfstate.json'], ['v4-vpce-association-elsewhere.tfstate.json', 'v4-vpce-bare.tfstate.json']]) {
      const s = importFixtures(...files);
      const groupsOf = (id: string) => s.endpoints.find((e) => e.id === id)?.groupIds;
      expect(groupsOf('vpce-00000000000000c04')).toEqual(['sg-00000000000000c01']);
      expect(groupsOf('vpce-00000000000000c05')).toEqual(['sg-00000000000000c01', 'sg-00000000000000c0d']);
    }
  });

  it('replaces the default group through a saved snapshot of the association, in either order', () => {
    // The association's state saved alone, then opened beside the endpoint's state: the snapshot
    // keeps which group replaced the default one, so the merge still drops it.
    const saved = { name: 'assoc.snapshot.json', text: serializeSnapshot(importFixtures('v4-vpce-association-elsewhere.tfstate.json')) };
    expect(JSON.parse(saved.text).endpoints.find((e: { id: string }) => e.id === 'vpce-00000000000000c04').defaultGroupReplacedBy).toEqual(['sg-00000000000000c01']);
    for (const inputs of [[saved, fixture('v4-vpce-bare.tfstate.json')], [fixture('v4-vpce-bare.tfstate.json'), saved]]) {
      const s = importInputs(inputs);
      const groupsOf = (id: string) => s.endpoints.find((e) => e.id === id)?.groupIds;
      expect(groupsOf('vpce-00000000000000c04'), inputs[0]!.name).toEqual(['sg-00000000000000c01']);
      expect(groupsOf('vpce-00000000000000c05')).toEqual(['sg-00000000000000c01', 'sg-00000000000000c0d']);
    }
  });

  it('an association replacing the default group of an endpoint in no input leaves just its group', () => {
    const s = importFixtures('v4-vpce-association-elsewhere.tfstate.json');
    expect(s.endpoints.find((e) => e.id === 'vpce-00000000000000c04')?.groupIds).toEqual(['sg-00000000000000c01']);
    expect(s.groups.map((g) => g.id)).toEqual(['sg-00000000000000c01']);
  });
});
