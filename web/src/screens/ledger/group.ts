import type { LedgerRow, PlanDetail } from '../../api/types';

export interface LedgerTask {
  taskId: number;
  seq: number;
  number: string | null;
  text: string;
  deadlineText: string | null;
  rows: LedgerRow[];
}

export interface LedgerSection {
  key: string;
  title: string | null;
  tasks: LedgerTask[];
  done: number;
  total: number;
}

/** Ledger rows (one per assignment, in plan order) grouped into the plan's sections and tasks. */
export function groupLedger(rows: readonly LedgerRow[]): LedgerSection[] {
  const sections: LedgerSection[] = [];
  const byTask = new Map<number, LedgerTask>();
  for (const r of rows) {
    let task = byTask.get(r.taskId);
    if (!task) {
      const key = r.section ?? '';
      let section = sections.at(-1);
      if (!section || section.key !== key) {
        section = { key, title: r.section, tasks: [], done: 0, total: 0 };
        sections.push(section);
      }
      task = { taskId: r.taskId, seq: r.seq, number: r.number, text: r.text, deadlineText: r.deadlineText, rows: [] };
      byTask.set(r.taskId, task);
      section.tasks.push(task);
    }
    task.rows.push(r);
    const section = sections.at(-1)!;
    section.total++;
    if (r.state === 'done') section.done++;
  }
  return sections;
}

/**
 * An archived plan's rows, built from the plan itself: the ledger endpoint lists plans in force only. Without
 * due dates there is nothing overdue; what stays is who did what and whether it was closed.
 */
export function rowsFromPlan(plan: PlanDetail, unit?: string, states: readonly string[] = []): LedgerRow[] {
  return plan.tasks.flatMap((t) =>
    t.assignments
      .filter((a) => (!unit || a.unitId === unit) && (states.length === 0 || states.includes(a.state)))
      .map((a) => ({
        assignmentId: a.id,
        planId: plan.id,
        planTitle: plan.title,
        taskId: t.id,
        seq: t.seq,
        section: t.section,
        group: t.group,
        number: t.number,
        text: t.text,
        deadlineText: t.deadlineText,
        unitId: a.unitId,
        unitName: a.unitName,
        role: a.role,
        printed: a.printed,
        state: a.state,
        due: null,
        dueStatus: a.state === 'done' ? ('closed' as const) : ('no-deadline' as const),
        ongoing: false,
        periodic: false,
        updatedAt: '',
      })),
  );
}
