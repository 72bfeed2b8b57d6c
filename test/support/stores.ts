import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, it } from 'vitest';
import type { DialectName } from '../../src/store/dialect.js';
import { openStore, type Store, type StoreConfig } from '../../src/store/store.js';

/**
 * The storage suites run once per database: SQLite in a temporary directory, PostgreSQL in a schema of
 * their own, dropped afterwards. PostgreSQL is at TAIZHANG_TEST_DATABASE_URL (default: this machine's
 * 127.0.0.1:5432, database `test`). Under CI=true an unreachable PostgreSQL fails the suite; elsewhere the
 * PostgreSQL half is skipped with a message saying so.
 */
export const TEST_DATABASE_URL = process.env.TAIZHANG_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let probed: Promise<string | null> | null = null;

/** Null when PostgreSQL answers; otherwise why not. */
export function postgresProblem(): Promise<string | null> {
  probed ??= (async () => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('select 1');
      return null;
    } catch (e) {
      return (e as Error).message;
    } finally {
      await client.end().catch(() => {});
    }
  })();
  return probed;
}

export interface StoreFactory {
  dialect: DialectName;
  /** A fresh, empty, migrated store; removed when the suite ends. */
  open(options?: Partial<StoreConfig>): Promise<Store>;
  /** The configuration of a fresh store, for child processes (not opened here; removed at the end). */
  config(): StoreConfig;
}

export const DIALECTS: readonly DialectName[] = ['sqlite', 'postgres'];

export function factory(dialect: DialectName): StoreFactory {
  const dirs: string[] = [];
  const schemas: string[] = [];
  const opened: Store[] = [];
  afterAll(async () => {
    for (const s of opened) await s.close().catch(() => {});
    if (schemas.length) {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      for (const s of schemas) await client.query(`drop schema if exists "${s}" cascade`);
      await client.end();
    }
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  const config = (): StoreConfig => {
    const dataDir = mkdtempSync(join(tmpdir(), `tz-${dialect}-`));
    dirs.push(dataDir);
    if (dialect === 'sqlite') return { dataDir };
    const schema = `tz_test_${randomBytes(6).toString('hex')}`;
    schemas.push(schema);
    return { dataDir, databaseUrl: TEST_DATABASE_URL, schema };
  };
  return {
    dialect,
    config,
    async open(options = {}) {
      const store = await openStore({ ...config(), ...options });
      opened.push(store);
      return store;
    },
  };
}

/**
 * `describe` once per database. The PostgreSQL half fails under CI when the server is unreachable and is
 * skipped (saying why) elsewhere.
 */
export function describeEachDialect(name: string, body: (f: StoreFactory) => void): void {
  for (const dialect of DIALECTS) {
    describe(`${name} [${dialect}]`, async () => {
      if (dialect === 'postgres') {
        const problem = await postgresProblem();
        if (problem) {
          if (process.env.CI === 'true') {
            it('needs PostgreSQL (required under CI)', () => {
              throw new Error(`PostgreSQL unreachable at ${TEST_DATABASE_URL}: ${problem}`);
            });
          } else {
            it.skip(`PostgreSQL unreachable at ${TEST_DATABASE_URL} (${problem}); skipped outside CI`, () => {});
          }
          return;
        }
      }
      body(factory(dialect));
    });
  }
}

/**
 * `describe` for a suite that needs PostgreSQL itself (several processes on one schema): fails under CI when
 * the server is unreachable, skipped with the reason elsewhere.
 */
export function describePostgres(name: string, body: () => void): void {
  describe(name, async () => {
    const problem = await postgresProblem();
    if (problem) {
      if (process.env.CI === 'true')
        it('needs PostgreSQL (required under CI)', () => {
          throw new Error(`PostgreSQL unreachable at ${TEST_DATABASE_URL}: ${problem}`);
        });
      else it.skip(`PostgreSQL unreachable at ${TEST_DATABASE_URL} (${problem}); skipped outside CI`, () => {});
      return;
    }
    body();
  });
}

/** A connection string that puts a child process in `schema` (search_path), for servers spawned by tests. */
export function urlForSchema(schema: string, base = TEST_DATABASE_URL): string {
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

/** Drops a schema a suite made for itself. */
export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}
