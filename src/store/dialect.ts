import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Database as BetterSqliteDatabase } from 'better-sqlite3';
import {
  type ColumnDefinitionBuilder,
  CompiledQuery,
  type DatabaseConnection,
  type DialectAdapter,
  type Driver,
  Kysely,
  PostgresDialect,
  type Sql,
  SqliteAdapter,
  type SqliteDatabase,
  SqliteDialect,
  sql,
  type Transaction,
} from 'kysely';
import { AppError } from '../domain/errors.js';
import type { Database } from './schema.js';

/**
 * The one place that knows which database is underneath. SQLite (better-sqlite3, WAL) is the embedded
 * default: a file under the data directory, nothing to install. PostgreSQL (pg) is the server database,
 * chosen by DATABASE_URL. Everything else in the store is written once for both.
 */
export type DialectName = 'sqlite' | 'postgres';

export interface Connection {
  db: Kysely<Database>;
  dialect: DialectName;
  /** PostgreSQL: the schema the tables live in (tests use one of their own). */
  schema: string | null;
  /** SQLite: the connection itself, for what Kysely does not reach (the data version). */
  sqlite: BetterSqliteDatabase | null;
}

export async function connect(options: {
  sqliteFile?: string;
  databaseUrl?: string;
  schema?: string;
  /** Give up connecting to PostgreSQL after this long (default: wait as long as the system does). */
  connectTimeoutMs?: number;
}): Promise<Connection> {
  if (options.databaseUrl) {
    const { default: pg } = await import('pg');
    const schema = options.schema ?? null;
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: 10,
      ...(options.connectTimeoutMs ? { connectionTimeoutMillis: options.connectTimeoutMs } : {}),
      // Ids and counts are bigint in PostgreSQL; they stay far below 2^53, so they are read as numbers.
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === INT8_OID
            ? (v: string) => Number(v)
            : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
      },
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    });
    try {
      const client = await pool.connect();
      try {
        if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      } catch (e) {
        // Two processes creating the schema at the same moment: one of them gets a unique violation even
        // with IF NOT EXISTS; the schema is there all the same.
        if ((e as { code?: string }).code !== '23505') throw e;
      } finally {
        // Released before the pool ends, or ending it would wait for this client for ever.
        client.release();
      }
    } catch (e) {
      await pool.end();
      const code = (e as { code?: string }).code ?? '';
      // Refused credentials or rights are a configuration problem, not a busy server.
      if (code === '28P01' || code === '28000' || code === '42501' || code === '3D000')
        throw new AppError(
          'invalid-input',
          `PostgreSQL 拒绝连接（请检查 DATABASE_URL 的用户、密码、数据库与权限）：${(e as Error).message}`,
          String(e),
        );
      throw new AppError('busy', `无法连接 PostgreSQL 数据库：${(e as Error).message}`, String(e));
    }
    return {
      db: new Kysely<Database>({ dialect: new PostgresDialect({ pool, onCreateConnection: sessionSettings }) }),
      dialect: 'postgres',
      schema,
      sqlite: null,
    };
  }
  const file = options.sqliteFile ?? ':memory:';
  const { default: SqliteDatabase } = await import('better-sqlite3');
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const database = new SqliteDatabase(file, { timeout: 10_000 });
  // WAL lets readers run beside a writer; a busy writer waits up to the timeout before giving up.
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 10000');
  return {
    db: new Kysely<Database>({ dialect: new ImmediateSqliteDialect(database) }),
    dialect: 'sqlite',
    schema: null,
    sqlite: database,
  };
}

const INT8_OID = 20;

/**
 * Per session, where the server knows them (openGauss-class servers may not: then left as they are). Ledger
 * queries are short, so JIT compilation costs more than it saves; counting the overdue list wants memory.
 */
async function sessionSettings(connection: DatabaseConnection): Promise<void> {
  for (const setting of ['set jit = off', "set work_mem = '16MB'"]) {
    try {
      await connection.executeQuery(CompiledQuery.raw(setting));
    } catch {}
  }
}

/**
 * SQLite transactions that take the write lock when they begin. A deferred transaction that reads and then
 * writes can fail at once with SQLITE_BUSY when another process wrote in between, whatever the timeout;
 * an immediate one waits its turn (busy_timeout) and then runs, so two writers both succeed.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly raw: BetterSqliteDatabase) {
    super({ database: withStatementCache(raw) });
  }

  override createDriver(): Driver {
    const driver = super.createDriver();
    driver.beginTransaction = async (connection) => {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    };
    // After SQLITE_FULL or an I/O error SQLite may have rolled back already; a second rollback would fail and
    // its error would hide the one the user needs to see (storage full).
    driver.rollbackTransaction = async (connection) => {
      if (this.raw.inTransaction) await connection.executeQuery(CompiledQuery.raw('rollback'));
    };
    return driver;
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

/**
 * SQLite's DDL is transactional, but Kysely's adapter says otherwise, so its migrator would run migrations
 * statement by statement with no lock at all (its SQLite migration lock is a no-op): two processes opening a
 * new data directory at once would both create the same tables and one would fail ("table already exists").
 * Saying it is transactional makes the migrator read the applied migrations and apply the rest inside one
 * `begin immediate` transaction: the second process waits for the first, then finds nothing left to do. A
 * crash half-way through a migration now leaves nothing half-applied either.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

/**
 * Kysely prepares every query afresh; preparing costs more than running the small queries a page makes.
 * Statements are kept by their SQL text (bounded), so a query shape is prepared once per process.
 */
function withStatementCache(database: BetterSqliteDatabase): SqliteDatabase {
  const cache = new Map<string, ReturnType<BetterSqliteDatabase['prepare']>>();
  return {
    close: () => database.close(),
    prepare(sqlText: string) {
      let stmt = cache.get(sqlText);
      if (!stmt) {
        stmt = database.prepare(sqlText);
        if (cache.size >= 1000) cache.clear();
        cache.set(sqlText, stmt);
      }
      return stmt;
    },
  } as SqliteDatabase;
}

/** An auto-incrementing integer key. */
export function idColumn(dialect: DialectName): {
  type: 'integer' | 'bigserial';
  build: (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder;
} {
  return dialect === 'sqlite'
    ? { type: 'integer', build: (c) => c.primaryKey().autoIncrement() }
    : { type: 'bigserial', build: (c) => c.primaryKey() };
}

/** The integer type for foreign keys to an id column. */
export function refType(dialect: DialectName): 'integer' | 'bigint' {
  return dialect === 'sqlite' ? 'integer' : 'bigint';
}

/**
 * Serialises appends to the audit chain within a transaction. SQLite holds one writer at a time already;
 * PostgreSQL needs a transaction-scoped advisory lock so two writers never read the same chain head.
 */
export async function lockAuditChain(trx: Transaction<Database>, dialect: DialectName): Promise<void> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(7264011)`.execute(trx);
}

/** After a restore, the PostgreSQL sequences continue after the restored ids. */
export async function resetSequences(
  db: Kysely<Database>,
  dialect: DialectName,
  tables: readonly string[],
): Promise<void> {
  if (dialect !== 'postgres') return;
  for (const t of tables) {
    await sql`select setval(pg_get_serial_sequence(${t}, 'id'), coalesce((select max(id) from ${sql.table(t)}), 0) + 1, false)`.execute(
      db,
    );
  }
}

/** Integrity check of the database file (SQLite); PostgreSQL guarantees its own. */
export async function integrityCheck(db: Kysely<Database>, dialect: DialectName): Promise<string> {
  if (dialect !== 'sqlite') return 'ok';
  const r = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db);
  return r.rows.map((x) => x.integrity_check).join('; ');
}

/** Database errors users can act on, as AppErrors with a clear message; anything else passes through. */
export function translateError(e: unknown): unknown {
  const err = e as { code?: string; message?: string };
  const code = err?.code ?? '';
  const msg = err?.message ?? '';
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || code === '55P03' || code === '40P01') {
    return new AppError('busy', '数据库正忙（另一进程正在写入），请稍后重试', msg, { cause: e });
  }
  if (code === 'SQLITE_FULL' || code === '53100' || /disk is full|database or disk is full|No space left/i.test(msg)) {
    return new AppError('storage-full', '存储空间已满，本次操作未保存，已有数据未受影响；请清理磁盘后重试', msg, {
      cause: e,
    });
  }
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505') {
    return new AppError('conflict', '数据已存在，不能重复写入', msg, { cause: e });
  }
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || code === '23503') {
    return new AppError('invalid-input', '引用的数据不存在', msg, { cause: e });
  }
  return e;
}

export type { Sql };
