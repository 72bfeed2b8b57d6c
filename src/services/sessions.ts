import { createHash, randomBytes } from 'node:crypto';
import { config } from '../config.js';
import type { Actor } from '../domain/actor.js';
import { AppError } from '../domain/errors.js';
import { appendAudit } from '../store/audit.js';
import { claimLoginAttempt, forgetLoginAttempts, releaseLoginAttempt } from '../store/logins.js';
import type { Store } from '../store/store.js';
import { actorOf } from './accounts.js';
import { DUMMY_HASH, hashPassword, needsRehash, verifyPassword } from './passwords.js';
import { readSettings, type Settings } from './settings.js';

/**
 * Sessions: a random token in an HttpOnly cookie, stored only as its SHA-256; a CSRF token per session for
 * every request that changes something; an idle timeout (30 minutes by default) and an absolute lifetime.
 * Repeated failed logins lock the username for a while, and many from one address lock the address (429).
 * Logins, logouts, failures and refusals are audited.
 */
export const SESSION_MAX_HOURS = 12;

export interface SessionInfo {
  token: string;
  csrf: string;
  actor: Actor;
  mustChangePassword: boolean;
}

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
// One answer for every failure, so the login form does not reveal which usernames exist.
const BAD_LOGIN = '用户名或密码不正确';

export const LOCAL_PASSWORDS_OFF = '本系统已关闭用户名密码登录，请使用统一身份认证登录';

const minutesUntil = (until: string | null, now: Date): number =>
  Math.max(1, Math.ceil(((until ? Date.parse(until) : now.getTime()) - now.getTime()) / 60_000));

/**
 * Logs in. The attempt is counted before the password is checked (store/logins.ts), per username — known or
 * not, so an unknown name is answered exactly like a known one, lock included — and per client address; an
 * unknown or disabled name is checked against a dummy hash at the same cost. Every refusal is audited.
 */
export async function login(
  store: Store,
  username: string,
  password: string,
  now: Date,
  client: { address: string } = { address: 'unknown' },
): Promise<SessionInfo> {
  const at = now.toISOString();
  if (!config().sso.localPasswords) {
    await store.transaction((trx) =>
      appendAudit(trx, store.dialect, at, [
        {
          actor: 'anonymous',
          action: 'session.login-refused',
          entity: 'session',
          entityId: username.slice(0, 64),
          after: { address: client.address, reason: 'local-passwords-off' },
        },
      ]),
    );
    throw new AppError('forbidden', LOCAL_PASSWORDS_OFF);
  }
  const settings = await readSettings(store.db);
  const userKey = `user:${username.toLowerCase()}`;
  const addressKey = `ip:${client.address}`;
  const window = { now, windowMinutes: settings.lockMinutes, lockMinutes: settings.lockMinutes };
  const refuse = async (action: string, after: Record<string, unknown>, error: AppError): Promise<never> => {
    await store.transaction((trx) =>
      appendAudit(trx, store.dialect, at, [
        { actor: 'anonymous', action, entity: 'session', entityId: username.slice(0, 64), after },
      ]),
    );
    throw error;
  };
  const user = await claimLoginAttempt(store.db, userKey, { ...window, max: settings.maxFailedLogins });
  if (!user.allowed)
    return refuse(
      'session.login-refused',
      { address: client.address, reason: 'locked' },
      new AppError(
        'too-many',
        `该用户名连续登录失败次数过多，请 ${minutesUntil(user.lockedUntil, now)} 分钟后再试或联系系统管理员`,
      ),
    );
  const address = await claimLoginAttempt(store.db, addressKey, { ...window, max: settings.maxFailedLoginsPerAddress });
  if (!address.allowed)
    return refuse(
      'session.login-refused',
      { address: client.address, reason: 'address' },
      new AppError('too-many', `本机登录尝试过于频繁，请 ${minutesUntil(address.lockedUntil, now)} 分钟后再试`),
    );
  const account = await store.db.selectFrom('accounts').selectAll().where('username', '=', username).executeTakeFirst();
  const usable = !!account && Number(account.active) === 1;
  // Unknown and disabled names spend the same scrypt work as a real check.
  const ok = (await verifyPassword(password, account && usable ? account.password_hash : DUMMY_HASH)) && usable;
  if (!ok || !account) {
    const locked = user.lockedUntil !== null;
    return refuse(
      locked ? 'session.locked' : 'session.login-failed',
      { address: client.address, known: !!account, failures: user.failures },
      locked
        ? new AppError(
            'too-many',
            `连续 ${settings.maxFailedLogins} 次登录失败，该用户名已暂停登录 ${settings.lockMinutes} 分钟`,
          )
        : new AppError('forbidden', BAD_LOGIN),
    );
  }
  // A hash made at an older, lower cost is replaced now that the password is known.
  const upgraded = needsRehash(account.password_hash) ? await hashPassword(password) : null;
  await forgetLoginAttempts(store.db, userKey);
  await releaseLoginAttempt(store.db, addressKey);
  return openSession(store, account, now, {
    set: upgraded ? { password_hash: upgraded } : {},
    audit: { address: client.address, ...(upgraded ? { rehashed: true } : {}) },
  });
}

type AccountRow = Parameters<typeof actorOf>[0] & { id: number; must_change_password: number };

/**
 * A new session for an account whose user has proved who they are (a password, or an identity provider):
 * the token goes to the cookie, its hash to the table; the login is audited with what `audit` says.
 */
export async function openSession(
  store: Store,
  account: AccountRow,
  now: Date,
  extra: { set?: { password_hash?: string }; audit: Record<string, unknown> },
): Promise<SessionInfo> {
  const at = now.toISOString();
  const id = Number(account.id);
  const token = randomBytes(32).toString('base64url');
  const csrf = randomBytes(24).toString('base64url');
  await store.transaction(async (trx) => {
    await trx
      .updateTable('accounts')
      .set({ failed_logins: 0, locked_until: null, last_login_at: at, ...extra.set })
      .where('id', '=', id)
      .execute();
    await trx
      .insertInto('sessions')
      .values({ id: hashToken(token), account_id: id, csrf, created_at: at, last_seen_at: at })
      .execute();
    await appendAudit(trx, store.dialect, at, [
      { actor: `acct:${id}`, action: 'session.login', entity: 'account', entityId: id, after: extra.audit },
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

/** Ends the session a cookie stands for, audited. */
export async function logout(store: Store, token: string, now: Date): Promise<void> {
  if (!token || token.length > 100) return;
  const id = hashToken(token);
  await store.transaction(async (trx) => {
    const row = await trx.selectFrom('sessions').select('account_id').where('id', '=', id).executeTakeFirst();
    if (!row) return;
    await trx.deleteFrom('sessions').where('id', '=', id).execute();
    await appendAudit(trx, store.dialect, now.toISOString(), [
      {
        actor: `acct:${row.account_id}`,
        action: 'session.logout',
        entity: 'account',
        entityId: Number(row.account_id),
      },
    ]);
  });
}
