import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { type AssignmentState, STATE_LABELS, transition } from '../domain/assignment.js';
import { AppError, isAppError } from '../domain/errors.js';
import { MAX_REPORT_CHARS } from '../domain/evidence.js';
import { currentPeriod } from '../domain/schedule.js';
import {
  type ParsedLedgerSheet,
  readLedgerSheet,
  type SheetEdit,
  type SheetField,
  type SheetNoticeCode,
  sameText,
} from '../reports/ledger-sheet.js';
import { type AuditEntry, appendAudit } from '../store/audit.js';
import { refreshNextDue } from '../store/next-due.js';
import type { Database } from '../store/schema.js';
import { assertActive, factsOf, loadAssignment, updateState } from './assignment-record.js';
import { isoNow, type ServiceContext } from './context.js';
import { planFingerprint } from './export-ledger.js';
import { authorize, can } from './policy.js';

/**
 * A filled-in 工作台账 sheet back into the ledger. The preview lists every edited 完成情况/备注 cell (edited:
 * different from what the sheet says it exported, whitespace aside); an edit whose assignment moved on online
 * since the export — a newer progress report or another state for 完成情况, another note for 备注, judged
 * against the database, not the file — is a conflict, shown with the online value. Applying writes only
 * what the office accepts, conflicts only when forced one by one, in one transaction that checks everything
 * again: 完成情况 becomes a progress report (推进中) by the rules of submitProgress, 备注 the assignment's note.
 */
export const FIELD_KEYS: Record<SheetField, 'progress' | 'note'> = { 完成情况: 'progress', 备注: 'note' };
export const MAX_NOTE_CHARS = 2000;

export interface SheetChange {
  /** `12:progress` or `12:note`: what accept and force name. */
  key: string;
  /** The sheet row (as the file has it now). */
  row: number;
  assignmentId: number;
  task: { id: number; seq: number; text: string };
  unit: { id: string; name: string };
  field: SheetField;
  /** As exported. */
  from: string;
  /** As filled in ('' when the cell was cleared). */
  to: string;
}

export interface SheetConflict extends SheetChange {
  /** What the database holds now: the latest report's text, or the note. */
  online: string;
  reason: string;
}

export type IgnoredCode = SheetNoticeCode | 'forbidden' | 'not-applicable' | 'invalid-value' | 'already-online';

export interface SheetIgnored {
  code: IgnoredCode;
  /** The change's key where the cell was an edit: one that cannot be applied, or that is already online. */
  key: string | null;
  row: number | null;
  assignmentId: number | null;
  field: SheetField | null;
  message: string;
}

export interface LedgerSheetPreview {
  planId: number;
  planTitle: string | null;
  exportedAt: string;
  /** The unit the export was limited to, if any. */
  unitId: string | null;
  changes: SheetChange[];
  conflicts: SheetConflict[];
  ignored: SheetIgnored[];
}

export interface LedgerSheetApplyOptions {
  /** Keys of changes to apply, or every change. Conflicts among them are applied only when also forced. */
  accept: readonly string[] | 'all';
  /** Keys of conflicts to apply all the same (recorded as forced in the audit log). */
  force?: readonly string[];
  /** The file's name, for messages. */
  name?: string;
}

export interface LedgerSheetApplied {
  planId: number;
  applied: SheetChange[];
  /** Conflicts applied because they were forced. */
  forced: SheetConflict[];
  /** Accepted conflicts left alone (not forced): the online value stays. */
  conflicts: SheetConflict[];
  /** Accepted edits that cannot be applied: another unit's rows, a closed task… */
  refused: SheetIgnored[];
  /** Changes in the file that were not accepted. */
  notAccepted: SheetChange[];
}

export async function previewLedgerSheet(
  ctx: ServiceContext,
  bytes: Uint8Array,
  options: { name?: string } = {},
): Promise<LedgerSheetPreview> {
  authorize(ctx.actor, 'ledger.read');
  const sheet = await readLedgerSheet(bytes, label(options.name));
  return (await review(ctx, ctx.store.db, sheet)).preview;
}

export async function applyLedgerSheet(
  ctx: ServiceContext,
  bytes: Uint8Array,
  options: LedgerSheetApplyOptions,
): Promise<LedgerSheetApplied> {
  authorize(ctx.actor, 'assignment.report');
  const force = new Set(options.force ?? []);
  const accept = options.accept === 'all' ? null : new Set(options.accept);
  for (const k of [...(accept ?? []), ...force])
    if (!/^\d{1,15}:(progress|note)$/.test(k)) throw new AppError('invalid-input', `修改编号无效：${k.slice(0, 40)}`);
  const sheet = await readLedgerSheet(bytes, label(options.name));
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const at = isoNow(ctx);
  return ctx.store.transaction(async (trx) => {
    // Everything is judged again here, inside the transaction: the preview the user saw may be stale.
    const { preview, facts } = await review(ctx, trx, sheet);
    const known = new Set([...preview.changes, ...preview.conflicts].map((c) => c.key));
    for (const i of preview.ignored) if (i.key) known.add(i.key);
    const unknown = [...(accept ?? []), ...force].filter((k) => !known.has(k));
    if (unknown.length)
      throw new AppError('invalid-input', `以下修改不在文件中（请重新预览）：${unknown.slice(0, 20).join('、')}`);
    const chosen = (key: string) => force.has(key) || accept === null || accept.has(key);

    const applied = preview.changes.filter((c) => chosen(c.key));
    const forced = preview.conflicts.filter((c) => force.has(c.key));
    const result: LedgerSheetApplied = {
      planId: preview.planId,
      applied,
      forced,
      conflicts: preview.conflicts.filter((c) => chosen(c.key) && !force.has(c.key)),
      refused: preview.ignored.filter((i) => i.key !== null && i.code !== 'already-online' && chosen(i.key)),
      notAccepted: preview.changes.filter((c) => !chosen(c.key)),
    };
    const writes = [
      ...applied.map((c) => ({ change: c, forced: null })),
      ...forced.map((c) => ({ change: c, forced: c })),
    ];
    if (writes.length === 0) return result;

    const audit: AuditEntry[] = [];
    const byAssignment = new Map<number, typeof writes>();
    for (const w of writes)
      byAssignment.set(w.change.assignmentId, [...(byAssignment.get(w.change.assignmentId) ?? []), w]);
    for (const [id, list] of byAssignment) {
      const f = facts.get(id)!;
      // Claim the assignment as it was judged: a write that slipped in since (on PostgreSQL, between our
      // reads) changed updated_at, and then nothing of this file is applied.
      const claimed = await trx
        .updateTable('assignments')
        .set({ updated_at: at })
        .where('id', '=', id)
        .where('updated_at', '=', f.updatedAt)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1)
        throw new AppError('conflict', `任务分工 ${id}（${f.unitName}）刚被他人更新，请重新预览后再导入`);
      const progress = list.find((w) => w.change.field === '完成情况');
      const note = list.find((w) => w.change.field === '备注');
      if (progress) audit.push(await writeReport(ctx, trx, id, progress.change, progress.forced, at));
      if (note) {
        const value = note.change.to || null;
        const r = await trx
          .updateTable('assignments')
          .set({ note: value, updated_at: at })
          .where('id', '=', id)
          .where((eb) => (f.note === null ? eb('note', 'is', null) : eb('note', '=', f.note)))
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1)
          throw new AppError('conflict', `任务分工 ${id}（${f.unitName}）的备注刚被他人修改，请重新预览后再导入`);
        audit.push({
          actor: ctx.actor.id,
          action: 'assignment.note',
          entity: 'assignment',
          entityId: id,
          before: { note: f.note },
          after: {
            note: value,
            source: 'ledger-sheet',
            ...(note.forced ? { forced: true, online: note.forced.online } : {}),
          },
        });
      }
    }
    audit.push({
      actor: ctx.actor.id,
      action: 'ledger-sheet.apply',
      entity: 'plan',
      entityId: preview.planId,
      after: {
        file: sha256,
        exportedAt: preview.exportedAt,
        applied: applied.map((c) => c.key),
        forced: forced.map((c) => c.key),
        conflictsLeft: result.conflicts.map((c) => c.key),
        refused: result.refused.map((c) => c.key),
      },
    });
    await appendAudit(trx, ctx.store.dialect, at, audit);
    return result;
  });
}

/** A progress report from a 完成情况 cell: what submitProgress writes for a report without evidence. */
async function writeReport(
  ctx: ServiceContext,
  trx: Transaction<Database>,
  id: number,
  change: SheetChange,
  forced: SheetConflict | null,
  at: string,
): Promise<AuditEntry> {
  const a = await loadAssignment(trx, id);
  assertActive(a);
  const next = transition(factsOf(a), { type: 'report', claim: 'in_progress' });
  const period = a.periodic ? currentPeriod(a.periods) : null;
  const report = await trx
    .insertInto('progress_reports')
    .values({
      assignment_id: id,
      period_id: period?.id ?? null,
      text: change.to,
      claimed_state: 'in_progress',
      author: ctx.actor.id,
      created_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (period) {
    await trx.updateTable('periods').set({ reported_at: at }).where('id', '=', period.id).execute();
    await refreshNextDue(trx, [a.id]);
  }
  await updateState(trx, a, next, at);
  return {
    actor: ctx.actor.id,
    action: 'progress.report',
    entity: 'assignment',
    entityId: id,
    before: { state: a.state },
    after: {
      state: next,
      report: Number(report.id),
      claim: 'in_progress',
      period: period?.label ?? null,
      text: change.to,
      files: [],
      links: [],
      source: 'ledger-sheet',
      ...(forced ? { forced: true, online: forced.online } : {}),
    },
  };
}

/** An assignment as the database has it now. */
interface Facts {
  planId: number;
  planState: string;
  taskId: number;
  seq: number;
  taskText: string;
  unitId: string;
  unitName: string;
  state: AssignmentState;
  note: string | null;
  updatedAt: string;
  removed: boolean;
  report: { id: number; text: string; at: string } | null;
}

async function review(
  ctx: ServiceContext,
  db: Kysely<Database>,
  sheet: ParsedLedgerSheet,
): Promise<{ preview: LedgerSheetPreview; facts: Map<number, Facts> }> {
  const { meta } = sheet;
  const plan = await db
    .selectFrom('plans')
    .select(['id', 'title', 'created_at'])
    .where('id', '=', meta.planId)
    .executeTakeFirst();
  // The fingerprint tells this database's plan from another installation's plan with the same id.
  if (!plan || (meta.planKey !== null && meta.planKey !== planFingerprint(Number(plan.id), plan.created_at)))
    throw new AppError('not-found', `文件导出自方案 #${meta.planId}，系统中没有这个方案（文件可能来自另一套系统）`);
  const facts = await loadFacts(db, [...new Set(sheet.edits.map((e) => e.assignmentId))]);
  const exported = new Map(sheet.exported.map((e) => [e.assignmentId, e]));
  const changes: SheetChange[] = [];
  const conflicts: SheetConflict[] = [];
  const ignored: SheetIgnored[] = sheet.notices.map((n) => ({
    code: n.code,
    key: null,
    row: n.row,
    assignmentId: n.assignmentId,
    field: n.field,
    message: n.message,
  }));
  const where = `工作表「${sheet.sheetName}」`;
  for (const e of sheet.edits) {
    const f = facts.get(e.assignmentId);
    if (!f || f.planId !== meta.planId)
      throw new AppError(
        'invalid-input',
        `${where}第 ${e.row} 行：找不到任务分工编号 ${e.assignmentId}（方案 #${meta.planId} 中没有），请重新导出后填写`,
      );
    const change: SheetChange = {
      key: `${e.assignmentId}:${FIELD_KEYS[e.field]}`,
      row: e.row,
      assignmentId: e.assignmentId,
      task: { id: f.taskId, seq: f.seq, text: f.taskText },
      unit: { id: f.unitId, name: f.unitName },
      field: e.field,
      from: e.from,
      to: e.to,
    };
    const refusal = refuse(ctx, e, f);
    if (refusal) {
      ignored.push({
        code: refusal.code,
        key: change.key,
        row: e.row,
        assignmentId: e.assignmentId,
        field: e.field,
        message: `${where}第 ${e.row} 行「${e.field}」：${refusal.message}`,
      });
      continue;
    }
    const base = exported.get(e.assignmentId)!;
    const online = e.field === '完成情况' ? (f.report?.text ?? '') : (f.note ?? '');
    // Already so online (the same file imported twice, or the same words reported online): nothing to do.
    if (sameText(online, e.to)) {
      ignored.push({
        code: 'already-online',
        key: change.key,
        row: e.row,
        assignmentId: e.assignmentId,
        field: e.field,
        message: `${where}第 ${e.row} 行「${e.field}」：系统中已是此内容，无需修改`,
      });
      continue;
    }
    if (e.field === '完成情况') {
      if ((f.report?.id ?? null) !== base.reportId)
        conflicts.push({ ...change, online, reason: `导出后已有新的进展报送（${chinaTime(f.report?.at)}）` });
      else if (f.state !== base.state)
        conflicts.push({
          ...change,
          online,
          reason: `导出后状态已由「${STATE_LABELS[base.state as AssignmentState] ?? base.state}」变为「${STATE_LABELS[f.state]}」`,
        });
      else changes.push(change);
    } else if (!sameText(online, base.note)) conflicts.push({ ...change, online, reason: '导出后备注已在系统中修改' });
    else changes.push(change);
  }
  ignored.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  return {
    facts,
    preview: {
      planId: Number(plan.id),
      planTitle: plan.title,
      exportedAt: meta.exportedAt,
      unitId: meta.unitId,
      changes,
      conflicts,
      ignored,
    },
  };
}

/** Why an edit cannot be applied at all (forced or not), or null. */
function refuse(ctx: ServiceContext, e: SheetEdit, f: Facts): { code: IgnoredCode; message: string } | null {
  if (!can(ctx.actor, 'assignment.report', f.unitId))
    return {
      code: 'forbidden',
      message: ctx.actor.role === 'unit' ? `不是本单位的任务（${f.unitName}），不能修改` : '没有权限修改',
    };
  if (f.removed) return { code: 'not-applicable', message: '该任务分工已在方案修订中取消' };
  if (f.planState === 'draft') return { code: 'not-applicable', message: '方案尚未确认下达，暂不能报送' };
  if (f.planState === 'archived') return { code: 'not-applicable', message: '方案已归档，不能再更改' };
  if (e.field === '备注') {
    if (e.to.length > MAX_NOTE_CHARS)
      return { code: 'invalid-value', message: `备注不能超过 ${MAX_NOTE_CHARS} 字（现为 ${e.to.length} 字）` };
    return null;
  }
  if (!e.to)
    return {
      code: 'not-applicable',
      message: '完成情况不能清空：已报送的进展不能撤回，如需更正请填写新的进展',
    };
  if (e.to.length > MAX_REPORT_CHARS)
    return { code: 'invalid-value', message: `进展情况不能超过 ${MAX_REPORT_CHARS} 字（现为 ${e.to.length} 字）` };
  try {
    transition({ state: f.state, ongoing: false, periodsLeft: 0 }, { type: 'report', claim: 'in_progress' });
  } catch (x) {
    if (isAppError(x)) return { code: 'not-applicable', message: x.userMessage };
    throw x;
  }
  return null;
}

async function loadFacts(db: Kysely<Database>, ids: readonly number[]): Promise<Map<number, Facts>> {
  const out = new Map<number, Facts>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const rows = await db
      .selectFrom('assignments as a')
      .innerJoin('tasks as t', 't.id', 'a.task_id')
      .innerJoin('units as u', 'u.id', 'a.unit_id')
      .innerJoin('plans as p', 'p.id', 'a.plan_id')
      .select([
        'a.id',
        'a.plan_id',
        'p.state as plan_state',
        'a.task_id',
        't.seq',
        't.text',
        'a.unit_id',
        'u.name as unit_name',
        'a.state',
        'a.note',
        'a.updated_at',
        'a.removed_at',
      ])
      .where('a.id', 'in', chunk)
      .execute();
    const reports = await db
      .selectFrom('progress_reports as r')
      .select(['r.id', 'r.assignment_id', 'r.text', 'r.created_at'])
      .where('r.id', 'in', (eb) =>
        eb
          .selectFrom('progress_reports as r2')
          .select((e) => e.fn.max('r2.id').as('m'))
          .where('r2.assignment_id', 'in', chunk)
          .groupBy('r2.assignment_id'),
      )
      .execute();
    const latest = new Map(
      reports.map((r) => [Number(r.assignment_id), { id: Number(r.id), text: r.text, at: r.created_at }]),
    );
    for (const r of rows) {
      const id = Number(r.id);
      out.set(id, {
        planId: Number(r.plan_id),
        planState: r.plan_state,
        taskId: Number(r.task_id),
        seq: Number(r.seq),
        taskText: r.text,
        unitId: r.unit_id,
        unitName: r.unit_name,
        state: r.state as AssignmentState,
        note: r.note,
        updatedAt: r.updated_at,
        removed: r.removed_at !== null,
        report: latest.get(id) ?? null,
      });
    }
  }
  return out;
}

function label(name: string | undefined): string {
  const n = name?.split(/[\\/]/).pop()?.trim();
  return n ? `文件「${n.slice(0, 100)}」` : '导入的文件';
}

function chinaTime(iso: string | undefined): string {
  const t = iso ? Date.parse(iso) : Number.NaN;
  if (!Number.isFinite(t)) return '时间不详';
  return new Date(t + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}
