import type { Transaction } from 'kysely';
import { type Actor, ROLE_LABELS, type Role } from '../domain/actor.js';
import { AppError } from '../domain/errors.js';
import { appendAudit } from '../store/audit.js';
import { forgetLoginAttempts, lockedKeys } from '../store/logins.js';
import type { Database } from '../store/schema.js';
import { isoNow, type ServiceContext } from './context.js';
import { checkPassword, hashPassword, verifyPassword } from './passwords.js';
import { authorize } from './policy.js';
import { hashToken } from './sessions.js';
import { readSettings } from './settings.js';

/**
 * Local accounts. The system administrator creates them and assigns one role each; a unit user belongs to
 * exactly one unit. Accounts are disabled, never deleted, so the audit log's actors stay meaningful.
 * 三权分立: an office or auditor account the administrator creates, re-enables or moves into those roles
 * waits, disabled, until an auditor or the office approves it (only before any such account has existed
 * — the first-run set-up — does it start at once); and every account the administrator creates or whose
 * password it resets must change that password at first login.
 */
export const WEB_ROLES: readonly Role[] = ['admin', 'office', 'unit', 'leader', 'auditor'];

export interface AccountView {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  unitId: string | null;
  unitName: string | null;
  active: boolean;
  locked: boolean;
  mustChangePassword: boolean;
  /** An office or auditor account waiting for a second role's approval. */
  approvalPending: boolean;
  lastLoginAt: string | null;
}

export interface AccountInput {
  username: string;
  displayName: string;
  role: Role;
  unitId?: string | null;
  password: string;
  mustChangePassword?: boolean;
}

export function actorOf(a: { id: number; display_name: string; role: string; unit_id: string | null }): Actor {
  return { id: `acct:${a.id}`, name: a.display_name, role: a.role as Role, unitId: a.unit_id };
}

export async function listAccounts(ctx: ServiceContext): Promise<AccountView[]> {
  authorize(ctx.actor, 'account.manage');
  const now = isoNow(ctx);
  const rows = await ctx.store.db
    .selectFrom('accounts as a')
    .leftJoin('units as u', 'u.id', 'a.unit_id')
    .select([
      'a.id',
      'a.username',
      'a.display_name',
      'a.role',
      'a.unit_id',
      'u.name as unit_name',
      'a.active',
      'a.locked_until',
      'a.must_change_password',
      'a.approval_pending',
      'a.last_login_at',
    ])
    .orderBy('a.id')
    .execute();
  const locked = await lockedKeys(
    ctx.store.db,
    rows.map((r) => `user:${r.username.toLowerCase()}`),
    ctx.now(),
  );
  return rows.map((r) => ({
    id: Number(r.id),
    username: r.username,
    displayName: r.display_name,
    role: r.role as Role,
    unitId: r.unit_id,
    unitName: r.unit_name,
    active: Number(r.active) === 1,
    locked: (!!r.locked_until && r.locked_until > now) || locked.has(`user:${r.username.toLowerCase()}`),
    mustChangePassword: Number(r.must_change_password) === 1,
    approvalPending: Number(r.approval_pending) === 1,
    lastLoginAt: r.last_login_at,
  }));
}

async function validate(
  ctx: ServiceContext,
  input: Omit<AccountInput, 'password'>,
  /** An account single sign-on made may stay without a role (to be renamed or disabled); none is given one. */
  keepsNoRole = false,
): Promise<void> {
  if (!/^[A-Za-z0-9_.-]{3,32}$/.test(input.username))
    throw new AppError('invalid-input', '用户名须为 3–32 位字母、数字或 _ . -');
  if (!input.displayName.trim() || input.displayName.length > 50)
    throw new AppError('invalid-input', '姓名不能为空，且不超过 50 字');
  if (!WEB_ROLES.includes(input.role) && !(keepsNoRole && input.role === 'none'))
    throw new AppError('invalid-input', `未知的角色：${input.role}`);
  if (input.role === 'unit') {
    if (!input.unitId) throw new AppError('invalid-input', '单位用户须指定所属单位');
    const unit = await ctx.store.db.selectFrom('units').select('id').where('id', '=', input.unitId).executeTakeFirst();
    if (!unit) throw new AppError('invalid-input', `单位目录中没有 ${input.unitId}`);
  } else if (input.unitId) throw new AppError('invalid-input', `${ROLE_LABELS[input.role]}不属于某个单位`);
}

/** Roles whose accounts the system administrator cannot bring into use alone. */
const GUARDED_ROLES: readonly Role[] = ['office', 'auditor'];

/** Whether the administrator's change needs a second role's approval: after the first-run set-up, always. */
async function needsApproval(trx: Transaction<Database>, ctx: ServiceContext, role: Role): Promise<boolean> {
  if (ctx.actor.role !== 'admin' || !GUARDED_ROLES.includes(role)) return false;
  const any = await trx
    .selectFrom('accounts')
    .select('id')
    .where('role', 'in', [...GUARDED_ROLES])
    .limit(1)
    .executeTakeFirst();
  return !!any;
}

/** Keeps the hash among the account's last ones (no reuse of the last five), dropping older ones. */
async function rememberPassword(trx: Transaction<Database>, accountId: number, hash: string, at: string) {
  await trx
    .insertInto('password_history')
    .values({ account_id: accountId, password_hash: hash, created_at: at })
    .execute();
  const keep = await trx
    .selectFrom('password_history')
    .select('id')
    .where('account_id', '=', accountId)
    .orderBy('id', 'desc')
    .limit(PASSWORD_HISTORY)
    .execute();
  await trx
    .deleteFrom('password_history')
    .where('account_id', '=', accountId)
    .where(
      'id',
      'not in',
      keep.map((k) => Number(k.id)),
    )
    .execute();
}

export const PASSWORD_HISTORY = 5;

export async function createAccount(ctx: ServiceContext, input: AccountInput): Promise<AccountView> {
  authorize(ctx.actor, 'account.manage');
  await validate(ctx, input);
  checkPassword(input.password, (await readSettings(ctx.store.db)).passwordPolicy, input.username);
  const hash = await hashPassword(input.password);
  const at = isoNow(ctx);
  // Only the operator (the machine's owner, CLI and demo) hands out passwords that need not be changed.
  const mustChange = ctx.actor.role !== 'operator' || !!input.mustChangePassword;
  const id = await ctx.store.transaction(async (trx) => {
    const exists = await trx
      .selectFrom('accounts')
      .select('id')
      .where('username', '=', input.username)
      .executeTakeFirst();
    if (exists) throw new AppError('conflict', `用户名 ${input.username} 已被使用`);
    const pending = await needsApproval(trx, ctx, input.role);
    const row = await trx
      .insertInto('accounts')
      .values({
        username: input.username,
        display_name: input.displayName.trim(),
        role: input.role,
        unit_id: input.role === 'unit' ? (input.unitId ?? null) : null,
        password_hash: hash,
        must_change_password: mustChange ? 1 : 0,
        failed_logins: 0,
        locked_until: null,
        active: pending ? 0 : 1,
        approval_pending: pending ? 1 : 0,
        created_at: at,
        updated_at: at,
        last_login_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await rememberPassword(trx, Number(row.id), hash, at);
    await appendAudit(trx, ctx.store.dialect, at, [
      {
        actor: ctx.actor.id,
        action: 'account.create',
        entity: 'account',
        entityId: Number(row.id),
        after: {
          username: input.username,
          role: input.role,
          unitId: input.unitId ?? null,
          mustChangePassword: mustChange,
          approvalPending: pending,
        },
      },
    ]);
    return Number(row.id);
  });
  return (await listAccounts(ctx)).find((a) => a.id === id)!;
}

export interface AccountPatch {
  displayName?: string;
  role?: Role;
  unitId?: string | null;
  active?: boolean;
  /** A new password set by the administrator; the user must change it at next login. */
  password?: string;
  unlock?: boolean;
}

export async function updateAccount(ctx: ServiceContext, id: number, patch: AccountPatch): Promise<AccountView> {
  authorize(ctx.actor, 'account.manage');
  const cur = await ctx.store.db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
  if (!cur) throw new AppError('not-found', `没有编号为 ${id} 的账号`);
  if (ctx.actor.id === `acct:${id}` && (patch.active === false || (patch.role && patch.role !== cur.role)))
    throw new AppError('conflict', '不能停用自己的账号或更改自己的角色');
  const role = patch.role ?? (cur.role as Role);
  const unitId = patch.unitId !== undefined ? patch.unitId : cur.unit_id;
  await validate(
    ctx,
    {
      username: cur.username,
      displayName: patch.displayName ?? cur.display_name,
      role,
      unitId: role === 'unit' ? unitId : null,
    },
    cur.role === 'none',
  );
  if (patch.password !== undefined)
    checkPassword(patch.password, (await readSettings(ctx.store.db)).passwordPolicy, cur.username);
  const hash = patch.password !== undefined ? await hashPassword(patch.password) : null;
  const at = isoNow(ctx);
  const wasActive = Number(cur.active) === 1;
  const active = patch.active ?? wasActive;
  await ctx.store.transaction(async (trx) => {
    // Into an office or auditor role, or such an account enabled again: it waits for a second role.
    const guardedChange = (active && !wasActive) || role !== cur.role;
    const pending = active && guardedChange && (await needsApproval(trx, ctx, role));
    await trx
      .updateTable('accounts')
      .set({
        display_name: patch.displayName?.trim() ?? cur.display_name,
        role,
        unit_id: role === 'unit' ? unitId : null,
        active: active && !pending ? 1 : 0,
        approval_pending: pending ? 1 : active ? 0 : Number(cur.approval_pending),
        ...(hash ? { password_hash: hash, must_change_password: 1 } : {}),
        ...(patch.unlock ? { failed_logins: 0, locked_until: null } : {}),
        updated_at: at,
      })
      .where('id', '=', id)
      .execute();
    if (hash) await rememberPassword(trx, id, hash, at);
    if (patch.unlock) await forgetLoginAttempts(trx, `user:${cur.username.toLowerCase()}`);
    if (role !== cur.role)
      await appendAudit(trx, ctx.store.dialect, at, [
        {
          actor: ctx.actor.id,
          // A first role for an account single sign-on made (待授权) is a grant.
          action: cur.role === 'none' ? 'account.grant' : 'account.role-change',
          entity: 'account',
          entityId: id,
          before: { username: cur.username, role: cur.role },
          after: { username: cur.username, role, approvalPending: pending },
        },
      ]);
    // A changed role, unit, password or a disabled account ends the account's sessions — except a first
    // grant, which only adds: the 待授权 page waiting in the user's browser then carries on.
    const granted = cur.role === 'none';
    if (hash || !active || pending || (!granted && (role !== cur.role || unitId !== cur.unit_id)))
      await trx.deleteFrom('sessions').where('account_id', '=', id).execute();
    await appendAudit(trx, ctx.store.dialect, at, [
      {
        actor: ctx.actor.id,
        action: 'account.update',
        entity: 'account',
        entityId: id,
        before: {
          displayName: cur.display_name,
          role: cur.role,
          unitId: cur.unit_id,
          active: Number(cur.active) === 1,
        },
        after: {
          displayName: patch.displayName ?? cur.display_name,
          role,
          unitId,
          active: active && !pending,
          approvalPending: pending,
          passwordReset: !!hash,
          unlocked: !!patch.unlock,
        },
      },
    ]);
  });
  return (await listAccounts(ctx)).find((a) => a.id === id)!;
}

/**
 * A user changes their own password, proving they know the current one. None of the last five may come back;
 * every other session of the account ends (one left logged in elsewhere may be someone else's).
 */
export async function changeOwnPassword(
  ctx: ServiceContext,
  current: string,
  next: string,
  keepSessionToken: string | null = null,
): Promise<void> {
  const id = Number(ctx.actor.id.replace(/^acct:/, ''));
  const cur = await ctx.store.db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
  if (!cur) throw new AppError('forbidden', '请先登录');
  if (!(await verifyPassword(current, cur.password_hash))) throw new AppError('invalid-input', '当前密码不正确');
  if (current === next) throw new AppError('invalid-input', '新密码不能与当前密码相同');
  checkPassword(next, (await readSettings(ctx.store.db)).passwordPolicy, cur.username);
  const history = await ctx.store.db
    .selectFrom('password_history')
    .select('password_hash')
    .where('account_id', '=', id)
    .orderBy('id', 'desc')
    .limit(PASSWORD_HISTORY)
    .execute();
  for (const h of history)
    if (await verifyPassword(next, h.password_hash))
      throw new AppError('invalid-input', `新密码不能与最近 ${PASSWORD_HISTORY} 次用过的密码相同`);
  const hash = await hashPassword(next);
  const at = isoNow(ctx);
  await ctx.store.transaction(async (trx) => {
    await trx
      .updateTable('accounts')
      .set({ password_hash: hash, must_change_password: 0, updated_at: at })
      .where('id', '=', id)
      .execute();
    await rememberPassword(trx, id, hash, at);
    let others = trx.deleteFrom('sessions').where('account_id', '=', id);
    if (keepSessionToken) others = others.where('id', '!=', hashToken(keepSessionToken));
    const ended = await others.executeTakeFirst();
    await appendAudit(trx, ctx.store.dialect, at, [
      {
        actor: ctx.actor.id,
        action: 'account.change-password',
        entity: 'account',
        entityId: id,
        after: { otherSessionsEnded: Number(ended.numDeletedRows) },
      },
    ]);
  });
}

/** Accounts waiting for approval, for the auditor and the office (the second role). */
export async function pendingAccounts(ctx: ServiceContext): Promise<AccountView[]> {
  authorize(ctx.actor, 'account.approve');
  const rows = await ctx.store.db.selectFrom('accounts').select('id').where('approval_pending', '=', 1).execute();
  const ids = new Set(rows.map((r) => Number(r.id)));
  return (await listAccounts({ ...ctx, actor: { ...ctx.actor, role: 'operator' } })).filter((a) => ids.has(a.id));
}

/** The second role approves (the account comes into use) or refuses (it stays disabled) a pending account. */
export async function decideAccount(ctx: ServiceContext, id: number, approve: boolean): Promise<void> {
  authorize(ctx.actor, 'account.approve');
  const at = isoNow(ctx);
  await ctx.store.transaction(async (trx) => {
    const cur = await trx.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
    if (!cur || Number(cur.approval_pending) !== 1) throw new AppError('conflict', `账号 ${id} 没有待审批的变更`);
    await trx
      .updateTable('accounts')
      .set({ approval_pending: 0, active: approve ? 1 : 0, updated_at: at })
      .where('id', '=', id)
      .execute();
    await appendAudit(trx, ctx.store.dialect, at, [
      {
        actor: ctx.actor.id,
        action: approve ? 'account.approve' : 'account.reject',
        entity: 'account',
        entityId: id,
        after: { username: cur.username, role: cur.role },
      },
    ]);
  });
}

/**
 * First-run set-up: the first system administrator, allowed only while no account exists and only with the
 * one-time token the server printed on its console (so a visitor who finds the page first cannot take it).
 */
export async function createFirstAdmin(
  store: ServiceContext['store'],
  now: Date,
  input: Omit<AccountInput, 'role' | 'unitId'>,
): Promise<void> {
  const ctx: ServiceContext = {
    store,
    now: () => now,
    actor: { id: 'setup', name: '初始设置', role: 'operator', unitId: null },
  };
  const any = await store.db.selectFrom('accounts').select('id').limit(1).executeTakeFirst();
  if (any) throw new AppError('conflict', '系统已完成初始设置');
  await createAccount(ctx, { ...input, role: 'admin', unitId: null });
}

export async function hasAccounts(store: ServiceContext['store']): Promise<boolean> {
  return !!(await store.db.selectFrom('accounts').select('id').limit(1).executeTakeFirst());
}
