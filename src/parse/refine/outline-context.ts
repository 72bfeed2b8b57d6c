import { fold } from '../../domain/fold.js';
import type { Entry, HeadingEntry, RecordEntry } from '../assemble/entries.js';

/** A record placed in the outline: the section and group headings it sits under. */
export interface PlacedRecord extends RecordEntry {
  section: HeadingEntry | null;
  group: HeadingEntry | null;
}

/**
 * Walks the entries in order and places each record under the current section and group. A heading that
 * repeats the current one (a table header row reprinted after a page break, with a title that may even be
 * worded slightly differently) changes nothing; a new section clears the group.
 */
export function placeInOutline(entries: readonly Entry[]): { records: PlacedRecord[]; sections: HeadingEntry[] } {
  const records: PlacedRecord[] = [];
  const sections: HeadingEntry[] = [];
  let section: HeadingEntry | null = null;
  let group: HeadingEntry | null = null;
  let sinceSection = 0;
  for (const e of entries) {
    if (e.type === 'boundary') {
      section = null;
      group = null;
      continue;
    }
    if (e.type === 'heading') {
      if (e.level === 'section') {
        if (section && section.label === e.label && (sinceSection > 0 || similar(section.title, e.title))) continue;
        section = e;
        group = null;
        sinceSection = 0;
        sections.push(e);
      } else {
        if (group && group.label === e.label && similar(group.title, e.title)) continue;
        group = e;
      }
      continue;
    }
    sinceSection++;
    records.push(placed(e, section, group));
  }
  return { records, sections };
}

/**
 * The record with its headings. Built field by field rather than by spread: records come in several shapes
 * (optional flags), and one shape for all keeps every later stage's property access monomorphic.
 */
function placed(e: RecordEntry, section: HeadingEntry | null, group: HeadingEntry | null): PlacedRecord {
  return {
    type: e.type,
    origin: e.origin,
    source: e.source,
    number: e.number,
    numberFrom: e.numberFrom,
    name: e.name,
    text: e.text,
    textSpan: e.textSpan,
    moreSpans: e.moreSpans,
    units: e.units,
    deadline: e.deadline,
    status: e.status,
    note: e.note,
    span: e.span,
    numberColumn: e.numberColumn,
    explicitMerges: e.explicitMerges,
    statedCells: e.statedCells,
    placementInferred: e.placementInferred,
    noInherit: e.noInherit,
    section,
    group,
  };
}

/** Titles that share most of their characters are the same heading printed twice. */
function similar(a: string, b: string): boolean {
  const x = fold(a).replace(/[\s,，。.、]/g, '');
  const y = fold(b).replace(/[\s,，。.、]/g, '');
  if (x === y) return true;
  if (!x || !y) return true;
  const chars = new Set(x);
  let common = 0;
  for (const c of y) if (chars.has(c)) common++;
  return common / Math.max(x.length, y.length) >= 0.6;
}
