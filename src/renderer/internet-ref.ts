/**
 * The Internet as one end of "Can A reach B?". The engine answers for addresses, so the Internet
 * is asked about at a stand-in address per family; this module picks it for a snapshot, pure and
 * cached. The stand-in is never an address of an endpoint (the map would then mark that endpoint as
 * the source) and, when the documentation ranges allow, lies outside every named CIDR, prefix list,
 * VPC and subnet, so that only rules open to the whole Internet (0.0.0.0/0, ::/0) decide, as on
 * the map's Internet node. `Internet` holds hosts of both families, so it is asked about in each
 * (internetFamilies) and the panel shows the most open answer (pickInternetAnswer).
 */
import type { ReachAnswer, Verdict } from '../core/analysis-types';
import type { Snapshot } from '../core/model';
import { formatIpv4, formatIpv6, tryParseAddress, tryParseCidr } from '../core/net/address';
import { publicIpv4Space } from '../core/net/cidr-set';
import { intervalSet, subtract } from '../core/net/interval-set';
import type { IpFamily } from '../core/net/address';

/** What the From/To fields show for the Internet (picked on the map or "Use as source"). */
export const INTERNET_REF = 'Internet';

/**
 * When `text` names the Internet, the address family it is asked about in: 'any' for `Internet` (in
 * any case, as a pick fills it in), which holds hosts of both families, or the family of the block
 * a rule would name (`0.0.0.0/0`, `::/0`); else null.
 */
export function parseInternetRef(text: string): IpFamily | 'any' | null {
  const t = text.trim();
  if (t.toLowerCase() === INTERNET_REF.toLowerCase()) return 'any';
  const cidr = tryParseCidr(t);
  return cidr && cidr.prefix === 0 ? cidr.family : null;
}

/** One family's answer to a question with the Internet at an end. */
export interface FamilyAnswer<A> {
  family: IpFamily;
  answer: A;
}

const VERDICT_RANK: Record<Verdict, number> = { allowed: 2, depends: 1, denied: 0 };

/**
 * Which answer the panel shows when `Internet` was asked about in both families: the most open
 * one, IPv4 on a tie. The Internet reaches an endpoint if it does so in either family, and a
 * dual-stack endpoint open to ::/0 alone would otherwise read as closed to the Internet. A family
 * the other end has no address in says nothing about it (the engine denies it for want of an
 * address, or for mixing families), so it is left out unless no family is left. The other
 * answers that count are returned too, for a line saying what they were.
 */
export function pickInternetAnswer<A extends InternetAnswerLike>(answers: readonly FamilyAnswer<A>[]): { shown: FamilyAnswer<A>; others: FamilyAnswer<A>[] } {
  const counted = answers.filter((a) => a.answer.notInFamily === undefined);
  const pool = counted.length ? counted : answers.slice(0, 1);
  let shown = pool[0] as FamilyAnswer<A>;
  for (const a of pool) if (VERDICT_RANK[a.answer.verdict] > VERDICT_RANK[shown.answer.verdict]) shown = a;
  return { shown, others: pool.filter((a) => a !== shown) };
}

/** What pickInternetAnswer reads of an answer. */
export type InternetAnswerLike = Pick<ReachAnswer, 'verdict' | 'notInFamily'>;

/**
 * The families `Internet` is asked about in for a protocol: ICMP is IPv4's (ICMPv6 is another
 * protocol, IPv6's), so an icmp question goes over IPv4 alone, where a rule open to ::/0 for all
 * traffic would otherwise read as letting ping in; everything else over both.
 */
export function internetFamilies(protocol: string): IpFamily[] {
  if (protocol === 'icmp') return [4];
  if (protocol === 'icmpv6') return [6];
  return [4, 6];
}

// Documentation ranges (RFC 5737, RFC 3849): no real host has these addresses.
const V4_BLOCKS = ['198.51.100', '203.0.113', '192.0.2'];

function candidates(family: IpFamily): string[] {
  if (family === 4) return V4_BLOCKS.flatMap((b) => Array.from({ length: 254 }, (_, i) => `${b}.${i + 1}`));
  return Array.from({ length: 254 }, (_, i) => `2001:db8::${(i + 1).toString(16)}`);
}

interface Taken {
  /** Normalised addresses of endpoints, any kind (private, public, IPv6, interfaces). */
  addresses: Set<string>;
  /** [start, end] of every named block of the family: rule CIDRs but /0, prefix-list entries, VPCs, subnets. */
  blocks: [number | bigint, number | bigint][];
}

function takenIn(snapshot: Snapshot, family: IpFamily): Taken {
  const addresses = new Set<string>();
  for (const ep of snapshot.endpoints) {
    for (const a of [...ep.privateIpv4, ...ep.publicIpv4, ...ep.ipv6, ...(ep.interfaces ?? []).map((i) => i.privateIpv4)]) {
      const parsed = a === undefined ? null : tryParseAddress(a);
      if (parsed) addresses.add(parsed.text);
    }
  }
  const blocks = new Map<string, [number | bigint, number | bigint]>();
  const add = (text: string | undefined): void => {
    const c = text === undefined ? null : tryParseCidr(text);
    // A /0 is the Internet itself, which the stand-in stands for.
    if (c && c.family === family && c.prefix > 0) blocks.set(c.text, [c.start, c.end]);
  };
  for (const r of snapshot.rules) if (r.peer.kind === 'cidr') add(r.peer.cidr);
  for (const pl of snapshot.prefixLists) pl.entries.forEach(add);
  for (const v of snapshot.vpcs) [...v.cidrs, ...v.ipv6Cidrs].forEach(add);
  for (const s of snapshot.subnets) [s.cidr, s.ipv6Cidr].forEach(add);
  return { addresses, blocks: [...blocks.values()] };
}

const cache = new WeakMap<Snapshot, Map<IpFamily, string | undefined>>();

/**
 * The address that stands for the Internet in questions about this snapshot: the first documentation
 * address outside every named block and no endpoint's; failing that (blocks such as 128.0.0.0/1 or
 * 2001:db8::/32 cover all of them), the lowest public address (global unicast for IPv6) that no
 * named block and no endpoint holds. An address inside a named block would answer for that block,
 * not the whole Internet: a rule open to the block would read as open to the Internet. Undefined
 * only when named blocks cover all of public space, where no single address stands for it.
 */
export function internetStandIn(snapshot: Snapshot, family: IpFamily = 4): string | undefined {
  let byFamily = cache.get(snapshot);
  if (!byFamily) cache.set(snapshot, (byFamily = new Map()));
  if (byFamily.has(family)) return byFamily.get(family);
  const taken = takenIn(snapshot, family);
  const free = candidates(family).filter((a) => !taken.addresses.has(a));
  const outside = free.find((a) => {
    const v = tryParseAddress(a)!.value;
    return !taken.blocks.some(([start, end]) => v >= start && v <= end);
  });
  const chosen = outside ?? firstUnnamed(family, taken);
  byFamily.set(family, chosen);
  return chosen;
}

/** The lowest address of public space (see internetStandIn) outside every named block and endpoint. */
function firstUnnamed(family: IpFamily, taken: Taken): string | undefined {
  if (family === 4) {
    const named = intervalSet<number>([
      ...(taken.blocks as [number, number][]),
      ...[...taken.addresses].map((a) => tryParseAddress(a)).filter((a) => a?.family === 4).map((a) => [a!.value, a!.value] as [number, number]),
    ]);
    const gap = subtract(publicIpv4Space(), named)[0];
    return gap ? formatIpv4(gap[0]) : undefined;
  }
  const named = intervalSet<bigint>([
    ...(taken.blocks as [bigint, bigint][]),
    ...[...taken.addresses].map((a) => tryParseAddress(a)).filter((a) => a?.family === 6).map((a) => [a!.value, a!.value] as [bigint, bigint]),
  ]);
  const gap = subtract(GLOBAL_UNICAST_V6, named)[0];
  return gap ? formatIpv6(gap[0]) : undefined;
}

/** 2000::/3, where every global unicast IPv6 address lies. */
const GLOBAL_UNICAST_V6 = intervalSet<bigint>([[0x2n << 124n, (0x4n << 124n) - 1n]]);
