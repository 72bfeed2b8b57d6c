import { isValidDate } from '../domain/deadline.js';
import { AppError } from '../domain/errors.js';
import { appendAudit } from '../store/audit.js';
import { isoNow, type ServiceContext } from './context.js';
import { authorize } from './policy.js';
import { type RedatedTask, redateTasks } from './redate-tasks.js';

/**
 * The office corrects a plan's own details where the parse got them wrong: title, issuer (发文机关, as
 * printed), 发文字号, issue date and the plan's year. The year and the issue date date the deadlines that
 * take them from the plan, so changing either re-dates those tasks' assignments and periods (see
 * redate-tasks.ts: reported periods are kept).
 *
 * When: freely while the plan is a draft; once confirmed (下达) the units already work to its dates, so a
 * change is allowed only with a written reason, recorded with before/after in the audit log (as 删除任务
 * requires one); never once archived. Every change, draft or not, is audited.
 *
 * The issuer is the name the plan printed; the jurisdiction the units were resolved in stays (re-import the
 * file naming the issuer to resolve the units anew).
 */
export interface PlanPatch {
  title?: string;
  issuer?: string | null;
  docNumber?: string | null;
  issueDate?: string | null;
  year?: number;
  /** Why: required once the plan is confirmed. */
  reason?: string;
}

export interface PlanEdited {
  /** Tasks whose dates followed the new year or issue date. */
  redated: RedatedTask[];
}

const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

export async function editPlan(ctx: ServiceContext, planId: number, patch: PlanPatch): Promise<PlanEdited> {
  authorize(ctx.actor, 'plan.edit');
  const next = checked(patch);
  const at = isoNow(ctx);
  return ctx.store.transaction(async (trx) => {
    const p = await trx
      .selectFrom('plans')
      .select(['id', 'title', 'issuer', 'doc_number', 'issue_date', 'year', 'state'])
      .where('id', '=', planId)
      .executeTakeFirst();
    if (!p) throw new AppError('not-found', `没有编号为 ${planId} 的方案`);
    if (p.state === 'archived') throw new AppError('conflict', '方案已归档，不能修改');
    const before = {
      title: p.title,
      issuer: p.issuer,
      docNumber: p.doc_number,
      issueDate: p.issue_date,
      year: p.year === null ? null : Number(p.year),
    };
    const after = { ...before, ...next };
    const fields = (Object.keys(next) as (keyof typeof next)[]).filter((k) => before[k] !== after[k]);
    if (fields.length === 0) return { redated: [] };
    const reason = patch.reason?.trim() ?? '';
    if (p.state !== 'draft' && !reason)
      throw new AppError('invalid-input', '方案已确认下达，修改方案信息须写明理由（reason）');
    if (reason.length > 500) throw new AppError('invalid-input', '修改理由不能超过 500 字');

    await trx
      .updateTable('plans')
      .set({
        title: after.title,
        issuer: after.issuer,
        doc_number: after.docNumber,
        issue_date: after.issueDate,
        year: after.year,
      })
      .where('id', '=', planId)
      .execute();
    // A plan stored without a year was dated in the year of its import (import-plan: planYear).
    const fallbackYear = Number(p.issue_date?.slice(0, 4)) || new Date(at).getUTCFullYear();
    const redated =
      fields.includes('year') || fields.includes('issueDate')
        ? await redateTasks(
            trx,
            planId,
            { year: before.year ?? fallbackYear, issueDate: before.issueDate },
            { year: after.year ?? fallbackYear, issueDate: after.issueDate },
            at,
          )
        : [];
    const pick = (o: typeof before) => Object.fromEntries(fields.map((k) => [k, o[k]]));
    await appendAudit(trx, ctx.store.dialect, at, [
      {
        actor: ctx.actor.id,
        action: 'plan.edit',
        entity: 'plan',
        entityId: planId,
        before: pick(before),
        after: {
          ...pick(after),
          ...(reason ? { reason } : {}),
          ...(redated.length ? { redated: redated.map((t) => t.taskId) } : {}),
        },
      },
    ]);
    return { redated };
  });
}

type Checked = Partial<{
  title: string;
  issuer: string | null;
  docNumber: string | null;
  issueDate: string | null;
  year: number;
}>;

function checked(patch: PlanPatch): Checked {
  const out: Checked = {};
  if (patch.title !== undefined) {
    const title = patch.title.trim();
    if (!title) throw new AppError('invalid-input', '方案标题（title）不能为空');
    if (title.length > 500) throw new AppError('invalid-input', '方案标题不能超过 500 字');
    out.title = title;
  }
  if (patch.issuer !== undefined) {
    const issuer = patch.issuer?.trim() ?? '';
    if (issuer.length > 200) throw new AppError('invalid-input', '发文机关不能超过 200 字');
    out.issuer = issuer || null;
  }
  if (patch.docNumber !== undefined) {
    const doc = patch.docNumber?.trim() ?? '';
    if (doc.length > 100) throw new AppError('invalid-input', '发文字号不能超过 100 字');
    out.docNumber = doc || null;
  }
  if (patch.issueDate !== undefined) {
    const d = patch.issueDate?.trim() ?? '';
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d);
    if (d && !(m && isValidDate(Number(m[1]), Number(m[2]), Number(m[3]))))
      throw new AppError('invalid-input', `成文日期（issueDate）「${d}」无效，应为 YYYY-MM-DD 格式的日期`);
    out.issueDate = d || null;
  }
  if (patch.year !== undefined) {
    if (!Number.isInteger(patch.year) || patch.year < MIN_YEAR || patch.year > MAX_YEAR)
      throw new AppError(
        'invalid-input',
        `方案年度（year）「${patch.year}」无效，应为 ${MIN_YEAR}—${MAX_YEAR} 之间的年份`,
      );
    out.year = patch.year;
  }
  return out;
}
