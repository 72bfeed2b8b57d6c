import { fold } from '../../domain/fold.js';
import { isBlank } from '../assemble/entries.js';
import { readLabel } from '../extract/labels.js';
import { foldSlice } from '../text/fold-slice.js';
import type { PlacedRecord } from './outline-context.js';

/**
 * Joins table rows that continue the row before them: a requirement cut by a page break reappears in a new
 * row with no number of its own, its section and group cells reprinted or blank. A row is a continuation
 * when it has no number, no label and no task name, sits under the same headings, and either the text
 * before it stops mid-sentence, or the table labels its items and this row repeats (or leaves blank) the
 * units of the row before.
 */
export function joinContinuations(records: readonly PlacedRecord[]): PlacedRecord[] {
  // Refiners own the records they are given (placeInOutline made them): a continuation is merged in place.
  const out: PlacedRecord[] = [];
  // Records whose span list was copied here, so later joins append in place (copying per join is quadratic).
  const owned = new WeakSet<PlacedRecord>();
  for (const rec of records) {
    const prev = out[out.length - 1];
    if (prev && isContinuation(rec, prev)) {
      if (!owned.has(prev)) {
        prev.moreSpans = [...prev.moreSpans];
        owned.add(prev);
      }
      merge(prev, rec);
      continue;
    }
    out.push(rec);
  }
  return out;
}

function isContinuation(rec: PlacedRecord, prev: PlacedRecord): boolean {
  if (rec.origin !== 'table' || prev.origin !== 'table') return false;
  if (rec.number !== null || rec.name !== null) return false;
  if (rec.section !== prev.section || rec.group !== prev.group) return false;
  if (rec.text === '') return true;
  const label = readLabel(rec.text);
  if (label && (label.kind === 'item' || label.kind === 'group' || label.kind === 'section')) return false;
  // Only the end of the text decides; looking at all of it would make long joins quadratic.
  const prevText = foldSlice(prev.text, Math.max(0, prev.text.length - 16), prev.text.length).trimEnd();
  if (prevText === '') return false;
  if (!/[。;!?…”"）)]$/.test(prevText)) return true;
  // A numbered row that printed none of its other cells, then a row without a number that prints them: the
  // page broke the row after its text, wherever the sentence stood.
  if (prev.numberColumn && prev.number !== null && isBlank(prev.units) && !prev.deadline && !isBlank(rec.units)) {
    return true;
  }
  const labelled = prev.numberFrom === 'text' || readLabel(prev.text)?.kind === 'item';
  return labelled && (isBlank(rec.units) || sameUnits(rec, prev));
}

function sameUnits(a: PlacedRecord, b: PlacedRecord): boolean {
  const key = (r: PlacedRecord): string => r.units.map((u) => fold(u.text).replace(/\s+/g, '')).join('|');
  return key(a) === key(b);
}

function merge(prev: PlacedRecord, rec: PlacedRecord): void {
  if (rec.text) {
    const sep = /[。;；!！?？]\s*$/.test(prev.text.slice(-16)) ? '\n' : '';
    prev.text = prev.text + sep + rec.text;
    prev.moreSpans.push(rec.textSpan);
    prev.span = { ...prev.span, end: Math.max(prev.span.end, rec.span.end) };
  }
  if (isBlank(prev.units) && !isBlank(rec.units)) prev.units = rec.units;
  prev.deadline ??= rec.deadline;
  prev.status ??= rec.status;
  prev.note ??= rec.note;
}
