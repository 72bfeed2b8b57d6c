import type { Transaction } from 'kysely';
import { effectiveDeadline, type ParsedPlan } from '../domain/plan.js';
import { type DiffTask, diffPlans, type TaskField } from '../domain/plan-diff.js';
import { withoutAdverts } from '../parse/text/advert.js';
import { appendAudit } from '../store/audit.js';
import type { DialectName } from '../store/dialect.js';
import { refreshNextDue } from '../store/next-due.js';
import type { Database } from '../store/schema.js';
import { assignmentRows, pendingRows, type TaskPlan, taskRow } from './plan-rows.js';
import { insertAssignments, insertTasks } from './write-tasks.js';

/**
 * A revised plan written over the stored one. Tasks matched to a stored task keep their id, their
 * assignments and everything reported on them; their text, units and deadline are updated. A unit no longer
 * named loses its assignment (marked removed, its history kept); a newly named unit gets one. Tasks the
 * revision dropped are marked removed, never deleted.
 */
export interface TaskBrief {
  taskId: number;
  /** Its place in the plan, 第 N 项 (the revised plan's for added and changed tasks). */
  seq: number;
  number: string | null;
  text: string;
}

/** One changed field as printed before and after (a deadline change reads 6月底前 → 长期推进). */
export interface FieldChange {
  field: TaskField;
  before: string | null;
  after: string | null;
}

export interface PlanRevisionDiff {
  fromRevision: number;
  toRevision: number;
  added: TaskBrief[];
  removed: (TaskBrief & { reports: number })[];
  changed: (TaskBrief & { fields: TaskField[]; changes: FieldChange[] })[];
  unchanged: number;
  /** Progress reports on kept tasks, all still in place. */
  keptReports: number;
}

export interface Revision {
  planId: number;
  plan: ParsedPlan;
  sourceText: string | null;
  tasks: TaskPlan[];
  sha: string;
  sourceName: string;
  at: string;
  actor: string;
  /** Why the office accepted the revision of an issued plan (recorded in the audit). */
  reason?: string;
}

export async function revisePlan(
  trx: Transaction<Database>,
  dialect: DialectName,
  r: Revision,
): Promise<PlanRevisionDiff> {
  const stored = await trx
    .selectFrom('tasks')
    .selectAll()
    .where('plan_id', '=', r.planId)
    .where('removed_at', 'is', null)
    .orderBy('seq')
    .execute();
  const asDiff = (t: (typeof stored)[number]): DiffTask => ({
    section: joinRef(t.section_label, t.section_title),
    group: joinRef(t.group_label, t.group_title),
    number: t.number,
    text: t.text,
    unitsText: t.units_text,
    deadlineText: t.deadline_text,
  });
  const revised = r.tasks.map(({ task }) => ({
    section: task.section ? joinRef(task.section.label, task.section.title) : null,
    group: task.group ? joinRef(task.group.label, task.group.title) : null,
    number: task.number,
    text: withoutAdverts(task.text).text,
    unitsText: task.unitsText,
    deadlineText: effectiveDeadline(task)?.text ?? null,
  }));
  const diff = diffPlans(stored.map(asDiff), revised);
  const reports = await reportCounts(trx, r.planId);

  const changed: PlanRevisionDiff['changed'] = [];
  let unchanged = 0;
  let keptReports = 0;
  for (const m of diff.matched) {
    const old = stored[m.before]!;
    const tp = r.tasks[m.after]!;
    const taskId = Number(old.id);
    keptReports += reports.get(taskId) ?? 0;
    await trx
      .updateTable('tasks')
      .set(taskRow(tp.task, m.after + 1))
      .where('id', '=', taskId)
      .execute();
    await reconcileAssignments(trx, r.planId, taskId, tp, r.at);
    if (m.changed.length) {
      const was = asDiff(old);
      const now = revised[m.after]!;
      changed.push({
        taskId,
        seq: m.after + 1,
        number: tp.task.number,
        text: tp.task.text,
        fields: m.changed,
        changes: m.changed.map((field) => ({ field, before: fieldText(was, field), after: fieldText(now, field) })),
      });
    } else unchanged++;
  }

  const removed: PlanRevisionDiff['removed'] = [];
  for (const i of diff.removed) {
    const old = stored[i]!;
    const taskId = Number(old.id);
    removed.push({
      taskId,
      seq: Number(old.seq),
      number: old.number,
      text: old.text,
      reports: reports.get(taskId) ?? 0,
    });
    await trx.updateTable('tasks').set({ removed_at: r.at }).where('id', '=', taskId).execute();
    await trx
      .updateTable('assignments')
      .set({ removed_at: r.at })
      .where('task_id', '=', taskId)
      .where('removed_at', 'is', null)
      .execute();
    await trx.deleteFrom('pending_choices').where('task_id', '=', taskId).where('resolved_at', 'is', null).execute();
  }

  const addedItems = diff.added.map((j) => ({ tp: r.tasks[j]!, seq: j + 1 }));
  const written = await insertTasks(trx, r.planId, addedItems, r.at);
  const added = addedItems.map(({ tp, seq }, k) => ({
    taskId: written.taskIds[k]!,
    seq,
    number: tp.task.number,
    text: tp.task.text,
  }));

  const before = await trx
    .selectFrom('plans')
    .select(['revision', 'source_sha256', 'source_name'])
    .where('id', '=', r.planId)
    .executeTakeFirstOrThrow();
  const toRevision = Number(before.revision) + 1;
  await trx
    .updateTable('plans')
    .set({
      title: r.plan.title,
      doc_number: r.plan.meta.docNumber,
      issue_date: r.plan.meta.issueDate,
      revision: toRevision,
      source_name: r.sourceName,
      source_format: r.plan.source.format,
      source_sha256: r.sha,
      parse_json: JSON.stringify(r.plan),
      source_text: r.sourceText,
    })
    .where('id', '=', r.planId)
    .execute();
  const result: PlanRevisionDiff = {
    fromRevision: Number(before.revision),
    toRevision,
    added,
    removed,
    changed,
    unchanged,
    keptReports,
  };
  await appendAudit(trx, dialect, r.at, [
    {
      actor: r.actor,
      action: 'plan.revise',
      entity: 'plan',
      entityId: r.planId,
      before: { revision: before.revision, sha256: before.source_sha256, source: before.source_name },
      after: {
        revision: toRevision,
        sha256: r.sha,
        source: r.sourceName,
        added: added.map((t) => t.taskId),
        removed: removed.map((t) => t.taskId),
        changed: changed.map((t) => ({ task: t.taskId, fields: t.fields })),
        ...(r.reason ? { reason: r.reason } : {}),
      },
    },
  ]);
  return result;
}

function fieldText(t: DiffTask, field: TaskField): string | null {
  if (field === 'text') return t.text;
  if (field === 'units') return t.unitsText;
  if (field === 'deadline') return t.deadlineText;
  return [t.section, t.group, t.number].filter(Boolean).join(' ') || null;
}

function joinRef(label: string | null, title: string | null): string | null {
  return [label, title].filter(Boolean).join(' ') || null;
}

async function reportCounts(trx: Transaction<Database>, planId: number): Promise<Map<number, number>> {
  const rows = await trx
    .selectFrom('progress_reports as r')
    .innerJoin('assignments as a', 'a.id', 'r.assignment_id')
    .select((eb) => ['a.task_id', eb.fn.countAll<number>().as('n')])
    .where('a.plan_id', '=', planId)
    .groupBy('a.task_id')
    .execute();
  return new Map(rows.map((x) => [Number(x.task_id), Number(x.n)]));
}

export async function reconcileAssignments(
  trx: Transaction<Database>,
  planId: number,
  taskId: number,
  tp: TaskPlan,
  at: string,
): Promise<void> {
  const existing = await trx.selectFrom('assignments').selectAll().where('task_id', '=', taskId).execute();
  // Members the office chose for «有关单位» (or a name it resolved) stay while the revision still prints it.
  const stillPrinted = new Set([...tp.fanOut.choices, ...tp.fanOut.unresolved].map((c) => c.printed));
  const resolved = await trx
    .selectFrom('pending_choices')
    .select('printed')
    .where('task_id', '=', taskId)
    .where('resolved_at', 'is not', null)
    .execute();
  const chosen = new Set(resolved.map((c) => c.printed).filter((p) => stillPrinted.has(p)));
  const byUnit = new Map(existing.map((a) => [a.unit_id, a]));
  const wanted = assignmentRows(planId, taskId, tp, at);
  const wantedUnits = new Set(wanted.map((w) => w.unit_id));
  const fresh: typeof wanted = [];
  for (const w of wanted) {
    const cur = byUnit.get(w.unit_id);
    if (!cur) {
      fresh.push(w);
      continue;
    }
    const id = Number(cur.id);
    await trx
      .updateTable('assignments')
      .set({
        role: w.role,
        printed: w.printed,
        via_group: w.via_group,
        due: w.due,
        ongoing: w.ongoing,
        periodic: w.periodic,
        match_confidence: w.match_confidence ?? null,
        match_reason: w.match_reason ?? null,
        removed_at: null,
        updated_at: at,
      })
      .where('id', '=', id)
      .execute();
    await reconcilePeriods(trx, id, w.periodic === 1 ? tp.schedule.periods : []);
  }
  for (const a of existing) {
    if (!wantedUnits.has(a.unit_id) && a.removed_at === null && !(a.printed && chosen.has(a.printed)))
      await trx.updateTable('assignments').set({ removed_at: at }).where('id', '=', Number(a.id)).execute();
  }
  await insertAssignments(trx, fresh, new Map([[taskId, tp.schedule.periods]]));
  await trx.deleteFrom('pending_choices').where('task_id', '=', taskId).where('resolved_at', 'is', null).execute();
  const pending = pendingRows(planId, taskId, tp).filter((p) => !chosen.has(p.printed));
  if (pending.length) await trx.insertInto('pending_choices').values(pending).execute();
}

/** Periods already reported stay; unreported ones follow the revised deadline. */
async function reconcilePeriods(
  trx: Transaction<Database>,
  assignmentId: number,
  periods: readonly { due: string; label: string }[],
): Promise<void> {
  const have = await trx.selectFrom('periods').selectAll().where('assignment_id', '=', assignmentId).execute();
  const want = new Set(periods.map((p) => p.due));
  const stale = have.filter((p) => p.reported_at === null && !want.has(p.due)).map((p) => Number(p.id));
  if (stale.length) await trx.deleteFrom('periods').where('id', 'in', stale).execute();
  const present = new Set(have.map((p) => p.due));
  const missing = periods.filter((p) => !present.has(p.due));
  if (missing.length)
    await trx
      .insertInto('periods')
      .values(missing.map((p) => ({ assignment_id: assignmentId, due: p.due, label: p.label, reported_at: null })))
      .execute();
  await refreshNextDue(trx, [assignmentId]);
}
