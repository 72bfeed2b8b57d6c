import { AppError } from '../domain/errors.js';
import { appendAudit } from '../store/audit.js';
import { isoNow, type ServiceContext } from './context.js';
import { authorize } from './policy.js';

/**
 * The public page (公开页): plans the office published, their decomposition (tasks, responsible units, deadlines)
 * and each task's progress as a state — no report texts, no evidence, no people, no internal notes. Anyone
 * may read it; only the office publishes or withdraws.
 */
export interface PublicPlanSummary {
  id: number;
  title: string | null;
  issuer: string | null;
  docNumber: string | null;
  year: number | null;
  publishedAt: string;
  tasks: number;
  /** Of `tasks`: ongoing work (持续推进), which reports by period and is never 已完成. */
  ongoing: number;
  /** Tasks every unit has completed, among the tasks that can be completed (tasks − ongoing). */
  done: number;
}

export interface PublicTask {
  section: string | null;
  number: string | null;
  text: string;
  leadUnits: string[];
  otherUnits: string[];
  deadline: string | null;
  /** 已完成 when every unit's part is closed, 推进中 once any work is reported, else 未开始; ongoing work (every
   * part reports by period) is 持续推进 — never counted as unfinished (see README «How work is counted»). */
  progress: '已完成' | '推进中' | '未开始' | '持续推进';
}

export async function setPublished(ctx: ServiceContext, planId: number, published: boolean): Promise<void> {
  authorize(ctx.actor, 'plan.publish');
  const at = isoNow(ctx);
  await ctx.store.transaction(async (trx) => {
    const p = await trx
      .selectFrom('plans')
      .select(['state', 'published_at'])
      .where('id', '=', planId)
      .executeTakeFirst();
    if (!p) throw new AppError('not-found', `没有编号为 ${planId} 的方案`);
    if (published && p.state === 'draft') throw new AppError('conflict', '草稿方案不能公开，请先确认下达');
    await trx
      .updateTable('plans')
      .set({ published_at: published ? at : null })
      .where('id', '=', planId)
      .execute();
    await appendAudit(trx, ctx.store.dialect, at, [
      {
        actor: ctx.actor.id,
        action: published ? 'plan.publish' : 'plan.withdraw',
        entity: 'plan',
        entityId: planId,
        before: { published: p.published_at !== null },
        after: { published },
      },
    ]);
  });
}

export async function publishedPlans(ctx: Pick<ServiceContext, 'store'>): Promise<PublicPlanSummary[]> {
  const rows = await ctx.store.db
    .selectFrom('plans as p')
    .select((eb) => [
      'p.id',
      'p.title',
      'p.issuer',
      'p.doc_number',
      'p.year',
      'p.published_at',
      eb
        .selectFrom('tasks as t')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('t.plan_id', '=', 'p.id')
        .where('t.removed_at', 'is', null)
        .as('tasks'),
    ])
    .where('p.published_at', 'is not', null)
    .where('p.state', '<>', 'draft')
    .orderBy('p.published_at', 'desc')
    .execute();
  const out: PublicPlanSummary[] = [];
  for (const r of rows) {
    const tasks = await publishedTasks(ctx, Number(r.id));
    out.push({
      id: Number(r.id),
      title: r.title,
      issuer: r.issuer,
      docNumber: r.doc_number,
      year: r.year === null ? null : Number(r.year),
      publishedAt: r.published_at!,
      tasks: Number(r.tasks ?? 0),
      ongoing: tasks.filter((t) => t.progress === '持续推进').length,
      done: tasks.filter((t) => t.progress === '已完成').length,
    });
  }
  return out;
}

export async function publishedTasks(ctx: Pick<ServiceContext, 'store'>, planId: number): Promise<PublicTask[]> {
  const p = await ctx.store.db
    .selectFrom('plans')
    .select(['published_at', 'state'])
    .where('id', '=', planId)
    .executeTakeFirst();
  if (!p?.published_at || p.state === 'draft') throw new AppError('not-found', '没有这份公开的方案');
  const tasks = await ctx.store.db
    .selectFrom('tasks')
    .select(['id', 'section_label', 'section_title', 'number', 'text', 'deadline_text'])
    .where('plan_id', '=', planId)
    .where('removed_at', 'is', null)
    .orderBy('seq')
    .execute();
  const assignments = await ctx.store.db
    .selectFrom('assignments as a')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .select(['a.task_id', 'a.role', 'a.state', 'a.periodic', 'u.name'])
    .where('a.plan_id', '=', planId)
    .where('a.removed_at', 'is', null)
    .orderBy('a.id')
    .execute();
  return tasks.map((t) => {
    const mine = assignments.filter((a) => Number(a.task_id) === Number(t.id));
    const done = mine.length > 0 && mine.every((a) => a.state === 'done');
    const started = mine.some((a) => a.state !== 'not_started');
    const ongoing = mine.length > 0 && mine.every((a) => Number(a.periodic) === 1);
    return {
      section: [t.section_label, t.section_title].filter(Boolean).join(' ') || null,
      number: t.number,
      text: t.text,
      leadUnits: mine.filter((a) => a.role !== 'cooperate').map((a) => a.name),
      otherUnits: mine.filter((a) => a.role === 'cooperate').map((a) => a.name),
      deadline: t.deadline_text,
      progress: ongoing ? '持续推进' : done ? '已完成' : started ? '推进中' : '未开始',
    };
  });
}
