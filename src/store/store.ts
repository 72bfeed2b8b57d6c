import { existsSync } from 'node:fs';
import { join } from 'node:path';
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
import { config } from '../config.js';
import { GENESIS } from './audit.js';
import { ANCHOR_FILE, AuditKeyPlugin, appendAnchor, auditKeyOf, loadAuditKey } from './audit-key.js';
import type { BlobStore } from './blobs.js';
import { connect, type DialectName, translateError } from './dialect.js';
import { DatabaseBlobStore } from './files/database.js';
import { DiskBlobStore } from './files/disk.js';
import { S3BlobStore } from './files/s3.js';
import { parseS3Url } from './files/s3-url.js';
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
  /** Stored files in an S3-compatible object store (TAIZHANG_S3_URL); else in PostgreSQL, else on disk. */
  s3Url?: string | null;
  /** PostgreSQL schema to use (tests use their own). */
  schema?: string;
  /** Run migrations when opening (default true). */
  migrate?: boolean;
  /** The audit log's key (TAIZHANG_AUDIT_KEY); without it, `audit.key` in the data directory (made once). */
  auditKey?: string | null;
  /** Where the audit chain's signed anchors are appended (TAIZHANG_AUDIT_ANCHORS); default in the data directory. */
  auditAnchorFile?: string | null;
}

export interface Store {
  db: Kysely<Database>;
  dialect: DialectName;
  dataDir: string;
  /**
   * Stored files: under the data directory with SQLite; in PostgreSQL with DATABASE_URL (so every server
   * reads the same); in an object store when TAIZHANG_S3_URL is set.
   */
  blobs: BlobStore;
  /** The file the audit chain's head is anchored in (outside the database). */
  auditAnchorFile: string;
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

/** The store this process is configured for (src/config.ts). */
export function configFromEnv(): StoreConfig {
  const c = config();
  return {
    dataDir: c.dataDir,
    databaseUrl: c.databaseUrl,
    s3Url: c.s3Url,
    auditKey: c.auditKey,
    auditAnchorFile: c.auditAnchorFile,
  };
}

export async function openStore(config: StoreConfig): Promise<Store> {
  const conn = await connect({
    sqliteFile: join(config.dataDir, 'taizhang.sqlite'),
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    ...(config.schema ? { schema: config.schema } : {}),
  });
  if (config.migrate !== false) await migrateToLatest(conn.db, conn.dialect);
  const writes = new WriteCounter();
  const head = await auditHead(conn.db);
  const key = loadAuditKey(config.dataDir, config.auditKey, head.id);
  const db = conn.db.withPlugin(writes).withPlugin(new AuditKeyPlugin(key));
  const auditAnchorFile = config.auditAnchorFile ?? join(config.dataDir, ANCHOR_FILE);
  // Anchors start with the key. A key from the environment records in its first anchor where the keyless
  // chain of an earlier release ended — written only while no event carries a keyed value yet, so a missing
  // anchor file is not silently replaced once the key is in use.
  if (!existsSync(auditAnchorFile)) {
    if (key.created) appendAnchor(auditAnchorFile, key.key, head, new Date().toISOString());
    else if (key.keylessUntil === null && !head.hash.startsWith('hmac:') && !(await anyKeyedEvent(conn.db)))
      appendAnchor(auditAnchorFile, key.key, head, new Date().toISOString(), true);
  }
  const disk = new DiskBlobStore(join(config.dataDir, 'files'));
  const blobs: BlobStore = config.s3Url
    ? await S3BlobStore.connect(parseS3Url(config.s3Url))
    : conn.dialect === 'postgres'
      ? new DatabaseBlobStore(db, disk)
      : disk;
  const dataVersion = conn.sqlite?.prepare('pragma data_version').pluck() ?? null;
  return {
    db,
    changeStamp: () => (dataVersion ? `${dataVersion.get()}.${writes.count}` : null),
    dialect: conn.dialect,
    dataDir: config.dataDir,
    auditAnchorFile,
    blobs,
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

/** Appends the audit chain's current head, signed, to the anchor file (when it moved since the last one). */
export async function anchorAuditHead(
  store: Pick<Store, 'db' | 'auditAnchorFile'>,
  now: Date,
): Promise<{ id: number; hash: string; written: boolean }> {
  const key = auditKeyOf(store.db as unknown as Kysely<unknown>)?.key;
  if (!key) throw new Error('audit key missing');
  const head = await auditHead(store.db);
  return { ...head, written: appendAnchor(store.auditAnchorFile, key, head, now.toISOString()) };
}

async function auditHead(db: Kysely<Database>): Promise<{ id: number; hash: string }> {
  try {
    const head = await db
      .selectFrom('audit_events')
      .select(['id', 'hash'])
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return { id: Number(head?.id ?? 0), hash: head?.hash ?? GENESIS };
  } catch {
    return { id: 0, hash: GENESIS }; // opened without migrations on an empty database: no log yet
  }
}

async function anyKeyedEvent(db: Kysely<Database>): Promise<boolean> {
  return !!(await db
    .selectFrom('audit_events')
    .select('id')
    .where('hash', 'like', 'hmac:%')
    .limit(1)
    .executeTakeFirst());
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
