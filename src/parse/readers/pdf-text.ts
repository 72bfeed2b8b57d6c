import { apply, compose, IDENTITY, type Matrix, type TextRun, trimmedRun } from './geometry.js';

/**
 * Text placed by a PDF page's operator list, followed the way pdf.js's canvas renderer places it: the text
 * matrix and line matrix (Tm, Td, T*), font size and direction, character and word spacing, horizontal
 * scale and rise, and TJ adjustments. Each showText becomes one or more runs (split where the position
 * jumps), so the page's text comes out of the same pass that yields its ruling lines.
 */
export interface FontInfo {
  fontMatrix?: number[];
  vertical?: boolean;
}

/** What every run of one showText shares: the text's "up" vector (one em) in page space, and the sink. */
interface Pen {
  ux: number;
  uy: number;
  normalize: (s: string) => string;
  out: TextRun[];
}

export class TextState {
  private tm: Matrix = IDENTITY;
  private x = 0;
  private y = 0;
  private lineX = 0;
  private lineY = 0;
  private font: FontInfo | null = null;
  private size = 0;
  private direction = 1;
  private charSpacing = 0;
  private wordSpacing = 0;
  private hScale = 1;
  private leading = 0;
  private rise = 0;

  clone(): TextState {
    return Object.assign(new TextState(), this);
  }

  begin(): void {
    this.tm = IDENTITY;
    this.x = this.lineX = 0;
    this.y = this.lineY = 0;
  }

  setMatrix(m: ArrayLike<number>): void {
    this.tm = [m[0]!, m[1]!, m[2]!, m[3]!, m[4]!, m[5]!];
    this.x = this.lineX = 0;
    this.y = this.lineY = 0;
  }

  move(x: number, y: number): void {
    this.x = this.lineX += x;
    this.y = this.lineY += y;
  }

  nextLine(): void {
    this.move(0, this.leading);
  }

  setLeading(leading: number): void {
    this.leading = -leading;
  }

  setFont(font: FontInfo | null, size: number): void {
    this.font = font;
    this.direction = size < 0 ? -1 : 1;
    this.size = Math.abs(size);
  }

  set(what: 'charSpacing' | 'wordSpacing' | 'rise', v: number): void {
    this[what] = v;
  }

  setHScale(percent: number): void {
    this.hScale = percent / 100;
  }

  /** The runs one showText draws, given the current transform (page space to viewport included). */
  show(glyphs: readonly unknown[], ctm: Matrix, normalize: (s: string) => string, out: TextRun[]): void {
    const size = this.size;
    if (!size) return;
    const fm = this.font?.fontMatrix?.[0] ?? 0.001;
    const vertical = this.font?.vertical === true;
    const hs = this.hScale * this.direction;
    const m = compose(ctm, this.tm);
    // The text's "up" vector (one em) in page space: boxes reach 0.85 em above the baseline, 0.2 below.
    const [ax, ay] = apply(m, 0, size);
    const [zx, zy] = apply(m, 0, 0);
    const pen: Pen = { ux: ax - zx, uy: ay - zy, normalize, out };
    // The run being gathered: glyphs that follow each other without a jump in position.
    let text = '';
    let start = 0;
    let end = 0;
    let x = 0;
    for (const g of glyphs) {
      if (typeof g === 'number') {
        x += (vertical ? 1 : -1) * g * size * 0.001;
        continue;
      }
      const glyph = g as { unicode?: string; width?: number; isSpace?: boolean };
      const w = (glyph.width ?? 0) * size * fm;
      const spacing = (glyph.isSpace ? this.wordSpacing : 0) + this.charSpacing;
      if (vertical) {
        // Top-to-bottom text: each glyph its own run, one em square below the last.
        const at = compose(m, [1, 0, 0, 1, 0, -x]);
        if (glyph.unicode?.trim()) this.emit(glyph.unicode, 0, size, at, pen);
        x += w - spacing * this.direction;
        continue;
      }
      if (text && (x - end > size * 0.6 || x < end - size * 0.6)) {
        this.emit(text, start, end, m, pen);
        text = '';
      }
      if (glyph.unicode) {
        if (!text) start = x;
        text += glyph.unicode;
        end = x + w;
      }
      x += w + spacing * this.direction;
    }
    if (text) this.emit(text, start, end, m, pen);
    if (vertical) this.y -= x;
    else this.x += x * hs;
  }

  /** The run of `text` from `start` to `end` along the line (text space), boxed in page space. */
  private emit(text: string, start: number, end: number, m: Matrix, pen: Pen): void {
    const { ux, uy } = pen;
    const hs = this.hScale * this.direction;
    const [sx, sy] = apply(m, this.x + start * hs, this.y + this.rise);
    const [ex, ey] = apply(m, this.x + end * hs, this.y + this.rise);
    const x0 = Math.min(sx + ux * 0.85, sx - ux * 0.2, ex + ux * 0.85, ex - ux * 0.2);
    const x1 = Math.max(sx + ux * 0.85, sx - ux * 0.2, ex + ux * 0.85, ex - ux * 0.2);
    const y0 = Math.min(sy + uy * 0.85, sy - uy * 0.2, ey + uy * 0.85, ey - uy * 0.2);
    const y1 = Math.max(sy + uy * 0.85, sy - uy * 0.2, ey + uy * 0.85, ey - uy * 0.2);
    const size = Math.hypot(ux, uy);
    // A corner not finite makes an edge not finite (NaN or ±Infinity wins min and max).
    if (!size || !Number.isFinite(x0) || !Number.isFinite(x1) || !Number.isFinite(y0) || !Number.isFinite(y1)) return;
    const r = trimmedRun(pen.normalize(text), x0, x1, y0, y1, size);
    if (r) pen.out.push(r);
  }
}
