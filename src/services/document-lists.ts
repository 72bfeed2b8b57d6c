import { daysBetween } from '../domain/assignment.js';
import { standardCalendar } from '../domain/calendar.js';
import { AppError } from '../domain/errors.js';
import type { ParsedPlan } from '../domain/plan.js';
import type { CuibanData, CuibanItem } from '../reports/cuiban.js';
import type { TishidanData, TishidanRow } from '../reports/tishidan.js';
import { type ServiceContext, today } from './context.js';
import {
  documentHead,
  documentPlan,
  type HeadOptions,
  periodLabel,
  statusesOf,
  summariseStatuses,
} from './document-data.js';
import { overdueWork } from './overdue-work.js';
import { authorize } from './policy.js';

/**
 * The lists the office sends units: the 任务提示单 (a period's tasks with where each stands) and the 催办单
 * (one unit's overdue work).
 */
export interface TishidanRequest {
  planId: number;
  /** The period (ISO dates, both or neither): tasks due in it, overdue before it, ongoing or undated. */
  from?: string;
  to?: string;
  /** One unit's share only (a unit user always gets its own). */
  unitId?: string;
  head?: HeadOptions;
}

export async function tishidanData(ctx: ServiceContext, r: TishidanRequest): Promise<TishidanData> {
  const unitId = ctx.actor.role === 'unit' ? (r.unitId ?? ctx.actor.unitId ?? '\u0000') : r.unitId;
  authorize(ctx.actor, 'ledger.read', unitId);
  if (!r.from !== !r.to) throw new AppError('invalid-input', '提示单的时段须同时给出起止日期');
  if (r.from && r.to && r.from > r.to) throw new AppError('invalid-input', '提示单的起始日期晚于截止日期');
  const plan = await documentPlan(ctx, r.planId);
  let q = ctx.store.db
    .selectFrom('assignments as a')
    .innerJoin('tasks as t', 't.id', 'a.task_id')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .select(['a.id', 'a.task_id', 'a.state', 'a.due', 'a.periodic', 'a.note', 'u.name as unit_name'])
    .select(['t.seq', 't.section_label', 't.section_title', 't.group_label', 't.group_title', 't.number', 't.name'])
    .select(['t.text', 't.units_text', 't.deadline_text', 't.note_text'])
    .where('a.plan_id', '=', plan.id)
    .where('a.removed_at', 'is', null)
    .where('t.removed_at', 'is', null);
  if (unitId !== undefined) q = q.where('a.unit_id', '=', unitId);
  const rows = await q.orderBy('t.seq').orderBy('a.id').execute();
  const inPeriod = (a: (typeof rows)[number]) =>
    !r.from ||
    !r.to ||
    Number(a.periodic) === 1 ||
    a.due === null ||
    (a.due >= r.from && a.due <= r.to) ||
    (a.due < r.from && a.state !== 'done');
  const wanted = new Set(rows.filter(inPeriod).map((a) => Number(a.task_id)));
  const kept = rows.filter((a) => wanted.has(Number(a.task_id)));
  const statuses = await statusesOf(
    ctx.store.db,
    kept.map((a) => ({ id: Number(a.id), unitName: a.unit_name, state: a.state })),
  );
  const byTask = new Map<number, typeof kept>();
  for (const a of kept) byTask.set(Number(a.task_id), [...(byTask.get(Number(a.task_id)) ?? []), a]);
  const sections: TishidanData['sections'] = [];
  // The plan's headings in order, so a heading with no task of its own (三、年度重点工作任务 over 一、二、…) is
  // printed where the source had it.
  const outline = (await planOutline(ctx, plan.id)).map((o) => [o.label, o.title].filter(Boolean).join('、'));
  let at = -1;
  for (const list of byTask.values()) {
    const t = list[0]!;
    const section =
      t.section_label || t.section_title ? [t.section_label, t.section_title].filter(Boolean).join('、') : null;
    if (!sections.length || sections.at(-1)!.title !== section) {
      const k = section === null ? -1 : outline.indexOf(section, at + 1);
      if (k > at + 1) for (const parent of outline.slice(at + 1, k)) sections.push({ title: parent, rows: [] });
      if (k >= 0) at = k;
      sections.push({ title: section, rows: [] });
    }
    const ids = new Set(list.map((a) => Number(a.id)));
    // 备注: the units' or the office's remarks; else what the plan printed there; else the deadline as printed.
    const notes = [...new Set(list.map((a) => a.note?.trim()).filter((n): n is string => !!n))];
    const row: TishidanRow = {
      task: t.name
        ? `${t.number ? `${t.number}.` : ''}${t.name}`
        : t.group_label || t.group_title
          ? `${t.group_label ?? ''}${t.group_title ?? ''}`
          : (t.number ?? ''),
      requirement: !t.name && t.number ? `${t.number}.${t.text}` : t.text,
      units: t.units_text ?? [...new Set(list.map((a) => a.unit_name))].join('、'),
      status: summariseStatuses(statuses.filter((s) => ids.has(s.assignmentId))),
      note: notes.join('；') || t.note_text || t.deadline_text || '',
    };
    sections.at(-1)!.rows.push(row);
  }
  const head = documentHead(ctx, plan, r.head ?? {}, unitId ? (kept[0]?.unit_name ?? null) : '各有关单位');
  return {
    head,
    planTitle: plan.title,
    topic: plan.topic,
    periodLabel: r.from && r.to ? periodLabel(r.from, r.to) : listPeriod(plan.title, plan.year),
    dueBy: r.to ?? null,
    basis: await planBasis(ctx, plan.id),
    sections,
  };
}

export interface CuibanRequest {
  unitId: string;
  planId?: number;
  /** 报送期限 (ISO); default five working days from the as-of day. */
  replyBy?: string;
  /** The day the overdue work is judged on (ISO); default today. */
  asOf?: string;
  head?: HeadOptions;
}

/** The 催办单: exactly the overdue work `urge` records (services/overdue-work.ts). */
export async function cuibanData(ctx: ServiceContext, r: CuibanRequest): Promise<CuibanData> {
  authorize(ctx.actor, 'reminder.send');
  const unit = await ctx.store.db
    .selectFrom('units')
    .select(['id', 'name'])
    .where('id', '=', r.unitId)
    .executeTakeFirst();
  if (!unit) throw new AppError('not-found', `单位目录中没有「${r.unitId}」`);
  const day = r.asOf ?? today(ctx);
  const rows = await overdueWork(ctx, {
    unitId: unit.id,
    asOf: day,
    ...(r.planId !== undefined ? { planId: r.planId } : {}),
  });
  // An empty 催办单 would tell a unit it is late when it is not.
  if (rows.length === 0) throw new AppError('conflict', `${unit.name}目前没有逾期未办结的任务，无需催办`);
  const plan = await documentPlan(ctx, r.planId ?? rows[0]!.planId);
  const head = documentHead(ctx, plan, r.head ?? {}, unit.name);
  const replyBy = r.replyBy ?? standardCalendar().addWorkingDays(day, 5);
  const plans = new Set(rows.map((x) => x.planId));
  const items: CuibanItem[] = rows.map((x) => ({
    plan: plans.size > 1 ? (x.planTitle ?? '') : null,
    task: `${x.taskNumber ? `${x.taskNumber}.` : ''}${x.taskText}`,
    deadline: x.period ? `${x.period}进展` : (x.deadlineText ?? ''),
    due: x.due,
    state: x.stateLabel,
    daysOverdue: daysBetween(x.due, day),
  }));
  return {
    head,
    topic: plan.topic,
    unit: unit.name,
    planTitle: plans.size > 1 ? null : plan.title,
    asOf: day,
    replyBy,
    items,
  };
}

/** The plan's section headings as parsed, in document order (none for a plan typed in or cut from another). */
async function planOutline(ctx: ServiceContext, planId: number): Promise<{ label: string; title: string }[]> {
  const row = await ctx.store.db.selectFrom('plans').select('parse_json').where('id', '=', planId).executeTakeFirst();
  return row ? ((JSON.parse(row.parse_json) as ParsedPlan).sections ?? []) : [];
}

/** The first higher document the plan's parse says it implements (《…》 with its 文号), or null. */
async function planBasis(ctx: ServiceContext, planId: number): Promise<TishidanData['basis']> {
  const row = await ctx.store.db.selectFrom('plans').select('parse_json').where('id', '=', planId).executeTakeFirst();
  const cites = row ? (JSON.parse(row.parse_json) as ParsedPlan).meta?.cites : undefined;
  const first = cites?.find((c) => c.title);
  return first ? { title: first.title, docNumber: first.docNumber } : null;
}

/** A whole plan's list is for the plan's own period: «2022年11—12月» from its title, else its year. */
function listPeriod(title: string, year: number): string {
  const m = /((?:19|20)\d{2})年(\d{1,2})(?:月)?[-—–~～至到]+(\d{1,2})月/.exec(title);
  return m ? `${m[1]}年${Number(m[2])}—${Number(m[3])}月` : `${year}年`;
}
