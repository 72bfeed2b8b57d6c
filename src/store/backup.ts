import { closeSync, openSync, readSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { Unzip, UnzipInflate, Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import { type Kysely, sql, type Transaction } from 'kysely';
import { AppError } from '../domain/errors.js';
import { verifyAudit } from './audit.js';
import { resetSequences } from './dialect.js';
import { bumpDirectoryVersion } from './directory.js';
import { rewriteAllNextDue } from './next-due.js';
import { type Database, TABLES } from './schema.js';
import type { Store } from './store.js';

/**
 * A logical backup: every table as JSON lines, read in one consistent snapshot while the system keeps
 * running (a read transaction in SQLite's WAL mode; REPEATABLE READ in PostgreSQL), plus every stored file,
 * in one zip. Being logical, it restores into either database: an office can move from SQLite to a server.
 * The file is written under a temporary name and renamed, so a backup is either whole or absent.
 */
export const BACKUP_FORMAT = 'taizhang-backup';
export const BACKUP_VERSION = 1;

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  createdAt: string;
  dialect: string;
  counts: Record<string, number>;
  files: number;
  auditHead: string;
}

const KEY: Partial<Record<keyof Database, string>> = {
  units: 'id',
  unit_groups: 'id',
  blobs: 'sha256',
  settings: 'key',
};
const PAGE = 2000;
const enc = new TextEncoder();

export async function backup(store: Store, file: string, at: string): Promise<BackupManifest> {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  let failed: Error | null = null;
  const zip = new Zip((err, chunk) => {
    if (err) failed = err;
    else writeSync(fd, chunk);
  });
  try {
    const tables: Record<string, number> = {};
    const shas: string[] = [];
    await readSnapshot(store, async (db) => {
      for (const table of TABLES) {
        const entry = new ZipDeflate(`tables/${table}.jsonl`, { level: 6 });
        zip.add(entry);
        let n = 0;
        for await (const rows of pages(db, table)) {
          const lines = rows.map((r) => `${JSON.stringify(r)}\n`).join('');
          entry.push(enc.encode(lines));
          if (table === 'blobs') for (const r of rows) shas.push(String(r.sha256));
          n += rows.length;
        }
        entry.push(new Uint8Array(0), true);
        tables[table] = n;
      }
    });
    // Stored files never change once written, so reading them after the snapshot is still consistent.
    for (const sha of shas) {
      const entry = new ZipPassThrough(`files/${sha}`);
      zip.add(entry);
      entry.push(await store.blobs.get(sha), true);
    }
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      createdAt: at,
      dialect: store.dialect,
      counts: tables,
      files: shas.length,
      auditHead: (await verifyAudit(store.db)).head,
    };
    const m = new ZipDeflate('manifest.json');
    zip.add(m);
    m.push(enc.encode(JSON.stringify(manifest, null, 2)), true);
    zip.end();
    if (failed) throw failed;
    closeSync(fd);
    renameSync(tmp, file);
    return manifest;
  } catch (e) {
    try {
      closeSync(fd);
    } catch {}
    try {
      unlinkSync(tmp);
    } catch {}
    if ((e as NodeJS.ErrnoException).code === 'ENOSPC')
      throw new AppError('storage-full', '存储空间已满，备份未完成（未留下不完整的备份文件）', String(e));
    throw e;
  }
}

async function readSnapshot(store: Store, fn: (db: Kysely<Database>) => Promise<void>): Promise<void> {
  if (store.dialect === 'postgres') {
    await store.db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(fn);
    return;
  }
  // SQLite: a deferred transaction that only reads holds a WAL snapshot and blocks no writer.
  await store.db.connection().execute(async (conn) => {
    await sql`begin`.execute(conn);
    try {
      await fn(conn);
    } finally {
      await sql`commit`.execute(conn);
    }
  });
}

async function* pages(db: Kysely<Database>, table: keyof Database): AsyncGenerator<Record<string, unknown>[]> {
  const key = KEY[table] ?? 'id';
  let last: unknown = null;
  for (;;) {
    let q = db.selectFrom(sql.table(table).as('t')).selectAll().orderBy(sql.ref(key)).limit(PAGE);
    if (last !== null) q = q.where(sql.ref(key), '>', last);
    const rows = (await q.execute()) as Record<string, unknown>[];
    if (rows.length === 0) return;
    yield rows;
    last = rows[rows.length - 1]![key];
    if (rows.length < PAGE) return;
  }
}

/** Restores a backup into an empty store, in one transaction: the whole backup or nothing. */
export async function restore(store: Store, file: string): Promise<BackupManifest> {
  const occupied = await Promise.all(
    (['units', 'plans', 'audit_events'] as const).map((t) =>
      store.db.selectFrom(t).select(sql<number>`1`.as('x')).limit(1).executeTakeFirst(),
    ),
  );
  if (occupied.some(Boolean)) throw new AppError('conflict', '只能恢复到空数据库：目标数据库中已有数据');

  const entries = new Map<string, Uint8Array[]>();
  const done: string[] = [];
  const unzip = new Unzip((f) => {
    if (!/^(?:manifest\.json|tables\/[a-z_]+\.jsonl|files\/[0-9a-f]{64})$/.test(f.name))
      throw new AppError('format-corrupt', `备份文件中有不认识的内容：${f.name.slice(0, 80)}`);
    const parts: Uint8Array[] = [];
    entries.set(f.name, parts);
    f.ondata = (err, chunk, final) => {
      if (err) throw new AppError('format-corrupt', `备份文件已损坏：${f.name}`, String(err));
      parts.push(chunk);
      if (final) done.push(f.name);
    };
    f.start();
  });
  unzip.register(UnzipInflate);

  let manifest: BackupManifest | null = null;
  const tables = new Map<string, Uint8Array>();
  const counts: Record<string, number> = {};
  let files = 0;
  const fd = openSync(file, 'r');
  try {
    const buf = new Uint8Array(1 << 16);
    for (;;) {
      const n = readSync(fd, buf);
      try {
        unzip.push(buf.slice(0, n), n === 0);
      } catch (e) {
        if (e instanceof AppError) throw e;
        throw new AppError('format-corrupt', `${file} 已损坏，无法读取（${(e as Error).message}）`, String(e));
      }
      while (done.length) {
        const name = done.shift()!;
        const bytes = concat(entries.get(name)!);
        entries.delete(name);
        if (name === 'manifest.json') manifest = JSON.parse(new TextDecoder().decode(bytes)) as BackupManifest;
        else if (name.startsWith('tables/')) tables.set(name.slice(7, -6), bytes);
        else {
          const sha = name.slice(6);
          if ((await store.blobs.put(bytes, Number.POSITIVE_INFINITY)) !== sha)
            throw new AppError('format-corrupt', `备份中的文件 ${sha} 已损坏（校验不符）`);
          files++;
        }
      }
      if (n === 0) break;
    }
  } finally {
    closeSync(fd);
  }
  if (!manifest || manifest.format !== BACKUP_FORMAT) throw new AppError('format-corrupt', `${file} 不是台账备份文件`);
  if (manifest.version > BACKUP_VERSION) throw new AppError('format-unsupported', '备份文件来自更新的版本，请先升级');

  await store.transaction(async (trx) => {
    for (const table of TABLES) counts[table] = await insertLines(trx, table, tables.get(table));
    // Derived from the periods (migration 0006): rewritten, so that a backup taken before it restores whole.
    await rewriteAllNextDue(trx);
    await bumpDirectoryVersion(trx);
  });
  await resetSequences(
    store.db,
    store.dialect,
    TABLES.filter((t) => !KEY[t]),
  );
  for (const [t, n] of Object.entries(manifest.counts)) {
    if (counts[t] !== n)
      throw new AppError('format-corrupt', `备份不完整：${t} 应有 ${n} 行，实得 ${counts[t] ?? 0} 行`);
  }
  if (files !== manifest.files)
    throw new AppError('format-corrupt', `备份不完整：应有 ${manifest.files} 个文件，实得 ${files} 个`);
  return manifest;
}

async function insertLines(
  trx: Transaction<Database>,
  table: keyof Database,
  bytes: Uint8Array | undefined,
): Promise<number> {
  if (!bytes) return 0;
  const text = new TextDecoder().decode(bytes);
  let batch: Record<string, unknown>[] = [];
  let n = 0;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    await trx
      .insertInto(table)
      .values(batch as never)
      .execute();
    n += batch.length;
    batch = [];
  };
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', start)) {
    const line = text.slice(start, i);
    start = i + 1;
    if (!line) continue;
    batch.push(JSON.parse(line) as Record<string, unknown>);
    if (batch.length >= 200) await flush();
  }
  await flush();
  return n;
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
