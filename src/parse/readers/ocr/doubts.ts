import type { BlockDocument, Box, Doubt } from '../../blocks.js';
import { fractionBox } from '../table-run.js';
import type { Doubt as PageDoubt } from './page.js';

/**
 * Low-confidence words placed in the document: the paragraph or cell on the same page whose box holds the
 * word's centre, and the word's first occurrence in its text (the whole block when recognition's text was
 * rearranged there), so a task whose span covers it can be flagged for review.
 */
export function placeDoubts(
  doc: BlockDocument,
  doubts: readonly PageDoubt[],
  sizes: ReadonlyMap<number, { width: number; height: number }>,
): Doubt[] {
  const places: { page: number; box: Box; start: number; end: number; text: string }[] = [];
  for (const block of doc.blocks) {
    const spans =
      block.kind === 'paragraph'
        ? [{ span: block.span, text: block.text }]
        : block.rows.flatMap((r) => r.cells.filter((c) => !c.covered).map((c) => ({ span: c.span, text: c.text })));
    for (const { span, text } of spans) {
      if (span.box && span.page !== undefined)
        places.push({ page: span.page, box: span.box, start: span.start, end: span.end, text });
    }
  }
  const out: Doubt[] = [];
  for (const d of doubts) {
    const size = sizes.get(d.page);
    if (!size) continue;
    const box = fractionBox(d.box[0], d.box[1], d.box[2], d.box[3], size);
    const cx = (box[0] + box[2]) / 2;
    const cy = (box[1] + box[3]) / 2;
    const at = places.find(
      (p) => p.page === d.page && cx >= p.box[0] && cx <= p.box[2] && cy >= p.box[1] && cy <= p.box[3],
    );
    if (!at) continue;
    const i = at.text.indexOf(d.text);
    const start = i >= 0 ? at.start + i : at.start;
    const end = i >= 0 ? start + d.text.length : at.end;
    out.push({ start, end, text: d.text, conf: d.conf, page: d.page, box });
  }
  return out;
}
