/**
 * `target.push(...items)` and `Math.max(...items)` pass every element as an argument: past some ten thousand
 * elements the call overflows the stack. These do the same in a loop, for arrays whose length the input
 * decides.
 */
export function appendAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}

export function maxOf(values: Iterable<number>, empty = -Infinity): number {
  let m = empty;
  for (const v of values) if (v > m) m = v;
  return m;
}

export function minOf(values: Iterable<number>, empty = Infinity): number {
  let m = empty;
  for (const v of values) if (v < m) m = v;
  return m;
}
