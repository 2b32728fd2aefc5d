// Loads the hand-written fixtures next to these tests and small lookups used by several test files.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildQuery } from '../../../../src/cli/query-line';
import { importInputs } from '../../../../src/core/import/index';
import type { InputFile, Rule, Snapshot } from '../../../../src/core/model';
import { buildReachIndex, queryReach } from '../../../../src/core/reach/index';

const here = path.dirname(fileURLToPath(import.meta.url));

export function fixture(name: string): InputFile {
  return { name, text: readFileSync(path.join(here, 'fixtures', name), 'utf8') };
}

export function importFixtures(...names: string[]): Snapshot {
  return importInputs(names.map(fixture));
}

/** Compact rule text for hand-written expectations: `ingress 6 443-443 cidr:0.0.0.0/0`. */
export function ruleText(r: Rule): string {
  const p = r.peer;
  const peer = p.kind === 'cidr' ? `cidr:${p.cidr}` : p.kind === 'prefixList' ? `pl:${p.id}` : `sg:${p.groupId}`;
  return `${r.direction} ${r.protocol} ${r.fromPort ?? '*'}-${r.toPort ?? '*'} ${peer}`;
}

export function rulesOf(s: Snapshot, groupId: string): string[] {
  return s.rules.filter((r) => r.groupId === groupId).map(ruleText);
}

export function codes(s: Snapshot): string[] {
  return s.warnings.map((w) => w.code);
}

/** Asks "may `from` open TCP `port` to `to`?" of a snapshot, naming either side as the CLI takes it. */
export function tcpAsker(s: Snapshot): (from: string, to: string, port: number) => ReturnType<typeof queryReach> {
  const index = buildReachIndex(s);
  return (from, to, port) => queryReach(index, buildQuery(index, { from, to, protocol: 'tcp', port }));
}

/** A resource of a plan's planned_values, in the root module. */
export const planResource = (type: string, name: string, values: object) => ({ address: `${type}.${name}`, mode: 'managed', type, name, values });

/** A resource_changes entry: its actions and what is unknown until apply. */
export const planChange = (type: string, name: string, actions: string[], afterUnknown: object) => ({ address: `${type}.${name}`, mode: 'managed', type, name, change: { actions, after_unknown: afterUnknown } });

/** `terraform show -json` of a plan with these planned resources and changes, as a file to import. */
export function planFile(name: string, resources: object[], changes: object[]): InputFile {
  const plan = { format_version: '1.2', terraform_version: '1.7.5', planned_values: { root_module: { resources } }, resource_changes: changes };
  return { name, text: JSON.stringify(plan) };
}

/** One managed resource of a v4 state, with one instance holding `attributes`. */
export function tfResource(type: string, name: string, attributes: Record<string, unknown>): Record<string, unknown> {
  return { mode: 'managed', type, name, provider: 'provider["registry.terraform.io/hashicorp/aws"]', instances: [{ schema_version: 0, attributes }] };
}

/** An inline ingress/egress block of an aws_security_group naming one IPv4 CIDR on one port. */
export function cidrRule(protocol: string, port: number, cidr: string): Record<string, unknown> {
  return { protocol, from_port: port, to_port: port, cidr_blocks: [cidr], ipv6_cidr_blocks: [], prefix_list_ids: [], security_groups: [], self: false, description: '' };
}
