import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../src/domain/errors.js';
import { runExclusive } from '../src/server/job-lease.js';
import { findAssignment } from '../src/services/find-assignment.js';
import { submitProgress } from '../src/services/submit-progress.js';
import { backup, restore } from '../src/store/backup.js';
import { type BlobStore, hashBytes } from '../src/store/blobs.js';
import { CHUNK_BYTES } from '../src/store/files/database.js';
import type { DiskBlobStore } from '../src/store/files/disk.js';
import { parseS3Url } from '../src/store/files/s3-url.js';
import { claimLease, releaseLease } from '../src/store/leases.js';
import type { Store } from '../src/store/store.js';
import { sweepOrphanFiles } from '../src/store/sweep.js';
import { importConfirmed } from './support/confirmed.js';
import { COUNTY_PLAN, contextFor, loadDemoDirectory, operator, unitUser } from './support/ledger.js';
import { describeEachDialect, factory, postgresProblem } from './support/stores.js';

/**
 * Stored files on every backend — disk (SQLite), chunks in PostgreSQL, an S3-compatible object store (a real
 * s3rver on a local port, over a real directory) — read back byte for byte, checked on every read, swept when
 * no row refers to them, and carried whole through backups from one backend into another and back. And the
 * lease row that keeps a scheduled job on one server.
 */
const FINANCE = 'unit:庆元县财政局';
const big = randomBytes(3 * CHUNK_BYTES + 1234); // several chunks and a short last one

async function code(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AppError);
  return (e as AppError).code;
}

async function streamed(blobs: BlobStore, sha: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of (await blobs.open(sha)).body) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

/** Reading, limits, de-duplication and the sweep, the same on every backend. */
function behaves(open: () => Promise<Store>, damage: (store: Store, sha: string) => Promise<void>): void {
  let store: Store;
  beforeAll(async () => {
    store = await open();
  });

  it('stores a file once, reads it back whole and as a stream, refuses it above a limit', async () => {
    const sha = await store.blobs.put(big);
    expect(sha).toBe(hashBytes(big));
    expect(await store.blobs.put(big)).toBe(sha);
    expect(await store.blobs.has(sha)).toBe(true);
    expect(Buffer.from(await store.blobs.get(sha)).equals(big)).toBe(true);
    expect((await store.blobs.open(sha)).size).toBe(big.length);
    expect((await streamed(store.blobs, sha)).equals(big)).toBe(true);
    expect(await code(store.blobs.get(sha, 1000))).toBe('file-too-large');
    expect(await code(store.blobs.put(big, 1000))).toBe('file-too-large');
    expect(await code(store.blobs.get(hashBytes(Buffer.from('没有的文件'))))).toBe('not-found');
    expect(await code(store.blobs.get('../../etc/passwd'))).toBe('invalid-input');
    const empty = await store.blobs.put(new Uint8Array(0));
    expect((await store.blobs.get(empty)).length).toBe(0);
  });

  it('refuses a stored file whose bytes changed', async () => {
    const bytes = randomBytes(CHUNK_BYTES + 10);
    const sha = await store.blobs.put(bytes);
    await damage(store, sha);
    expect(await code(store.blobs.get(sha))).toBe('format-corrupt');
  });

  it('sweeps files no row refers to once they are old, and keeps the rest', async () => {
    const kept = await store.blobs.put(Buffer.from('有记录的文件'));
    await store.db
      .insertInto('blobs')
      .values({ sha256: kept, size: 18, mime: 'text/plain', created_at: new Date().toISOString() })
      .execute();
    const orphan = await store.blobs.put(Buffer.from('无记录的文件'));
    // Nothing is young enough to be an upload in flight an hour from now... except what was just written.
    expect(await sweepOrphanFiles(store, new Date(), 3_600_000)).toBe(0);
    const later = new Date(Date.now() + 2 * 3_600_000);
    const removed = await sweepOrphanFiles(store, later, 3_600_000);
    expect(removed).toBeGreaterThanOrEqual(1);
    expect(await store.blobs.has(orphan)).toBe(false);
    expect(await store.blobs.has(kept)).toBe(true);
    const left: string[] = [];
    for await (const batch of store.blobs.entries()) for (const e of batch) left.push(e.sha256 ?? `partial ${e.key}`);
    expect(left).toEqual([kept]);
  });
}

describeEachDialect('stored files', (f) => {
  behaves(
    () => f.open(),
    async (store, sha) => {
      if (store.blobs.backend === 'disk') {
        expect(f.dialect).toBe('sqlite');
        const file = (store.blobs as DiskBlobStore).pathOf(sha);
        writeFileSync(file, Buffer.concat([Buffer.from('x'), randomBytes(CHUNK_BYTES + 9)]));
      } else {
        expect(store.blobs.backend).toBe('database');
        await sql`update file_chunks set data = ${randomBytes(16)} where sha256 = ${sha} and seq = 1`.execute(store.db);
      }
    },
  );

  it('sweeps a write cut short (a partial file) and an orphan once they are old', async () => {
    const store = await f.open();
    const orphan = await store.blobs.put(Buffer.from('无记录'));
    const old = new Date(Date.now() - 2 * 3_600_000);
    if (store.blobs.backend === 'disk') {
      const partial = `${(store.blobs as DiskBlobStore).pathOf(orphan)}.1.2.tmp`;
      writeFileSync(partial, '写到');
      utimesSync(partial, old, old);
    } else {
      await store.db
        .insertInto('file_chunks')
        .values({
          sha256: hashBytes(Buffer.from('写到一半')),
          seq: 0,
          data: Buffer.from('写到'),
          written_at: old.toISOString(),
        })
        .execute();
    }
    // The partial write is old already; the orphan only two hours from now.
    expect(await sweepOrphanFiles(store, new Date())).toBe(1);
    expect(await store.blobs.has(orphan)).toBe(true);
    expect(await sweepOrphanFiles(store, new Date(Date.now() + 2 * 3_600_000))).toBe(1);
    const left: (string | null)[] = [];
    for await (const batch of store.blobs.entries()) for (const e of batch) left.push(e.sha256);
    expect(left).toEqual([]);
  });

  it('gives a job lease to one holder at a time, and to another once it has expired', async () => {
    const store = await f.open();
    const t0 = new Date('2024-03-04T01:30:00.000Z');
    const at = (ms: number) => new Date(t0.getTime() + ms);
    // Asked for at the same moment: exactly one gets it.
    const both = await Promise.all([
      claimLease(store.db, 'weekly-digest', 'A', t0, 60_000),
      claimLease(store.db, 'weekly-digest', 'B', t0, 60_000),
    ]);
    expect(both.filter(Boolean)).toHaveLength(1);
    const [first, second] = both[0] ? ['A', 'B'] : ['B', 'A'];
    expect(await claimLease(store.db, 'weekly-digest', second, at(30_000), 60_000)).toBe(false);
    // Renewed by its holder while the job runs...
    expect(await claimLease(store.db, 'weekly-digest', first, at(50_000), 60_000)).toBe(true);
    expect(await claimLease(store.db, 'weekly-digest', second, at(70_000), 60_000)).toBe(false);
    // ...then the holder dies: once the lease expires the other takes the job over.
    expect(await claimLease(store.db, 'weekly-digest', second, at(110_000), 60_000)).toBe(true);
    expect(await claimLease(store.db, 'weekly-digest', first, at(120_000), 60_000)).toBe(false);
    // Another job's lease is apart; a released lease is free at once.
    expect(await claimLease(store.db, 'audit-anchor', first, at(120_000), 60_000)).toBe(true);
    await releaseLease(store.db, 'weekly-digest', second);
    expect(await claimLease(store.db, 'weekly-digest', first, at(121_000), 60_000)).toBe(true);
  });

  it('keeps the lease of a running job past its first term by renewing it, and frees it when done', async () => {
    const store = await f.open();
    const holdMs = 3000; // renewed every second: two seconds of slack on a busy machine
    const now = () => new Date();
    const refusedLater: boolean[] = [];
    const done = await runExclusive(store, 'long-job', { now, holdMs, release: true, holder: 'A' }, async () => {
      const start = Date.now();
      // Runs for twice its lease: the other holder is refused all along, after the first term too.
      while (Date.now() - start < 2 * holdMs) {
        refusedLater.push(!(await claimLease(store.db, 'long-job', 'B', now(), holdMs)));
        await new Promise((r) => setTimeout(r, 200));
      }
      return 'done';
    });
    expect(done).toEqual({ ran: true, value: 'done' });
    expect(refusedLater.length).toBeGreaterThan(5);
    expect(refusedLater.every(Boolean)).toBe(true);
    const meanwhile = await runExclusive(store, 'long-job', { now, holdMs, release: true, holder: 'C' }, async () => 1);
    expect(meanwhile).toEqual({ ran: true, value: 1 });
    await claimLease(store.db, 'long-job', 'B', now(), 60_000);
    expect(await runExclusive(store, 'long-job', { now, holdMs, release: true, holder: 'A' }, async () => 2)).toEqual({
      ran: false,
      holder: 'B',
    });
  });
});

describe('stored files in an S3-compatible object store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tz-s3rver-'));
  const sqlite = factory('sqlite');
  let server: S3rver;
  let s3Url = '';
  beforeAll(async () => {
    server = new S3rver({
      port: 0,
      address: '127.0.0.1',
      silent: true,
      directory: dir,
      configureBuckets: [{ name: 'taizhang', configs: [] }],
    });
    const { port } = (await server.run()) as { port: number };
    s3Url = `s3+http://S3RVER:S3RVER@127.0.0.1:${port}/taizhang/files?region=cn-north-1&forcePathStyle=1`;
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads TAIZHANG_S3_URL: endpoint, bucket, prefix, keys, region, path style', () => {
    expect(parseS3Url('s3://AK%2F1:S%2Bcret@oss.example.cn/ledger/prod/files?region=cn-hz')).toEqual({
      endpoint: 'https://oss.example.cn',
      region: 'cn-hz',
      bucket: 'ledger',
      prefix: 'prod/files/',
      accessKeyId: 'AK/1',
      secretAccessKey: 'S+cret',
      forcePathStyle: false,
    });
    expect(() => parseS3Url('http://a:b@host/bucket')).toThrow(/s3:\/\//);
    expect(() => parseS3Url('s3://host/bucket')).toThrow(/访问密钥/);
    expect(() => parseS3Url('s3://a:b@host')).toThrow(/存储桶/);
  });

  behaves(
    () => sqlite.open({ s3Url }),
    async (_store, sha) => {
      // The object as the store keeps it on its disk: replaced by other bytes of the same length.
      const walk = (d: string): string[] =>
        readdirSync(d, { withFileTypes: true }).flatMap((e) =>
          e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)],
        );
      const object = walk(dir).find((p) => p.includes(sha) && p.endsWith('._S3rver_object'));
      expect(object, 'the object under the s3rver directory').toBeTruthy();
      const size = (await _store.blobs.open(sha)).size;
      writeFileSync(object!, randomBytes(size));
    },
  );

  it('carries files byte for byte from disk to the object store and to PostgreSQL and back, by backup', async () => {
    const source = await sqlite.open();
    expect(source.blobs.backend).toBe('disk');
    const ctx = contextFor(source, operator, '2023-05-01');
    await loadDemoDirectory(source);
    await importConfirmed(ctx, new TextEncoder().encode(COUNTY_PLAN), { name: 'plan.txt' });
    const task = await source.db
      .selectFrom('tasks')
      .select('id')
      .where('text', 'like', '全面公开%')
      .executeTakeFirstOrThrow();
    const files = [
      Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(2 * CHUNK_BYTES + 77)]),
      Buffer.from('说明文本'),
    ];
    await submitProgress(contextFor(source, unitUser(FINANCE), '2023-05-02'), {
      assignmentId: await findAssignment(ctx, Number(task.id), FINANCE),
      text: '附材料',
      claim: 'in_progress',
      files: files.map((bytes, i) => ({ name: `f${i}`, bytes })),
    });
    const key = (s: Store) => ({ auditKey: readAuditKey(s) });
    const hops: Store[] = [source, await sqlite.open({ s3Url, ...key(source) })];
    const pg = (await postgresProblem()) === null ? factory('postgres') : null;
    if (pg) hops.push(await pg.open(key(source)));
    hops.push(await sqlite.open(key(source)));
    const work = mkdtempSync(join(tmpdir(), 'tz-hops-'));
    for (let i = 1; i < hops.length; i++) {
      const file = join(work, `hop${i}.tar.gz`);
      await backup(hops[i - 1]!, file, '2023-05-04T00:00:00.000Z');
      await restore(hops[i]!, file);
    }
    const wanted = [hashBytes(new TextEncoder().encode(COUNTY_PLAN)), ...files.map(hashBytes)].sort();
    for (const store of hops) {
      const rows = await store.db.selectFrom('blobs').select('sha256').orderBy('sha256').execute();
      expect(rows.map((r) => r.sha256)).toEqual(wanted);
      for (const [i, bytes] of files.entries())
        expect(
          createHash('sha256')
            .update(await streamed(store.blobs, hashBytes(bytes)))
            .digest('hex'),
          `file ${i} in the ${store.blobs.backend} store`,
        ).toBe(hashBytes(bytes));
    }
    expect(hops.map((s) => s.blobs.backend)).toEqual(pg ? ['disk', 's3', 'database', 'disk'] : ['disk', 's3', 'disk']);
    rmSync(work, { recursive: true, force: true });
  });
});

function readAuditKey(store: Store): string {
  return readFileSync(join(store.dataDir, 'audit.key'), 'utf8').split('\n')[0]!;
}
