import { fold } from '../../domain/fold.js';
import type { Span } from '../blocks.js';
import { groupLabel, type Label, readLabel, sectionLabel } from '../extract/labels.js';
import { parseResponsibility } from '../extract/units.js';
import { memoByText } from '../text/memo.js';
import type { HeadingEntry, UnitText } from './entries.js';

/** A heading entry from a labelled cell or paragraph («一、优化政务公开工作基础», «（一）深化…»). */
export function headingFrom(text: string, span: Span, label?: Label | null): HeadingEntry | null {
  // Tables reprint their section and group cells on every page: read each distinct one once.
  const parsed = label ? parseHeading(text, label) : parsedHeading(text);
  if (!parsed) return null;
  return { ...parsed, span, ...(parsed.units ? { units: parsed.units.map((u) => ({ ...u, span })) } : {}) };
}

const parsedHeading = memoByText((text: string) => parseHeading(text, readLabel(text)), 5000, 200);

function parseHeading(text: string, l: Label | null): HeadingEntry | null {
  const span = { start: 0, end: 0 };
  if (!l || (l.kind !== 'section' && l.kind !== 'group')) return null;
  const title = cleanTitle(text.slice(l.end));
  const entry: HeadingEntry = {
    type: 'heading',
    level: l.kind,
    label: l.kind === 'section' ? sectionLabel(l.printed) : groupLabel(l.value, l.printed),
    value: l.value,
    title,
    span,
  };
  const units = unitsInHeading(title, span);
  if (units) entry.units = [units];
  return entry;
}

export function cleanTitle(s: string): string {
  return s
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[。.;；]+$/, '');
}

// «县示范区管委会牵头工作(8项)», «市发改委负责的工作», «二、市财政局牵头事项»
const HEADING_UNITS = /^(.{2,40}?)(牵头|负责|配合)(?:的)?(?:工作|任务|事项)(?:[(（]\d{1,3}项[)）])?$/;

/** Units a heading names as responsible for everything under it. */
function unitsInHeading(title: string, span: Span): UnitText | null {
  const f = fold(title).replace(/\s+/g, '');
  const m = HEADING_UNITS.exec(f);
  if (!m) return null;
  const phrase = `${m[1]}${m[2]}`;
  const parsed = parseResponsibility(phrase);
  if (parsed.units.length === 0) return null;
  return { text: title.replace(/\s+/g, '').slice(0, phrase.length), headerRole: null, span };
}
