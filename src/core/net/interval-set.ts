/**
 * Sorted, disjoint, merged sets of inclusive integer intervals: the one data structure behind port
 * ranges (numbers 0..65535), IPv4 space (numbers 0..2^32-1) and IPv6 space (bigints 0..2^128-1).
 * A set is a frozen array of [start, end] pairs in ascending order with gaps of at least one
 * between neighbours, so equal sets are equal arrays and every operation is a linear merge.
 * The same functions serve numbers and bigints; the only place the two differ is +1/-1, which
 * `next`/`prev` handle.
 */

export type Scalar = number | bigint;
export type Interval<T extends Scalar> = readonly [T, T];
export type IntervalSet<T extends Scalar> = readonly Interval<T>[];

export type PortSet = IntervalSet<number>;
export type Ipv4Set = IntervalSet<number>;
export type Ipv6Set = IntervalSet<bigint>;

export const PORT_MAX = 65535;
export const EMPTY_SET: IntervalSet<never> = Object.freeze([]) as IntervalSet<never>;
export const ALL_PORTS: PortSet = Object.freeze([Object.freeze([0, PORT_MAX] as const)]);

function next<T extends Scalar>(x: T): T {
  return (typeof x === 'bigint' ? x + 1n : (x as number) + 1) as T;
}
function prev<T extends Scalar>(x: T): T {
  return (typeof x === 'bigint' ? x - 1n : (x as number) - 1) as T;
}

/** Builds a set from intervals in any order, overlapping or touching; reversed intervals are refused. */
export function intervalSet<T extends Scalar>(intervals: Iterable<readonly [T, T]>): IntervalSet<T> {
  const list: [T, T][] = [];
  for (const [s, e] of intervals) {
    if (e < s) throw new RangeError(`interval [${s}, ${e}] ends before it starts`);
    list.push([s, e]);
  }
  list.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out: [T, T][] = [];
  for (const iv of list) appendMerged(out, iv);
  return out;
}

/** Appends an interval that starts at or after the last one's start, merging when they touch. */
function appendMerged<T extends Scalar>(out: [T, T][], iv: Interval<T>): void {
  const last = out[out.length - 1];
  if (last && iv[0] <= next(last[1])) {
    if (iv[1] > last[1]) last[1] = iv[1];
  } else {
    out.push([iv[0], iv[1]]);
  }
}

export function singleton<T extends Scalar>(start: T, end: T = start): IntervalSet<T> {
  if (end < start) throw new RangeError(`interval [${start}, ${end}] ends before it starts`);
  return [[start, end]];
}

export function isEmpty<T extends Scalar>(a: IntervalSet<T>): boolean {
  return a.length === 0;
}

export function union<T extends Scalar>(a: IntervalSet<T>, b: IntervalSet<T>): IntervalSet<T> {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out: [T, T][] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const ai = a[i];
    const bj = b[j];
    let iv: Interval<T>;
    if (ai && (!bj || ai[0] <= bj[0])) {
      iv = ai;
      i++;
    } else {
      iv = bj as Interval<T>;
      j++;
    }
    appendMerged(out, iv);
  }
  return out;
}

export function intersect<T extends Scalar>(a: IntervalSet<T>, b: IntervalSet<T>): IntervalSet<T> {
  const out: [T, T][] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [as, ae] = a[i] as Interval<T>;
    const [bs, be] = b[j] as Interval<T>;
    const s = as > bs ? as : bs;
    const e = ae < be ? ae : be;
    if (s <= e) out.push([s, e]);
    if (ae < be) i++;
    else j++;
  }
  return out;
}

/** a minus b. */
export function subtract<T extends Scalar>(a: IntervalSet<T>, b: IntervalSet<T>): IntervalSet<T> {
  if (a.length === 0 || b.length === 0) return a;
  const out: [T, T][] = [];
  let j = 0;
  for (const [s0, e] of a) {
    let s = s0;
    while (j < b.length && (b[j] as Interval<T>)[1] < s) j++;
    let k = j;
    let done = false;
    while (k < b.length && (b[k] as Interval<T>)[0] <= e) {
      const [bs, be] = b[k] as Interval<T>;
      if (bs > s) out.push([s, prev(bs)]);
      if (be >= e) {
        done = true;
        break;
      }
      s = next(be);
      k++;
    }
    if (!done) out.push([s, e]);
  }
  return out;
}

/** The complement within [min, max]. */
export function complement<T extends Scalar>(a: IntervalSet<T>, min: T, max: T): IntervalSet<T> {
  return subtract(singleton(min, max), a);
}

/** Binary search: is the point x in the set? */
export function containsPoint<T extends Scalar>(a: IntervalSet<T>, x: T): boolean {
  let lo = 0;
  let hi = a.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [s, e] = a[mid] as Interval<T>;
    if (x < s) hi = mid - 1;
    else if (x > e) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Is every element of b in a? */
export function containsSet<T extends Scalar>(a: IntervalSet<T>, b: IntervalSet<T>): boolean {
  let i = 0;
  for (const [bs, be] of b) {
    while (i < a.length && (a[i] as Interval<T>)[1] < bs) i++;
    const ai = a[i];
    if (!ai || ai[0] > bs || ai[1] < be) return false;
  }
  return true;
}

/** Do the two sets share at least one element? */
export function overlaps<T extends Scalar>(a: IntervalSet<T>, b: IntervalSet<T>): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [as, ae] = a[i] as Interval<T>;
    const [bs, be] = b[j] as Interval<T>;
    if (as <= be && bs <= ae) return true;
    if (ae < be) i++;
    else j++;
  }
  return false;
}

export function equals<T extends Scalar>(a: IntervalSet<T>, b: IntervalSet<T>): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as Interval<T>;
    const y = b[i] as Interval<T>;
    if (x[0] !== y[0] || x[1] !== y[1]) return false;
  }
  return true;
}

/** Number of elements (as a bigint, since IPv6 sets overflow numbers). */
export function size<T extends Scalar>(a: IntervalSet<T>): bigint {
  let n = 0n;
  for (const [s, e] of a) n += BigInt(e) - BigInt(s) + 1n;
  return n;
}
