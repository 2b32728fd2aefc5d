/**
 * Which outside node of the map "Can A reach B?" marks for an end that is an outside address: the
 * node whose blocks hold the address most narrowly, the way a rule naming a narrower block is the
 * one a reviewer looks for. A CIDR node holds its block, a prefix list its entries, the Internet
 * the 0.0.0.0/0 or ::/0 its rules name. The Internet's stand-in address lies outside every named
 * block (internet-ref.ts), so asking about the Internet still marks the Internet node.
 */
import type { PrefixList } from '../core/model';
import { tryParseAddress, tryParseCidr } from '../core/net/address';
import type { MapNodeData } from './view-model';

/**
 * The id of the outside node holding `address` most narrowly (the first on a tie), or undefined
 * when none holds it: an address inside the network that no rule names is no outside node's, and
 * marking the Internet for it would point at a source the answer does not involve.
 */
export function locateOutsideNode(nodes: readonly MapNodeData[], address: string | undefined, prefixLists: readonly PrefixList[]): string | undefined {
  const a = address === undefined ? null : tryParseAddress(address);
  if (!a) return undefined;
  const entries = new Map(prefixLists.map((p) => [p.id, p.entries]));
  let best: string | undefined;
  let bestPrefix = -1;
  for (const n of nodes) {
    if (n.role !== 'external') continue;
    const blocks = n.kind === 'prefix-list' ? (entries.get(n.prefixListId ?? '') ?? []) : (n.cidrs ?? []);
    for (const text of blocks) {
      const c = tryParseCidr(text);
      if (!c || c.family !== a.family || c.prefix <= bestPrefix) continue;
      if (a.value >= c.start && a.value <= c.end) {
        best = n.id;
        bestPrefix = c.prefix;
      }
    }
  }
  return best;
}
