import { appendAll } from '../../domain/arrays.js';
import {
  apply,
  charWidth,
  compose,
  IDENTITY,
  type Matrix,
  type Rule,
  rulesFromPolyline,
  scaleOf,
  type TextRun,
  trimmedRun,
} from './geometry.js';
import { attr, children, local, textOf, type XmlElement } from './xml.js';

/**
 * The objects of one OFD page (GB/T 33190): text objects with their glyph positions and path objects
 * whose straight pieces are the table lines. OFD measures in millimetres from the top left; everything is
 * turned into points here so the layout code judges spacing in one unit for both fixed-layout formats.
 */
const PT_PER_MM = 72 / 25.4;
const PAGE: Matrix = [PT_PER_MM, 0, 0, PT_PER_MM, 0, 0];

export interface OfdObjects {
  runs: TextRun[];
  rules: Rule[];
  images: number;
}

/** Collects the text and lines of a page's (or template's) `Content` into `out`. */
export function readContent(page: XmlElement, out: OfdObjects): void {
  for (const content of children(page, 'Content')) {
    for (const layer of children(content, 'Layer')) visit(layer, out);
  }
}

function visit(container: XmlElement, out: OfdObjects): void {
  for (const el of children(container)) {
    switch (local(el.name)) {
      case 'TextObject':
        textObject(el, out.runs);
        break;
      case 'PathObject':
        pathObject(el, out.rules);
        break;
      case 'ImageObject':
        out.images++;
        break;
      case 'PageBlock':
        visit(el, out);
        break;
    }
  }
}

function numbers(s: string | undefined): number[] {
  if (!s) return [];
  return s
    .trim()
    .split(/[\s,]+/)
    .map(Number)
    .filter((n) => Number.isFinite(n));
}

/** The transform from an object's own coordinates to page points: its CTM, then its boundary's origin. */
function objectMatrix(el: XmlElement): Matrix | null {
  const box = numbers(attr(el, 'Boundary'));
  if (box.length < 4) return null;
  const ctm = numbers(attr(el, 'CTM'));
  const own: Matrix = ctm.length === 6 ? (ctm as unknown as Matrix) : IDENTITY;
  return compose(PAGE, compose([1, 0, 0, 1, box[0]!, box[1]!], own));
}

/** OFD's spacing lists: plain numbers, or 「g N v」 for N repeats of v; no longer than the text needs. */
function deltas(s: string | undefined, max: number): number[] {
  const tokens = (s ?? '').trim().split(/\s+/);
  const out: number[] = [];
  for (let i = 0; i < tokens.length && out.length < max; i++) {
    if (tokens[i] === 'g') {
      const n = Math.min(Number(tokens[i + 1]), max - out.length);
      const v = Number(tokens[i + 2]);
      if (Number.isFinite(n) && Number.isFinite(v)) for (let k = 0; k < n; k++) out.push(v);
      i += 2;
    } else if (tokens[i] !== '' && Number.isFinite(Number(tokens[i]))) out.push(Number(tokens[i]));
  }
  return out;
}

function textObject(el: XmlElement, runs: TextRun[]): void {
  const m = objectMatrix(el);
  if (!m) return;
  const size = Number(attr(el, 'Size') ?? 0) * scaleOf(m);
  if (!(size > 0)) return;
  let x = 0;
  let y = 0;
  for (const code of children(el, 'TextCode')) {
    const text = textOf(code);
    const chars = [...text];
    x = Number(attr(code, 'X') ?? x) || 0;
    y = Number(attr(code, 'Y') ?? y) || 0;
    const dx = deltas(attr(code, 'DeltaX'), chars.length);
    const dy = deltas(attr(code, 'DeltaY'), chars.length);
    const own = Number(attr(el, 'Size') ?? 0);
    // Glyphs placed one by one; a run is cut where the spacing jumps (a text object spanning table cells).
    let piece: { text: string; x0: number; x1: number; base: number } | null = null;
    chars.forEach((c, i) => {
      const [px, py] = apply(m, x, y);
      const advance = dx[i] ?? own * charWidth(c);
      const [ex] = apply(m, x + own * charWidth(c), y);
      if (piece && px - piece.x1 > size * 0.8) {
        push(runs, piece, size);
        piece = null;
      }
      if (piece) {
        piece.text += c;
        piece.x1 = Math.max(piece.x1, ex);
      } else piece = { text: c, x0: px, x1: ex, base: py };
      if (i < chars.length - 1) {
        x += advance;
        y += dy[i] ?? 0;
      }
    });
    if (piece) push(runs, piece, size);
    if (chars.length) x += own * charWidth(chars[chars.length - 1]!);
  }
}

function push(runs: TextRun[], p: { text: string; x0: number; x1: number; base: number }, size: number): void {
  const run = trimmedRun(p.text, p.x0, p.x1, p.base - size * 0.85, p.base + size * 0.2, size);
  if (run) runs.push(run);
}

function pathObject(el: XmlElement, rules: Rule[]): void {
  const m = objectMatrix(el);
  if (!m) return;
  const stroked = attr(el, 'Stroke') !== 'false' && visible(el, 'StrokeColor');
  const filled = attr(el, 'Fill') === 'true' && visible(el, 'FillColor');
  if (!stroked && !filled) return;
  const data = children(el).find((c) => local(c.name) === 'AbbreviatedData');
  if (!data) return;
  const tokens = textOf(data)
    .trim()
    .split(/[\s,]+/);
  let points: [number, number][] = [];
  let start: [number, number] | null = null;
  const flush = (closed: boolean) => {
    if (points.length > 1) {
      if (stroked) appendAll(rules, rulesFromPolyline(points, closed, false));
      if (filled) appendAll(rules, rulesFromPolyline(points, true, true));
    }
    points = [];
  };
  const num = (i: number) => Number(tokens[i]);
  for (let i = 0; i < tokens.length && rules.length < 100_000; ) {
    const cmd = tokens[i++];
    const arity =
      cmd === 'M' || cmd === 'S' || cmd === 'L' ? 2 : cmd === 'Q' ? 4 : cmd === 'B' ? 6 : cmd === 'A' ? 7 : 0;
    // 「C」 closes a subpath in GB/T 33190; some writers use it for a cubic curve, with six numbers after it.
    const curve = cmd === 'C' && Number.isFinite(num(i)) && Number.isFinite(num(i + 5));
    if (cmd === 'M' || cmd === 'S') {
      flush(false);
      start = apply(m, num(i), num(i + 1));
      points.push(start);
    } else if (cmd === 'L') points.push(apply(m, num(i), num(i + 1)));
    else if (arity > 2 || curve) {
      const n = curve ? 6 : arity;
      const end = apply(m, num(i + n - 2), num(i + n - 1));
      flush(false);
      points.push(end);
      i += n;
      continue;
    } else if (cmd === 'C' || cmd === 'Z') {
      flush(true);
      if (start) points.push(start);
    }
    i += arity;
  }
  flush(false);
}

/** Paint that shows: no colour given (black by default), or a colour that is not white. */
function visible(el: XmlElement, name: string): boolean {
  const color = children(el).find((c) => local(c.name) === name);
  const v = numbers(attr(color, 'Value'));
  return !(v.length >= 3 && v.slice(0, 3).every((x) => x >= 250));
}
