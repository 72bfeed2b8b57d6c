import { compose, type Matrix, type Rule, type TextRun } from './geometry.js';
import { pathRules } from './pdf-rules.js';
import { type FontInfo, TextState } from './pdf-text.js';

/**
 * A PDF page's text and ruling lines in one pass over pdf.js's operator list, following the graphics
 * state as its canvas renderer does: the current transform through save/restore, `cm` and form XObjects,
 * paint colours (white or transparent lines are invisible), and the text state. Reading text here rather
 * than through getTextContent saves interpreting every page's content a second time.
 */
export interface OperatorList {
  fnArray: number[];
  argsArray: unknown[];
}

/** The pdf.js operator codes (its `OPS` table, so they follow the library's version). */
export type Ops = Record<string, number>;

export interface PdfFonts {
  font(name: string): FontInfo | null;
  normalize(text: string): string;
}

interface State {
  ctm: Matrix;
  stroke: boolean;
  fill: boolean;
  text: TextState;
}

export function readOperatorList(
  list: OperatorList,
  OPS: Ops,
  base: Matrix,
  fonts: PdfFonts,
): { runs: TextRun[]; rules: Rule[] } {
  const strokes = new Set([
    OPS.stroke,
    OPS.closeStroke,
    OPS.fillStroke,
    OPS.eoFillStroke,
    OPS.closeFillStroke,
    OPS.closeEOFillStroke,
  ]);
  const fills = new Set([
    OPS.fill,
    OPS.eoFill,
    OPS.fillStroke,
    OPS.eoFillStroke,
    OPS.closeFillStroke,
    OPS.closeEOFillStroke,
  ]);
  const runs: TextRun[] = [];
  const rules: Rule[] = [];
  const stack: State[] = [];
  let st: State = { ctm: base, stroke: true, fill: true, text: new TextState() };
  const { fnArray, argsArray } = list;
  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i];
    const args = (argsArray[i] ?? []) as unknown[];
    const n = (k: number) => Number(args[k]) || 0;
    switch (fn) {
      case OPS.save:
      case OPS.beginGroup:
        stack.push(st);
        st = { ...st, text: st.text.clone() };
        break;
      case OPS.restore:
      case OPS.endGroup:
      case OPS.paintFormXObjectEnd:
        st = stack.pop() ?? st;
        break;
      case OPS.transform:
        if (isMatrix(args)) st.ctm = compose(st.ctm, args);
        break;
      case OPS.paintFormXObjectBegin:
        stack.push(st);
        st = { ...st, text: st.text.clone(), ctm: isMatrix(args[0]) ? compose(st.ctm, args[0]) : st.ctm };
        break;
      case OPS.setStrokeRGBColor:
        st.stroke = visible(args[0]);
        break;
      case OPS.setFillRGBColor:
        st.fill = visible(args[0]);
        break;
      case OPS.setStrokeTransparent:
        st.stroke = false;
        break;
      case OPS.setFillTransparent:
        st.fill = false;
        break;
      case OPS.constructPath: {
        const paint = args[0] as number;
        const buffer = (args[1] as unknown[] | undefined)?.[0];
        const stroked = strokes.has(paint) && st.stroke;
        const filled = fills.has(paint) && st.fill;
        if ((stroked || filled) && buffer instanceof Float32Array) pathRules(buffer, st.ctm, stroked, filled, rules);
        break;
      }
      case OPS.beginText:
        st.text.begin();
        break;
      case OPS.setTextMatrix:
        if (isMatrix(args[0])) st.text.setMatrix(args[0]);
        break;
      case OPS.moveText:
        st.text.move(n(0), n(1));
        break;
      case OPS.setLeadingMoveText:
        st.text.setLeading(-n(1));
        st.text.move(n(0), n(1));
        break;
      case OPS.nextLine:
        st.text.nextLine();
        break;
      case OPS.setLeading:
        st.text.setLeading(n(0));
        break;
      case OPS.setFont:
        st.text.setFont(fonts.font(String(args[0])), n(1));
        break;
      case OPS.setCharSpacing:
        st.text.set('charSpacing', n(0));
        break;
      case OPS.setWordSpacing:
        st.text.set('wordSpacing', n(0));
        break;
      case OPS.setTextRise:
        st.text.set('rise', n(0));
        break;
      case OPS.setHScale:
        st.text.setHScale(n(0));
        break;
      case OPS.showText:
        if (Array.isArray(args[0])) st.text.show(args[0], st.ctm, fonts.normalize, runs);
        break;
    }
  }
  return { runs, rules };
}

function isMatrix(v: unknown): v is Matrix {
  return (Array.isArray(v) || ArrayBuffer.isView(v)) && (v as ArrayLike<number>).length === 6;
}

/** Paint that shows on white paper: not white (nor near it). */
function visible(color: unknown): boolean {
  return typeof color !== 'string' || !/^#f[c-f]f[c-f]f[c-f]$/i.test(color);
}
