// Group attachments in a plan that also creates what they attach to. Until apply, the ENI of a new
// instance or aws_network_interface, and a new interface VPC endpoint, have no id, so an
// aws_network_interface_sg_attachment's network_interface_id (an association's vpc_endpoint_id) is
// unknown; the configuration's reference names the resource instead. The attachment must still
// add its group there, and say so when its reference leads nowhere. Fixture: plan-attachments.json.
import { describe, expect, it } from 'vitest';
import { importFixtures, tcpAsker } from './fixture-helpers';

describe('attachments to what the same plan creates', () => {
  const s = importFixtures('plan-attachments.json');
  const groupsOf = (address: string) => s.endpoints.find((e) => e.tfAddress === address)?.groupIds;
  const WEB = 'tf:aws_security_group.web';
  const SSH = 'tf:aws_security_group.ssh';

  it('add their group to the instance, ENI or VPC endpoint the configuration references', () => {
    expect(groupsOf('aws_instance.app')).toEqual([SSH, WEB]);
    expect(groupsOf('aws_network_interface.extra')).toEqual([SSH, WEB]);
    expect(groupsOf('aws_vpc_endpoint.ssm')).toEqual([SSH, WEB]);
    expect(s.endpoints).toHaveLength(3);
  });

  it('let through what the attached group allows', () => {
    const ask = tcpAsker(s);
    expect(ask('192.0.2.9', 'app', 22).verdict).toBe('allowed');
    expect(ask('192.0.2.9', 'app', 443).verdict).toBe('denied');
  });

  it('warn about an attachment whose ENI the plan cannot tell', () => {
    const w = s.warnings.filter((x) => x.subject === 'aws_network_interface_sg_attachment.from_var');
    expect(w.map((x) => x.code)).toEqual(['unknown-at-plan']);
    expect(w[0]!.message).toContain(SSH);
  });
});
