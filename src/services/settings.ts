import type { Kysely } from 'kysely';
import { AppError } from '../domain/errors.js';
import { appendAudit } from '../store/audit.js';
import type { Database } from '../store/schema.js';
import { isoNow, type ServiceContext } from './context.js';
import { DEFAULT_POLICY, type PasswordPolicy } from './passwords.js';
import { authorize } from './policy.js';

/** Settings the system administrator changes without a release: password policy, lockout, session idle time. */
export interface Settings {
  passwordPolicy: PasswordPolicy;
  /** Failed logins in a row before the account is locked. */
  maxFailedLogins: number;
  /** Failed logins from one client address within the lock time before the address is refused (a spray). */
  maxFailedLoginsPerAddress: number;
  lockMinutes: number;
  sessionIdleMinutes: number;
}

export const DEFAULT_SETTINGS: Settings = {
  passwordPolicy: DEFAULT_POLICY,
  maxFailedLogins: 5,
  maxFailedLoginsPerAddress: 30,
  lockMinutes: 15,
  sessionIdleMinutes: 30,
};

export async function readSettings(db: Kysely<Database>): Promise<Settings> {
  const rows = await db.selectFrom('settings').selectAll().execute();
  const stored = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
  return { ...DEFAULT_SETTINGS, ...(stored as Partial<Settings>) };
}

export async function updateSettings(ctx: ServiceContext, patch: Partial<Settings>): Promise<Settings> {
  authorize(ctx.actor, 'settings.manage');
  const current = await readSettings(ctx.store.db);
  const next: Settings = { ...current, ...patch };
  const p = next.passwordPolicy;
  if (!(p.minLength >= 8 && p.minLength <= 64)) throw new AppError('invalid-input', '密码最小长度须在 8 到 64 之间');
  if (!(p.minClasses >= 1 && p.minClasses <= 4)) throw new AppError('invalid-input', '字符类别数须在 1 到 4 之间');
  if (!(next.maxFailedLogins >= 3 && next.maxFailedLogins <= 20))
    throw new AppError('invalid-input', '连续失败次数须在 3 到 20 之间');
  if (!(next.maxFailedLoginsPerAddress >= 10 && next.maxFailedLoginsPerAddress <= 1000))
    throw new AppError('invalid-input', '同一地址登录失败次数须在 10 到 1000 之间');
  if (!(next.lockMinutes >= 1 && next.lockMinutes <= 1440))
    throw new AppError('invalid-input', '锁定时长须在 1 到 1440 分钟之间');
  if (!(next.sessionIdleMinutes >= 5 && next.sessionIdleMinutes <= 120))
    throw new AppError('invalid-input', '空闲超时须在 5 到 120 分钟之间');
  const at = isoNow(ctx);
  await ctx.store.transaction(async (trx) => {
    for (const [key, value] of Object.entries(next)) {
      await trx
        .insertInto('settings')
        .values({ key, value: JSON.stringify(value), updated_at: at })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value), updated_at: at }))
        .execute();
    }
    await appendAudit(trx, ctx.store.dialect, at, [
      {
        actor: ctx.actor.id,
        action: 'settings.update',
        entity: 'settings',
        entityId: '-',
        before: current,
        after: next,
      },
    ]);
  });
  return next;
}
