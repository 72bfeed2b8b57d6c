import { appendAll } from '../domain/arrays.js';
import { AppError } from '../domain/errors.js';
import type { ParsedPlan, PlanWarning } from '../domain/plan.js';
import type { DirectoryData, Unit } from '../domain/unit.js';
import { readBlocks } from '../parse/index.js';
import { planFromBlocks } from '../parse/pipeline.js';
import { appendAudit } from '../store/audit.js';
import { hashBytes } from '../store/blobs.js';
import { upsertDirectory } from '../store/directory.js';
import { suggestDirectory } from '../units/bootstrap.js';
import { Directory } from '../units/directory.js';
import { findIssuer, planJurisdiction } from '../units/jurisdiction.js';
import { newEntries } from '../units/merge.js';
import { proposeUnit } from '../units/new-unit.js';
import { type ConfirmBlocker, confirmBlockers } from './confirm-checks.js';
import { isoNow, type ServiceContext, today } from './context.js';
import { currentDirectory } from './directory.js';
import { type DivisionsAdded, divisionEntries, levelsWanted } from './division-units.js';
import { type PendingRevision, previewRevision, proposeRevision } from './plan-revision.js';
import { planTasks, planYear, type TaskPlan } from './plan-rows.js';
import { authorize } from './policy.js';
import { type PlanRevisionDiff, revisePlan } from './revise-plan.js';
import { insertTasks } from './write-tasks.js';

/**
 * A plan document into the ledger: parsed, its source kept (content-addressed, with its SHA-256), its units
 * resolved against the directory and its groups expanded, and plan, tasks, assignments, periods and the
 * choices left to the office written in one transaction — all of it or none.
 *
 * Zero set-up: when the directory does not know the plan's place yet, the units the plan names are added to
 * it (and listed in the summary for the office to check). A plan with the same title and issuer as one
 * already stored is taken as its revision: the summary shows the diff, and progress on kept tasks is kept.
 */
export interface ImportOptions {
  /** The file's name as received. */
  name: string;
  /** The issuing unit (id or name) when the plan's own text does not say. */
  issuer?: string;
  /** `auto` (default): revise a stored plan with the same title and issuer; `new`: always a new plan; or the plan id to revise. */
  revise?: 'auto' | 'new' | number;
  /** Add units the directory does not know, as the plan prints them, instead of leaving them to the office. */
  addUnknown?: boolean;
  /** Make the plan binding at once (otherwise it waits as a draft for review). For a revision of an issued
   * plan this applies it at once, and needs `reason`. */
  confirm?: boolean;
  /** Why an issued plan is revised at once (with `confirm`); recorded in the audit. */
  reason?: string;
  /** The text the reader extracted (task spans point into it), kept for the review screen. */
  sourceText?: string;
}

/** «有关单位» to choose; a group whose members the directory lacks; a name the directory does not know. */
export type PendingKind = 'choose' | 'no-members' | 'unknown';

export interface PendingSummary {
  taskId: number;
  /** 第 N 项 in the plan. */
  taskSeq: number;
  taskNumber: string | null;
  printed: string;
  kind: PendingKind;
  suggestions: string[];
  /** For a name the directory lacks that is a department's short or old form: its standard name under the
   * issuer's government («县卫健局» → «庆元县卫生健康局»), offered for «新建单位», never added by itself. */
  standardName: string | null;
}

export interface ImportSummary {
  planId: number;
  revision: number;
  state: 'draft' | 'confirmed';
  title: string | null;
  issuer: { id: string; name: string };
  /** How the issuer was found when the plan itself names none (发布机构一栏, 印发通知, 本系统所属政府). */
  issuerInferred: string | null;
  year: number;
  tasks: number;
  assignments: number;
  units: number;
  /** Units and groups added to the directory from this plan. */
  directoryAdded: string[];
  /** Of those, the issuing government's lower governments and 乡镇（街道） set up from the division data, with
   * the data's source and version. */
  divisionsAdded: DivisionsAdded | null;
  pending: PendingSummary[];
  warnings: PlanWarning[];
  /** For a revision: what changed (or, while it waits for review, what would change) against the stored plan. */
  diff: PlanRevisionDiff | null;
  /** A revision of an issued plan waiting for the office's review: the live ledger is unchanged until then. */
  pendingRevision: PendingRevision | null;
  /** The same file was imported before: nothing was written. */
  unchanged: boolean;
  /**
   * Asked to confirm at once, but something must be settled first (the same checklist the review screen
   * shows): the plan (or revision) was kept waiting instead. Empty when nothing was withheld.
   */
  confirmWithheld: ConfirmBlocker[];
}

export async function importPlanFile(
  ctx: ServiceContext,
  bytes: Uint8Array,
  options: ImportOptions,
): Promise<ImportSummary> {
  authorize(ctx.actor, 'plan.import');
  const doc = await readBlocks(bytes, { name: options.name });
  const plan = planFromBlocks(doc, { name: options.name });
  return importParsedPlan(ctx, plan, bytes, { ...options, sourceText: doc.text });
}

export async function importParsedPlan(
  ctx: ServiceContext,
  plan: ParsedPlan,
  source: Uint8Array,
  options: ImportOptions,
): Promise<ImportSummary> {
  authorize(ctx.actor, 'plan.import');
  if (plan.tasks.length === 0) throw new AppError('invalid-input', `${options.name} 中没有识别出任务，未导入`);
  const at = isoNow(ctx);
  const sha = hashBytes(source);

  let dir = await currentDirectory(ctx.store);
  const added: DirectoryData = { units: [], groups: [] };
  const retagged: Unit[] = [];
  const extend = (more: DirectoryData): void => {
    if (more.units.length === 0 && more.groups.length === 0) return;
    appendAll(added.units, more.units);
    appendAll(added.groups, more.groups);
    dir = new Directory({ units: [...dir.data.units, ...more.units], groups: [...dir.data.groups, ...more.groups] });
  };
  const suggestion = suggestDirectory([plan]).directory;
  let issuer = issuerOf(dir, plan, options.issuer);
  if (!issuer && !options.issuer) {
    extend(newEntries(dir, suggestion));
    issuer = issuerOf(dir, plan, undefined);
  }
  // The plan's own text names no place: the covering notice or a 发布机构 line, else the one government the
  // directory is for (the office that uploads it).
  let inferred: string | null = null;
  if (!issuer && !options.issuer) {
    const found = inferIssuer(dir, options.sourceText ?? null);
    if (found) {
      issuer = found.unit;
      inferred = found.how;
    }
  }
  if (!issuer) {
    throw new AppError(
      'invalid-input',
      options.issuer
        ? `单位目录中没有发文机关「${options.issuer}」`
        : `无法从 ${options.name} 判断发文机关，请从单位目录中选择发文机关（命令行用 --issuer）`,
    );
  }
  const year = planYear(plan, ctx.now());
  let tasks = planTasks(plan, dir, issuer, year);
  if (options.addUnknown && tasks.some((t) => t.fanOut.unresolved.length > 0)) {
    extend(newEntries(dir, suggestion));
    tasks = planTasks(plan, dir, issuer, year);
  }
  // «各乡镇», «各县（市、区）人民政府» with no members: the issuing government's divisions from the division data.
  const divisions = await divisionEntries(dir, issuer, levelsWanted(tasks));
  if (divisions) {
    const government = divisions.data.units.find((u) => dir.units.has(u.id));
    extend({ units: divisions.data.units.filter((u) => !dir.units.has(u.id)), groups: [] });
    // The government itself, now tagged with its code: replaced in the directory and in what is written.
    if (government) {
      dir = new Directory({
        units: dir.data.units.map((u) => (u.id === government.id ? government : u)),
        groups: dir.data.groups,
      });
      const i = added.units.findIndex((u) => u.id === government.id);
      if (i >= 0) added.units[i] = government;
      else retagged.push(government);
    }
    tasks = planTasks(plan, dir, issuer, year);
  }

  await ctx.store.blobs.put(source, Number.POSITIVE_INFINITY);
  const mime = 'application/octet-stream';
  const issuerRef = issuer;
  return ctx.store.transaction(async (trx) => {
    if (added.units.length || added.groups.length) await upsertDirectory(trx, added, at);
    if (retagged.length) await upsertDirectory(trx, { units: retagged, groups: [] }, at);
    await trx
      .insertInto('blobs')
      .values({ sha256: sha, size: source.length, mime, created_at: at })
      .onConflict((oc) => oc.column('sha256').doNothing())
      .execute();
    const target = await revisionTarget(trx, plan, issuerRef, options.revise ?? 'auto');
    const base = {
      title: plan.title,
      issuer: issuerRef,
      issuerInferred: inferred,
      year,
      directoryAdded: [...added.units.map((u) => u.name), ...added.groups.map((g) => g.name)],
      divisionsAdded: divisions?.added ?? null,
      standardNameFor: (printed: string) => {
        const p = proposeUnit(dir, printed, issuerRef.id);
        return p.standard ? p.name : null;
      },
      warnings: plan.warnings,
    };
    if (target && target.source_sha256 === sha) {
      return {
        ...(await summarise(trx, target.id, base)),
        unchanged: true,
        diff: null,
        pendingRevision: null,
        confirmWithheld: [],
      };
    }
    if (target) {
      const revision = {
        planId: target.id,
        plan,
        sourceText: options.sourceText ?? null,
        tasks,
        sha,
        sourceName: options.name,
        at,
        actor: ctx.actor.id,
        ...(options.reason?.trim() ? { reason: options.reason.trim() } : {}),
      };
      // An issued plan binds the units: its revision waits for review unless the office applies it at once —
      // and even then only when nothing in it is left to settle.
      if (target.state === 'confirmed') {
        if (options.confirm && !revision.reason)
          throw new AppError('invalid-input', '直接修订已下达的方案须写明理由（--reason）');
        const withheld = options.confirm
          ? (await previewRevision(trx, ctx.store.dialect, revision, today(ctx))).blockers
          : [];
        if (!options.confirm || withheld.length > 0) {
          const pending = await proposeRevision(trx, ctx.store.dialect, revision, today(ctx));
          return {
            ...(await summarise(trx, target.id, base)),
            unchanged: false,
            diff: pending.review.diff,
            pendingRevision: { ...pending, createdByName: ctx.actor.name },
            confirmWithheld: withheld,
          };
        }
      }
      const diff = await revisePlan(trx, ctx.store.dialect, revision);
      const withheld = options.confirm ? await confirmIfSettled(trx, ctx, target.id, at) : [];
      return {
        ...(await summarise(trx, target.id, base)),
        unchanged: false,
        diff,
        pendingRevision: null,
        confirmWithheld: withheld,
      };
    }
    const row = await trx
      .insertInto('plans')
      .values({
        title: plan.title,
        issuer: plan.meta.issuer ?? issuerRef.name,
        doc_number: plan.meta.docNumber,
        issue_date: plan.meta.issueDate,
        year,
        jurisdiction_id: issuerRef.id,
        state: 'draft',
        parent_plan_id: null,
        revision: 1,
        source_name: options.name,
        source_format: plan.source.format,
        source_sha256: sha,
        parse_json: JSON.stringify(plan),
        created_at: at,
        confirmed_at: null,
        archived_at: null,
        source_text: options.sourceText ?? null,
        published_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const planId = Number(row.id);
    const written = await insertTasks(
      trx,
      planId,
      tasks.map((tp: TaskPlan, i) => ({ tp, seq: i + 1 })),
      at,
    );
    await appendAudit(trx, ctx.store.dialect, at, [
      ...(added.units.length || added.groups.length
        ? [
            {
              actor: ctx.actor.id,
              action: 'directory.extend',
              entity: 'directory',
              entityId: '-',
              after: base.directoryAdded,
            },
          ]
        : []),
      ...(divisions
        ? [
            {
              actor: ctx.actor.id,
              action: 'directory.divisions',
              entity: 'directory',
              entityId: divisions.added.code,
              after: divisions.added,
            },
          ]
        : []),
      {
        actor: ctx.actor.id,
        action: 'plan.import',
        entity: 'plan',
        entityId: planId,
        after: {
          title: plan.title,
          source: options.name,
          sha256: sha,
          tasks: tasks.length,
          assignments: written.assignments,
        },
      },
    ]);
    const withheld = options.confirm ? await confirmIfSettled(trx, ctx, planId, at) : [];
    return {
      ...(await summarise(trx, planId, base)),
      unchanged: false,
      diff: null,
      pendingRevision: null,
      confirmWithheld: withheld,
    };
  });
}

const NOTICE = /^\s*(\S{2,30}?(?:人民政府|政府)(?:办公室|办公厅)?)关于印发/m;
const PUBLISHER = /(?:发布机构|发文机关|发文单位)[:：]\s*(\S{2,30})/;

/** The issuer named outside the plan proper, or the directory's one top-level government. */
export function inferIssuer(dir: Directory, text: string | null): { unit: Unit; how: string } | null {
  const head = (text ?? '').slice(0, 4000);
  for (const [re, how] of [
    [PUBLISHER, '发布机构一栏'],
    [NOTICE, '印发通知'],
  ] as const) {
    const name = re.exec(head)?.[1];
    if (!name) continue;
    // 县政府办公室 印发 on behalf of the government: the plan is the government's.
    const government = name.replace(/办公(?:室|厅)$/, '');
    const unit =
      dir.named(government).flatMap((e) => (e.kind === 'unit' ? [e.unit] : []))[0] ??
      dir.named(name).flatMap((e) => (e.kind === 'unit' ? [e.unit] : []))[0];
    if (unit) return { unit, how };
  }
  const top = dir.data.units.filter((u) => u.active && u.kind === 'government' && !u.parentId);
  if (top.length === 1) return { unit: top[0]!, how: '本系统所属政府' };
  return null;
}

function issuerOf(dir: Directory, plan: ParsedPlan, given: string | undefined): Unit | null {
  if (given) {
    return dir.units.get(given) ?? dir.named(given).flatMap((e) => (e.kind === 'unit' ? [e.unit] : []))[0] ?? null;
  }
  const j = planJurisdiction(plan);
  return j ? findIssuer(dir, j) : null;
}

type Trx = Parameters<Parameters<ServiceContext['store']['transaction']>[0]>[0];

async function revisionTarget(
  trx: Trx,
  plan: ParsedPlan,
  issuer: Unit,
  revise: 'auto' | 'new' | number,
): Promise<{ id: number; source_sha256: string; state: string } | null> {
  if (revise === 'new') return null;
  if (typeof revise === 'number') {
    const row = await trx
      .selectFrom('plans')
      .select(['id', 'source_sha256', 'state'])
      .where('id', '=', revise)
      .executeTakeFirst();
    if (!row) throw new AppError('not-found', `没有编号为 ${revise} 的方案`);
    if (row.state === 'archived') throw new AppError('conflict', `方案 ${revise} 已归档，不能修订`);
    return {
      id: Number(row.id),
      source_sha256: await latestSha(trx, Number(row.id), row.source_sha256),
      state: row.state,
    };
  }
  if (!plan.title) return null;
  const row = await trx
    .selectFrom('plans')
    .select(['id', 'source_sha256', 'state'])
    .where('title', '=', plan.title)
    .where('jurisdiction_id', '=', issuer.id)
    .where('state', '<>', 'archived')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row
    ? { id: Number(row.id), source_sha256: await latestSha(trx, Number(row.id), row.source_sha256), state: row.state }
    : null;
}

/** The file last imported for a plan: a revision waiting for review counts (importing it again changes nothing). */
async function latestSha(trx: Trx, planId: number, stored: string): Promise<string> {
  const pending = await trx
    .selectFrom('plan_revisions')
    .select('source_sha256')
    .where('plan_id', '=', planId)
    .where('state', '=', 'pending')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return pending?.source_sha256 ?? stored;
}

/**
 * Confirms a draft at import when the confirm checklist is empty, as the review screen's 确认下达 would;
 * otherwise leaves it a draft and returns what must be settled first.
 */
async function confirmIfSettled(trx: Trx, ctx: ServiceContext, planId: number, at: string): Promise<ConfirmBlocker[]> {
  const blockers = await confirmBlockers(trx, planId);
  if (blockers.length > 0) return blockers;
  const changed = await trx
    .updateTable('plans')
    .set({ state: 'confirmed', confirmed_at: at })
    .where('id', '=', planId)
    .where('state', '=', 'draft')
    .executeTakeFirst();
  if (Number(changed.numUpdatedRows) > 0)
    await appendAudit(trx, ctx.store.dialect, at, [
      {
        actor: ctx.actor.id,
        action: 'plan.confirm',
        entity: 'plan',
        entityId: planId,
        before: { state: 'draft' },
        after: { state: 'confirmed' },
      },
    ]);
  return [];
}

async function summarise(
  trx: Trx,
  planId: number,
  base: {
    title: string | null;
    issuer: Unit;
    issuerInferred: string | null;
    year: number;
    directoryAdded: string[];
    divisionsAdded: DivisionsAdded | null;
    standardNameFor: (printed: string) => string | null;
    warnings: PlanWarning[];
  },
): Promise<Omit<ImportSummary, 'unchanged' | 'diff' | 'pendingRevision' | 'confirmWithheld'>> {
  const plan = await trx
    .selectFrom('plans')
    .select(['revision', 'state'])
    .where('id', '=', planId)
    .executeTakeFirstOrThrow();
  const counts = await trx
    .selectFrom('assignments')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.count<number>('unit_id').distinct().as('units')])
    .where('plan_id', '=', planId)
    .where('removed_at', 'is', null)
    .executeTakeFirstOrThrow();
  const tasks = await trx
    .selectFrom('tasks')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('plan_id', '=', planId)
    .where('removed_at', 'is', null)
    .executeTakeFirstOrThrow();
  const pending = await trx
    .selectFrom('pending_choices as c')
    .innerJoin('tasks as t', 't.id', 'c.task_id')
    .select(['c.task_id', 't.seq', 't.number', 'c.printed', 'c.kind', 'c.suggestions'])
    .where('c.plan_id', '=', planId)
    .where('c.resolved_at', 'is', null)
    .where('t.removed_at', 'is', null)
    .orderBy('t.seq')
    .execute();
  return {
    planId,
    revision: Number(plan.revision),
    state: plan.state as 'draft' | 'confirmed',
    title: base.title,
    issuer: { id: base.issuer.id, name: base.issuer.name },
    issuerInferred: base.issuerInferred,
    year: base.year,
    tasks: Number(tasks.n),
    assignments: Number(counts.n),
    units: Number(counts.units),
    directoryAdded: base.directoryAdded,
    divisionsAdded: base.divisionsAdded,
    pending: pending.map((p) => ({
      taskId: Number(p.task_id),
      taskSeq: Number(p.seq),
      taskNumber: p.number,
      printed: p.printed,
      kind: p.kind as PendingKind,
      suggestions: (JSON.parse(p.suggestions) as { name: string }[]).map((s) => s.name),
      standardName: p.kind === 'unknown' ? base.standardNameFor(p.printed) : null,
    })),
    warnings: base.warnings,
  };
}
