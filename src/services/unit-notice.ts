import type { Transaction } from 'kysely';
import type { Database } from '../store/schema.js';

/**
 * A message in the unit's inbox (the reminders list on 我的任务) about one of its assignments, written in the
 * same transaction as the decision: 退回 with the reason, 延期 approved or refused. The text names the task
 * as the plan numbers it (第 N 项) and its plan, never an internal id.
 */
export type NoticeKind = 'returned' | 'reopened' | 'extension';

export async function noticeToUnit(
  trx: Transaction<Database>,
  input: { assignmentId: number; kind: NoticeKind; by: string; at: string; text: (task: string) => string },
): Promise<void> {
  const a = await trx
    .selectFrom('assignments as a')
    .innerJoin('tasks as t', 't.id', 'a.task_id')
    .innerJoin('plans as p', 'p.id', 'a.plan_id')
    .select(['a.unit_id', 'a.plan_id', 't.seq', 't.text', 'p.title'])
    .where('a.id', '=', input.assignmentId)
    .executeTakeFirstOrThrow();
  const brief = a.text.length > 40 ? `${a.text.slice(0, 40)}…` : a.text;
  const task = `${a.title ? `《${a.title}》` : ''}第${a.seq}项任务「${brief}」`;
  await trx
    .insertInto('reminders')
    .values({
      unit_id: a.unit_id,
      plan_id: Number(a.plan_id),
      assignment_ids: JSON.stringify([input.assignmentId]),
      kind: input.kind,
      text: input.text(task),
      sent_by: input.by,
      channel: 'in-app',
      created_at: input.at,
      period: null,
      delivered: 'in-app',
      read_at: null,
    })
    .execute();
}
