import { scoresXlsx } from '../reports/scores-sheet.js';
import type { ServiceContext } from './context.js';
import { scoreUnits } from './score-units.js';

const QUARTERS = ['一', '二', '三', '四'];

/** «2024» → 2024年度, «2024-Q2» → 2024年第二季度. */
export function periodLabel(period: string): string {
  const m = /^(\d{4})(?:-Q([1-4]))?$/.exec(period);
  if (!m) return period;
  return m[2] ? `${m[1]}年第${QUARTERS[Number(m[2]) - 1]}季度` : `${m[1]}年度`;
}

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
  const label = periodLabel(report.period);
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
