import { isoWeek, type WatchedItem, watch } from '../domain/due-watch.js';
import { appendAudit } from '../store/audit.js';
import { workingCalendar } from './calendar.js';
import { isoNow, type ServiceContext, today } from './context.js';
import type { Mailer } from './mailer.js';
import { authorize } from './policy.js';
import { digestMessage } from './robot-messages.js';
import { enqueueRobotMessage } from './robot-outbox.js';
import { nudgeRobots } from './robot-sender.js';

/**
 * Deadline reminders as one digest per unit and week: everything of the unit's that is overdue or due within
 * the next few working days, in one message — never one message per task. Sending again in the same week
 * sends nothing new. Digests are kept in-app for the unit's users and, where an SMTP server is configured,
 * mailed to the unit's accounts that have an address.
 */
export const WARN_WORKING_DAYS = 5;

export interface DigestRun {
  period: string;
  units: number;
  items: number;
  /** Units that already had this week's digest. */
  skipped: number;
  emailed: number;
  failures: string[];
}

export async function openItems(
  ctx: ServiceContext,
  unitId?: string,
): Promise<(WatchedItem & { unitName: string; planTitle: string | null })[]> {
  const db = ctx.store.db;
  let single = db
    .selectFrom('assignments as a')
    .innerJoin('plans as p', 'p.id', 'a.plan_id')
    .innerJoin('tasks as t', 't.id', 'a.task_id')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .select(['a.id', 'a.task_id', 'a.plan_id', 'a.unit_id', 'u.name as unit_name', 'p.title', 't.text', 'a.due'])
    .where('p.state', '=', 'confirmed')
    .where('a.removed_at', 'is', null)
    .where('t.removed_at', 'is', null)
    .where('a.periodic', '=', 0)
    .where('a.state', 'in', ['not_started', 'in_progress', 'returned'])
    .where('a.due', 'is not', null);
  let periodic = db
    .selectFrom('periods as pe')
    .innerJoin('assignments as a', 'a.id', 'pe.assignment_id')
    .innerJoin('plans as p', 'p.id', 'a.plan_id')
    .innerJoin('tasks as t', 't.id', 'a.task_id')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .select([
      'a.id',
      'a.task_id',
      'a.plan_id',
      'a.unit_id',
      'u.name as unit_name',
      'p.title',
      't.text',
      'pe.due',
      'pe.label',
    ])
    .where('p.state', '=', 'confirmed')
    .where('a.removed_at', 'is', null)
    .where('t.removed_at', 'is', null)
    .where('pe.reported_at', 'is', null)
    .where('a.state', 'in', ['not_started', 'in_progress', 'returned']);
  if (unitId) {
    single = single.where('a.unit_id', '=', unitId);
    periodic = periodic.where('a.unit_id', '=', unitId);
  }
  const [a, b] = await Promise.all([single.execute(), periodic.execute()]);
  const base = (r: (typeof a)[number]) => ({
    assignmentId: Number(r.id),
    taskId: Number(r.task_id),
    planId: Number(r.plan_id),
    unitId: r.unit_id,
    unitName: r.unit_name,
    planTitle: r.title,
    text: r.text,
  });
  return [
    ...a.map((r) => ({ ...base(r), due: r.due!, period: null })),
    ...b.map((r) => ({ ...base(r), due: r.due, period: r.label })),
  ];
}

/** This week's digests so far, and how many units a send now would reach (the 督办 page shows it on load). */
export interface DigestStatus {
  period: string;
  /** Units that have had this week's digest. */
  sent: number;
  lastSentAt: string | null;
  /** Units with work overdue or due soon that have not had it yet. */
  pending: number;
  pendingItems: number;
}

type OpenItem = Awaited<ReturnType<typeof openItems>>[number];

/** Who is due a digest this week: each unit with work overdue or due soon, and whether it already had one. */
async function digestPlan(ctx: ServiceContext) {
  const day = today(ctx);
  const period = isoWeek(day);
  const calendar = await workingCalendar(ctx.store);
  const byUnit = new Map<string, OpenItem[]>();
  for (const item of await openItems(ctx)) {
    const list = byUnit.get(item.unitId) ?? [];
    list.push(item);
    byUnit.set(item.unitId, list);
  }
  const sent = await ctx.store.db
    .selectFrom('reminders')
    .select(['unit_id', 'created_at'])
    .where('kind', '=', 'digest')
    .where('period', '=', period)
    .execute();
  const already = new Set(sent.map((r) => r.unit_id));
  const units = [...byUnit]
    .sort((x, y) => x[0].localeCompare(y[0]))
    .map(([unitId, items]) => ({ unitId, items, watched: watch(items, day, calendar, WARN_WORKING_DAYS) }))
    .filter((u) => u.watched.overdue.length + u.watched.dueSoon.length > 0)
    .map((u) => ({ ...u, sent: already.has(u.unitId) }));
  const lastSentAt = sent.reduce<string | null>((m, r) => (m === null || r.created_at > m ? r.created_at : m), null);
  return { period, units, sentUnits: already.size, lastSentAt };
}

export async function digestStatus(ctx: ServiceContext): Promise<DigestStatus> {
  authorize(ctx.actor, 'reminder.read');
  const plan = await digestPlan(ctx);
  const pending = plan.units.filter((u) => !u.sent);
  return {
    period: plan.period,
    sent: plan.sentUnits,
    lastSentAt: plan.lastSentAt,
    pending: pending.length,
    pendingItems: pending.reduce((n, u) => n + u.watched.overdue.length + u.watched.dueSoon.length, 0),
  };
}

export async function sendDigests(ctx: ServiceContext, mailer: Mailer | null): Promise<DigestRun> {
  authorize(ctx.actor, 'reminder.send');
  const { period, units } = await digestPlan(ctx);
  const run: DigestRun = { period, units: 0, items: 0, skipped: 0, emailed: 0, failures: [] };
  for (const { unitId, items, watched: w, sent } of units) {
    if (sent) {
      run.skipped++;
      continue;
    }
    const text = digestText(items[0]!.unitName, w.overdue, w.dueSoon);
    const emails = await ctx.store.db
      .selectFrom('accounts')
      .select('email')
      .where('unit_id', '=', unitId)
      .where('active', '=', 1)
      .where('email', 'is not', null)
      .execute();
    const to = emails.map((e) => e.email!).filter(Boolean);
    let delivered = 'in-app';
    if (mailer && to.length) {
      try {
        await mailer.send({
          to,
          subject: `【台账提醒】${items[0]!.unitName}：${w.overdue.length} 项逾期，${w.dueSoon.length} 项即将到期`,
          text,
        });
        delivered = JSON.stringify({ email: to });
        run.emailed++;
      } catch (e) {
        delivered = JSON.stringify({ emailFailed: (e as Error).message });
        run.failures.push(`${items[0]!.unitName}：${(e as Error).message}`);
      }
    }
    const at = isoNow(ctx);
    const ids = [...w.overdue, ...w.dueSoon].map((i) => i.assignmentId);
    await ctx.store.transaction(async (trx) => {
      const row = await trx
        .insertInto('reminders')
        .values({
          unit_id: unitId,
          plan_id: null,
          assignment_ids: JSON.stringify(ids),
          kind: 'digest',
          text,
          sent_by: ctx.actor.id,
          channel: 'digest',
          created_at: at,
          period,
          delivered,
          read_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await appendAudit(trx, ctx.store.dialect, at, [
        {
          actor: ctx.actor.id,
          action: 'reminder.digest',
          entity: 'unit',
          entityId: unitId,
          after: { reminder: Number(row.id), period, items: ids.length, delivered },
        },
      ]);
      // The unit's and its plans' group robots: keyed by unit and week, so two servers sending the same
      // week's digests post it once.
      await enqueueRobotMessage(trx, {
        kind: 'digest',
        subject: `unit:${unitId}`,
        period,
        unitId,
        planIds: [...w.overdue, ...w.dueSoon].map((i) => i.planId),
        message: digestMessage(items[0]!.unitName, period, w.overdue, w.dueSoon, WARN_WORKING_DAYS),
        at,
      });
    });
    run.units++;
    run.items += ids.length;
  }
  if (run.units) nudgeRobots(ctx.store);
  return run;
}

type Item = WatchedItem & { planTitle: string | null };

export function digestText(unitName: string, overdue: readonly Item[], dueSoon: readonly Item[]): string {
  const line = (i: Item) =>
    `  · ${brief(i.text)}（${i.planTitle ?? '方案'}${i.period ? `，${i.period}` : ''}，时限 ${i.due}）`;
  const parts = [`${unitName}：`];
  if (overdue.length) parts.push(`以下 ${overdue.length} 项任务已逾期，请抓紧办理并报送进展：`, ...overdue.map(line));
  if (dueSoon.length)
    parts.push(`以下 ${dueSoon.length} 项任务将于 ${WARN_WORKING_DAYS} 个工作日内到期：`, ...dueSoon.map(line));
  parts.push('请登录台账系统「我的任务」报送。本提醒每周汇总一次。');
  return parts.join('\n');
}

function brief(text: string): string {
  const t = text.replace(/\s+/g, '');
  return t.length > 40 ? `${t.slice(0, 40)}…` : t;
}
