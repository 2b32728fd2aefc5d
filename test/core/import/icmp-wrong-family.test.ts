// An icmp rule with an IPv6 block (or icmpv6 with an IPv4 one) is accepted by AWS and allows
// nothing: people write it meaning ping over IPv6 (hashicorp/terraform#14014). The import says so
// for each such rule, naming it, and stays quiet about icmp rules of the right family.
import { describe, expect, it } from 'vitest';
import { importInputs } from '../../../src/core/import';

const rule = (protocol: string, cidrs: string[], v6: string[], pl: string[] = []) => ({
  protocol, from_port: -1, to_port: -1, cidr_blocks: cidrs, ipv6_cidr_blocks: v6, prefix_list_ids: pl, security_groups: [], self: false, description: '',
});

describe('icmp rules of the other address family', () => {
  const state = {
    version: 4, terraform_version: '1.7.5', serial: 1, lineage: 'x', outputs: {},
    resources: [
      {
        mode: 'managed', type: 'aws_security_group', name: 'web', provider: 'provider["registry.terraform.io/hashicorp/aws"]',
        instances: [{ schema_version: 1, attributes: {
          id: 'sg-0web', name: 'web', vpc_id: 'vpc-01',
          ingress: [rule('icmp', [], ['::/0']), rule('icmp', ['0.0.0.0/0'], []), rule('58', ['10.0.0.0/8'], []), rule('icmpv6', [], ['::/0'])],
          egress: [rule('icmp', [], [], ['pl-0v6']), rule('icmpv6', [], [], ['pl-0v6'])],
        } }],
      },
      {
        mode: 'managed', type: 'aws_ec2_managed_prefix_list', name: 'v6', provider: 'provider["registry.terraform.io/hashicorp/aws"]',
        instances: [{ schema_version: 0, attributes: { id: 'pl-0v6', name: 'partners-v6', address_family: 'IPv6', max_entries: 5, entry: [{ cidr: '2001:db8:1::/48', description: '' }] } }],
      },
    ],
  };
  const s = importInputs([{ name: 'web.tfstate', text: JSON.stringify(state) }]);

  it('warns once per rule that allows nothing, saying what was meant', () => {
    const said = s.warnings.filter((w) => w.code === 'icmp-wrong-family');
    expect(said.map((w) => [w.subject, w.file])).toEqual([
      ['sg-0web', 'web.tfstate'],
      ['sg-0web', 'web.tfstate'],
      ['sg-0web', 'web.tfstate'],
    ]);
    expect(said.map((w) => w.message)).toEqual([
      'sg-0web (aws_security_group.web): the ingress rule for icmp from ::/0, an IPv6 peer, allows nothing: icmp is not carried over IPv6, whose ping is icmpv6 (58)',
      'sg-0web (aws_security_group.web): the ingress rule for icmpv6 from 10.0.0.0/8, an IPv4 peer, allows nothing: icmpv6 is not carried over IPv4, whose ping is icmp (1)',
      // An egress rule to a prefix list of IPv6 entries: icmp there allows nothing, icmpv6 does.
      'sg-0web (aws_security_group.web): the egress rule for icmp to prefix list pl-0v6, an IPv6 peer, allows nothing: icmp is not carried over IPv6, whose ping is icmpv6 (58)',
    ]);
  });
});
