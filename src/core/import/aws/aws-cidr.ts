/**
 * CIDR normalisation for rule peers, VPC and subnet blocks. AWS itself stores CIDRs normalised, but
 * hand-edited files and old exports carry host bits (`10.0.0.1/24`) or upper-case IPv6, and the engine
 * compares peers textually when merging duplicates, so every CIDR the AWS importer emits goes through
 * here. Kept local to the AWS importer so it has no dependency on modules other engineers own.
 */

/** Returns the canonical form (`10.0.0.0/24`, `2001:db8::/32`) or null when the text is not a CIDR. */
export function normalizeCidr(text: string): string | null {
  const trimmed = text.trim();
  const slash = trimmed.indexOf('/');
  const addr = slash < 0 ? trimmed : trimmed.slice(0, slash);
  const lenText = slash < 0 ? undefined : trimmed.slice(slash + 1);
  if (lenText !== undefined && !/^\d{1,3}$/.test(lenText)) return null;
  if (addr.includes(':')) {
    const groups = parseIpv6(addr);
    if (!groups) return null;
    const len = lenText === undefined ? 128 : Number(lenText);
    if (len > 128) return null;
    return `${formatIpv6(maskIpv6(groups, len))}/${len}`;
  }
  const octets = parseIpv4(addr);
  if (!octets) return null;
  const len = lenText === undefined ? 32 : Number(lenText);
  if (len > 32) return null;
  const value = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - len);
  const network = Math.floor(value / size) * size;
  return `${[24, 16, 8, 0].map((shift) => Math.floor(network / 2 ** shift) % 256).join('.')}/${len}`;
}

/** A single address in canonical text, or null. */
export function normalizeAddress(text: string): string | null {
  const cidr = normalizeCidr(text.includes('/') ? '' : text);
  return cidr === null ? null : cidr.slice(0, cidr.indexOf('/'));
}

function parseIpv4(text: string): number[] | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const octets: number[] = [];
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const n = Number(part);
    if (n > 255) return null;
    octets.push(n);
  }
  return octets;
}

function parseIpv6(text: string): number[] | null {
  let lower = text.toLowerCase();
  // An embedded IPv4 tail (::ffff:10.0.0.1) is rewritten as two hex groups before parsing.
  const lastColon = lower.lastIndexOf(':');
  if (lower.slice(lastColon + 1).includes('.')) {
    const v4 = parseIpv4(lower.slice(lastColon + 1));
    if (!v4) return null;
    const hi = (v4[0]! * 256 + v4[1]!).toString(16);
    const lo = (v4[2]! * 256 + v4[3]!).toString(16);
    lower = `${lower.slice(0, lastColon + 1)}${hi}:${lo}`;
  }
  const halves = lower.split('::');
  if (halves.length > 2) return null;
  const parseHalf = (half: string): number[] | null => {
    if (half === '') return [];
    const out: number[] = [];
    for (const g of half.split(':')) {
      if (!/^[0-9a-f]{1,4}$/.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const left = parseHalf(halves[0]!);
  const right = halves.length === 2 ? parseHalf(halves[1]!) : [];
  if (!left || !right) return null;
  if (halves.length === 1) return left.length === 8 ? left : null;
  if (left.length + right.length > 7) return null;
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

function maskIpv6(groups: number[], len: number): number[] {
  return groups.map((g, i) => {
    const bits = Math.max(0, Math.min(16, len - i * 16));
    return bits === 16 ? g : bits === 0 ? 0 : g & (0xffff << (16 - bits)) & 0xffff;
  });
}

/** RFC 5952: lower-case, no leading zeros, the longest run (>1) of zero groups as `::`. */
function formatIpv6(groups: number[]): string {
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}
