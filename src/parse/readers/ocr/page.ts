import type { PageContent, Rule, TextRun } from '../geometry.js';
import { median } from '../text-lines.js';
import type { PixelRule } from './rules.js';
import type { OcrWord } from './tesseract.js';

/**
 * Recognised words and the ruling lines of one page image turned into what a PDF page is reduced to (text
 * runs and rules, in points, y downwards), so tables and paragraphs are rebuilt by the same layout code.
 * Words of one printed line are joined into runs without the spaces tesseract puts between Chinese
 * characters; a run is cut where the line crosses a column rule or leaves a wide gap.
 */
export interface Doubt {
  text: string;
  conf: number;
  page: number;
  /** Points on the page, y downwards. */
  box: [number, number, number, number];
}

/** Words recognised with less confidence than this (tesseract's 0–100) are listed for review. */
export const DOUBT_BELOW = 60;

const CJK = /[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]/;
const LATIN_END = /[A-Za-z0-9]$/;
const LATIN_START = /^[A-Za-z0-9]/;

export function pageFromOcr(
  words: readonly OcrWord[],
  rules: readonly PixelRule[],
  page: { page: number; width: number; height: number; ptPerPx: number },
): { content: PageContent; doubts: Doubt[] } {
  const k = page.ptPerPx;
  const verticals = rules.filter((r) => r.axis === 'v');
  const lines = new Map<string, OcrWord[]>();
  for (const w of words) {
    const l = lines.get(w.line);
    if (l) l.push(w);
    else lines.set(w.line, [w]);
  }
  // One size for the page's body text: a line's own box height swings with the glyphs it holds.
  const heights = [...lines.values()].map(lineHeight).filter((h) => h > 0);
  const body = median(heights);
  const runs: TextRun[] = [];
  const doubts: Doubt[] = [];
  for (const ws of lines.values()) {
    ws.sort((a, b) => a.x0 - b.x0);
    let h = lineHeight(ws);
    if (h <= 0) continue;
    if (Math.abs(h - body) < body * 0.25) h = body;
    let piece: OcrWord[] = [];
    const flush = () => {
      if (piece.length === 0) return;
      const text = joinWords(piece);
      // Each piece stands where its own words do: tesseract may join text of neighbouring table cells that
      // stand a little higher or lower into one line.
      const mid = median(piece.map((w) => (w.y0 + w.y1) / 2));
      const top = mid - h / 2;
      const bottom = mid + h / 2;
      if (text) runs.push(run(text, piece[0]!.x0 * k, piece[piece.length - 1]!.x1 * k, top * k, bottom * k, h * k));
      piece = [];
    };
    for (const w of ws) {
      const prev = piece[piece.length - 1];
      if (prev && (w.x0 - prev.x1 > h * 1.5 || verticals.some((r) => crosses(r, prev, w)))) flush();
      piece.push(w);
      if (w.conf < DOUBT_BELOW && /[\p{L}\p{N}]/u.test(w.text)) {
        doubts.push({
          text: w.text,
          conf: Math.round(w.conf),
          page: page.page,
          box: [w.x0 * k, w.y0 * k, w.x1 * k, w.y1 * k],
        });
      }
    }
    flush();
  }
  const pts: Rule[] = rules.map((r) => ({ axis: r.axis, at: r.at * k, from: r.from * k, to: r.to * k }));
  return { content: { page: page.page, width: page.width * k, height: page.height * k, runs, rules: pts }, doubts };
}

/** A line's text height: the median height of its Chinese glyphs (punctuation and marks are lower). */
function lineHeight(ws: readonly OcrWord[]): number {
  const cjk = ws.filter((w) => CJK.test(w.text) && !/^[\u3000-\u303f\uff00-\uff0f\uff1a-\uff20]+$/.test(w.text));
  return median((cjk.length ? cjk : ws).map((w) => w.y1 - w.y0));
}

function crosses(r: PixelRule, a: OcrWord, b: OcrWord): boolean {
  return r.at > a.x1 - 1 && r.at < b.x0 + 1 && r.from <= Math.max(a.y1, b.y1) && r.to >= Math.min(a.y0, b.y0);
}

/** Words joined with a space only between two Latin words or numbers; blanks inside Chinese dropped. */
export function joinWords(ws: readonly OcrWord[]): string {
  let text = '';
  let prev: OcrWord | null = null;
  for (const w of ws) {
    if (prev && LATIN_END.test(prev.text) && LATIN_START.test(w.text) && w.x0 - prev.x1 > (w.y1 - w.y0) * 0.25) {
      text += ' ';
    }
    text += w.text;
    prev = w;
  }
  return cleanOcrText(text.trim());
}

/** Recognised text made as the page prints it: no blanks inside Chinese, full-width marks, known misreadings. */
export function cleanOcrText(s: string): string {
  return plainConfusions(fullWidthPunctuation(unspaceCjk(s)));
}

/**
 * Misreadings of the few words a plan's grammar turns on (the role words after a unit, 管理 in unit names),
 * none of which is itself a word: put right, since a misread role word loses the task's units entirely.
 */
const CONFUSIONS: [RegExp, string][] = [
  [/[奉秦泰]头(?=负责|[)）])/gu, '牵头'],
  [/牵[失买](?=负责|[)）])/gu, '牵头'],
  [/负[贵费](?=[)）])/gu, '负责'],
  [/配台(?=[)）])/gu, '配合'],
  [/[官管]埋|官理/gu, '管理'],
  [/完成本(?=限|$)/gu, '完成时'],
  // Chinese typesetting never starts a line with a closing mark nor ends one with an opening mark: such a
  // quote is a speck or a rule's remnant read as a glyph.
  [/^[”’"]+/gu, ''],
  [/[“‘"]+$/gu, ''],
];

export function plainConfusions(s: string): string {
  let out = s;
  for (const [re, to] of CONFUSIONS) out = out.replace(re, to);
  return out;
}

const HAN = '[\\u3400-\\u9fff]';
const FULL: Record<string, string> = { ',': '，', ';': '；', ':': '：', '?': '？', '!': '！', '(': '（', ')': '）' };

/**
 * Chinese text is set with full-width punctuation, which the recogniser often returns in its ASCII or
 * look-alike forms (〈 for （): put back where a Chinese character stands beside the mark.
 */
export function fullWidthPunctuation(s: string): string {
  return (
    s
      .replace(/〈/g, '（')
      .replace(/〉/g, '）')
      // 《 read for （ : a book-title mark never closes with a parenthesis.
      .replace(/《([^《》（）()]{1,40})[)）]/gu, '（$1）')
      .replace(
        new RegExp(`(?<=${HAN})[,;:?!)]|[,;:?!](?=${HAN})|\\((?=${HAN})|(?<=${HAN}[^()（）]{0,30})\\)`, 'gu'),
        (m) => FULL[m] ?? m,
      )
      .replace(/（([^（）()]*)\)/gu, '（$1）')
      .replace(/\(([^（）()]*)）/gu, '（$1）')
  );
}

/** Blanks between two Chinese characters (or Chinese punctuation) are never typed: removed. */
export function unspaceCjk(s: string): string {
  return s.replace(
    /(?<=[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef])\s+(?=[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef])/gu,
    '',
  );
}

class OcrRun implements TextRun {
  constructor(
    readonly text: string,
    readonly x0: number,
    readonly x1: number,
    readonly top: number,
    readonly bottom: number,
    readonly size: number,
  ) {}
}

function run(text: string, x0: number, x1: number, top: number, bottom: number, size: number): TextRun {
  return new OcrRun(text, x0, x1, top, bottom, size);
}
