import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'kysely';
import { KEY_FILE, keyFromText } from './audit-key.js';
import type { BlobStore } from './blobs.js';
import { connect, type DialectName } from './dialect.js';
import { S3BlobStore } from './files/s3.js';
import { parseS3Url } from './files/s3-url.js';
import { migrationStatus } from './migrate.js';
import type { Store, StoreConfig } from './store.js';

/**
 * Looks at a deployment's store without changing it, for readiness (a running server) and `taizhang doctor`
 * (before one runs): nothing is migrated, created or keyed here.
 */
export interface DatabaseState {
  dialect: DialectName;
  /** Known migrations not yet applied, and applied ones this release does not know. */
  pending: string[];
  unknown: string[];
  /** PostgreSQL's clock and time zone setting (SQLite shares this machine's clock: null). */
  clock: { now: Date; timeZone: string } | null;
}

export type DatabaseProbe =
  | ({ reachable: true } & DatabaseState)
  | { reachable: false; dialect: DialectName; reason: string; notCreated?: boolean };

/** The configured database: reachable, migrated, its clock. Gives up after `timeoutMs` on PostgreSQL. */
export async function inspectDatabase(cfg: StoreConfig, timeoutMs = 5000): Promise<DatabaseProbe> {
  const dialect: DialectName = cfg.databaseUrl ? 'postgres' : 'sqlite';
  const sqliteFile = join(cfg.dataDir, 'taizhang.sqlite');
  // Opening a missing SQLite file would create it: a new deployment is told so instead.
  if (dialect === 'sqlite' && !existsSync(sqliteFile))
    return { reachable: false, dialect, reason: `${sqliteFile} 尚不存在`, notCreated: true };
  let conn: Awaited<ReturnType<typeof connect>>;
  try {
    conn = await connect({
      sqliteFile,
      ...(cfg.databaseUrl ? { databaseUrl: cfg.databaseUrl } : {}),
      ...(cfg.schema ? { schema: cfg.schema } : {}),
      connectTimeoutMs: timeoutMs,
    });
  } catch (e) {
    // The underlying reason (host not found, refused, password rejected), without connect()'s own preface.
    const message = (e as { userMessage?: string }).userMessage ?? (e as Error).message;
    return { reachable: false, dialect, reason: message.replace(/^无法连接 PostgreSQL 数据库：/, '') };
  }
  try {
    await sql`select 1`.execute(conn.db);
    const status = await migrationStatus(conn.db, conn.dialect);
    let clock: DatabaseState['clock'] = null;
    if (conn.dialect === 'postgres') {
      const row = (
        await sql<{ now: Date; tz: string }>`select now() as now, current_setting('TimeZone') as tz`.execute(conn.db)
      ).rows[0];
      if (row) clock = { now: new Date(row.now), timeZone: row.tz };
    }
    return { reachable: true, dialect: conn.dialect, ...status, clock };
  } catch (e) {
    return { reachable: false, dialect, reason: (e as Error).message };
  } finally {
    await conn.db.destroy().catch(() => {});
  }
}

/** A running store: answers, and is migrated exactly to this release. Problems in Chinese; none when ready. */
export async function storeProblems(store: Pick<Store, 'db' | 'dialect'>): Promise<string[]> {
  try {
    await sql`select 1`.execute(store.db);
  } catch {
    return ['数据库无法访问'];
  }
  const { pending, unknown } = await migrationStatus(store.db, store.dialect);
  const problems: string[] = [];
  if (pending.length) problems.push(`数据库尚未迁移到最新版本（缺 ${pending.length} 项迁移）`);
  if (unknown.length) problems.push('数据库已由更新版本的台账迁移，本服务器版本过旧');
  return problems;
}

/** Null when a file can be written (and removed) in `dir`; otherwise why not, in Chinese. */
export async function writeProblem(dir: string): Promise<string | null> {
  const probe = join(dir, `.probe-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(probe, 'ok');
    return null;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return `${dir} 不可写（权限不足或只读）`;
    if (code === 'ENOSPC') return `${dir} 所在磁盘已满`;
    return `${dir} 不可写：${(e as Error).message}`;
  } finally {
    await rm(probe, { force: true }).catch(() => {});
  }
}

/**
 * Whether the configured file store takes files: the local folder is written to; an object store is asked
 * for a file it cannot hold (a round trip that needs the endpoint, the bucket and the keys); files in
 * PostgreSQL are covered by the database's own check. Null when it does.
 */
export async function fileStoreProblem(
  where: { dataDir: string; s3Url?: string | null; databaseUrl?: string | null },
  blobs?: Pick<BlobStore, 'backend' | 'has'>,
): Promise<string | null> {
  if (where.s3Url) {
    try {
      const store = blobs ?? (await S3BlobStore.connect(parseS3Url(where.s3Url)));
      await store.has('0'.repeat(64));
      return null;
    } catch (e) {
      return `对象存储无法访问：${(e as { userMessage?: string }).userMessage ?? (e as Error).name}`;
    }
  }
  if (where.databaseUrl) return null;
  return writeProblem(fileStoreDir(where.dataDir));
}

/** Where the local file store lives (stored files without an object store). */
export function fileStoreDir(dataDir: string): string {
  return join(dataDir, 'files');
}

/** Where the audit log's key comes from, and whether it is usable. */
export type AuditKeyState = { source: 'env' | 'file' } | { source: 'none' } | { source: 'invalid'; reason: string };

export function auditKeyState(dataDir: string, configured: string | null): AuditKeyState {
  try {
    if (configured) {
      keyFromText(configured, 'TAIZHANG_AUDIT_KEY');
      return { source: 'env' };
    }
    const file = join(dataDir, KEY_FILE);
    if (!existsSync(file)) return { source: 'none' };
    keyFromText(readFileSync(file, 'utf8').split('\n')[0] ?? '', file);
    return { source: 'file' };
  } catch (e) {
    return { source: 'invalid', reason: (e as { userMessage?: string }).userMessage ?? (e as Error).message };
  }
}

/** The hosts (host:port) the enabled group robots post to, for `taizhang doctor`; empty when none or unreadable. */
export async function robotEndpoints(cfg: StoreConfig, timeoutMs = 5000): Promise<string[]> {
  const sqliteFile = join(cfg.dataDir, 'taizhang.sqlite');
  if (!cfg.databaseUrl && !existsSync(sqliteFile)) return [];
  let conn: Awaited<ReturnType<typeof connect>> | null = null;
  try {
    conn = await connect({
      sqliteFile,
      ...(cfg.databaseUrl ? { databaseUrl: cfg.databaseUrl } : {}),
      ...(cfg.schema ? { schema: cfg.schema } : {}),
      connectTimeoutMs: timeoutMs,
    });
    const rows = await conn.db
      .selectFrom('robots')
      .select('webhook_url')
      .where('enabled', '=', 1)
      .where('removed_at', 'is', null)
      .execute();
    const hosts = new Set<string>();
    for (const r of rows) {
      try {
        const u = new URL(r.webhook_url);
        hosts.add(`${u.hostname}:${u.port || (u.protocol === 'http:' ? 80 : 443)}`);
      } catch {
        // a stored URL that no longer parses is the robot screen's to show, not a host to try
      }
    }
    return [...hosts].sort();
  } catch {
    return []; // not migrated yet, or unreachable: the database check says so
  } finally {
    await conn?.db.destroy().catch(() => {});
  }
}
