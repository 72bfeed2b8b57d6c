import { type AuditVerification, verifyAudit } from '../store/audit.js';
import type { ServiceContext } from './context.js';
import { authorize } from './policy.js';

/** Checks the whole audit chain (审计员, or the operator on the server). */
export async function checkAuditLog(ctx: ServiceContext): Promise<AuditVerification> {
  authorize(ctx.actor, 'audit.read');
  return verifyAudit(ctx.store.db);
}
