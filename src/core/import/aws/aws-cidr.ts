/**
 * CIDR normalisation for rule peers, VPC and subnet blocks read from AWS answers. AWS itself stores
 * CIDRs normalised, but hand-edited files and old exports carry host bits (`10.0.0.1/24`) or
 * upper-case IPv6, and the merge step compares peers textually, so every CIDR the AWS importer emits
 * goes through the core's one address parser: the engine and the Terraform importer then write
 * the same text for the same block.
 */
import { tryParseAddress, tryParseCidr, type IpFamily } from '../../net/address';

/** A CIDR as read: its canonical text, its family, and whether host bits were cleared to get it. */
export interface AwsCidr {
  cidr: string;
  family: IpFamily;
  hostBitsSet: boolean;
}

/**
 * Reads a CIDR (`10.0.0.0/24`, `2001:db8::/32`), or null when the text is not one. A bare address
 * is read as a host route (/32 or /128), as the EC2 console shows single hosts.
 */
export function readAwsCidr(text: string): AwsCidr | null {
  const s = text.trim();
  if (!s.includes('/')) {
    const a = tryParseAddress(s);
    return a ? { cidr: `${a.text}/${a.family === 4 ? 32 : 128}`, family: a.family, hostBitsSet: false } : null;
  }
  const c = tryParseCidr(s);
  return c ? { cidr: c.text, family: c.family, hostBitsSet: c.hostBitsSet } : null;
}

/** The canonical form of a CIDR (see readAwsCidr), or null when the text is not one. */
export function normalizeCidr(text: string): string | null {
  return readAwsCidr(text)?.cidr ?? null;
}

/** A single address in canonical text, or null (a CIDR is not an address). */
export function normalizeAddress(text: string): string | null {
  if (text.includes('/')) return null;
  return tryParseAddress(text)?.text ?? null;
}
