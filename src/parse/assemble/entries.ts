import type { Span } from '../blocks.js';
import type { UnitColumnRole } from '../layout/header.js';

/**
 * What layout recognition hands to task assembly, in document order: headings (sections and groups, from
 * table cells or paragraphs) and records (one candidate task each, with the cells or text that fill its
 * fields). Refiners then join, split and complete records before they become tasks.
 */
export interface HeadingEntry {
  type: 'heading';
  level: 'section' | 'group';
  /** Normalised label: «一» for sections, «（一）» for groups. */
  label: string;
  value: number;
  title: string;
  span: Span;
  /** Units a heading assigns to everything under it («一、县示范区管委会牵头工作»). */
  units?: UnitText[];
}

export interface UnitText {
  text: string;
  /** The role a column header or a line label gives units without a role word of their own. */
  headerRole: UnitColumnRole | null;
  span: Span;
  /** Taken from a merged cell above rather than printed in this row. */
  inherited?: boolean;
}

export interface FieldText {
  text: string;
  span: Span;
  inherited?: boolean;
}

export interface RecordEntry {
  type: 'record';
  origin: 'table' | 'outline' | 'prose';
  /** Which table (or outline run) the record came from; merged cells are only inherited within one. */
  source: number;
  /** Own number: from a number column, a label on the text, or a label on a task-name cell. */
  number: string | null;
  numberFrom: 'column' | 'text' | 'name' | 'outline' | null;
  /** A short task name beside the requirement text (重点任务 column). */
  name: string | null;
  text: string;
  textSpan: Span;
  /** Extra text spans joined into this record (a row continued across a page break). */
  moreSpans: Span[];
  /** One entry per unit column (or responsibility line); empty text where the cell is blank. */
  units: UnitText[];
  deadline: FieldText | null;
  status: FieldText | null;
  note: FieldText | null;
  /** The record's whole extent in the source. */
  span: Span;
  /** The table has a number column (so a blank number cell is a merged one). */
  numberColumn?: boolean;
  /** From a real table whose merged cells are known: blank cells are blank, not merged. */
  explicitMerges?: boolean;
  /** A recovered row that kept its separators and the header's width: its blank cells are blank, not merged. */
  statedCells?: boolean;
  /** A row whose cells did not stand where the header puts them: placed by their content, to be checked. */
  placementInferred?: boolean;
  /** Has no responsibility of its own and must not take one from its neighbours. */
  noInherit?: boolean;
}

/** The start of a plan's own text (its title), after a covering notice: outline context starts afresh. */
export interface BoundaryEntry {
  type: 'boundary';
  span: Span;
}

export type Entry = HeadingEntry | RecordEntry | BoundaryEntry;

export function isBlank(u: readonly UnitText[]): boolean {
  return u.every((x) => x.text.trim() === '');
}
