/**
 * Memoises a pure function of a string. Plans repeat the same unit cells, deadlines and headers row after
 * row, so each distinct text is judged once. Bounded: the table is dropped when it grows past `limit`.
 */
export function memoByText<R>(fn: (text: string) => R, limit = 20_000, maxLength = 400): (text: string) => R {
  const cache = new Map<string, R>();
  return (text: string): R => {
    if (text.length > maxLength) return fn(text);
    const hit = cache.get(text);
    if (hit !== undefined || cache.has(text)) return hit as R;
    const value = fn(text);
    if (cache.size >= limit) cache.clear();
    cache.set(text, value);
    return value;
  };
}
