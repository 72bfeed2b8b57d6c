import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { type AssignmentState, DUE_STATUS_LABELS, dueStatus, STATE_LABELS } from '../domain/assignment.js';
import { AppError } from '../domain/errors.js';
import type { UnitRole } from '../domain/plan.js';
import { type LedgerSheetRow, writeLedgerSheet } from '../reports/ledger-sheet.js';
import { isoNow, type ServiceContext, today } from './context.js';
import { WARN_DAYS } from './list-ledger.js';
import { authorize } from './policy.js';

/**
 * A plan's ledger as the customary 工作台账 sheet for filling in offline: the office or a leader exports a
 * whole plan (or one unit's share), a unit user its own unit's rows only. 完成情况 is each assignment's
 * latest progress report, 备注 its note; the sheet remembers both as exported (and the latest report's id
 * and the state) so that `previewLedgerSheet` can tell edits from what changed online since.
 */
export interface LedgerExportInput {
  planId: number;
  unitId?: string;
}

export const ROLE_WORDS: Record<UnitRole, string> = { lead: '牵头', cooperate: '配合', responsible: '负责' };

export async function exportLedgerSheet(
  ctx: ServiceContext,
  input: LedgerExportInput,
): Promise<{ fileName: string; bytes: Uint8Array; rows: number }> {
  const unitId = ctx.actor.role === 'unit' ? (input.unitId ?? ctx.actor.unitId ?? '\u0000') : input.unitId;
  authorize(ctx.actor, 'ledger.read', unitId);
  if (!Number.isSafeInteger(input.planId) || input.planId <= 0)
    throw new AppError('invalid-input', `方案编号无效：${input.planId}`);
  const db = ctx.store.db;
  const plan = await db
    .selectFrom('plans')
    .select(['id', 'title', 'state', 'created_at'])
    .where('id', '=', input.planId)
    .executeTakeFirst();
  // Drafts are the office's until confirmed, as in the ledger itself.
  if (!plan || (plan.state === 'draft' && !['office', 'operator'].includes(ctx.actor.role)))
    throw new AppError('not-found', `没有编号为 ${input.planId} 的方案`);
  let unitName: string | null = null;
  if (unitId !== undefined) {
    const u = await db.selectFrom('units').select('name').where('id', '=', unitId).executeTakeFirst();
    if (!u) throw new AppError('not-found', `单位目录中没有「${unitId}」`);
    unitName = u.name;
  }

  let q = db
    .selectFrom('assignments as a')
    .innerJoin('tasks as t', 't.id', 'a.task_id')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .where('a.plan_id', '=', plan.id)
    .where('a.removed_at', 'is', null);
  if (unitId !== undefined) q = q.where('a.unit_id', '=', unitId);
  const rows = await q
    .select([
      'a.id',
      'a.task_id',
      'a.role',
      'a.state',
      'a.due',
      'a.periodic',
      'a.note',
      't.section_label',
      't.section_title',
      't.group_label',
      't.group_title',
      't.name',
      't.number',
      't.text',
      't.deadline_text',
      't.deadline_due',
      'u.name as unit_name',
    ])
    .orderBy('t.seq')
    .orderBy('a.task_id')
    .orderBy(sql`case a.role when 'lead' then 0 when 'responsible' then 1 else 2 end`)
    .orderBy('a.unit_id')
    .execute();

  // The latest report of each assignment (ids grow with time), and the earliest unreported period.
  const mine = (eb: typeof db) => {
    let s = eb.selectFrom('assignments as a2').where('a2.plan_id', '=', plan.id).where('a2.removed_at', 'is', null);
    if (unitId !== undefined) s = s.where('a2.unit_id', '=', unitId);
    return s;
  };
  const reports = await db
    .selectFrom('progress_reports as r')
    .select(['r.id', 'r.assignment_id', 'r.text'])
    .where('r.id', 'in', () =>
      mine(db)
        .innerJoin('progress_reports as r2', 'r2.assignment_id', 'a2.id')
        .select((eb) => eb.fn.max('r2.id').as('m'))
        .groupBy('r2.assignment_id'),
    )
    .execute();
  const latest = new Map(reports.map((r) => [Number(r.assignment_id), { id: Number(r.id), text: r.text }]));
  const periods = await mine(db)
    .innerJoin('periods as p', 'p.assignment_id', 'a2.id')
    .where('p.reported_at', 'is', null)
    .select((eb) => ['p.assignment_id', eb.fn.min('p.due').as('due')])
    .groupBy('p.assignment_id')
    .execute();
  const periodDue = new Map(periods.map((p) => [Number(p.assignment_id), p.due as string | null]));

  const day = today(ctx);
  const sheetRows: LedgerSheetRow[] = rows.map((r) => {
    const id = Number(r.id);
    const state = r.state as AssignmentState;
    const periodic = Number(r.periodic) === 1;
    const due = periodic ? (periodDue.get(id) ?? null) : r.due;
    const status = dueStatus(state, due, day, WARN_DAYS);
    let deadline = r.deadline_text ?? r.due ?? '';
    if (!periodic && r.due && r.deadline_due && r.due !== r.deadline_due) deadline += `（延期至 ${r.due}）`;
    const report = latest.get(id);
    return {
      assignmentId: id,
      taskId: Number(r.task_id),
      number: r.number,
      section: heading(r.section_label, r.section_title, '、'),
      group: heading(r.group_label, r.group_title, ''),
      requirement: r.name ? `${r.name}：${r.text}` : r.text,
      unit: r.unit_name,
      role: ROLE_WORDS[r.role as UnitRole] ?? r.role,
      deadline,
      stateLabel:
        status === 'overdue' || status === 'due-soon'
          ? `${STATE_LABELS[state]}（${DUE_STATUS_LABELS[status]}）`
          : STATE_LABELS[state],
      progress: report?.text ?? '',
      note: r.note ?? '',
      reportId: report?.id ?? null,
      state,
    };
  });
  const exportedAt = isoNow(ctx);
  const bytes = await writeLedgerSheet(
    {
      planId: Number(plan.id),
      planKey: planFingerprint(Number(plan.id), plan.created_at),
      planTitle: plan.title,
      exportedAt,
      unitId: unitId ?? null,
      unitName,
    },
    sheetRows,
  );
  const stamp = day.replaceAll('-', '');
  const base = `${plan.title ?? `方案${plan.id}`}工作台账${unitName ? `（${unitName}）` : ''}_${stamp}`;
  return {
    fileName: `${base.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').slice(0, 150)}.xlsx`,
    bytes,
    rows: sheetRows.length,
  };
}

/** 一、公开 for a section (the label as printed, 、 added after a bare numeral), （一）… for a group. */
function heading(label: string | null, title: string | null, sep: string): string | null {
  if (!label) return title || null;
  const joiner = /[、.．)）]$/.test(label) || label.startsWith('（') ? '' : sep;
  return `${label}${title ? `${joiner}${title}` : ''}`;
}

/** A plan's identity beyond its id, which another installation may reuse: its id and when it was stored. */
export function planFingerprint(id: number, createdAt: string): string {
  return createHash('sha256').update(`${id}|${createdAt}`).digest('hex').slice(0, 16);
}
