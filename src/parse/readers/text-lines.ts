import type { TextRun } from './geometry.js';

/**
 * Text runs put back into lines, and lines into paragraphs. Chinese is set without spaces, so runs are
 * joined without one unless the page leaves a real gap between them; lines that wrap are joined the same
 * way. A new paragraph is judged from the page: an indented line, a line after one that stopped well short
 * of the right edge, a change of font size, or a gap wider than the lines around it.
 */
export interface TextLine {
  text: string;
  x0: number;
  x1: number;
  top: number;
  bottom: number;
  size: number;
  page: number;
}

const LATIN = /[A-Za-z0-9]$/;
const LATIN_START = /^[A-Za-z0-9]/;

/** Runs grouped into lines (vertical overlap), each line's runs in left-to-right order. */
export function groupLines(runs: readonly TextRun[], page: number): TextLine[] {
  const sorted = [...runs].sort((a, b) => a.top + a.bottom - (b.top + b.bottom) || a.x0 - b.x0);
  const groups: TextRun[][] = [];
  let band: { top: number; bottom: number } | null = null;
  for (const r of sorted) {
    const mid = (r.top + r.bottom) / 2;
    if (band && mid >= band.top && mid <= band.bottom) {
      groups[groups.length - 1]!.push(r);
      band.top = Math.min(band.top, r.top);
      band.bottom = Math.max(band.bottom, r.bottom);
    } else {
      groups.push([r]);
      band = { top: r.top, bottom: r.bottom };
    }
  }
  return groups.map((g) => lineOf(g, page));
}

function lineOf(runs: TextRun[], page: number): TextLine {
  runs.sort((a, b) => a.x0 - b.x0);
  let text = '';
  let prev: TextRun | null = null;
  for (const r of runs) {
    if (prev) {
      // The same text drawn twice a hair apart is fake bold, not a repetition.
      if (r.text === prev.text && Math.abs(r.x0 - prev.x0) < r.size * 0.3) continue;
      const gap = r.x0 - prev.x1;
      const size = Math.max(r.size, prev.size);
      // The text so far ends as the last run kept did (runs are never empty): no rescan of the whole line.
      const wordBreak = LATIN.test(prev.text) && LATIN_START.test(r.text) && gap > size * 0.15;
      if (gap > size * 0.6 || wordBreak) text += ' ';
    }
    text += r.text;
    prev = r;
  }
  let x1 = runs[0]!.x1;
  let top = runs[0]!.top;
  let bottom = runs[0]!.bottom;
  for (const r of runs) {
    x1 = Math.max(x1, r.x1);
    top = Math.min(top, r.top);
    bottom = Math.max(bottom, r.bottom);
  }
  return { text, x0: runs[0]!.x0, x1, top, bottom, size: median(runs.map((r) => r.size)), page };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Joins a wrapped line to the text before it: a space only between two Latin words. */
export function joinWrapped(before: string, after: string): string {
  if (before === '') return after;
  return LATIN.test(before) && LATIN_START.test(after) ? `${before} ${after}` : before + after;
}

/** Where a paragraph's lines may run: its left edge and how far a full line reaches. */
export interface Frame {
  left: number;
  right: number;
}

// Outline and list labels that open a paragraph: 一、 （一） 1. 1、 (1) ① 第一条.
export const LABEL =
  /^\s*(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十百\d]+[）)]|\d+[.、．](?!\d)|[①-⑳]|第[一二三四五六七八九十百\d]+[条章节])/;
const TERMINAL = /[。；;！!？?：:]$/;

/** Whether `line` starts a new paragraph after `prev`, within one frame (a page body or a table cell). */
export function startsParagraph(prev: TextLine, line: TextLine, frame: Frame, leading: number): boolean {
  const size = Math.max(prev.size, line.size);
  if (Math.abs(prev.size - line.size) > size * 0.15) return true;
  if (line.page === prev.page && leading > 0 && line.top - prev.top > leading * size * 1.25 + 1) return true;
  // A centred title too long for one line wraps onto a centred line: that is no new paragraph.
  const mid = (frame.left + frame.right) / 2;
  const centred = (l: TextLine) => l.x0 > frame.left + size * 0.3 && Math.abs((l.x0 + l.x1) / 2 - mid) < size * 0.5;
  if (centred(prev) && centred(line) && prev.x1 >= frame.right - size * 2) return false;
  if (line.x0 > frame.left + size * 0.8) return true;
  const short = prev.x1 < frame.right - size * 1.5;
  if (short) return true;
  return LABEL.test(line.text) && TERMINAL.test(prev.text);
}

/**
 * Lines inside a table cell joined into the cell's text. Cells are narrow and often centred, so only the
 * end of an item starts a new line: a short line that closes a sentence or is followed by a list label,
 * or a blank line's gap.
 */
export function cellText(lines: readonly TextLine[], right: number): string {
  // The cell's own line pitch: a blank line shows as a step clearly wider than it.
  const pitches = lines.slice(1).map((l, i) => l.top - lines[i]!.top);
  const pitch = pitches.length >= 2 ? median(pitches) : Number.POSITIVE_INFINITY;
  let text = '';
  let prev: TextLine | null = null;
  for (const l of lines) {
    if (prev) {
      const size = Math.max(prev.size, l.size);
      const short = prev.x1 < right - size * 1.5;
      const ends = short && (LABEL.test(l.text) || TERMINAL.test(prev.text));
      const blank = l.top - prev.top > pitch * 1.5 + 1;
      text = ends || blank ? `${text}\n${l.text}` : joinWrapped(text, l.text);
    } else text = l.text;
    prev = l;
  }
  return text;
}

/**
 * The usual distance between the tops of consecutive lines, as a multiple of their font size: what counts
 * as a normal gap. The most common value wins: gaps between paragraphs are the rarer, wider ones.
 */
export function typicalLeading(lines: readonly TextLine[]): number {
  const counts = new Map<number, number>();
  for (let i = 1; i < lines.length; i++) {
    const a = lines[i - 1]!;
    const b = lines[i]!;
    const d = (b.top - a.top) / a.size;
    if (a.page !== b.page || Math.abs(a.size - b.size) >= 0.5 || d <= 0 || d >= 3) continue;
    const k = Math.round(d * 20) / 20;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  let best = 0;
  let bestCount = 0;
  for (const [k, n] of counts) if (n > bestCount || (n === bestCount && k < best)) [best, bestCount] = [k, n];
  return best;
}
