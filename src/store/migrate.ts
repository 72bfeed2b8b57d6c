import { type Kysely, type Migration, Migrator, sql } from 'kysely';
import { AppError } from '../domain/errors.js';
import type { DialectName } from './dialect.js';
import { ledgerMigration } from './migrations/0001-ledger.js';
import { accountsMigration } from './migrations/0003-accounts.js';
import { supervisionMigration } from './migrations/0004-supervision.js';
import { assignmentTaskKeyMigration } from './migrations/0005-assignment-task-key.js';
import { assignmentNextDueMigration } from './migrations/0006-assignment-next-due.js';
import { assignmentResolutionMigration } from './migrations/0007-assignment-resolution.js';
import { directoryVersionMigration } from './migrations/0008-directory-version.js';
import { loginSecurityMigration } from './migrations/0009-login-security.js';
import { planRevisionsMigration } from './migrations/0013-plan-revisions.js';
import { taskDueSourceMigration } from './migrations/0017-task-due-source.js';
import { fileChunksMigration } from './migrations/0018-file-chunks.js';
import { jobLeasesMigration } from './migrations/0019-job-leases.js';
import { ssoMigration } from './migrations/0020-sso.js';
import { robotsMigration } from './migrations/0021-robots.js';
import { unitDivisionCodeMigration } from './migrations/0022-unit-division-code.js';
import { reviewIndexesMigration } from './migrations/0024-review-indexes.js';
import type { Database } from './schema.js';

/** Versioned migrations, run at start-up and by `taizhang db migrate`; the same on both databases. */
function migrations(dialect: DialectName): Record<string, Migration> {
  return {
    '0001-ledger': ledgerMigration(dialect),
    '0002-audit-append-only': appendOnlyAudit(dialect),
    '0003-accounts': accountsMigration(dialect),
    '0004-supervision': supervisionMigration(dialect),
    '0005-assignment-task-key': assignmentTaskKeyMigration(dialect),
    '0006-assignment-next-due': assignmentNextDueMigration(),
    '0007-assignment-resolution': assignmentResolutionMigration(),
    '0008-directory-version': directoryVersionMigration(),
    '0009-login-security': loginSecurityMigration(dialect),
    '0013-plan-revisions': planRevisionsMigration(dialect),
    '0017-task-due-source': taskDueSourceMigration(),
    '0018-file-chunks': fileChunksMigration(dialect),
    '0019-job-leases': jobLeasesMigration(),
    '0021-robots': robotsMigration(dialect),
    '0022-unit-division-code': unitDivisionCodeMigration(),
    '0024-review-indexes': reviewIndexesMigration(),
    '0020-sso': ssoMigration(dialect),
  };
}

/** The audit log refuses updates and deletes at the database level, not only in the application. */
function appendOnlyAudit(dialect: DialectName): Migration {
  return {
    async up(db) {
      if (dialect === 'sqlite') {
        await sql`create trigger audit_no_update before update on audit_events begin select raise(abort, 'audit log is append-only'); end`.execute(
          db,
        );
        await sql`create trigger audit_no_delete before delete on audit_events begin select raise(abort, 'audit log is append-only'); end`.execute(
          db,
        );
      } else {
        await sql`create or replace function audit_append_only() returns trigger as $$ begin raise exception 'audit log is append-only'; end; $$ language plpgsql`.execute(
          db,
        );
        await sql`create trigger audit_no_change before update or delete on audit_events for each row execute procedure audit_append_only()`.execute(
          db,
        );
      }
    },
    async down(db) {
      if (dialect === 'sqlite') {
        await sql`drop trigger if exists audit_no_update`.execute(db);
        await sql`drop trigger if exists audit_no_delete`.execute(db);
      } else {
        await sql`drop trigger if exists audit_no_change on audit_events`.execute(db);
        await sql`drop function if exists audit_append_only()`.execute(db);
      }
    },
  };
}

export async function migrateToLatest(db: Kysely<Database>, dialect: DialectName): Promise<string[]> {
  // A store already up to date — nearly every open — is left alone. On SQLite the migrator works inside one
  // immediate transaction (see dialect.ts), which would make every open wait for any writer; on PostgreSQL it
  // introspects every table of every schema, which fails when another schema is dropped at that moment.
  if (await upToDate(db, Object.keys(migrations(dialect)))) return [];
  // Kysely looks for its bookkeeping tables in every schema; name ours, or another schema's would be taken.
  const schema =
    dialect === 'postgres'
      ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s
      : undefined;
  const migrator = new Migrator({
    db: db as unknown as Kysely<unknown>,
    provider: { getMigrations: async () => migrations(dialect) },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  for (let attempt = 1; ; attempt++) {
    const { error, results } = await migrator.migrateToLatest();
    // The introspection fails when another schema (or a table in it) is dropped while it runs: nothing to do
    // with this store, so it is tried again. Migrations themselves run in a transaction on PostgreSQL.
    if (error && dialect === 'postgres' && attempt < 3 && CATALOG_RACE.has((error as { code?: string }).code ?? ''))
      continue;
    if (error)
      throw new AppError('invalid-input', `数据库迁移失败：${(error as Error).message}`, String(error), {
        cause: error,
      });
    return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  }
}

/**
 * Which known migrations the database lacks, and which it has that this release does not know (a newer
 * release migrated it). A database without the migration table has every migration pending.
 */
export async function migrationStatus(
  db: Kysely<Database>,
  dialect: DialectName,
): Promise<{ pending: string[]; unknown: string[] }> {
  const known = Object.keys(migrations(dialect));
  let applied: Set<string>;
  try {
    applied = new Set(
      (await sql<{ name: string }>`select name from kysely_migration`.execute(db)).rows.map((r) => r.name),
    );
  } catch {
    applied = new Set(); // no migration table: nothing applied yet
  }
  return {
    pending: known.filter((n) => !applied.has(n)),
    unknown: [...applied].filter((n) => !known.includes(n)).sort(),
  };
}

/** PostgreSQL: invalid_schema_name, undefined_table. */
const CATALOG_RACE = new Set(['3F000', '42P01']);

/** Exactly the known migrations have been applied (more than those, and the migrator reports it). Unqualified,
 * the table is found where the migrator keeps it: the current schema. */
async function upToDate(db: Kysely<Database>, names: readonly string[]): Promise<boolean> {
  try {
    const rows = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
    const applied = new Set(rows.rows.map((r) => r.name));
    return applied.size === names.length && names.every((n) => applied.has(n));
  } catch {
    return false; // a new store: no migration table yet
  }
}
