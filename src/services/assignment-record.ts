import type { Kysely, Transaction } from 'kysely';
import type { AssignmentFacts, AssignmentState } from '../domain/assignment.js';
import { AppError } from '../domain/errors.js';
import type { Database } from '../store/schema.js';

/** An assignment with what its rules need: its plan's state, its periods. */
export interface AssignmentRecord {
  id: number;
  planId: number;
  planState: string;
  taskId: number;
  unitId: string;
  state: AssignmentState;
  due: string | null;
  ongoing: boolean;
  periodic: boolean;
  removed: boolean;
  updatedAt: string;
  periods: { id: number; due: string; label: string; reportedAt: string | null }[];
}

export async function loadAssignment(
  db: Kysely<Database> | Transaction<Database>,
  id: number,
): Promise<AssignmentRecord> {
  if (!Number.isSafeInteger(id) || id <= 0) throw new AppError('invalid-input', `任务分工编号无效：${id}`);
  const a = await db
    .selectFrom('assignments as a')
    .innerJoin('plans as p', 'p.id', 'a.plan_id')
    .select([
      'a.id',
      'a.plan_id',
      'p.state as plan_state',
      'a.task_id',
      'a.unit_id',
      'a.state',
      'a.due',
      'a.ongoing',
      'a.periodic',
      'a.removed_at',
      'a.updated_at',
    ])
    .where('a.id', '=', id)
    .executeTakeFirst();
  if (!a) throw new AppError('not-found', `没有编号为 ${id} 的任务分工`);
  const periods = await db.selectFrom('periods').selectAll().where('assignment_id', '=', id).orderBy('due').execute();
  return {
    id: Number(a.id),
    planId: Number(a.plan_id),
    planState: a.plan_state,
    taskId: Number(a.task_id),
    unitId: a.unit_id,
    state: a.state as AssignmentState,
    due: a.due,
    ongoing: Number(a.ongoing) === 1,
    periodic: Number(a.periodic) === 1,
    removed: a.removed_at !== null,
    updatedAt: a.updated_at,
    periods: periods.map((p) => ({ id: Number(p.id), due: p.due, label: p.label, reportedAt: p.reported_at })),
  };
}

/** The facts the state machine decides on, for an event reporting on the current period. */
export function factsOf(a: AssignmentRecord): AssignmentFacts {
  const open = a.periods.filter((p) => !p.reportedAt).length;
  return { state: a.state, ongoing: a.ongoing, periodsLeft: a.periodic ? Math.max(open - 1, 0) : 0 };
}

/** Work is done only on live assignments of binding plans. */
export function assertActive(a: AssignmentRecord): void {
  if (a.removed) throw new AppError('conflict', '该任务分工已在方案修订中取消');
  if (a.planState === 'draft') throw new AppError('conflict', '方案尚未确认下达，暂不能报送或审核');
  if (a.planState === 'archived') throw new AppError('conflict', '方案已归档，不能再更改');
}

/**
 * Writes the assignment's new state only if nobody changed it since it was read (checked on the state and
 * the update time, portably on both databases); otherwise the user is told to look again.
 */
export async function updateState(
  trx: Transaction<Database>,
  a: AssignmentRecord,
  next: AssignmentState,
  at: string,
  extra: { due?: string | null; completed_at?: string | null } = {},
): Promise<void> {
  const r = await trx
    .updateTable('assignments')
    .set({ state: next, updated_at: at, ...extra })
    .where('id', '=', a.id)
    .where('state', '=', a.state)
    .where('updated_at', '=', a.updatedAt)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw new AppError('conflict', '该任务刚被他人更新，请刷新后重试');
}

/** The task's id for a task reference: its number in the ledger. */
export async function assignmentFor(db: Kysely<Database>, taskId: number, unitId: string): Promise<number> {
  const rows = await db
    .selectFrom('assignments')
    .select('id')
    .where('task_id', '=', taskId)
    .where('unit_id', '=', unitId)
    .where('removed_at', 'is', null)
    .execute();
  if (rows.length === 0) throw new AppError('not-found', `任务 ${taskId} 没有分给该单位`);
  return Number(rows[0]!.id);
}
