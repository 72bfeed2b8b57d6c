import { createHash } from 'node:crypto';
import { AppError } from '../domain/errors.js';
import { appendAudit } from '../store/audit.js';
import { isoNow, type ServiceContext, today } from './context.js';
import { overdueWork } from './overdue-work.js';
import { authorize } from './policy.js';
import { urgeMessage } from './robot-messages.js';
import { enqueueRobotMessage } from './robot-outbox.js';
import { nudgeRobots } from './robot-sender.js';

/**
 * 催办: the office presses one unit on its overdue work — deliverables 逾期未完成 and reporting periods 未报送, as
 * the counting model finds them (services/overdue-work.ts, the same list the 催办单 prints) — with a note;
 * recorded (and shown to the unit in-app) so the 催办单 and the 考核 can cite it. Refused when the unit has
 * nothing overdue. `dryRun` says what would be recorded and records nothing.
 */
export interface UrgeResult {
  reminderId: number | null;
  unitId: string;
  unitName: string | null;
  asOf: string;
  items: number;
  list: { assignmentId: number; taskId: number; planId: number; due: string; period: string | null; text: string }[];
}

export async function urgeUnit(
  ctx: ServiceContext,
  input: { unitId: string; planId?: number; note?: string; dryRun?: boolean },
): Promise<UrgeResult> {
  authorize(ctx.actor, 'reminder.send');
  const day = today(ctx);
  const overdue = await overdueWork(ctx, {
    unitId: input.unitId,
    asOf: day,
    ...(input.planId !== undefined ? { planId: input.planId } : {}),
  });
  const list = overdue.map((i) => ({
    assignmentId: i.assignmentId,
    taskId: i.taskId,
    planId: i.planId,
    due: i.due,
    period: i.period,
    text: i.taskText,
  }));
  const base = { unitId: input.unitId, unitName: overdue[0]?.unitName ?? null, asOf: day, items: list.length, list };
  if (input.dryRun) return { ...base, reminderId: null };
  if (overdue.length === 0) throw new AppError('conflict', '该单位没有逾期事项，无需催办');
  const note = input.note?.trim() ?? '';
  if (note.length > 2000) throw new AppError('invalid-input', '催办说明不能超过 2000 字');
  const lines = overdue.map(
    (i) =>
      `  · ${i.taskText.replace(/\s+/g, '').slice(0, 40)}（${i.period ? `${i.stateLabel}，应于 ${i.due} 前报送` : `时限 ${i.due}`}）`,
  );
  const text = [
    `${overdue[0]!.unitName}：以下 ${overdue.length} 项逾期事项，请于收到后抓紧办理并报送。`,
    ...lines,
    note,
  ]
    .filter(Boolean)
    .join('\n');
  const at = isoNow(ctx);
  const result = await ctx.store.transaction(async (trx) => {
    const row = await trx
      .insertInto('reminders')
      .values({
        unit_id: input.unitId,
        plan_id: input.planId ?? null,
        assignment_ids: JSON.stringify(overdue.map((i) => i.assignmentId)),
        kind: 'urge',
        text,
        sent_by: ctx.actor.id,
        channel: 'in-app',
        created_at: at,
        period: day,
        delivered: 'in-app',
        read_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendAudit(trx, ctx.store.dialect, at, [
      {
        actor: ctx.actor.id,
        action: 'reminder.urge',
        entity: 'unit',
        entityId: input.unitId,
        after: {
          reminder: Number(row.id),
          items: overdue.map((i) => (i.period ? { assignment: i.assignmentId, period: i.period } : i.assignmentId)),
          note,
        },
      },
    ]);
    // The unit's and the plans' group robots, once per day for the same overdue items: pressing 催办 again
    // records it again in-app but does not post to the groups twice.
    const items = overdue.map((i) => `${i.assignmentId}:${i.period ?? ''}`).sort();
    await enqueueRobotMessage(trx, {
      kind: 'urge',
      subject: `unit:${input.unitId}|plan:${input.planId ?? '*'}|${createHash('sha256').update(items.join(',')).digest('hex').slice(0, 16)}`,
      period: day,
      unitId: input.unitId,
      planIds: overdue.map((i) => i.planId),
      message: urgeMessage(
        overdue[0]!.unitName,
        overdue.map((i) => ({ text: i.taskText, due: i.due, period: i.period })),
        note,
      ),
      at,
    });
    return { ...base, reminderId: Number(row.id) };
  });
  nudgeRobots(ctx.store);
  return result;
}

export interface ReminderView {
  id: number;
  /** 每周提醒, 催办, or a decision on one assignment (退回, 重新打开, 延期). */
  kind: 'digest' | 'urge' | 'returned' | 'reopened' | 'extension';
  /** How many assignments it is about. */
  items: number;
  period: string | null;
  text: string;
  createdAt: string;
  read: boolean;
}

/** A unit's reminders (its users see their own; the office any unit's). */
export async function unitReminders(ctx: ServiceContext, unitId?: string): Promise<ReminderView[]> {
  const unit = ctx.actor.role === 'unit' ? ctx.actor.unitId : unitId;
  if (!unit) throw new AppError('invalid-input', '请指定单位');
  authorize(ctx.actor, 'ledger.read', unit);
  const rows = await ctx.store.db
    .selectFrom('reminders')
    .selectAll()
    .where('unit_id', '=', unit)
    .orderBy('id', 'desc')
    .limit(200)
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    kind: r.kind as ReminderView['kind'],
    items: (JSON.parse(r.assignment_ids) as unknown[]).length,
    period: r.period,
    text: r.text,
    createdAt: r.created_at,
    read: r.read_at !== null,
  }));
}

export async function markReminderRead(ctx: ServiceContext, reminderId: number): Promise<void> {
  const r = await ctx.store.db
    .selectFrom('reminders')
    .select(['unit_id', 'read_at'])
    .where('id', '=', reminderId)
    .executeTakeFirst();
  if (!r || (ctx.actor.role === 'unit' && r.unit_id !== ctx.actor.unitId))
    throw new AppError('not-found', '没有这条提醒');
  authorize(ctx.actor, 'assignment.report', r.unit_id);
  if (!r.read_at)
    await ctx.store.db
      .updateTable('reminders')
      .set({ read_at: isoNow(ctx) })
      .where('id', '=', reminderId)
      .execute();
}
