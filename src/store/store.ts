import { join, resolve } from 'node:path';
import type {
  Kysely,
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  Transaction,
  UnknownRow,
} from 'kysely';
import { BlobStore } from './blobs.js';
import { connect, type DialectName, translateError } from './dialect.js';
import { migrateToLatest } from './migrate.js';
import type { Database } from './schema.js';

/**
 * The store: a database (SQLite under the data directory by default, PostgreSQL when DATABASE_URL is
 * set), migrated at open, and the content-addressed files beside it.
 */
export interface StoreConfig {
  /** Data directory: the SQLite file and stored files live here. */
  dataDir: string;
  /** PostgreSQL connection string; SQLite when absent. */
  databaseUrl?: string | null;
  /** PostgreSQL schema to use (tests use their own). */
  schema?: string;
  /** Run migrations when opening (default true). */
  migrate?: boolean;
}

export interface Store {
  db: Kysely<Database>;
  dialect: DialectName;
  dataDir: string;
  blobs: BlobStore;
  /**
   * Changes whenever the data may have changed — a write by this process or a commit by any other (SQLite's
   * data_version) — so answers computed from the data can be kept until then. Null where the database cannot
   * say (PostgreSQL): nothing is kept.
   */
  changeStamp(): string | null;
  /** Runs `fn` in one transaction; database errors come back as clear AppErrors. */
  transaction<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): StoreConfig {
  return { dataDir: resolve(env.TAIZHANG_DATA ?? '.data'), databaseUrl: env.DATABASE_URL || null };
}

export async function openStore(config: StoreConfig): Promise<Store> {
  const conn = await connect({
    sqliteFile: join(config.dataDir, 'taizhang.sqlite'),
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    ...(config.schema ? { schema: config.schema } : {}),
  });
  if (config.migrate !== false) await migrateToLatest(conn.db, conn.dialect);
  const writes = new WriteCounter();
  const db = conn.db.withPlugin(writes);
  const dataVersion = conn.sqlite?.prepare('pragma data_version').pluck() ?? null;
  return {
    db,
    changeStamp: () => (dataVersion ? `${dataVersion.get()}.${writes.count}` : null),
    dialect: conn.dialect,
    dataDir: config.dataDir,
    blobs: new BlobStore(join(config.dataDir, 'files')),
    async transaction(fn) {
      try {
        return await db.transaction().execute(fn);
      } catch (e) {
        throw translateError(e);
      }
    },
    close: () => conn.db.destroy(),
  };
}

/** Counts the statements this process sends that may write (anything but a plain SELECT). */
class WriteCounter implements KyselyPlugin {
  count = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (args.node.kind !== 'SelectQueryNode') this.count++;
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}
