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

type Handler = (args: unknown[]) => void;

export function readOperatorList(
  list: OperatorList,
  OPS: Ops,
  base: Matrix,
  fonts: PdfFonts,
): { runs: TextRun[]; rules: Rule[] } {
  const runs: TextRun[] = [];
  const rules: Rule[] = [];
  const stack: State[] = [];
  let st: State = { ctm: base, stroke: true, fill: true, text: new TextState() };
  const strokes = new Set([OPS.stroke, OPS.closeStroke, ...fillsAndStrokes(OPS)]);
  const fills = new Set([OPS.fill, OPS.eoFill, ...fillsAndStrokes(OPS)]);
  // Handlers by operator code: one array lookup per operator, rather than a chain of case comparisons.
  const on: Handler[] = [];
  const handle = (codes: (number | undefined)[], h: Handler) => {
    for (const c of codes) if (c !== undefined && on[c] === undefined) on[c] = h;
  };
  handle([OPS.save, OPS.beginGroup], () => {
    stack.push(st);
    st = { ...st, text: st.text.clone() };
  });
  handle([OPS.restore, OPS.endGroup, OPS.paintFormXObjectEnd], () => {
    st = stack.pop() ?? st;
  });
  handle([OPS.transform], (args) => {
    if (isMatrix(args)) st.ctm = compose(st.ctm, args);
  });
  handle([OPS.paintFormXObjectBegin], (args) => {
    stack.push(st);
    st = { ...st, text: st.text.clone(), ctm: isMatrix(args[0]) ? compose(st.ctm, args[0]) : st.ctm };
  });
  handle([OPS.setStrokeRGBColor], (args) => {
    st.stroke = visible(args[0]);
  });
  handle([OPS.setFillRGBColor], (args) => {
    st.fill = visible(args[0]);
  });
  handle([OPS.setStrokeTransparent], () => {
    st.stroke = false;
  });
  handle([OPS.setFillTransparent], () => {
    st.fill = false;
  });
  handle([OPS.constructPath], (args) => {
    const paint = args[0] as number;
    const buffer = (args[1] as unknown[] | undefined)?.[0];
    const stroked = strokes.has(paint) && st.stroke;
    const filled = fills.has(paint) && st.fill;
    if ((stroked || filled) && buffer instanceof Float32Array) pathRules(buffer, st.ctm, stroked, filled, rules);
  });
  handleText(handle, OPS, () => st, fonts, runs);
  const { fnArray, argsArray } = list;
  for (let i = 0; i < fnArray.length; i++) {
    const h = on[fnArray[i]!];
    if (h) h((argsArray[i] ?? []) as unknown[]);
  }
  return { runs, rules };
}

/** The painting operators that both fill and stroke. */
function fillsAndStrokes(OPS: Ops): (number | undefined)[] {
  return [OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke];
}

/** The text operators, applied to the text state of the current graphics state. */
function handleText(
  handle: (codes: (number | undefined)[], h: Handler) => void,
  OPS: Ops,
  state: () => State,
  fonts: PdfFonts,
  runs: TextRun[],
): void {
  const text = () => state().text;
  handle([OPS.beginText], () => text().begin());
  handle([OPS.setTextMatrix], (args) => {
    if (isMatrix(args[0])) text().setMatrix(args[0]);
  });
  handle([OPS.moveText], (args) => text().move(num(args, 0), num(args, 1)));
  handle([OPS.setLeadingMoveText], (args) => {
    text().setLeading(-num(args, 1));
    text().move(num(args, 0), num(args, 1));
  });
  handle([OPS.nextLine], () => text().nextLine());
  handle([OPS.setLeading], (args) => text().setLeading(num(args, 0)));
  handle([OPS.setFont], (args) => text().setFont(fonts.font(String(args[0])), num(args, 1)));
  handle([OPS.setCharSpacing], (args) => text().set('charSpacing', num(args, 0)));
  handle([OPS.setWordSpacing], (args) => text().set('wordSpacing', num(args, 0)));
  handle([OPS.setTextRise], (args) => text().set('rise', num(args, 0)));
  handle([OPS.setHScale], (args) => text().setHScale(num(args, 0)));
  handle([OPS.showText], (args) => {
    if (Array.isArray(args[0])) text().show(args[0], state().ctm, fonts.normalize, runs);
  });
}

/** An operator's numeric argument; absent or not a number reads as 0. */
function num(args: unknown[], k: number): number {
  return Number(args[k]) || 0;
}

function isMatrix(v: unknown): v is Matrix {
  return (Array.isArray(v) || ArrayBuffer.isView(v)) && (v as ArrayLike<number>).length === 6;
}

/** Paint that shows on white paper: not white (nor near it). */
function visible(color: unknown): boolean {
  return typeof color !== 'string' || !/^#f[c-f]f[c-f]f[c-f]$/i.test(color);
}
