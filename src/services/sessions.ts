import { createHash, randomBytes } from 'node:crypto';
import type { Actor } from '../domain/actor.js';
import { AppError } from '../domain/errors.js';
import { appendAudit } from '../store/audit.js';
import type { Store } from '../store/store.js';
import { actorOf } from './accounts.js';
import { verifyPassword } from './passwords.js';
import { readSettings, type Settings } from './settings.js';

/**
 * Sessions: a random token in an HttpOnly cookie, stored only as its SHA-256; a CSRF token per session for
 * every request that changes something; an idle timeout (30 minutes by default) and an absolute lifetime.
 * Repeated failed logins lock the account for a while. Logins, failures and lockouts are audited.
 */
export const SESSION_MAX_HOURS = 12;

export interface SessionInfo {
  token: string;
  csrf: string;
  actor: Actor;
  mustChangePassword: boolean;
}

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
// One answer for every failure, so the login form does not reveal which usernames exist.
const BAD_LOGIN = '用户名或密码不正确';

export async function login(store: Store, username: string, password: string, now: Date): Promise<SessionInfo> {
  const at = now.toISOString();
  const settings = await readSettings(store.db);
  const account = await store.db.selectFrom('accounts').selectAll().where('username', '=', username).executeTakeFirst();
  if (!account || Number(account.active) !== 1) {
    // Spend the same time as a real check.
    await verifyPassword(
      password,
      'scrypt$32768$8$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
    );
    throw new AppError('forbidden', BAD_LOGIN);
  }
  if (account.locked_until && account.locked_until > at) {
    const minutes = Math.ceil((Date.parse(account.locked_until) - now.getTime()) / 60_000);
    throw new AppError('forbidden', `连续登录失败次数过多，账号已锁定，请 ${minutes} 分钟后再试或联系系统管理员`);
  }
  const ok = await verifyPassword(password, account.password_hash);
  const id = Number(account.id);
  if (!ok) {
    const failed = Number(account.failed_logins) + 1;
    const lock = failed >= settings.maxFailedLogins;
    await store.transaction(async (trx) => {
      await trx
        .updateTable('accounts')
        .set({
          failed_logins: lock ? 0 : failed,
          locked_until: lock
            ? new Date(now.getTime() + settings.lockMinutes * 60_000).toISOString()
            : account.locked_until,
        })
        .where('id', '=', id)
        .execute();
      await appendAudit(trx, store.dialect, at, [
        {
          actor: `acct:${id}`,
          action: lock ? 'session.locked' : 'session.login-failed',
          entity: 'account',
          entityId: id,
          after: { failed },
        },
      ]);
    });
    throw new AppError(
      'forbidden',
      lock ? `连续 ${settings.maxFailedLogins} 次登录失败，账号已锁定 ${settings.lockMinutes} 分钟` : BAD_LOGIN,
    );
  }
  const token = randomBytes(32).toString('base64url');
  const csrf = randomBytes(24).toString('base64url');
  await store.transaction(async (trx) => {
    await trx
      .updateTable('accounts')
      .set({ failed_logins: 0, locked_until: null, last_login_at: at })
      .where('id', '=', id)
      .execute();
    await trx
      .insertInto('sessions')
      .values({ id: hashToken(token), account_id: id, csrf, created_at: at, last_seen_at: at })
      .execute();
    await appendAudit(trx, store.dialect, at, [
      { actor: `acct:${id}`, action: 'session.login', entity: 'account', entityId: id },
    ]);
  });
  return { token, csrf, actor: actorOf(account), mustChangePassword: Number(account.must_change_password) === 1 };
}

export interface ActiveSession {
  actor: Actor;
  csrf: string;
  mustChangePassword: boolean;
}

/** The session a cookie stands for, if still live; touching it keeps it alive. Idle or expired ones are ended. */
export async function resumeSession(store: Store, token: string, now: Date): Promise<ActiveSession | null> {
  if (!token || token.length > 100) return null;
  const id = hashToken(token);
  // Until the data changes, a session and the settings read for it are what they were (see changeStamp).
  const stamp = store.changeStamp();
  const cached = stamp === null ? undefined : sessionCache.get(id);
  const fresh = cached !== undefined && cached.stamp === stamp;
  const row = fresh ? cached.row : await lookup(store, id);
  if (!row) return null;
  const settings = fresh ? cached.settings : await readSettings(store.db);
  if (stamp !== null && !fresh) remember(id, { stamp, row, settings });
  const idle = now.getTime() - Date.parse(row.last_seen_at) > settings.sessionIdleMinutes * 60_000;
  const old = now.getTime() - Date.parse(row.created_at) > SESSION_MAX_HOURS * 3_600_000;
  if (idle || old || Number(row.active) !== 1) {
    await store.db.deleteFrom('sessions').where('id', '=', id).execute();
    return null;
  }
  // Touch at most once a minute: a page of requests should not be a page of writes.
  if (now.getTime() - Date.parse(row.last_seen_at) > 60_000) {
    await store.db.updateTable('sessions').set({ last_seen_at: now.toISOString() }).where('id', '=', id).execute();
  }
  return { actor: actorOf(row), csrf: row.csrf, mustChangePassword: Number(row.must_change_password) === 1 };
}

type SessionRow = NonNullable<Awaited<ReturnType<typeof lookup>>>;
const sessionCache = new Map<string, { stamp: string; row: SessionRow; settings: Settings }>();

function remember(id: string, entry: { stamp: string; row: SessionRow; settings: Settings }): void {
  if (sessionCache.size >= 5000) sessionCache.clear();
  sessionCache.set(id, entry);
}

function lookup(store: Store, id: string) {
  return store.db
    .selectFrom('sessions as s')
    .innerJoin('accounts as a', 'a.id', 's.account_id')
    .select([
      's.csrf',
      's.created_at',
      's.last_seen_at',
      'a.id',
      'a.display_name',
      'a.role',
      'a.unit_id',
      'a.active',
      'a.must_change_password',
    ])
    .where('s.id', '=', id)
    .executeTakeFirst();
}

export async function logout(store: Store, token: string): Promise<void> {
  await store.db.deleteFrom('sessions').where('id', '=', hashToken(token)).execute();
}
