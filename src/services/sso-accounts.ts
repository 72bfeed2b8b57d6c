import { createHash, randomBytes } from 'node:crypto';
import type { Transaction } from 'kysely';
import { AppError } from '../domain/errors.js';
import { appendAudit } from '../store/audit.js';
import type { Database } from '../store/schema.js';
import type { Store } from '../store/store.js';
import { hashPassword } from './passwords.js';
import { openSession, type SessionInfo } from './sessions.js';

/**
 * Single sign-on, once the identity provider has vouched for someone: the account known by (issuer, subject)
 * is logged in; an unknown person gets a new account with no role (待授权), which can do nothing until the
 * system administrator grants it one — the 三权分立 rules of accounts.ts apply to that grant as to any other.
 * First-login creation and every login are audited.
 */
export interface ProvenIdentity {
  /** The OIDC issuer or the CAS server's base URL. */
  issuer: string;
  /** What names the person there: the configured claim, or cas:user / a CAS attribute. */
  subject: string;
  displayName: string | null;
  protocol: 'oidc' | 'cas';
  address: string;
}

export async function signInWithIdentity(store: Store, now: Date, who: ProvenIdentity): Promise<SessionInfo> {
  const subject = who.subject.trim();
  if (!subject || subject.length > 200) throw new AppError('forbidden', '统一身份认证未给出可用的账号名');
  const at = now.toISOString();
  const known = await store.db
    .selectFrom('account_identities')
    .select('account_id')
    .where('issuer', '=', who.issuer)
    .where('subject', '=', subject)
    .executeTakeFirst();
  const accountId = known ? Number(known.account_id) : await createPendingAccount(store, at, { ...who, subject });
  const account = await store.db
    .selectFrom('accounts')
    .selectAll()
    .where('id', '=', accountId)
    .executeTakeFirstOrThrow();
  if (Number(account.active) !== 1) {
    await store.transaction((trx) =>
      appendAudit(trx, store.dialect, at, [
        {
          actor: `acct:${accountId}`,
          action: 'session.login-refused',
          entity: 'account',
          entityId: accountId,
          after: { address: who.address, protocol: who.protocol, reason: 'inactive' },
        },
      ]),
    );
    throw new AppError('forbidden', '该账号已停用或尚待审批，请联系系统管理员');
  }
  await store.db
    .updateTable('account_identities')
    .set({ last_login_at: at })
    .where('issuer', '=', who.issuer)
    .where('subject', '=', subject)
    .execute();
  return openSession(store, account, now, {
    audit: { address: who.address, protocol: who.protocol, issuer: who.issuer, subject },
  });
}

/** A first login: an account with no role, no usable password (nobody knows it) and the IdP's name for it. */
async function createPendingAccount(store: Store, at: string, who: ProvenIdentity): Promise<number> {
  const password = await hashPassword(randomBytes(32).toString('base64url'));
  return store.transaction(async (trx) => {
    const username = await freeUsername(trx, who.subject);
    const row = await trx
      .insertInto('accounts')
      .values({
        username,
        display_name: (who.displayName?.trim() || who.subject).slice(0, 50),
        role: 'none',
        unit_id: null,
        password_hash: password,
        must_change_password: 0,
        failed_logins: 0,
        locked_until: null,
        active: 1,
        approval_pending: 0,
        created_at: at,
        updated_at: at,
        last_login_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = Number(row.id);
    // Two first logins of one person at once: the unique (issuer, subject) lets only one account through.
    await trx
      .insertInto('account_identities')
      .values({ account_id: id, issuer: who.issuer, subject: who.subject, created_at: at, last_login_at: null })
      .execute();
    await appendAudit(trx, store.dialect, at, [
      {
        actor: `acct:${id}`,
        action: 'account.sso-create',
        entity: 'account',
        entityId: id,
        after: { username, issuer: who.issuer, subject: who.subject, protocol: who.protocol, role: 'none' },
      },
    ]);
    return id;
  });
}

/** The IdP's name when it is a valid, unused username; otherwise one derived from it that is both. */
async function freeUsername(trx: Transaction<Database>, subject: string): Promise<string> {
  const taken = async (name: string) =>
    !!(await trx.selectFrom('accounts').select('id').where('username', '=', name).executeTakeFirst());
  if (/^[A-Za-z0-9_.-]{3,32}$/.test(subject) && !(await taken(subject))) return subject;
  const digest = createHash('sha256').update(subject).digest('hex');
  for (let n = 8; n <= 24; n += 4) {
    const name = `sso-${digest.slice(0, n)}`;
    if (!(await taken(name))) return name;
  }
  throw new AppError('conflict', `无法为统一身份认证账号 ${subject} 生成用户名`);
}

/** A sign-on that came back wrong (state, ticket, token exchange): audited with the technical reason. */
export async function recordSsoFailure(
  store: Store,
  now: Date,
  what: { protocol: string; address: string; reason: string },
): Promise<void> {
  await store.transaction((trx) =>
    appendAudit(trx, store.dialect, now.toISOString(), [
      {
        actor: 'anonymous',
        action: 'session.sso-failed',
        entity: 'session',
        entityId: what.protocol,
        after: { address: what.address, reason: what.reason.slice(0, 300) },
      },
    ]),
  );
}
