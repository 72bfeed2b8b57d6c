import type { AssignmentState } from '../domain/assignment.js';
import { AppError } from '../domain/errors.js';
import type { ParsedPlan, PlanWarning, SourceSpan, UnitRole } from '../domain/plan.js';
import { proposeUnit, type UnitProposal } from '../units/new-unit.js';
import type { ServiceContext } from './context.js';
import { currentDirectory } from './directory.js';
import type { PendingKind } from './import-plan.js';
import type { PlanState } from './plan-state.js';
import { authorize, seesDraftPlans } from './policy.js';

/**
 * A plan as the review screen and the ledger screen need it: its tasks in order with the spans of each field
 * in the source text (so the screen can highlight where each was printed), its assignments, what import left
 * for the office to settle, and the parser's warnings. Unit users see their own assignments elsewhere.
 */
export interface PlanDetail {
  id: number;
  title: string | null;
  issuer: string | null;
  docNumber: string | null;
  issueDate: string | null;
  year: number | null;
  state: PlanState;
  revision: number;
  /** The higher plan this one was cut from (cascadePlan), if any. */
  parentPlanId: number | null;
  sourceName: string | null;
  sourceFormat: string;
  published: boolean;
  sourceText: string | null;
  warnings: PlanWarning[];
  tasks: TaskDetailRow[];
  pending: {
    id: number;
    taskId: number;
    printed: string;
    role: UnitRole;
    kind: PendingKind;
    suggestions: { unitId: string; name: string }[];
    /** For a name the directory lacks: the unit «新建单位» would add (name in full, parent, kind). */
    proposal: UnitProposal | null;
  }[];
}

export interface TaskDetailRow {
  id: number;
  seq: number;
  section: string | null;
  group: string | null;
  /** The outline place in its parts, for editing. */
  sectionLabel: string | null;
  sectionTitle: string | null;
  groupLabel: string | null;
  groupTitle: string | null;
  number: string | null;
  name: string | null;
  text: string;
  unitsText: string | null;
  deadlineText: string | null;
  deadlineDue: string | null;
  /** 完成情况 and 备注 as printed (or corrected). */
  status: string | null;
  note: string | null;
  span: SourceSpan | null;
  fields: PlanTaskFields | null;
  /** The parse's task (T1 …) this one was read as, which the parse's warnings name; null for one added by hand. */
  parseTask: string | null;
  assignments: {
    id: number;
    unitId: string;
    unitName: string;
    role: UnitRole;
    state: AssignmentState;
    printed: string | null;
    viaGroup: boolean;
    /** How surely the printed name matched the unit (below 1: check it) and why; null when the office chose it. */
    confidence: number | null;
    reason: string | null;
  }[];
}

type PlanTaskFields = ParsedPlan['tasks'][number]['fields'];

export async function planDetail(ctx: ServiceContext, planId: number): Promise<PlanDetail> {
  authorize(ctx.actor, 'plan.read');
  if (ctx.actor.role === 'unit') throw new AppError('forbidden', '单位用户请在「我的任务」中查看本单位的任务');
  const p = await ctx.store.db.selectFrom('plans').selectAll().where('id', '=', planId).executeTakeFirst();
  if (!p) throw new AppError('not-found', `没有编号为 ${planId} 的方案`);
  if (p.state === 'draft' && !seesDraftPlans(ctx.actor)) throw new AppError('not-found', `没有编号为 ${planId} 的方案`);
  const parsed = JSON.parse(p.parse_json) as ParsedPlan;
  // A stored task is found in the parse by where it was printed, not by position: tasks added by hand
  // move the positions of those after them.
  const bySpan = new Map(parsed.tasks.map((t) => [`${t.span.start}:${t.span.end}`, t]));
  const tasks = await ctx.store.db
    .selectFrom('tasks')
    .selectAll()
    .where('plan_id', '=', planId)
    .where('removed_at', 'is', null)
    .orderBy('seq')
    .execute();
  const assignments = await ctx.store.db
    .selectFrom('assignments as a')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .select([
      'a.id',
      'a.task_id',
      'a.unit_id',
      'u.name',
      'a.role',
      'a.state',
      'a.printed',
      'a.via_group',
      'a.match_confidence',
      'a.match_reason',
    ])
    .where('a.plan_id', '=', planId)
    .where('a.removed_at', 'is', null)
    .orderBy('a.id')
    .execute();
  const byTask = new Map<number, TaskDetailRow['assignments']>();
  for (const a of assignments) {
    const list = byTask.get(Number(a.task_id)) ?? [];
    list.push({
      id: Number(a.id),
      unitId: a.unit_id,
      unitName: a.name,
      role: a.role as UnitRole,
      state: a.state as AssignmentState,
      printed: a.printed,
      viaGroup: Number(a.via_group) === 1,
      confidence: a.match_confidence === null ? null : Number(a.match_confidence),
      reason: a.match_reason,
    });
    byTask.set(Number(a.task_id), list);
  }
  const pending = await ctx.store.db
    .selectFrom('pending_choices as c')
    .innerJoin('tasks as t', 't.id', 'c.task_id')
    .select(['c.id', 'c.task_id', 'c.printed', 'c.role', 'c.kind', 'c.suggestions'])
    .where('c.plan_id', '=', planId)
    .where('c.resolved_at', 'is', null)
    .where('t.removed_at', 'is', null)
    .orderBy('t.seq')
    .execute();
  const dir = pending.some((c) => c.kind === 'unknown') ? await currentDirectory(ctx.store) : null;
  return {
    id: Number(p.id),
    title: p.title,
    issuer: p.issuer,
    docNumber: p.doc_number,
    issueDate: p.issue_date,
    year: p.year === null ? null : Number(p.year),
    state: p.state as PlanState,
    revision: Number(p.revision),
    parentPlanId: p.parent_plan_id === null ? null : Number(p.parent_plan_id),
    sourceName: p.source_name,
    sourceFormat: p.source_format,
    published: p.published_at !== null,
    sourceText: p.source_text,
    warnings: parsed.warnings,
    tasks: tasks.map((t) => {
      const at = parsed.tasks[Number(t.seq) - 1];
      const span =
        t.span_start === null || t.span_end === null ? null : `${Number(t.span_start)}:${Number(t.span_end)}`;
      const fromParse =
        span === null ? undefined : at && `${at.span.start}:${at.span.end}` === span ? at : bySpan.get(span);
      return {
        id: Number(t.id),
        seq: Number(t.seq),
        section: [t.section_label, t.section_title].filter(Boolean).join(' ') || null,
        group: [t.group_label, t.group_title].filter(Boolean).join(' ') || null,
        sectionLabel: t.section_label,
        sectionTitle: t.section_title,
        groupLabel: t.group_label,
        groupTitle: t.group_title,
        number: t.number,
        name: t.name,
        text: t.text,
        unitsText: t.units_text,
        deadlineText: t.deadline_text,
        deadlineDue: t.deadline_due,
        deadlineSource: t.deadline_source,
        deadlinePrinted: t.deadline_printed,
        status: t.status_text,
        note: t.note_text,
        span:
          t.span_start === null || t.span_end === null
            ? null
            : { start: Number(t.span_start), end: Number(t.span_end) },
        fields: fromParse?.fields ?? null,
        parseTask: fromParse?.id ?? null,
        assignments: byTask.get(Number(t.id)) ?? [],
      };
    }),
    pending: pending.map((c) => ({
      id: Number(c.id),
      taskId: Number(c.task_id),
      printed: c.printed,
      role: c.role as UnitRole,
      kind: c.kind as PendingKind,
      suggestions: JSON.parse(c.suggestions) as { unitId: string; name: string }[],
      proposal: dir && c.kind === 'unknown' ? proposeUnit(dir, c.printed, p.jurisdiction_id ?? '') : null,
    })),
  };
}
