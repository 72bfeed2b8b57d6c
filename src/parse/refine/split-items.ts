import { appendAll } from '../../domain/arrays.js';
import { readLabel } from '../extract/labels.js';
import type { PlacedRecord } from './outline-context.js';

/**
 * Takes the item label off a record's text («12.严格执行…» → number 12), then splits a text that holds the
 * next items of the document's numbering («12.… 13.… 14.…» in one cell) into one record per item, each
 * with the cell's units. Labels that restart inside the text («1.… 2.… 3.…» under a task that already has
 * its number) are sub-points and stay in the item.
 */
export function splitNumberedItems(records: readonly PlacedRecord[]): PlacedRecord[] {
  const out: PlacedRecord[] = [];
  for (const rec of records) {
    if (rec.numberFrom === 'column' || rec.numberFrom === 'name') {
      out.push(rec);
      continue;
    }
    let r = rec;
    if (rec.numberFrom === null) {
      const label = readLabel(rec.text);
      if (label?.kind !== 'item') {
        out.push(rec);
        continue;
      }
      r = {
        ...rec,
        number: String(label.value),
        numberFrom: 'text',
        text: rec.text.slice(label.end),
        textSpan: { ...rec.textSpan, start: rec.textSpan.start + label.end },
      };
    }
    appendAll(out, splitAtFollowingLabels(r));
  }
  return out;
}

// A further item label somewhere in the text: digits and a label mark (cheap test before the scan).
const NEXT_LABEL = /\d[.、．]/;

// An item label at a boundary: the text's start, after sentence-ending punctuation, or after white space.
const LABEL_AT_BOUNDARY = /(?:^|[。;；!！?？:：\s])[ \t\n\u3000]*(\d{1,3})(?:[.、．](?![.、．\d])|[.、．](?=\d{4}年))/g;

function splitAtFollowingLabels(rec: PlacedRecord): PlacedRecord[] {
  const n = Number(rec.number);
  if (!Number.isFinite(n) || !NEXT_LABEL.test(rec.text)) return [rec];
  const cuts: { at: number; end: number; value: number }[] = [];
  let expect = n + 1;
  LABEL_AT_BOUNDARY.lastIndex = 0;
  for (let m = LABEL_AT_BOUNDARY.exec(rec.text); m; m = LABEL_AT_BOUNDARY.exec(rec.text)) {
    const at = m.index + m[0].length - m[1]!.length - 1;
    if (at === 0) continue;
    const label = readLabel(rec.text, at);
    if (label?.kind !== 'item') continue;
    // A restart of the numbering inside the text means sub-points: then nothing here is split.
    if (label.value === n || label.value === 1) return [rec];
    if (label.value !== expect) continue;
    cuts.push({ at, end: label.end, value: label.value });
    expect++;
  }
  if (cuts.length === 0) return [rec];
  const pieces = [{ from: 0, value: n }, ...cuts.map((c) => ({ from: c.end, value: c.value }))];
  return pieces.map((piece, k) => {
    const to = k + 1 < pieces.length ? cuts[k]!.at : rec.text.length;
    return {
      ...rec,
      number: String(piece.value),
      text: rec.text.slice(piece.from, to).trim(),
      textSpan: { ...rec.textSpan, start: mapOffset(rec, piece.from), end: mapOffset(rec, to) },
      moreSpans: k === 0 ? rec.moreSpans : [],
    };
  });
}

/** Offsets within the (possibly joined) text map into the first span; good enough for highlighting. */
function mapOffset(rec: PlacedRecord, offset: number): number {
  return Math.min(rec.textSpan.start + offset, Math.max(rec.textSpan.end, rec.textSpan.start + offset));
}
