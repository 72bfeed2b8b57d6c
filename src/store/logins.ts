import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.js';

/**
 * Login throttling. Each attempt is counted *before* its password is checked, in one statement (an upsert
 * guarded by the lock), so that parallel guesses cannot all be evaluated: once `max` attempts of a window
 * are claimed, the key is locked and later attempts are refused without a check. A successful login gives
 * its attempt back (`forgetLoginAttempt` / `releaseLoginAttempt`).
 */
export interface AttemptClaim {
  /** False: the key is locked; the attempt must be refused without checking the password. */
  allowed: boolean;
  /** Attempts counted in this window, this one included. */
  failures: number;
  /** When the lock ends (set by this claim when it was the last one allowed, or the existing lock). */
  lockedUntil: string | null;
}

export async function claimLoginAttempt(
  db: Kysely<Database>,
  key: string,
  options: { now: Date; max: number; windowMinutes: number; lockMinutes: number },
): Promise<AttemptClaim> {
  const now = options.now.toISOString();
  const windowStart = new Date(options.now.getTime() - options.windowMinutes * 60_000).toISOString();
  const until = new Date(options.now.getTime() + options.lockMinutes * 60_000).toISOString();
  // A row whose window has passed, or whose lock has ended (the guard below admits only those), starts over.
  const fresh = sql`(login_throttle.window_start < ${windowStart} or login_throttle.locked_until is not null)`;
  const next = sql`case when ${fresh} then 1 else login_throttle.failures + 1 end`;
  const row = await sql<{ failures: number; locked_until: string | null }>`
    insert into login_throttle (key, failures, window_start, locked_until)
    values (${key}, 1, ${now}, ${options.max <= 1 ? until : null})
    on conflict (key) do update set
      failures = ${next},
      window_start = case when ${fresh} then ${now} else login_throttle.window_start end,
      locked_until = case when ${next} >= ${options.max} then ${until} else null end
    where login_throttle.locked_until is null or login_throttle.locked_until <= ${now}
    returning failures, locked_until`.execute(db);
  const claimed = row.rows[0];
  if (claimed) return { allowed: true, failures: Number(claimed.failures), lockedUntil: claimed.locked_until };
  const held = await db
    .selectFrom('login_throttle')
    .select(['failures', 'locked_until'])
    .where('key', '=', key)
    .executeTakeFirst();
  return { allowed: false, failures: Number(held?.failures ?? options.max), lockedUntil: held?.locked_until ?? until };
}

/** A successful login: the account's count starts over and any lock its own attempt set is lifted. */
export async function forgetLoginAttempts(db: Kysely<Database>, key: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', '=', key).execute();
}

/** A successful login from an address: its attempt is not held against the address. */
export async function releaseLoginAttempt(db: Kysely<Database>, key: string): Promise<void> {
  await db
    .updateTable('login_throttle')
    .set((eb) => ({ failures: eb('failures', '-', 1) }))
    .where('key', '=', key)
    .where('failures', '>', 0)
    .where('locked_until', 'is', null)
    .execute();
}

/** The keys locked now, among those asked about (the account list shows who is locked). */
export async function lockedKeys(db: Kysely<Database>, keys: readonly string[], now: Date): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db
    .selectFrom('login_throttle')
    .select('key')
    .where('key', 'in', keys)
    .where('locked_until', '>', now.toISOString())
    .execute();
  return new Set(rows.map((r) => r.key));
}
