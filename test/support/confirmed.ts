import type { ServiceContext } from '../../src/services/context.js';
import { type ImportOptions, type ImportSummary, importPlanFile } from '../../src/services/import-plan.js';
import { changePlanState } from '../../src/services/plan-state.js';
import { settlePending } from './ledger.js';

/**
 * A plan imported and confirmed the way the office does it: what the confirm checklist holds (有关单位 to
 * choose, unknown names) is settled first, then 确认下达. `importPlanFile(..., { confirm: true })` alone keeps a
 * plan with anything unsettled as a draft.
 */
export async function importConfirmed(
  ctx: ServiceContext,
  bytes: Uint8Array,
  options: Omit<ImportOptions, 'confirm'>,
): Promise<ImportSummary> {
  const s = await importPlanFile(ctx, bytes, { ...options, confirm: true });
  if (s.state === 'confirmed' || s.pendingRevision) return s;
  // Settled with the issuer itself: the units a test reasons about keep exactly the assignments the plan prints.
  await settlePending(ctx, s.planId, s.issuer.id);
  await changePlanState(ctx, s.planId, 'confirm');
  return { ...s, state: 'confirmed', confirmWithheld: [] };
}

/** Through the CLI: `import --confirm` kept the plan a draft (exit 3); settle with `plan choose --name`, then confirm. */
export function settleAndConfirmByCli(
  run: (args: string[]) => { status: number | null; stdout: string; stderr: string },
  summary: { planId: number; issuer: { id: string }; confirmWithheld: { seq: number; detail: string | null }[] },
): void {
  // One command per printed name: «市直有关单位» open on many tasks is settled at once.
  for (const name of new Set(summary.confirmWithheld.map((b) => b.detail))) {
    if (!name) continue;
    const r = run(['plan', 'choose', String(summary.planId), '--name', name, '--units', summary.issuer.id]);
    if (r.status !== 0) throw new Error(`plan choose: ${r.stderr}`);
  }
  const confirmed = run(['plan', 'confirm', String(summary.planId)]);
  if (confirmed.status !== 0) throw new Error(`plan confirm: ${confirmed.stderr}`);
}
