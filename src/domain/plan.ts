import type { Deadline, DeadlineKind, Precision, Recurrence, RelativeOffset } from './deadline.js';

/**
 * The parsed plan: the product's interchange format (`taizhang parse --json`, the import into the ledger).
 * Version 1; fields are only ever added. README documents every field.
 */
export const PLAN_FORMAT_VERSION = 1;

export type UnitRole = 'lead' | 'cooperate' | 'responsible';

export interface SourceSpan {
  /** Offsets into the extracted source text (UTF-16 code units), end exclusive. */
  start: number;
  end: number;
  page?: number;
  /** On a page read by OCR: the place on the page image, [left, top, right, bottom] as fractions of the page. */
  box?: [number, number, number, number];
}

export interface PlanUnit {
  /** The unit or group of units exactly as printed, whitespace removed. */
  name: string;
  role: UnitRole;
  /** Taken from a merged cell above, a previous item or a heading rather than printed with the task. */
  inherited?: boolean;
}

export interface OutlineRef {
  label: string;
  title: string;
}

export interface TextDeadline extends Deadline {
  span: SourceSpan;
}

/** Where a task's effective deadline was read: 时限栏, 备注, 正文, or the plan's own period (方案期限). */
export type DueSource = 'deadline' | 'note' | 'text' | 'plan';

/**
 * The deadline the ledger watches, beside the one printed (`deadline`): the deadline cell; else a deadline
 * phrase in 备注 (or a 完成情况 cell holding one); else the last date the requirement text commits to; else the
 * plan's period (a 2022年11—12月 清单 → 2022-12-31, a yearly plan → its year's end).
 */
export interface TaskDue {
  text: string;
  /** ISO date, where one follows. */
  date?: string;
  kind: DeadlineKind;
  source: DueSource;
  span?: SourceSpan;
  precision?: Precision;
  ongoing?: boolean;
  recurrence?: Recurrence;
  relative?: RelativeOffset;
}

export interface PlanTask {
  /** Stable within one parse: T1, T2 … in document order. */
  id: string;
  section: OutlineRef | null;
  group: OutlineRef | null;
  /** The task's own label as printed (digits), or null. */
  number: string | null;
  /** A short task name printed beside the requirement (重点任务 column), if any. */
  name: string | null;
  text: string;
  units: PlanUnit[];
  /** The responsibility text as printed (cells or annotation), for review. */
  unitsText: string | null;
  deadline: Deadline | null;
  /** Deadlines written inside the requirement text. */
  textDeadlines: TextDeadline[];
  /** The effective deadline (see TaskDue); present on every parsed task. */
  due?: TaskDue;
  status: string | null;
  note: string | null;
  span: SourceSpan;
  fields: {
    text: SourceSpan;
    units?: SourceSpan;
    deadline?: SourceSpan;
    status?: SourceSpan;
    note?: SourceSpan;
  };
}

export type WarningCode =
  | 'task-without-units'
  | 'units-inherited'
  | 'deadline-inherited'
  | 'deadline-unknown'
  | 'units-unparsed'
  | 'skipped-text'
  | 'structure-lost'
  | 'suspicious-text'
  /** Words OCR was unsure of, in a task read from a page image. */
  | 'ocr-doubt'
  | 'no-tasks';

export interface PlanWarning {
  code: WarningCode;
  /** For the people reading it: Chinese. */
  message: string;
  task?: string;
  span?: SourceSpan;
}

export interface CitedPlan {
  title: string;
  docNumber: string | null;
}

export interface PlanMeta {
  issuer: string | null;
  docNumber: string | null;
  issueDate: string | null;
  year: number | null;
  /** Higher-level plans the document says it implements. */
  cites: CitedPlan[];
}

export interface ParsedPlan {
  version: typeof PLAN_FORMAT_VERSION;
  title: string | null;
  meta: PlanMeta;
  source: {
    name: string | null;
    format: string;
    encoding: string | null;
    pages: number | null;
    chars: number;
  };
  /** How the tasks were laid out: table, outline, prose, or mixed. */
  layout: string;
  sections: OutlineRef[];
  tasks: PlanTask[];
  warnings: PlanWarning[];
}

/** The effective deadline as a Deadline the schedule reads; the printed one when the task has no `due`. */
export function effectiveDeadline(task: Pick<PlanTask, 'deadline' | 'due'>): Deadline | null {
  const d = task.due;
  if (!d) return task.deadline;
  if (d.source === 'deadline' && task.deadline) return task.deadline;
  const out: Deadline = { text: d.text, kind: d.kind, due: d.date ?? null };
  if (d.precision) out.precision = d.precision;
  if (d.ongoing) out.ongoing = true;
  if (d.recurrence) out.recurrence = { ...d.recurrence };
  if (d.relative) out.relative = { ...d.relative };
  return out;
}
