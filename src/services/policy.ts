import type { Actor } from '../domain/actor.js';
import { AppError } from '../domain/errors.js';

/**
 * Every permission in one place. Services call `authorize` before touching data; the server relies on them
 * and adds nothing of its own, so the CLI and the API can never disagree.
 */
export type Action =
  | 'plan.import'
  | 'plan.edit'
  | 'plan.confirm'
  | 'plan.read'
  | 'ledger.read'
  | 'assignment.report'
  | 'assignment.review'
  | 'extension.request'
  | 'extension.decide'
  | 'extension.read'
  | 'reminder.send'
  | 'reminder.read'
  | 'directory.edit'
  | 'directory.read'
  | 'audit.read'
  | 'account.manage'
  | 'account.approve'
  | 'settings.manage'
  | 'plan.publish'
  | 'dashboard.read'
  | 'evidence.read'
  | 'robot.manage'
  | 'backup';

const ALLOWED: Record<Action, readonly Actor['role'][]> = {
  'plan.import': ['office', 'operator'],
  'plan.edit': ['office', 'operator'],
  'plan.confirm': ['office', 'operator'],
  'plan.read': ['office', 'leader', 'operator', 'unit'],
  'ledger.read': ['office', 'leader', 'operator', 'unit'],
  'assignment.report': ['unit', 'office', 'operator'],
  'assignment.review': ['office', 'operator'],
  'extension.request': ['unit', 'office', 'operator'],
  'extension.decide': ['office', 'operator'],
  // Leaders read everything and change nothing: they see the requests waiting, not the buttons.
  'extension.read': ['office', 'leader', 'operator'],
  'reminder.send': ['office', 'operator'],
  // 督办 is read-only for leaders: this week's digest status, who is overdue, the 催办 record.
  'reminder.read': ['office', 'leader', 'operator'],
  'directory.edit': ['admin', 'office', 'operator'],
  'directory.read': ['admin', 'office', 'leader', 'operator', 'unit'],
  'audit.read': ['auditor', 'operator'],
  'account.manage': ['admin', 'operator'],
  // 三权分立: office and auditor accounts the administrator makes come into use only with a second role.
  'account.approve': ['auditor', 'office', 'operator'],
  'settings.manage': ['admin', 'operator'],
  'plan.publish': ['office', 'operator'],
  'dashboard.read': ['office', 'leader', 'operator'],
  'evidence.read': ['office', 'leader', 'operator', 'unit'],
  // Group robots carry the office's 催办 and 退回 to the units' chat groups: the office sets them up; the system
  // administrator may too, as a setting of the deployment. Unit users and leaders neither see nor change them.
  'robot.manage': ['office', 'admin', 'operator'],
  backup: ['admin', 'operator'],
};

export function can(actor: Actor, action: Action, unitId?: string | null): boolean {
  if (!ALLOWED[action].includes(actor.role)) return false;
  // A unit user acts only on its own unit's assignments.
  if (actor.role === 'unit' && unitId !== undefined) return unitId !== null && unitId === actor.unitId;
  return true;
}

export function authorize(actor: Actor, action: Action, unitId?: string | null): void {
  if (!can(actor, action, unitId)) throw new AppError('forbidden', '没有权限进行此操作');
}

/** Draft plans (parsed, not yet confirmed by the office) are the office's working material: nobody else sees them. */
export function seesDraftPlans(actor: Actor): boolean {
  return actor.role === 'office' || actor.role === 'operator';
}

/** An account made by single sign-on and not yet granted a role: it may see its own session and nothing else. */
export function awaitsGrant(actor: Actor): boolean {
  return actor.role === 'none';
}
