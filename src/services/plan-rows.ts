import { createHash } from 'node:crypto';
import type { Insertable } from 'kysely';
import { effectiveDeadline, type ParsedPlan, type PlanTask, type UnitRole } from '../domain/plan.js';
import { textKey } from '../domain/plan-diff.js';
import { type Schedule, scheduleFor } from '../domain/schedule.js';
import type { Unit } from '../domain/unit.js';
import { withoutAdverts } from '../parse/text/advert.js';
import type { AssignmentsTable, PendingChoicesTable, TasksTable } from '../store/schema.js';
import { assignTask, type TaskAssignment } from '../units/assign.js';
import type { Directory } from '../units/directory.js';

/** A parsed plan's tasks as they are stored, and the assignments each one fans out to. */
export type TaskRow = Omit<Insertable<TasksTable>, 'plan_id'>;

/** The stored deadline is the effective one (PlanTask.due); the cell as printed is kept beside it. */
export function taskRow(t: PlanTask, seq: number): TaskRow {
  const deadline = effectiveDeadline(t);
  // Advert text a web mirror injected (flagged suspicious-text) stays out of the ledger, its documents and the
  // public page; the office may put it back in review.
  const text = withoutAdverts(t.text).text;
  const span = t.due?.span ?? (t.due ? undefined : t.fields.deadline);
  return {
    seq,
    key: taskKey(text),
    section_label: t.section?.label ?? null,
    section_title: t.section?.title ?? null,
    group_label: t.group?.label ?? null,
    group_title: t.group?.title ?? null,
    number: t.number,
    name: t.name,
    text,
    units_text: t.unitsText,
    deadline_text: deadline?.text ?? null,
    deadline_kind: deadline?.kind ?? null,
    deadline_due: deadline?.due ?? null,
    deadline_json: deadline ? JSON.stringify(deadline) : null,
    deadline_source: t.due?.source ?? (t.deadline ? 'deadline' : null),
    deadline_printed: t.deadline?.text ?? null,
    deadline_span_start: span?.start ?? null,
    deadline_span_end: span?.end ?? null,
    status_text: t.status,
    note_text: t.note,
    span_start: t.span.start,
    span_end: t.span.end,
    page: t.span.page ?? null,
    removed_at: null,
  };
}

/** A short fingerprint of a requirement's wording, the same however it is spaced or punctuated. */
export function taskKey(text: string): string {
  return createHash('sha256').update(textKey(text)).digest('hex').slice(0, 16);
}

/** A stored plan's year for dating its deadlines: as stored, else the year of `at` (ISO). */
export function storedPlanYear(year: number | null, at: string): number {
  return Number(year ?? new Date(at).getUTCFullYear());
}

/** The plan's year: printed in its title or meta, else the year it was issued, else this year. */
export function planYear(plan: ParsedPlan, now: Date): number {
  if (plan.meta.year) return plan.meta.year;
  const issued = plan.meta.issueDate ? Number(plan.meta.issueDate.slice(0, 4)) : Number.NaN;
  return Number.isFinite(issued) ? issued : now.getUTCFullYear();
}

export interface TaskPlan {
  task: PlanTask;
  schedule: Schedule;
  fanOut: TaskAssignment;
}

export function planTasks(plan: ParsedPlan, dir: Directory, issuer: Unit, year: number): TaskPlan[] {
  const ctx = { jurisdictionId: issuer.id };
  return plan.tasks.map((task) => ({
    task,
    schedule: scheduleFor(effectiveDeadline(task), { year }),
    fanOut: assignTask(task, dir, ctx),
  }));
}

export function assignmentRows(
  planId: number,
  taskId: number,
  tp: TaskPlan,
  at: string,
): Insertable<AssignmentsTable>[] {
  return tp.fanOut.assignments.map((a) => ({
    ...newAssignmentRow(
      { planId, taskId, unitId: a.unit.id, role: a.role, printed: a.printed, viaGroup: a.viaGroup },
      tp.schedule,
      at,
    ),
    match_confidence: a.confidence,
    match_reason: a.reason,
  }));
}

/** A new assignment dated by its task's schedule: the one place its columns are filled. */
export function newAssignmentRow(
  a: { planId: number; taskId: number; unitId: string; role: UnitRole; printed: string | null; viaGroup: boolean },
  schedule: Schedule,
  at: string,
  state: 'not_started' | 'in_progress' = 'not_started',
): Insertable<AssignmentsTable> {
  return {
    plan_id: a.planId,
    task_id: a.taskId,
    unit_id: a.unitId,
    role: a.role,
    printed: a.printed,
    via_group: a.viaGroup ? 1 : 0,
    state,
    due: schedule.due,
    ongoing: schedule.ongoing ? 1 : 0,
    periodic: schedule.periods.length > 0 ? 1 : 0,
    created_at: at,
    updated_at: at,
    completed_at: null,
    removed_at: null,
  };
}

export function pendingRows(planId: number, taskId: number, tp: TaskPlan): Insertable<PendingChoicesTable>[] {
  const choices = tp.fanOut.choices.map((c) => ({
    plan_id: planId,
    task_id: taskId,
    printed: c.printed,
    role: c.role,
    kind: c.reason,
    suggestions: JSON.stringify(c.suggestions.map((u) => ({ unitId: u.id, name: u.name }))),
    resolved_at: null,
  }));
  const unknown = tp.fanOut.unresolved.map((u) => ({
    plan_id: planId,
    task_id: taskId,
    printed: u.printed,
    role: u.role,
    kind: 'unknown',
    suggestions: JSON.stringify(
      u.suggestions.map((s) => ({ unitId: s.unit.id, name: s.unit.name, confidence: s.confidence })),
    ),
    resolved_at: null,
  }));
  return [...choices, ...unknown];
}
