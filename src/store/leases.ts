import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.js';

/**
 * Leases on scheduled jobs, so a job runs on one server at a time however many share the database. A lease
 * is taken in one statement — an upsert that overwrites the row only when it has expired or is already the
 * caller's — so two servers asking at once cannot both get it (SQLite and PostgreSQL alike). The holder
 * renews it while the job runs; a holder that dies stops renewing, and the job is free once it expires.
 */
export async function claimLease(
  db: Kysely<Database>,
  job: string,
  holder: string,
  now: Date,
  holdMs: number,
): Promise<boolean> {
  const at = now.toISOString();
  const until = new Date(now.getTime() + holdMs).toISOString();
  const row = await sql<{ holder: string }>`
    insert into job_leases (job, holder, expires_at) values (${job}, ${holder}, ${until})
    on conflict (job) do update set holder = ${holder}, expires_at = ${until}
    where job_leases.expires_at <= ${at} or job_leases.holder = ${holder}
    returning holder`.execute(db);
  return row.rows[0]?.holder === holder;
}

/** Gives the lease up at once (the job is done and may run again elsewhere), if still the holder's. */
export async function releaseLease(db: Kysely<Database>, job: string, holder: string): Promise<void> {
  await db.deleteFrom('job_leases').where('job', '=', job).where('holder', '=', holder).execute();
}

/** Who holds a job's lease and until when, if anyone (for messages and tests). */
export async function leaseOf(
  db: Kysely<Database>,
  job: string,
): Promise<{ holder: string; expiresAt: string } | null> {
  const r = await db
    .selectFrom('job_leases')
    .select(['holder', 'expires_at'])
    .where('job', '=', job)
    .executeTakeFirst();
  return r ? { holder: r.holder, expiresAt: r.expires_at } : null;
}
