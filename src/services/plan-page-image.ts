import { AppError } from '../domain/errors.js';
import type { ParsedPlan } from '../domain/plan.js';
import { pageImage } from '../parse/page-image.js';
import type { ServiceContext } from './context.js';
import { authorize, seesDraftPlans } from './policy.js';

/**
 * A page of a plan's stored source file as an image, for review of a scanned plan: read as the plan's
 * detail is (the office, leaders and operators; drafts only for those who see drafts).
 */
export async function planPageImage(
  ctx: ServiceContext,
  planId: number,
  page: number,
): Promise<{ bytes: Uint8Array; mime: string }> {
  authorize(ctx.actor, 'plan.read');
  if (ctx.actor.role === 'unit') throw new AppError('forbidden', '单位用户请在「我的任务」中查看本单位的任务');
  const p = await ctx.store.db
    .selectFrom('plans')
    .select(['state', 'source_sha256', 'source_name', 'parse_json'])
    .where('id', '=', planId)
    .executeTakeFirst();
  if (!p || (p.state === 'draft' && !seesDraftPlans(ctx.actor))) {
    throw new AppError('not-found', `没有编号为 ${planId} 的方案`);
  }
  const pages = (JSON.parse(p.parse_json) as ParsedPlan).source.pages ?? 0;
  const label = p.source_name ?? '原文件';
  if (page > pages) throw new AppError('not-found', `${label} 没有第 ${page} 页（共 ${pages} 页）`);
  return pageImage(await ctx.store.blobs.get(p.source_sha256), page, label);
}
