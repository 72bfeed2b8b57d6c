import { maxOf, minOf } from '../../domain/arrays.js';

/**
 * What a fixed-layout page (PDF, OFD) is reduced to before tables and paragraphs are rebuilt: the text it
 * shows with where it shows it, and the straight ruling lines it draws. Coordinates are points, with y
 * growing downwards (as on screen), whatever the format's own units and orientation.
 */
export interface TextRun {
  text: string;
  x0: number;
  x1: number;
  top: number;
  bottom: number;
  /** Font size in points: spacing judgements are made in multiples of it. */
  size: number;
}

/** An axis-aligned ruling line: horizontal at y = `at` from x `from` to `to`, or vertical at x = `at`. */
export interface Rule {
  axis: 'h' | 'v';
  at: number;
  from: number;
  to: number;
}

export interface PageContent {
  /** 1-based page number. */
  page: number;
  width: number;
  height: number;
  runs: TextRun[];
  rules: Rule[];
  /** Read from a page image by OCR: its blocks keep their box on the page for review. */
  scanned?: boolean;
}

/** Width of a character in ems, roughly: CJK and full-width forms one, the rest a half. */
export function charWidth(c: string): number {
  return /[\u2e80-\ua4cf\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(c) ? 1 : 0.5;
}

/**
 * Runs are made by a constructor, not an object literal: V8 watches each literal site, and one whose
 * objects survive a young collection (a page's runs all live until its layout is done) gets its objects
 * made straight in the old generation, where every later page's runs then pile up as garbage.
 */
class Run implements TextRun {
  constructor(
    readonly text: string,
    readonly x0: number,
    readonly x1: number,
    readonly top: number,
    readonly bottom: number,
    readonly size: number,
  ) {}
}

/**
 * A run from a string laid between x0 and x1, with leading and trailing blanks cut off and the box
 * narrowed by their estimated width (an indent typed as spaces is still an indent), or null when blank.
 */
export function trimmedRun(
  text: string,
  x0: number,
  x1: number,
  top: number,
  bottom: number,
  size: number,
): TextRun | null {
  // Most runs have no blank at either end: kept whole without splitting them into characters.
  if (text && !/\s/.test(text[0]!) && !/\s/.test(text[text.length - 1]!)) {
    return new Run(unspaced(text), x0, x1, top, bottom, size);
  }
  const chars = [...text];
  let i = 0;
  let j = chars.length;
  while (i < j && /\s/.test(chars[i]!)) i++;
  while (j > i && /\s/.test(chars[j - 1]!)) j--;
  if (i === j) return null;
  if (i === 0 && j === chars.length) return new Run(unspaced(text), x0, x1, top, bottom, size);
  const widths = chars.map(charWidth);
  const total = widths.reduce((s, w) => s + w, 0);
  const unit = (x1 - x0) / total;
  const lead = widths.slice(0, i).reduce((s, w) => s + w, 0);
  const trail = widths.slice(j).reduce((s, w) => s + w, 0);
  return new Run(unspaced(chars.slice(i, j).join('')), x0 + lead * unit, x1 - trail * unit, top, bottom, size);
}

// Writers widen the gap between Chinese and Latin letters or digits (2022 年), and extractors read it as a
// space the author never typed: dropped, so 「2022年」 reads the same from every format.
const CJK_LATIN = /([\u3400-\u9fff])[ \u00a0]+(?=[A-Za-z0-9])|([A-Za-z0-9])[ \u00a0]+(?=[\u3400-\u9fff])/g;

function unspaced(text: string): string {
  return text.includes(' ') || text.includes('\u00a0') ? text.replace(CJK_LATIN, '$1$2') : text;
}

/** Affine matrix [a b c d e f]: x' = a·x + c·y + e, y' = b·x + d·y + f (PDF and OFD agree on this form). */
export type Matrix = readonly [number, number, number, number, number, number];

export const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** The matrix that applies `inner` first, then `outer`. */
export function compose(outer: Matrix, inner: Matrix): Matrix {
  const [a, b, c, d, e, f] = outer;
  const [p, q, r, s, t, u] = inner;
  return [a * p + c * q, b * p + d * q, a * r + c * s, b * r + d * s, a * t + c * u + e, b * t + d * u + f];
}

export function apply(m: Matrix, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

/** How much a matrix scales lengths (geometric mean of its axes). */
export function scaleOf(m: Matrix): number {
  return Math.sqrt(Math.abs(m[0] * m[3] - m[1] * m[2]));
}

// A line thicker than this is a filled area (shading), not a rule.
const MAX_RULE_WIDTH = 3;
// Shorter than this is a dot, tick or glyph-like mark.
const MIN_RULE_LENGTH = 4;
// How far from exactly horizontal/vertical a drawn segment may lean (points over its length).
const SKEW = 1;

/** A straight segment as a rule, when it is (nearly) horizontal or vertical and long enough. */
export function ruleFromSegment(x0: number, y0: number, x1: number, y1: number): Rule | null {
  const dx = Math.abs(x1 - x0);
  const dy = Math.abs(y1 - y0);
  if (!Number.isFinite(dx + dy)) return null;
  if (dy <= SKEW && dx >= MIN_RULE_LENGTH) {
    return { axis: 'h', at: (y0 + y1) / 2, from: Math.min(x0, x1), to: Math.max(x0, x1) };
  }
  if (dx <= SKEW && dy >= MIN_RULE_LENGTH) {
    return { axis: 'v', at: (x0 + x1) / 2, from: Math.min(y0, y1), to: Math.max(y0, y1) };
  }
  return null;
}

/** A filled rectangle as a rule, when it is thin: many writers (Word among them) draw borders that way. */
export function ruleFromFilledRect(x0: number, y0: number, x1: number, y1: number): Rule | null {
  const w = Math.abs(x1 - x0);
  const h = Math.abs(y1 - y0);
  if (!Number.isFinite(w + h)) return null;
  if (h <= MAX_RULE_WIDTH && w >= MIN_RULE_LENGTH && w > 2 * h) {
    return { axis: 'h', at: (y0 + y1) / 2, from: Math.min(x0, x1), to: Math.max(x0, x1) };
  }
  if (w <= MAX_RULE_WIDTH && h >= MIN_RULE_LENGTH && h > 2 * w) {
    return { axis: 'v', at: (x0 + x1) / 2, from: Math.min(y0, y1), to: Math.max(y0, y1) };
  }
  return null;
}

/**
 * Rules from one drawn subpath given as points in page coordinates. Stroked: each straight piece that is
 * horizontal or vertical. Filled: the subpath when it is a thin axis-aligned rectangle.
 */
export function rulesFromPolyline(points: readonly [number, number][], closed: boolean, filled: boolean): Rule[] {
  const out: Rule[] = [];
  if (filled) {
    if (points.length < 4 || points.length > 5) return out;
    const xs = points.map((p) => p[0]);
    const ys = points.map((p) => p[1]);
    const x0 = minOf(xs);
    const x1 = maxOf(xs);
    const y0 = minOf(ys);
    const y1 = maxOf(ys);
    // Every corner on the bounding box: an axis-aligned rectangle.
    const onBox = points.every(
      ([x, y]) =>
        (Math.abs(x - x0) < 0.5 || Math.abs(x - x1) < 0.5) && (Math.abs(y - y0) < 0.5 || Math.abs(y - y1) < 0.5),
    );
    const r = onBox ? ruleFromFilledRect(x0, y0, x1, y1) : null;
    if (r) out.push(r);
    return out;
  }
  for (let i = 1; i < points.length; i++) {
    const r = ruleFromSegment(points[i - 1]![0], points[i - 1]![1], points[i]![0], points[i]![1]);
    if (r) out.push(r);
  }
  if (closed && points.length > 2) {
    const a = points[points.length - 1]!;
    const b = points[0]!;
    const r = ruleFromSegment(a[0], a[1], b[0], b[1]);
    if (r) out.push(r);
  }
  return out;
}
