/**
 * Turns what a user types (REF on the command line, a search box) into a Locator: an endpoint by
 * id, AWS id, ARN, DB identifier, Terraform address or Name tag, or an IP address. An address that
 * is a known endpoint's private address names that endpoint at that address; any other address is
 * an external host. Ambiguity is an error that lists the candidates, never a silent pick.
 */
import type { Locator } from '../analysis-types';
import type { Endpoint } from '../model';
import { tryParseAddress } from '../net/address';
import type { ReachIndex } from './reach-index';

export type ResolvedRef = { ok: true; locator: Locator; endpointId?: string } | { ok: false; error: string };

/** `module.a["k"].aws_instance.web[0]` -> `module.a["k"].aws_instance.web`: strips only the final index. */
function stripLastIndex(address: string): string {
  return address.replace(/\[(?:\d+|"(?:[^"\\]|\\.)*")\]$/, '');
}

function pick(ref: string, found: Endpoint[], how: string): ResolvedRef | null {
  const unique = [...new Map(found.map((e) => [e.id, e])).values()];
  if (unique.length === 0) return null;
  if (unique.length === 1) {
    const e = unique[0] as Endpoint;
    return { ok: true, locator: { endpointId: e.id }, endpointId: e.id };
  }
  const shown = unique.slice(0, 8).map((e) => e.tfAddress ?? e.id);
  const more = unique.length > 8 ? ` and ${unique.length - 8} more` : '';
  return { ok: false, error: `'${ref}' is ambiguous: ${unique.length} endpoints match by ${how} (${shown.join(', ')}${more})` };
}

export function resolveRef(index: ReachIndex, ref: string): ResolvedRef {
  const r = ref.trim();
  if (r === '') return { ok: false, error: 'empty reference' };
  const addr = tryParseAddress(r);
  if (addr) {
    const ids = index.byPrivateAddress.get(addr.text) ?? [];
    if (ids.length === 1) {
      const id = ids[0] as string;
      return { ok: true, locator: { endpointId: id, address: addr.text }, endpointId: id };
    }
    if (ids.length > 1) return { ok: false, error: `'${r}' is ambiguous: it is the private address of ${ids.join(', ')}; name the endpoint` };
    return { ok: true, locator: { address: addr.text } };
  }
  const all = index.snapshot.endpoints;
  const direct = index.endpoints.get(r);
  if (direct) return { ok: true, locator: { endpointId: r }, endpointId: r };
  const tries: [string, (e: Endpoint) => boolean][] = [
    ['AWS id, ARN or Terraform address', (e) => e.awsId === r || e.arn === r || e.tfAddress === r],
    ['Terraform address', (e) => e.tfAddress !== undefined && stripLastIndex(e.tfAddress) === r],
    ['name', (e) => e.tags?.['Name'] === r || e.name === r],
    ['name', (e) => e.tags?.['Name']?.toLowerCase() === r.toLowerCase() || e.name.toLowerCase() === r.toLowerCase()],
  ];
  for (const [how, test] of tries) {
    const res = pick(r, all.filter(test), how);
    if (res) return res;
  }
  return { ok: false, error: `no endpoint matches '${r}' (by id, AWS id, ARN, Terraform address, Name tag or IP address)` };
}
