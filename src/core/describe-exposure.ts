/**
 * Exposures in words, as the CLI's summary and the app's details panel both print them: the outside
 * source (with the blocks that really admit it, since the internet node stands for both families)
 * and where it reaches the endpoint (Exposure.publicAddress). Plain text, no layout.
 */
import type { Exposure, FlowNode } from './analysis-types';
import type { Endpoint } from './model';
import { isPrivateAddress, tryParseAddress } from './net/address';

/**
 * Where an exposure with publicAddress 'no' gets in: nowhere the inputs show. The map's legend and
 * a latent edge's details say it in these words too, so the same finding reads the same everywhere.
 */
export const NO_PUBLIC_ADDRESS = 'no public address in the inputs';

/** The source node's label, with the blocks that admit the endpoint when the label does not say them. */
export function describeExposureSource(node: FlowNode | undefined, id: string, via?: string[]): string {
  if (!node) return id;
  if (node.kind === 'internet' || node.kind === 'cidr') {
    const cidrs = (via ?? node.cidrs)?.join(', ');
    return cidrs && cidrs !== node.label ? `${node.label} (${cidrs})` : node.label;
  }
  return node.label;
}

/**
 * Where the source reaches the endpoint: its public addresses of the families the source is in,
 * "internet-facing" when the inputs say so without giving them, or why nothing more can be said.
 * Empty for an exposure from an analysis older than the field.
 */
export function describePublicAddress(x: Exposure, endpoint: Endpoint | undefined, node: FlowNode | undefined): string {
  if (x.publicAddress === 'no') return NO_PUBLIC_ADDRESS;
  if (x.publicAddress === 'unknown') return 'public address unknown';
  if (x.publicAddress !== 'yes') return '';
  // The blocks that admit it say the families; a prefix list's entries may be of either.
  const blocks = x.via ?? (node?.kind === 'cidr' ? node.cidrs : undefined);
  const v4 = !blocks || blocks.some((b) => !b.includes(':'));
  const v6 = !blocks || blocks.some((b) => b.includes(':'));
  const global6 = (a: string): boolean => tryParseAddress(a) !== null && !isPrivateAddress(a);
  const addresses = [...(v4 ? (endpoint?.publicIpv4 ?? []) : []), ...(v6 ? (endpoint?.ipv6 ?? []).filter(global6) : [])];
  if (addresses.length === 0) return 'internet-facing';
  return `at ${addresses.slice(0, 2).join(', ')}${addresses.length > 2 ? ` and ${addresses.length - 2} more` : ''}`;
}

/**
 * One exposure as a line: the source, what it reaches, and where it gets in
 * ("Internet (0.0.0.0/0): tcp 22 · at 198.51.100.10").
 */
export function describeExposure(x: Exposure, endpoint: Endpoint | undefined, node: FlowNode | undefined): string {
  const ports = x.ports.map((p) => p.label).join('; ') || 'nothing';
  const why = x.unfiltered ? ' (no security group: AWS does not filter it)' : '';
  const at = describePublicAddress(x, endpoint, node);
  return `${describeExposureSource(node, x.from, x.via)}: ${ports}${why}${at ? ` · ${at}` : ''}`;
}
