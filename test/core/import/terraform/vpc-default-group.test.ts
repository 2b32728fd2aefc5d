// A resource that names no security group where AWS then attaches the VPC's default group (an ECS
// service's awsvpc network_configuration, an interface VPC endpoint) carries that default group: the
// one the inputs define for its VPC, else an external group standing for it, with a warning.
import { describe, expect, it } from 'vitest';
import { importFixtures } from './fixture-helpers';

describe("the VPC's default group on resources that name no group", () => {
  const s = importFixtures('v4-vpc-default-group.tfstate.json');
  const groupsOf = (id: string): string[] | undefined => s.endpoints.find((e) => e.id === id)?.groupIds;

  it('an ECS service and an interface endpoint without groups wear the default group the inputs define for their VPC', () => {
    expect(groupsOf('arn:aws:ecs:eu-west-1:111111111111:service/main/api')).toEqual(['sg-00000000000000d01']);
    expect(groupsOf('vpce-00000000000000d01')).toEqual(['sg-00000000000000d01']);
  });

  it("without that group in the inputs, they wear an external group standing for their VPC's default group, with a warning", () => {
    expect(groupsOf('arn:aws:ecs:eu-west-1:111111111111:service/main/worker')).toEqual(['default:vpc-d2']);
    expect(groupsOf('vpce-00000000000000d02')).toEqual(['default:vpc-d2']);
    expect(s.groups.find((g) => g.id === 'default:vpc-d2')).toEqual({ id: 'default:vpc-d2', name: 'default', vpcId: 'vpc-d2', external: true, externalReason: 'missing' });
    const warned = s.warnings.filter((w) => w.code === 'unresolved-group-name').map((w) => w.subject);
    expect(warned.sort()).toEqual(['arn:aws:ecs:eu-west-1:111111111111:service/main/worker', 'vpce-00000000000000d02']);
  });

  it('a gateway endpoint, which has no network interface, still carries no group', () => {
    expect(groupsOf('vpce-00000000000000d03')).toBeUndefined();
  });
});
