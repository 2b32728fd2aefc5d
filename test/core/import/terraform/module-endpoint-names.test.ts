// An untagged endpoint is named by its address inside its module (aws_instance.this[0]), which is
// short and reads well while it is the only one. Several instances of a module, or modules sharing
// one source, give several endpoints of that name, drawn as nodes no one can tell apart: those take
// their full address. Names from a Name tag are the user's own and stay, repeated or not.
import { describe, expect, it } from 'vitest';
import { importInputs } from '../../../../src/core/import/index';

const PROVIDER = 'provider["registry.terraform.io/hashicorp/aws"]';
const instance = (module: string | undefined, name: string, id: string, tags?: object) => ({
  ...(module ? { module } : {}),
  mode: 'managed', type: 'aws_instance', name, provider: PROVIDER,
  instances: [{ schema_version: 1, index_key: 0, attributes: { id, private_ip: `10.0.1.${id.slice(-1)}`, subnet_id: 'subnet-0a', vpc_security_group_ids: ['sg-0a'], ...(tags ? { tags } : {}) } }],
});

describe('names of endpoints in modules', () => {
  const state = {
    version: 4, terraform_version: '1.7.5', serial: 1, lineage: 'x', outputs: {},
    resources: [
      instance('module.ubuntu[0]', 'this', 'i-01'),
      instance('module.ubuntu[1]', 'this', 'i-02'),
      instance('module.vpn.module.bastion', 'this', 'i-03'),
      instance('module.single', 'lonely', 'i-04'),
      instance('module.web[0]', 'node', 'i-05', { Name: 'web' }),
      instance('module.web[1]', 'node', 'i-06', { Name: 'web' }),
      instance(undefined, 'root', 'i-07'),
    ],
  };
  const s = importInputs([{ name: 'modules.tfstate', text: JSON.stringify(state) }]);
  const name = (id: string) => s.endpoints.find((e) => e.id === id)?.name;

  it('gives endpoints that share their address inside a module their full address', () => {
    expect(name('i-01')).toBe('module.ubuntu[0].aws_instance.this[0]');
    expect(name('i-02')).toBe('module.ubuntu[1].aws_instance.this[0]');
    expect(name('i-03')).toBe('module.vpn.module.bastion.aws_instance.this[0]');
  });

  it('tells a module resource from a root one of the same address', () => {
    const t = importInputs([{ name: 'mixed.tfstate', text: JSON.stringify({ ...state, resources: [instance(undefined, 'this', 'i-08'), instance('module.app', 'this', 'i-09')] }) }]);
    expect(t.endpoints.map((e) => e.name)).toEqual(['aws_instance.this[0]', 'module.app.aws_instance.this[0]']);
  });

  it('keeps the short name where it is the only one, at the root, and from a Name tag even when repeated', () => {
    expect(name('i-04')).toBe('aws_instance.lonely[0]');
    expect(name('i-07')).toBe('aws_instance.root[0]');
    expect([name('i-05'), name('i-06')]).toEqual(['web', 'web']);
  });
});
