/**
 * Outline labels OCR broke at a paragraph's start: the opening parenthesis of 「（三）」 read into the
 * numeral as one glyph (「伍）」, 「亻三）」). A paragraph on a scanned page that opens with one or two
 * characters and a lone closing parenthesis gets the label that follows the last one seen: (一)…(二) → (三).
 */
const NUMERALS = '一二三四五六七八九十';
const SECTION = /^[一二三四五六七八九十]{1,2}、/;
const GROUP = /^[（(]([一二三四五六七八九十]{1,2})[）)]/;
const BROKEN = /^[^（()）\s]{1,2}[）)]/;

export class LabelRepair {
  private last = 0;

  /** The paragraph's text with a broken group label restored; every paragraph passes through, in order. */
  next(text: string): string {
    if (SECTION.test(text)) {
      this.last = 0;
      return text;
    }
    const g = GROUP.exec(text);
    if (g) {
      this.last = value(g[1]!);
      return text;
    }
    if (this.last > 0 && this.last < 10 && BROKEN.test(text)) {
      this.last += 1;
      return text.replace(BROKEN, `（${NUMERALS[this.last - 1]}）`);
    }
    return text;
  }
}

function value(n: string): number {
  if (n.length === 1) return NUMERALS.indexOf(n) + 1;
  return n[0] === '十' ? 10 + NUMERALS.indexOf(n[1]!) + 1 : (NUMERALS.indexOf(n[0]!) + 1) * 10;
}
