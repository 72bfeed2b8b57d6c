const DIGIT: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** Value of a Chinese numeral up to the thousands (一, 十二, 二十一, 一百零三); NaN when it is not one. */
export function chineseNumber(s: string): number {
  if (s.length === 0 || s.length > 8) return Number.NaN;
  let total = 0;
  let current = 0;
  let seen = false;
  for (const ch of s) {
    const d = DIGIT[ch];
    if (d !== undefined) {
      current = d;
      seen = true;
      continue;
    }
    const unit = ch === '十' ? 10 : ch === '百' ? 100 : ch === '千' ? 1000 : 0;
    if (unit === 0) return Number.NaN;
    total += (current === 0 && !seen ? 1 : current) * unit;
    current = 0;
    seen = true;
  }
  return seen ? total + current : Number.NaN;
}

/** Chinese or Arabic numerals (一, 12, 十二) as a number; NaN otherwise. */
export function anyNumber(s: string): number {
  if (/^\d{1,6}$/.test(s)) return Number.parseInt(s, 10);
  return chineseNumber(s);
}

const CN_DIGITS = '〇一二三四五六七八九';

/** The Chinese numeral for n (1–99), as outlines print it. */
export function toChineseNumeral(n: number): string {
  if (n < 10) return CN_DIGITS[n] ?? String(n);
  if (n < 20) return '十' + (n % 10 === 0 ? '' : CN_DIGITS[n % 10]);
  if (n < 100) return (CN_DIGITS[Math.floor(n / 10)] ?? '') + '十' + (n % 10 === 0 ? '' : CN_DIGITS[n % 10]);
  return String(n);
}
