import { type Kysely, sql, type Transaction } from 'kysely';
import { AppError } from '../domain/errors.js';
import type { ParsedPlan } from '../domain/plan.js';
import { appendAudit } from '../store/audit.js';
import type { DialectName } from '../store/dialect.js';
import type { Database } from '../store/schema.js';
import { assertConfirmable, type ConfirmBlocker, confirmBlockers } from './confirm-checks.js';
import { isoNow, type ServiceContext } from './context.js';
import { currentDirectory } from './directory.js';
import { planTasks, storedPlanYear, type TaskPlan } from './plan-rows.js';
import { authorize } from './policy.js';
import { type PlanRevisionDiff, type Revision, revisePlan } from './revise-plan.js';
import { compareLoads, loadCounts, type UnitEffect } from './revision-effect.js';
import { authorNames } from './task-detail.js';

/**
 * A re-import of an issued (已下达) plan does not touch the live ledger: the revision waits for the office's
 * review with its diff (tasks added, removed, changed fields with before and after, progress kept) and its
 * effect on each unit's 考核 items and reminders. The diff is what the revision would really do: it is
 * applied inside a savepoint, measured and rolled back. Confirming (with a reason, recorded in the audit)
 * applies it; discarding leaves the plan as it was.
 */
export interface RevisionReview {
  diff: PlanRevisionDiff;
  effect: UnitEffect[];
  /** What would still block it (unresolved names, flagged text, tasks without a unit) once applied. */
  blockers: ConfirmBlocker[];
  asOf: string;
}

export interface PendingRevision {
  id: number;
  planId: number;
  baseRevision: number;
  title: string | null;
  sourceName: string;
  createdAt: string;
  createdBy: string;
  /** Who imported it, by name. */
  createdByName?: string;
  review: RevisionReview;
}

/** The revision applied and rolled back inside `trx`: what it would change, and for whom. */
export async function previewRevision(
  trx: Transaction<Database>,
  dialect: DialectName,
  r: Revision,
  todayIso: string,
): Promise<RevisionReview> {
  const plan = await trx.selectFrom('plans').select('year').where('id', '=', r.planId).executeTakeFirstOrThrow();
  const year = storedPlanYear(plan.year, r.at);
  await sql`savepoint revision_preview`.execute(trx);
  try {
    const before = await loadCounts(trx, r.planId, year, todayIso);
    const diff = await revisePlan(trx, dialect, r);
    const after = await loadCounts(trx, r.planId, year, todayIso);
    const blockers = await confirmBlockers(trx, r.planId);
    return { diff, effect: compareLoads(before, after), blockers, asOf: todayIso };
  } finally {
    await sql`rollback to savepoint revision_preview`.execute(trx);
    await sql`release savepoint revision_preview`.execute(trx);
  }
}

/** Records the revision for review, in place of any earlier one still waiting for the same plan. */
export async function proposeRevision(
  trx: Transaction<Database>,
  dialect: DialectName,
  r: Revision,
  todayIso: string,
): Promise<PendingRevision> {
  const review = await previewRevision(trx, dialect, r, todayIso);
  const base = await trx.selectFrom('plans').select('revision').where('id', '=', r.planId).executeTakeFirstOrThrow();
  const superseded = await trx
    .updateTable('plan_revisions')
    .set({ state: 'discarded', decided_at: r.at, decided_by: r.actor, reason: '被新导入的修订稿取代' })
    .where('plan_id', '=', r.planId)
    .where('state', '=', 'pending')
    .returning('id')
    .execute();
  const row = await trx
    .insertInto('plan_revisions')
    .values({
      plan_id: r.planId,
      state: 'pending',
      base_revision: Number(base.revision),
      title: r.plan.title,
      source_name: r.sourceName,
      source_format: r.plan.source.format,
      source_sha256: r.sha,
      parse_json: JSON.stringify(r.plan),
      source_text: r.sourceText,
      review_json: JSON.stringify(review),
      created_by: r.actor,
      created_at: r.at,
      decided_by: null,
      decided_at: null,
      reason: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const d = review.diff;
  await appendAudit(trx, dialect, r.at, [
    {
      actor: r.actor,
      action: 'plan.revision.propose',
      entity: 'plan',
      entityId: r.planId,
      after: {
        revisionId: Number(row.id),
        source: r.sourceName,
        sha256: r.sha,
        added: d.added.length,
        removed: d.removed.length,
        changed: d.changed.length,
        superseded: superseded.map((s) => Number(s.id)),
      },
    },
  ]);
  return {
    id: Number(row.id),
    planId: r.planId,
    baseRevision: Number(base.revision),
    title: r.plan.title,
    sourceName: r.sourceName,
    createdAt: r.at,
    createdBy: r.actor,
    review,
  };
}

type RevisionRow = Awaited<ReturnType<typeof pendingRow>>;

async function pendingRow(trx: Kysely<Database>, planId: number) {
  return trx
    .selectFrom('plan_revisions')
    .selectAll()
    .where('plan_id', '=', planId)
    .where('state', '=', 'pending')
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

function toPending(row: NonNullable<RevisionRow>): PendingRevision {
  return {
    id: Number(row.id),
    planId: Number(row.plan_id),
    baseRevision: Number(row.base_revision),
    title: row.title,
    sourceName: row.source_name,
    createdAt: row.created_at,
    createdBy: row.created_by,
    review: JSON.parse(row.review_json) as RevisionReview,
  };
}

/** The revision waiting for review on a plan, or null. */
export async function pendingRevision(ctx: ServiceContext, planId: number): Promise<PendingRevision | null> {
  authorize(ctx.actor, 'plan.import');
  const row = await pendingRow(ctx.store.db, planId);
  if (!row) return null;
  const names = await authorNames(ctx, [row.created_by]);
  return { ...toPending(row), createdByName: names.get(row.created_by) ?? row.created_by };
}

/** Applies the waiting revision to the live plan. Refused without a reason, or while anything is unsettled. */
export async function confirmRevision(ctx: ServiceContext, planId: number, reason: string): Promise<PlanRevisionDiff> {
  authorize(ctx.actor, 'plan.confirm');
  const why = reason.trim();
  if (!why) throw new AppError('invalid-input', '确认修订须写明理由');
  const at = isoNow(ctx);
  const dir = await currentDirectory(ctx.store);
  return ctx.store.transaction(async (trx) => {
    const row = await pendingRow(trx, planId);
    if (!row) throw new AppError('conflict', '该方案没有待确认的修订稿');
    const plan = await trx
      .selectFrom('plans')
      .select(['revision', 'state', 'jurisdiction_id', 'year', 'created_at'])
      .where('id', '=', planId)
      .executeTakeFirstOrThrow();
    if (Number(plan.revision) !== Number(row.base_revision))
      throw new AppError('conflict', '方案在修订稿导入后已有变动，请重新导入修订稿');
    if (plan.state === 'archived') throw new AppError('conflict', '方案已归档，不能修订');
    const parsed = JSON.parse(row.parse_json) as ParsedPlan;
    const issuer = plan.jurisdiction_id ? dir.units.get(plan.jurisdiction_id) : undefined;
    if (!issuer) throw new AppError('conflict', '单位目录中已没有该方案的发文机关，不能应用修订');
    // Resolved against today's directory: a name the office has added since the import now resolves.
    const tasks: TaskPlan[] = planTasks(parsed, dir, issuer, storedPlanYear(plan.year, plan.created_at));
    const diff = await revisePlan(trx, ctx.store.dialect, {
      planId,
      plan: parsed,
      sourceText: row.source_text,
      tasks,
      sha: row.source_sha256,
      sourceName: row.source_name,
      at,
      actor: ctx.actor.id,
      reason: why,
    });
    await assertConfirmable(trx, planId);
    await trx
      .updateTable('plan_revisions')
      .set({ state: 'confirmed', decided_at: at, decided_by: ctx.actor.id, reason: why })
      .where('id', '=', Number(row.id))
      .execute();
    await appendAudit(trx, ctx.store.dialect, at, [
      {
        actor: ctx.actor.id,
        action: 'plan.revision.confirm',
        entity: 'plan',
        entityId: planId,
        before: { revision: diff.fromRevision },
        after: { revision: diff.toRevision, revisionId: Number(row.id), reason: why },
      },
    ]);
    return diff;
  });
}

/** Drops the waiting revision; the plan stays as it is. */
export async function discardRevision(ctx: ServiceContext, planId: number, reason: string): Promise<void> {
  authorize(ctx.actor, 'plan.confirm');
  const why = reason.trim();
  if (!why) throw new AppError('invalid-input', '放弃修订须写明理由');
  const at = isoNow(ctx);
  await ctx.store.transaction(async (trx) => {
    const row = await pendingRow(trx, planId);
    if (!row) throw new AppError('conflict', '该方案没有待确认的修订稿');
    await trx
      .updateTable('plan_revisions')
      .set({ state: 'discarded', decided_at: at, decided_by: ctx.actor.id, reason: why })
      .where('id', '=', Number(row.id))
      .execute();
    await appendAudit(trx, ctx.store.dialect, at, [
      {
        actor: ctx.actor.id,
        action: 'plan.revision.discard',
        entity: 'plan',
        entityId: planId,
        after: { revisionId: Number(row.id), reason: why },
      },
    ]);
  });
}
