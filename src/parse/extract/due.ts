import { type Deadline, endOfMonth } from '../../domain/deadline.js';
import { fold } from '../../domain/fold.js';
import type { PlanTask, SourceSpan, TaskDue } from '../../domain/plan.js';
import { type DeadlineContext, findDeadlinesInText, isDeadlinePhrase, normalizeDeadline } from './deadline.js';

/**
 * The effective deadline of every task (PlanTask.due), read in the order a clerk would look:
 * 1. the deadline cell or annotation as printed (时限栏), when it is understood;
 * 2. a deadline phrase in 备注 — or in a 完成情况 cell, where lists often put «11月底前各单位上报»;
 * 3. the requirement text: the last date the sentence commits to («…年底前以村为单位公开» → 年底);
 * 4. the plan's own period: a title «2022年11—12月…清单» ends 2022-12-31, a quarter's list its quarter's
 *    end, a yearly plan (年度工作要点) its year's end.
 * Only phrases that give a date or a recurrence count beyond the cell: «公开后3个工作日» is a standing rule,
 * not the task's deadline.
 */
export interface PlanPeriod {
  text: string;
  date: string | null;
}

export function effectiveDue(task: PlanTask, period: PlanPeriod, ctx: DeadlineContext): TaskDue {
  const printed = task.deadline;
  if (printed && printed.kind !== 'unknown') return fromDeadline(printed, 'deadline', task.fields.deadline);
  const note = cellDue(task.note, ctx) ?? cellDue(task.status, ctx);
  if (note)
    return fromDeadline(note, 'note', task.note && cellDue(task.note, ctx) ? task.fields.note : task.fields.status);
  const text = lastCommitted(task.textDeadlines);
  if (text) return fromDeadline(text, 'text', text.span);
  return { text: period.text, ...(period.date ? { date: period.date } : {}), kind: 'date', source: 'plan' };
}

function fromDeadline(d: Deadline, source: TaskDue['source'], span: SourceSpan | undefined): TaskDue {
  const out: TaskDue = { text: d.text, kind: d.kind, source };
  if (d.due) out.date = d.due;
  if (span) out.span = span;
  if (d.precision) out.precision = d.precision;
  if (d.ongoing) out.ongoing = true;
  if (d.recurrence) out.recurrence = { ...d.recurrence };
  if (d.relative) out.relative = { ...d.relative };
  return out;
}

/** A deadline a 备注 / 完成情况 cell gives: the whole cell when it is one («年底前完成»), else the latest inside. */
function cellDue(cell: string | null, ctx: DeadlineContext): Deadline | null {
  if (!cell) return null;
  if (isDeadlinePhrase(cell)) {
    const d = normalizeDeadline(cell, ctx);
    if (usable(d)) return d;
  }
  return lastCommitted(findDeadlinesInText(cell, ctx).map((f) => f.deadline));
}

function usable(d: Deadline): boolean {
  return (d.kind === 'date' && d.due !== null) || d.kind === 'recurring';
}

/** The latest date among the phrases (a sentence's steps end with its last); else the last recurring one. */
function lastCommitted<D extends Deadline>(found: readonly D[]): D | null {
  let best: D | null = null;
  for (const d of found) if (d.kind === 'date' && d.due && (!best || d.due >= best.due!)) best = d;
  if (best) return best;
  for (const d of found) if (d.kind === 'recurring') best = d;
  return best;
}

const MONTH_RANGE = /((?:19|20)\d{2})年(\d{1,2})(?:月份?)?[-—–~～至到]+(\d{1,2})月/;
const MONTH_ONE = /((?:19|20)\d{2})年(\d{1,2})月份?/;
const QUARTER = /((?:19|20)\d{2})年(?:度)?(?:第)?([一二三四1-4])季度/;
const HALF = /((?:19|20)\d{2})年(上|下)半年/;

/**
 * The period a plan covers, from its title (and year): the fallback deadline. Unknown year: «年底前» with no
 * date, so the office sees it and dates it in review.
 */
export function planPeriod(title: string | null, year: number | null): PlanPeriod {
  const t = fold(title ?? '').replace(/\s+/g, '');
  const range = MONTH_RANGE.exec(t);
  if (range) {
    const [y, last] = [Number(range[1]), Number(range[3])];
    if (last >= 1 && last <= 12) return { text: `${y}年${last}月底前`, date: endOfMonth(y, last) };
  }
  const q = QUARTER.exec(t);
  if (q) {
    const n = '一二三四'.indexOf(q[2]!) + 1 || Number(q[2]);
    return { text: `${q[1]}年第${'一二三四'[n - 1]}季度末前`, date: endOfMonth(Number(q[1]), n * 3) };
  }
  const h = HALF.exec(t);
  if (h) return { text: `${h[1]}年${h[2]}半年`, date: endOfMonth(Number(h[1]), h[2] === '上' ? 6 : 12) };
  const one = MONTH_ONE.exec(t);
  if (one && Number(one[2]) >= 1 && Number(one[2]) <= 12)
    return { text: `${one[1]}年${Number(one[2])}月底前`, date: endOfMonth(Number(one[1]), Number(one[2])) };
  if (year) return { text: `${year}年底前`, date: endOfMonth(year, 12) };
  return { text: '年底前', date: null };
}

/** Every task with its effective deadline. */
export function withDue(tasks: PlanTask[], title: string | null, ctx: DeadlineContext): PlanTask[] {
  const period = planPeriod(title, ctx.year ?? null);
  for (const t of tasks) t.due = effectiveDue(t, period, ctx);
  return tasks;
}
