import { quarterOrYearLabel } from '../domain/scoring.js';
import { scoresXlsx } from '../reports/scores-sheet.js';
import type { ServiceContext } from './context.js';
import { scoreUnits } from './score-units.js';

/** 考核 export: the same scores the page and `taizhang score` show, as an .xlsx to hand on. */
export async function exportScores(
  ctx: ServiceContext,
  input: { period: string; planId?: number; unitId?: string },
): Promise<{ fileName: string; bytes: Uint8Array }> {
  const report = await scoreUnits(ctx, input);
  const plan = input.planId
    ? await ctx.store.db
        .selectFrom('plans')
        .select(['title', 'issuer'])
        .where('id', '=', input.planId)
        .executeTakeFirst()
    : undefined;
  const label = quarterOrYearLabel(report.period);
  const title = plan?.title ? `《${plan.title}》落实情况考核结果` : '政务公开重点工作考核结果';
  const bytes = await scoresXlsx({
    title,
    periodLabel: label,
    asOf: report.asOf,
    issuer: plan?.issuer ?? '',
    units: report.units,
  });
  return { fileName: `考核结果-${label}.xlsx`, bytes };
}
