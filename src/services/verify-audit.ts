import { type AuditVerification, verifyAudit } from '../store/audit.js';
import type { ServiceContext } from './context.js';
import { authorize } from './policy.js';

/** Checks the whole audit chain against the key and the anchors kept outside the database (审计员, operator). */
export async function checkAuditLog(ctx: ServiceContext): Promise<AuditVerification> {
  authorize(ctx.actor, 'audit.read');
  return verifyAudit(ctx.store.db, { anchorFile: ctx.store.auditAnchorFile });
}
