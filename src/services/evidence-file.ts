import type { Readable } from 'node:stream';
import { AppError } from '../domain/errors.js';
import type { ServiceContext } from './context.js';
import { authorize } from './policy.js';

/**
 * An evidence file for download: the office and leaders may read any; a unit user only its own unit's.
 * Streamed from the file store (checked as it is read), never held whole in memory.
 */
export async function evidenceFile(
  ctx: ServiceContext,
  evidenceId: number,
): Promise<{ size: number; body: Readable; name: string; mime: string }> {
  const e = await ctx.store.db
    .selectFrom('evidence as e')
    .innerJoin('progress_reports as r', 'r.id', 'e.report_id')
    .innerJoin('assignments as a', 'a.id', 'r.assignment_id')
    .select(['e.kind', 'e.sha256', 'e.file_name', 'e.mime', 'a.unit_id'])
    .where('e.id', '=', evidenceId)
    .executeTakeFirst();
  // Another unit's file is «not found», so ids cannot be probed.
  if (e?.kind !== 'file' || !e.sha256) throw new AppError('not-found', '文件不存在');
  if (ctx.actor.role === 'unit' && e.unit_id !== ctx.actor.unitId) throw new AppError('not-found', '文件不存在');
  authorize(ctx.actor, 'evidence.read', e.unit_id);
  return {
    ...(await ctx.store.blobs.open(e.sha256)),
    name: e.file_name ?? '附件',
    mime: e.mime ?? 'application/octet-stream',
  };
}
