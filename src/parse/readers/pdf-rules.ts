import { appendAll } from '../../domain/arrays.js';
import { apply, type Matrix, type Rule, rulesFromPolyline } from './geometry.js';

/**
 * The ruling lines in a PDF path: pdf.js hands each painted path over as a flat buffer of drawing commands
 * (its DrawOPS) in user space. Stroked straight pieces and thin filled rectangles are lines; curves are not.
 */
const MOVE = 0;
const LINE = 1;
const CURVE = 2;
const QUAD = 3;
const CLOSE = 4;

/** Rules from one painted path buffer, its points taken through `ctm`. */
export function pathRules(buf: Float32Array, ctm: Matrix, stroked: boolean, filled: boolean, out: Rule[]): void {
  let points: [number, number][] = [];
  let start: [number, number] | null = null;
  const at = (x: number, y: number): [number, number] => apply(ctm, x, y);
  const flush = (closed: boolean) => {
    if (points.length > 1) {
      if (stroked) appendAll(out, rulesFromPolyline(points, closed, false));
      if (filled) appendAll(out, rulesFromPolyline(points, true, true));
    }
    points = [];
  };
  for (let k = 0; k < buf.length; ) {
    const op = buf[k++];
    if (op === MOVE) {
      flush(false);
      start = at(buf[k]!, buf[k + 1]!);
      points.push(start);
      k += 2;
    } else if (op === LINE) {
      points.push(at(buf[k]!, buf[k + 1]!));
      k += 2;
    } else if (op === CURVE || op === QUAD) {
      // Curves (rounded corners, circles) are no rules: the straight run ends at the curve.
      const n = op === CURVE ? 6 : 4;
      const end = at(buf[k + n - 2]!, buf[k + n - 1]!);
      flush(false);
      points.push(end);
      k += n;
    } else if (op === CLOSE) {
      flush(true);
      if (start) points.push(start);
    } else break;
  }
  flush(false);
}
