import { type AssignmentState, type ProgressClaim, transition } from '../domain/assignment.js';
import { AppError } from '../domain/errors.js';
import {
  evidenceType,
  MAX_EVIDENCE_BYTES,
  MAX_EVIDENCE_FILES,
  MAX_LINKS,
  MAX_REPORT_CHARS,
  validLink,
} from '../domain/evidence.js';
import { currentPeriod } from '../domain/schedule.js';
import { appendAudit } from '../store/audit.js';
import { hashBytes } from '../store/blobs.js';
import { refreshNextDue } from '../store/next-due.js';
import { removeUnreferenced } from '../store/sweep.js';
import { assertActive, factsOf, loadAssignment, updateState } from './assignment-record.js';
import { isoNow, type ServiceContext } from './context.js';
import { authorize } from './policy.js';

/**
 * A unit reports progress on its assignment: what was done, whether it considers its part complete
 * (申请办结), and evidence where it has some — files (stored by content, type judged by content) and links.
 * Periodic work reports for its current period. The report, its evidence, the period's mark and the
 * assignment's new state are one transaction; the report is acknowledged only once that has committed.
 */
export interface EvidenceFile {
  name: string;
  bytes: Uint8Array;
}

export interface ProgressInput {
  assignmentId: number;
  text: string;
  claim: ProgressClaim;
  files?: EvidenceFile[];
  links?: string[];
}

export interface ProgressReceipt {
  reportId: number;
  state: AssignmentState;
  period: string | null;
}

export async function submitProgress(ctx: ServiceContext, input: ProgressInput): Promise<ProgressReceipt> {
  const text = input.text.trim();
  if (!text) throw new AppError('invalid-input', '进展情况（text）不能为空');
  if (text.length > MAX_REPORT_CHARS) throw new AppError('invalid-input', `进展情况不能超过 ${MAX_REPORT_CHARS} 字`);
  if (input.claim !== 'in_progress' && input.claim !== 'complete')
    throw new AppError('invalid-input', `未知的报送类型：${input.claim}`);
  const files = input.files ?? [];
  const links = (input.links ?? []).map((l) => l.trim()).filter(Boolean);
  if (files.length > MAX_EVIDENCE_FILES)
    throw new AppError('invalid-input', `佐证材料最多 ${MAX_EVIDENCE_FILES} 个文件`);
  if (links.length > MAX_LINKS) throw new AppError('invalid-input', `链接最多 ${MAX_LINKS} 个`);
  for (const l of links)
    if (!validLink(l)) throw new AppError('invalid-input', `链接无效（只接受 http/https 地址）：${l.slice(0, 100)}`);
  const typed = files.map((f) => {
    if (f.bytes.length > MAX_EVIDENCE_BYTES)
      throw new AppError('file-too-large', `文件「${f.name}」过大，单个文件上限为 ${MAX_EVIDENCE_BYTES / 1048576} MB`);
    const type = evidenceType(f.bytes);
    if (!type)
      throw new AppError(
        'format-unsupported',
        `文件「${f.name}」不是可接受的佐证材料（PDF、Office/WPS 文档、OFD、图片或文本）`,
      );
    return { ...f, type, name: safeName(f.name) };
  });

  const before = await loadAssignment(ctx.store.db, input.assignmentId);
  authorize(ctx.actor, 'assignment.report', before.unitId);
  // A report the state does not allow is refused before any file is written (checked again below, in the
  // transaction, against the row as it then is).
  assertActive(before);
  transition(factsOf(before), { type: 'report', claim: input.claim });
  // Files next: stored by content; those this report wrote are taken away again if it fails after all.
  const shas: string[] = [];
  const written: string[] = [];
  for (const f of typed) {
    const sha = hashBytes(f.bytes);
    if (!(await ctx.store.blobs.has(sha))) written.push(sha);
    shas.push(await ctx.store.blobs.put(f.bytes, MAX_EVIDENCE_BYTES));
  }

  const at = isoNow(ctx);
  return storeReport().catch(async (e: unknown) => {
    await removeUnreferenced(ctx.store, written);
    throw e;
  });

  function storeReport() {
    return ctx.store.transaction(async (trx) => {
      const a = await loadAssignment(trx, input.assignmentId);
      assertActive(a);
      const next = transition(factsOf(a), { type: 'report', claim: input.claim });
      const period = a.periodic ? currentPeriod(a.periods) : null;
      const report = await trx
        .insertInto('progress_reports')
        .values({
          assignment_id: a.id,
          period_id: period?.id ?? null,
          text,
          claimed_state: input.claim,
          author: ctx.actor.id,
          created_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const reportId = Number(report.id);
      for (let i = 0; i < typed.length; i++) {
        const f = typed[i]!;
        await trx
          .insertInto('blobs')
          .values({ sha256: shas[i]!, size: f.bytes.length, mime: f.type.mime, created_at: at })
          .onConflict((oc) => oc.column('sha256').doNothing())
          .execute();
      }
      const evidence = [
        ...typed.map((f, i) => ({
          report_id: reportId,
          kind: 'file',
          sha256: shas[i]!,
          file_name: f.name,
          mime: f.type.mime,
          size: f.bytes.length,
          url: null,
        })),
        ...links.map((url) => ({
          report_id: reportId,
          kind: 'link',
          sha256: null,
          file_name: null,
          mime: null,
          size: null,
          url,
        })),
      ];
      if (evidence.length) await trx.insertInto('evidence').values(evidence).execute();
      if (period) {
        await trx.updateTable('periods').set({ reported_at: at }).where('id', '=', period.id).execute();
        await refreshNextDue(trx, [a.id]);
      }
      await updateState(trx, a, next, at);
      await appendAudit(trx, ctx.store.dialect, at, [
        {
          actor: ctx.actor.id,
          action: 'progress.report',
          entity: 'assignment',
          entityId: a.id,
          before: { state: a.state },
          after: {
            state: next,
            report: reportId,
            claim: input.claim,
            period: period?.label ?? null,
            text,
            files: typed.map((f, i) => ({ name: f.name, sha256: shas[i] })),
            links,
          },
        },
      ]);
      return { reportId, state: next, period: period?.label ?? null };
    });
  }
}

/** A file's name for display only: no path, no control characters, bounded. */
function safeName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return clean.slice(0, 200) || '未命名文件';
}
