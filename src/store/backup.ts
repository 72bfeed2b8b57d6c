import { createHash, randomBytes } from 'node:crypto';
import { closeSync, createReadStream, createWriteStream, openSync, readSync } from 'node:fs';
import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Duplex, Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { unzipSync } from 'fflate';
import { type Kysely, sql, type Transaction } from 'kysely';
import tar from 'tar-stream';
import { AppError } from '../domain/errors.js';
import { verifyAudit } from './audit.js';
import { auditKeyFingerprint } from './audit-key.js';
import { type BackupCipher, ENVELOPE_MAGIC, openStream, sealStream } from './backup-envelope.js';
import { resetSequences } from './dialect.js';
import { bumpDirectoryVersion } from './directory.js';
import { rewriteAllNextDue } from './next-due.js';
import { type Database, TABLES } from './schema.js';
import type { Store } from './store.js';

/**
 * A logical backup: every table as JSON lines, read in one consistent snapshot while the system keeps
 * running (a read transaction in SQLite's WAL mode; REPEATABLE READ in PostgreSQL), plus every stored file.
 * Being logical, it restores into either database: an office can move from SQLite to a server.
 *
 * Format 2 is a gzipped tar (readable with `tar tzf` when not encrypted): `manifest.json` first, with every
 * table's row count, size and SHA-256, then `tables/*.jsonl`, then `files/<sha256>`. Tar entries carry their
 * length in their header, so a stored file that is itself an archive (docx, xlsx, ofd, zip) cannot be taken
 * for backup entries, as format 1's streaming zip reader did. With a passphrase the whole stream is sealed
 * (backup-envelope). A backup is written under a temporary name, read back and checked in full, and only
 * then renamed: a file under the given name is whole and restorable.
 *
 * A restore reads and checks everything into a staging folder first, places the files, then inserts every
 * row in one transaction; on any failure it removes what it placed and the staging folder, so a failed
 * restore leaves the data directory and database as they were. Format 1 (zip) backups still restore.
 */
export const BACKUP_FORMAT = 'taizhang-backup';
export const BACKUP_VERSION = 2;

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  dialect: string;
  counts: Record<string, number>;
  files: number;
  auditHead: string;
  /** Fingerprint of the audit key the log is chained under (not the key): a restore must run with the same. */
  auditKey?: string | null;
  /** Format 2: each table entry's size and SHA-256 (stored files are named by theirs). */
  entries?: Record<string, { bytes: number; sha256: string }>;
}

export interface BackupOptions {
  /** Seal the backup with this passphrase. */
  passphrase?: string;
  cipher?: BackupCipher;
}

const KEY: Partial<Record<keyof Database, string>> = {
  units: 'id',
  unit_groups: 'id',
  blobs: 'sha256',
  settings: 'key',
};
const PAGE = 2000;
const MAX_MANIFEST = 1 << 20;
const TABLE_ENTRY = /^tables\/([a-z_]+)\.jsonl$/;
const FILE_ENTRY = /^files\/([0-9a-f]{64})$/;

export async function backup(
  store: Store,
  file: string,
  at: string,
  options: BackupOptions = {},
): Promise<BackupManifest> {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const stage = `${tmp}.stage`;
  try {
    await mkdir(stage, { recursive: true });
    const counts: Record<string, number> = {};
    const entries: Record<string, { bytes: number; sha256: string }> = {};
    const shas: string[] = [];
    await readSnapshot(store, async (db) => {
      for (const table of TABLES) {
        const out = createWriteStream(join(stage, `${table}.jsonl`));
        const hash = createHash('sha256');
        let bytes = 0;
        let n = 0;
        for await (const rows of pages(db, table)) {
          const chunk = Buffer.from(rows.map((r) => `${JSON.stringify(r)}\n`).join(''));
          hash.update(chunk);
          bytes += chunk.length;
          await write(out, chunk);
          if (table === 'blobs') for (const r of rows) shas.push(String(r.sha256));
          n += rows.length;
        }
        await new Promise<void>((res, rej) => out.end((e?: Error | null) => (e ? rej(e) : res())));
        counts[table] = n;
        entries[`tables/${table}.jsonl`] = { bytes, sha256: hash.digest('hex') };
      }
    });
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      createdAt: at,
      dialect: store.dialect,
      counts,
      files: shas.length,
      auditHead: (await verifyAudit(store.db)).head,
      auditKey: auditKeyFingerprint(store.db as unknown as Kysely<unknown>),
      entries,
    };

    const pack = tar.pack();
    const written = pipeline([
      pack as unknown as Readable,
      createGzip({ level: 6 }),
      ...(options.passphrase ? [Duplex.from(sealStream(options.passphrase, options.cipher))] : []),
      createWriteStream(tmp),
    ]);
    // The pipeline runs while entries are added; a failure there must not go unobserved until the end.
    written.catch(() => {});
    const add = (name: string, body: Buffer): Promise<void> =>
      new Promise((res, rej) =>
        pack.entry({ name, size: body.length, mtime: new Date(at) }, body, (e) => (e ? rej(e) : res())),
      );
    await add('manifest.json', Buffer.from(JSON.stringify(manifest, null, 2)));
    for (const table of TABLES) {
      const path = join(stage, `${table}.jsonl`);
      const { size } = await stat(path);
      const entry = pack.entry({ name: `tables/${table}.jsonl`, size, mtime: new Date(at) });
      await pipeline(createReadStream(path), entry);
    }
    // Stored files never change once written, so reading them after the snapshot is still consistent.
    // Streamed from whichever file store holds them (disk, database, object store), checked as they are read.
    for (const sha of shas) {
      const { size, body } = await store.blobs.open(sha);
      await pipeline(body, pack.entry({ name: `files/${sha}`, size, mtime: new Date(at) }));
    }
    pack.finalize();
    await written;

    await checkBackup(tmp, options.passphrase);
    await rename(tmp, file);
    return manifest;
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => {});
    if ((e as NodeJS.ErrnoException).code === 'ENOSPC')
      throw new AppError('storage-full', '存储空间已满，备份未完成（未留下不完整的备份文件）', String(e));
    if (e instanceof AppError && e.code === 'format-corrupt')
      throw new AppError(
        'storage-full',
        `备份写出后复核未通过（磁盘写入有误？），未留下备份文件：${e.userMessage}`,
        e.message,
      );
    throw e;
  } finally {
    await rm(stage, { recursive: true, force: true }).catch(() => {});
  }
}

function write(out: Writable, chunk: Buffer): Promise<void> {
  return new Promise((res, rej) => {
    out.write(chunk, (e) => (e ? rej(e) : res()));
  });
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

/** What a backup file is, from its first bytes. */
type BackupKind = 'archive' | 'sealed' | 'zip-v1';

function sniff(file: string): BackupKind {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw new AppError('not-found', `备份文件 ${file} 无法打开（${(e as NodeJS.ErrnoException).code ?? e}）`);
  }
  const head = Buffer.alloc(ENVELOPE_MAGIC.length);
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  if (head[0] === 0x1f && head[1] === 0x8b) return 'archive';
  if (head.equals(ENVELOPE_MAGIC)) return 'sealed';
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 3 && head[3] === 4) return 'zip-v1';
  throw new AppError('format-corrupt', `${file} 不是台账备份文件`);
}

/** Receives each checked entry's bytes; a table's or file's bytes are checked again at the end. */
type EntrySink = (kind: 'table' | 'file', name: string, body: AsyncIterable<Uint8Array>) => Promise<void>;

/**
 * Reads a whole backup, checking its manifest, every entry's checksum and that nothing is missing or extra,
 * and hands each entry to `sink`. Returns the manifest only when everything checked out.
 */
export async function readBackup(
  file: string,
  passphrase: string | undefined,
  sink: EntrySink,
  onManifest: (m: BackupManifest) => void = () => {},
): Promise<BackupManifest> {
  const kind = sniff(file);
  if (kind === 'zip-v1') return readZipV1(file, sink, onManifest);
  if (kind === 'sealed' && !passphrase)
    throw new AppError('format-encrypted', '该备份已加密，请提供口令（--passphrase-file）');

  const extract = tar.extract();
  const feed = pipeline([
    createReadStream(file),
    ...(kind === 'sealed' ? [Duplex.from(openStream(passphrase!))] : []),
    createGunzip(),
    extract,
  ]).catch((e: unknown) => {
    extract.destroy(e as Error);
    throw e;
  });
  let manifest: BackupManifest | null = null;
  const seen = new Set<string>();
  let files = 0;
  const consume = async (): Promise<void> => {
    for await (const entry of extract) {
      const name = entry.header.name;
      if (!manifest) {
        if (name !== 'manifest.json' || (entry.header.size ?? 0) > MAX_MANIFEST)
          throw new AppError('format-corrupt', `${file} 不是台账备份文件（缺少清单）`);
        manifest = checkManifest(await collect(entry as AsyncIterable<Uint8Array>), file);
        onManifest(manifest);
        continue;
      }
      if (seen.has(name)) throw new AppError('format-corrupt', `备份文件中 ${name} 重复出现`);
      seen.add(name);
      const table = TABLE_ENTRY.exec(name);
      const blob = FILE_ENTRY.exec(name);
      if (!table && !blob) throw new AppError('format-corrupt', `备份文件中有不认识的内容：${name.slice(0, 80)}`);
      const hash = createHash('sha256');
      let bytes = 0;
      const body = tee(entry as AsyncIterable<Uint8Array>, (c) => {
        hash.update(c);
        bytes += c.length;
      });
      await sink(table ? 'table' : 'file', name, body);
      // Whatever the sink left unread is still read and checked.
      for await (const _ of body);
      const sha = hash.digest('hex');
      if (table) {
        const want = manifest.entries?.[name];
        if (!want) throw new AppError('format-corrupt', `备份文件中有清单未列出的数据表：${name}`);
        if (want.sha256 !== sha || want.bytes !== bytes)
          throw new AppError('format-corrupt', `备份中的数据表 ${table[1]} 已损坏（校验不符）`);
      } else {
        if (blob![1] !== sha) throw new AppError('format-corrupt', `备份中的文件 ${blob![1]} 已损坏（校验不符）`);
        files++;
      }
    }
  };
  try {
    await Promise.all([feed, consume()]);
  } catch (e) {
    extract.destroy();
    if (e instanceof AppError) throw e;
    throw new AppError('format-corrupt', `${file} 已损坏，无法读取（${(e as Error).message}）`, String(e));
  }
  const m = manifest as BackupManifest | null;
  if (!m) throw new AppError('format-corrupt', `${file} 不是台账备份文件（内容为空）`);
  for (const name of Object.keys(m.entries ?? {}))
    if (!seen.has(name)) throw new AppError('format-corrupt', `备份不完整：缺少 ${name}`);
  if (files !== m.files) throw new AppError('format-corrupt', `备份不完整：应有 ${m.files} 个文件，实得 ${files} 个`);
  return m;
}

function checkManifest(bytes: Buffer, file: string): BackupManifest {
  let m: BackupManifest;
  try {
    m = JSON.parse(bytes.toString('utf8')) as BackupManifest;
  } catch {
    throw new AppError('format-corrupt', `${file} 的备份清单无法读取`);
  }
  if (m?.format !== BACKUP_FORMAT) throw new AppError('format-corrupt', `${file} 不是台账备份文件`);
  if (!(m.version <= BACKUP_VERSION)) throw new AppError('format-unsupported', '备份文件来自更新的版本，请先升级');
  return m;
}

/** Format 1: a zip. Read through its central directory (whole file in memory): stored archives are inert. */
async function readZipV1(
  file: string,
  sink: EntrySink,
  onManifest: (m: BackupManifest) => void,
): Promise<BackupManifest> {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(await readFile(file));
  } catch (e) {
    throw new AppError('format-corrupt', `${file} 已损坏，无法读取（${(e as Error).message}）`, String(e));
  }
  const raw = entries['manifest.json'];
  if (!raw) throw new AppError('format-corrupt', `${file} 不是台账备份文件`);
  const manifest = checkManifest(Buffer.from(raw), file);
  onManifest(manifest);
  let files = 0;
  for (const [name, bytes] of Object.entries(entries)) {
    if (name === 'manifest.json') continue;
    const blob = FILE_ENTRY.exec(name);
    if (!TABLE_ENTRY.test(name) && !blob)
      throw new AppError('format-corrupt', `备份文件中有不认识的内容：${name.slice(0, 80)}`);
    if (blob) {
      if (createHash('sha256').update(bytes).digest('hex') !== blob[1])
        throw new AppError('format-corrupt', `备份中的文件 ${blob[1]} 已损坏（校验不符）`);
      files++;
    }
    await sink(blob ? 'file' : 'table', name, Readable.from([bytes]));
  }
  if (files !== manifest.files)
    throw new AppError('format-corrupt', `备份不完整：应有 ${manifest.files} 个文件，实得 ${files} 个`);
  return manifest;
}

async function collect(body: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const c of body) parts.push(c);
  return Buffer.concat(parts);
}

async function* tee(body: AsyncIterable<Uint8Array>, see: (c: Uint8Array) => void): AsyncGenerator<Uint8Array> {
  for await (const c of body) {
    see(c);
    yield c;
  }
}

/** Checks a backup file in full without touching any database. */
export async function checkBackup(file: string, passphrase?: string): Promise<BackupManifest> {
  return readBackup(file, passphrase, async () => {});
}

/** Restores a backup into an empty store: everything, or nothing changed. */
export async function restore(
  store: Store,
  file: string,
  options: { passphrase?: string } = {},
): Promise<BackupManifest> {
  await requireEmpty(store);
  const stage = join(store.dataDir, `.restore-${process.pid}-${randomBytes(4).toString('hex')}`);
  const placed: string[] = [];
  try {
    await mkdir(join(stage, 'files'), { recursive: true });
    await mkdir(join(stage, 'tables'), { recursive: true });
    const lines: Record<string, number> = {};
    const staged: string[] = [];
    const keyHere = auditKeyFingerprint(store.db as unknown as Kysely<unknown>);
    const sameKey = (m: BackupManifest): void => {
      if (m.auditKey && keyHere && m.auditKey !== keyHere)
        throw new AppError(
          'conflict',
          `备份中的审计日志是用另一把审计密钥链接的（密钥指纹 ${m.auditKey}，本系统 ${keyHere}），恢复后将无法验证。` +
            '请把原系统数据目录中的 audit.key 复制到本数据目录（或把 TAIZHANG_AUDIT_KEY 设为原密钥）后再恢复；未恢复任何数据',
        );
    };
    const manifest = await readBackup(
      file,
      options.passphrase,
      async (kind, name, body) => {
        const target = join(stage, name);
        if (kind === 'table') {
          let n = 0;
          await pipeline(
            body,
            async function* (src) {
              for await (const c of src) {
                const b = c as Buffer;
                for (let i = b.indexOf(0x0a); i >= 0; i = b.indexOf(0x0a, i + 1)) n++;
                yield b;
              }
            },
            createWriteStream(target),
          );
          lines[TABLE_ENTRY.exec(name)![1]!] = n;
        } else {
          await pipeline(body, createWriteStream(target));
          staged.push(name.slice(6));
        }
      },
      sameKey,
    );
    for (const [t, n] of Object.entries(manifest.counts)) {
      if (!(TABLES as readonly string[]).includes(t))
        throw new AppError('format-corrupt', `备份中有不认识的数据表：${t}`);
      if ((lines[t] ?? 0) !== n)
        throw new AppError('format-corrupt', `备份不完整：${t} 应有 ${n} 行，实得 ${lines[t] ?? 0} 行`);
    }

    // Files first: if the rows then fail, the files placed here are removed; a file without rows is harmless.
    for (const sha of staged) if (await store.blobs.adopt(sha, join(stage, 'files', sha))) placed.push(sha);
    await requireEmpty(store);
    await store.transaction(async (trx) => {
      for (const table of TABLES) await insertLines(trx, table, join(stage, 'tables', `${table}.jsonl`));
      // Derived from the periods (migration 0006): rewritten, so that a backup taken before it restores whole.
      await rewriteAllNextDue(trx);
      await bumpDirectoryVersion(trx);
    });
    await resetSequences(
      store.db,
      store.dialect,
      TABLES.filter((t) => !KEY[t]),
    );
    return manifest;
  } catch (e) {
    for (const sha of placed) await store.blobs.remove(sha).catch(() => {});
    throw e;
  } finally {
    await rm(stage, { recursive: true, force: true }).catch(() => {});
  }
}

async function requireEmpty(store: Store): Promise<void> {
  const occupied = await Promise.all(
    (['units', 'plans', 'audit_events'] as const).map((t) =>
      store.db.selectFrom(t).select(sql<number>`1`.as('x')).limit(1).executeTakeFirst(),
    ),
  );
  if (occupied.some(Boolean)) throw new AppError('conflict', '只能恢复到空数据库：目标数据库中已有数据');
}

async function insertLines(trx: Transaction<Database>, table: keyof Database, path: string): Promise<void> {
  try {
    await stat(path);
  } catch {
    return;
  }
  let batch: Record<string, unknown>[] = [];
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    await trx
      .insertInto(table)
      .values(batch as never)
      .execute();
    batch = [];
  };
  const rl = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  for await (const text of rl) {
    line++;
    if (!text) continue;
    try {
      batch.push(JSON.parse(text) as Record<string, unknown>);
    } catch {
      throw new AppError('format-corrupt', `备份中的数据表 ${table} 第 ${line} 行无法读取`);
    }
    if (batch.length >= 200) await flush();
  }
  await flush();
}
