/**
 * Units (and anything named in Chinese) in the order people look them up: by pinyin, the way a printed
 * directory is ordered, not by character code.
 */
const collator = new Intl.Collator('zh-Hans-CN-u-co-pinyin', { numeric: true });

export const comparePinyin = (a: string, b: string): number => collator.compare(a, b);

export function byPinyin<T>(items: readonly T[], name: (x: T) => string): T[] {
  return [...items].sort((a, b) => collator.compare(name(a), name(b)));
}
