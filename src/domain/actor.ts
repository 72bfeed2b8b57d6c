/**
 * Who is acting. Roles follow the office's division of duties (三员分立 for the system roles):
 * - admin 系统管理员: accounts, units, settings — no ledger data;
 * - office 公开办: plans, review, supervision;
 * - unit 单位用户: its own unit's assignments only;
 * - leader 领导: reads everything, changes nothing;
 * - auditor 审计员: the audit log only;
 * - operator: the command line on the server itself, which holds the database file anyway;
 * - none 待授权: an account made at its first single sign-on, which may do nothing until the administrator
 *   grants it a role.
 */
export type Role = 'admin' | 'office' | 'unit' | 'leader' | 'auditor' | 'operator' | 'none';

export const ROLE_LABELS: Record<Role, string> = {
  admin: '系统管理员',
  office: '公开办',
  unit: '单位用户',
  leader: '领导',
  auditor: '审计员',
  operator: '命令行',
  none: '待授权',
};

export interface Actor {
  /** Stable id written to the audit log (account id, or cli:user). */
  id: string;
  name: string;
  role: Role;
  /** The unit a unit user works for. */
  unitId: string | null;
}
