import type { AssignmentState } from '../domain/assignment.js';
import { AppError } from '../domain/errors.js';
import type { UnitRole } from '../domain/plan.js';
import { describeEvents } from './audit-sentences.js';
import type { ServiceContext } from './context.js';
import { authorize } from './policy.js';

/**
 * One task with everything done on it: each assignment's periods, progress reports with their evidence,
 * reviews and 延期 requests, and the audit history. A unit user sees the task and its own unit's share only.
 */
export interface TaskView {
  id: number;
  planId: number;
  planTitle: string | null;
  planState: string;
  section: string | null;
  group: string | null;
  number: string | null;
  name: string | null;
  text: string;
  unitsText: string | null;
  deadlineText: string | null;
  /** 回头看: the last year's task this one carries on, with where each unit had got to. */
  carriedFrom: CarriedFrom | null;
  assignments: AssignmentView[];
  /** Newest first, each as a sentence a person reads (services/audit-sentences.ts). */
  history: { at: string; actor: string; action: string; sentence: string; unitName: string | null }[];
}

export interface CarriedFrom {
  taskId: number;
  planId: number;
  planTitle: string | null;
  number: string | null;
  deadlineText: string | null;
  assignments: {
    unitName: string;
    state: AssignmentState;
    lastReport: { text: string; createdAt: string } | null;
  }[];
}

export interface AssignmentView {
  id: number;
  unitId: string;
  unitName: string;
  role: UnitRole;
  state: AssignmentState;
  due: string | null;
  ongoing: boolean;
  periodic: boolean;
  periods: { id: number; due: string; label: string; reportedAt: string | null }[];
  reports: {
    id: number;
    text: string;
    claim: string;
    author: string;
    createdAt: string;
    period: string | null;
    evidence: {
      id: number;
      kind: string;
      name: string | null;
      mime: string | null;
      size: number | null;
      url: string | null;
    }[];
  }[];
  reviews: { decision: string; reason: string | null; reviewer: string; createdAt: string }[];
  extensions: {
    id: number;
    requestedDue: string;
    reason: string;
    state: string;
    createdAt: string;
    decisionNote: string | null;
  }[];
}

export async function taskDetail(ctx: ServiceContext, taskId: number): Promise<TaskView> {
  authorize(ctx.actor, 'ledger.read');
  const db = ctx.store.db;
  const t = await db
    .selectFrom('tasks as t')
    .innerJoin('plans as p', 'p.id', 't.plan_id')
    .select([
      't.id',
      't.plan_id',
      'p.title',
      'p.state',
      't.section_label',
      't.section_title',
      't.group_label',
      't.group_title',
      't.number',
      't.name',
      't.text',
      't.units_text',
      't.deadline_text',
      't.removed_at',
      't.carried_from_task_id',
    ])
    .where('t.id', '=', taskId)
    .executeTakeFirst();
  // Not found and not allowed look the same to a unit user: no probing other units' tasks by id.
  const notFound = new AppError('not-found', `没有编号为 ${taskId} 的任务`);
  if (!t || t.removed_at) throw notFound;
  const mayDraft = ['office', 'operator'].includes(ctx.actor.role);
  if (t.state === 'draft' && !mayDraft) throw notFound;
  let q = db
    .selectFrom('assignments as a')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .select(['a.id', 'a.unit_id', 'u.name', 'a.role', 'a.state', 'a.due', 'a.ongoing', 'a.periodic'])
    .where('a.task_id', '=', taskId)
    .where('a.removed_at', 'is', null);
  if (ctx.actor.role === 'unit') q = q.where('a.unit_id', '=', ctx.actor.unitId ?? '');
  const assignments = await q.orderBy('a.id').execute();
  if (ctx.actor.role === 'unit' && assignments.length === 0) throw notFound;
  const ids = assignments.map((a) => Number(a.id));
  const none = [-1];
  const [periods, reports, reviews, extensions] = await Promise.all([
    db
      .selectFrom('periods')
      .selectAll()
      .where('assignment_id', 'in', ids.length ? ids : none)
      .orderBy('due')
      .execute(),
    db
      .selectFrom('progress_reports')
      .selectAll()
      .where('assignment_id', 'in', ids.length ? ids : none)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('reviews')
      .selectAll()
      .where('assignment_id', 'in', ids.length ? ids : none)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('extension_requests')
      .selectAll()
      .where('assignment_id', 'in', ids.length ? ids : none)
      .orderBy('id')
      .execute(),
  ]);
  const reportIds = reports.map((r) => Number(r.id));
  const evidence = await db
    .selectFrom('evidence')
    .selectAll()
    .where('report_id', 'in', reportIds.length ? reportIds : none)
    .orderBy('id')
    .execute();
  const periodLabel = new Map(periods.map((p) => [Number(p.id), p.label]));
  const authors = await authorNames(ctx, [...reports.map((r) => r.author), ...reviews.map((r) => r.reviewer)]);
  const history = await db
    .selectFrom('audit_events')
    .select(['at', 'actor', 'action', 'entity', 'entity_id', 'after_json'])
    .where((eb) =>
      eb.or([
        eb.and([eb('entity', '=', 'task'), eb('entity_id', '=', String(taskId))]),
        eb.and([eb('entity', '=', 'assignment'), eb('entity_id', 'in', ids.length ? ids.map(String) : ['-'])]),
      ]),
    )
    .orderBy('id', 'desc')
    .limit(500)
    .execute();
  const described = await describeEvents(
    db,
    history.map((h) => ({
      at: h.at,
      actor: h.actor,
      action: h.action,
      entity: h.entity,
      entityId: h.entity_id,
      after: h.after_json ? (JSON.parse(h.after_json) as unknown) : null,
    })),
  );
  const of = <T extends { assignment_id: number }>(rows: T[], id: number) =>
    rows.filter((r) => Number(r.assignment_id) === id);
  return {
    id: Number(t.id),
    planId: Number(t.plan_id),
    planTitle: t.title,
    planState: t.state,
    section: [t.section_label, t.section_title].filter(Boolean).join(' ') || null,
    group: [t.group_label, t.group_title].filter(Boolean).join(' ') || null,
    number: t.number,
    name: t.name,
    text: t.text,
    unitsText: t.units_text,
    deadlineText: t.deadline_text,
    carriedFrom: t.carried_from_task_id === null ? null : await carriedFrom(ctx, Number(t.carried_from_task_id)),
    assignments: assignments.map((a) => {
      const id = Number(a.id);
      return {
        id,
        unitId: a.unit_id,
        unitName: a.name,
        role: a.role as UnitRole,
        state: a.state as AssignmentState,
        due: a.due,
        ongoing: Number(a.ongoing) === 1,
        periodic: Number(a.periodic) === 1,
        periods: of(periods, id).map((p) => ({
          id: Number(p.id),
          due: p.due,
          label: p.label,
          reportedAt: p.reported_at,
        })),
        reports: of(reports, id).map((r) => ({
          id: Number(r.id),
          text: r.text,
          claim: r.claimed_state,
          author: authors.get(r.author) ?? r.author,
          createdAt: r.created_at,
          period: r.period_id === null ? null : (periodLabel.get(Number(r.period_id)) ?? null),
          evidence: evidence
            .filter((e) => Number(e.report_id) === Number(r.id))
            .map((e) => ({
              id: Number(e.id),
              kind: e.kind,
              name: e.file_name,
              mime: e.mime,
              size: e.size === null ? null : Number(e.size),
              url: e.url,
            })),
        })),
        reviews: of(reviews, id).map((r) => ({
          decision: r.decision,
          reason: r.reason,
          reviewer: authors.get(r.reviewer) ?? r.reviewer,
          createdAt: r.created_at,
        })),
        extensions: of(extensions, id).map((x) => ({
          id: Number(x.id),
          requestedDue: x.requested_due,
          reason: x.reason,
          state: x.state,
          createdAt: x.created_at,
          decisionNote: x.decision_note,
        })),
      };
    }),
    history: history.map((h, i) => ({
      at: h.at,
      actor: authors.get(h.actor) ?? '',
      action: h.action,
      sentence: described[i]!.sentence,
      unitName: described[i]!.unitName,
    })),
  };
}

/** Display names for audit actor ids (acct:N); command-line actors keep their id. */
export async function authorNames(ctx: ServiceContext, actors: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const ids = [...new Set(actors.filter((a) => /^acct:\d+$/.test(a)).map((a) => Number(a.slice(5))))];
  if (ids.length) {
    const rows = await ctx.store.db
      .selectFrom('accounts')
      .select(['id', 'display_name'])
      .where('id', 'in', ids)
      .execute();
    for (const r of rows) out.set(`acct:${r.id}`, r.display_name);
  }
  // Actors without an account (the demo's simulated users, the command line) by what they stand for, never by
  // their internal id.
  const units = [...new Set(actors.filter((a) => a.startsWith('demo:') && a !== 'demo:office').map((a) => a.slice(5)))];
  if (units.length)
    for (const u of await ctx.store.db.selectFrom('units').select(['id', 'name']).where('id', 'in', units).execute())
      out.set(`demo:${u.id}`, `${u.name}联络员`);
  for (const a of actors) {
    if (out.has(a)) continue;
    if (a === 'demo:office') out.set(a, '政务公开办');
    else if (a.startsWith('cli:')) out.set(a, `${a.slice(4)}（命令行）`);
    else if (a.startsWith('demo:')) out.set(a, '单位联络员');
  }
  return out;
}

/** The earlier task's units, where each got to and what it last reported; a unit user sees its own only. */
async function carriedFrom(ctx: ServiceContext, taskId: number): Promise<CarriedFrom | null> {
  const db = ctx.store.db;
  const t = await db
    .selectFrom('tasks as t')
    .innerJoin('plans as p', 'p.id', 't.plan_id')
    .select(['t.id', 't.plan_id', 'p.title', 't.number', 't.deadline_text'])
    .where('t.id', '=', taskId)
    .executeTakeFirst();
  if (!t) return null;
  let q = db
    .selectFrom('assignments as a')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .select(['a.id', 'u.name', 'a.state'])
    .where('a.task_id', '=', taskId)
    .where('a.removed_at', 'is', null);
  if (ctx.actor.role === 'unit') q = q.where('a.unit_id', '=', ctx.actor.unitId ?? '');
  const rows = await q.orderBy('a.id').execute();
  const ids = rows.map((r) => Number(r.id));
  const reports = ids.length
    ? await db
        .selectFrom('progress_reports')
        .select(['assignment_id', 'text', 'created_at'])
        .where('assignment_id', 'in', ids)
        .orderBy('id')
        .execute()
    : [];
  const last = new Map(reports.map((r) => [Number(r.assignment_id), { text: r.text, createdAt: r.created_at }]));
  return {
    taskId: Number(t.id),
    planId: Number(t.plan_id),
    planTitle: t.title,
    number: t.number,
    deadlineText: t.deadline_text,
    assignments: rows.map((r) => ({
      unitName: r.name,
      state: r.state as AssignmentState,
      lastReport: last.get(Number(r.id)) ?? null,
    })),
  };
}
