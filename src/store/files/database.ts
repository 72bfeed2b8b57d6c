import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import {
  type BlobStore,
  checked,
  checkSha,
  corrupt,
  hashBytes,
  MAX_BLOB_BYTES,
  missing,
  readWhole,
  type StoredEntry,
  tooLarge,
} from '../blobs.js';
import type { Database } from '../schema.js';
import type { DiskBlobStore } from './disk.js';

/**
 * Stored files in the database itself (PostgreSQL with DATABASE_URL), so every server behind a balancer
 * reads the same files and a database backup tool sees them too. A file is `file_chunks` rows of 256 KiB,
 * written one statement each (no transaction holds a 20 MB file), then its `file_contents` row, which alone
 * makes it visible: a write cut short leaves only chunks, which the sweep takes away. Content-addressed, so
 * two servers writing the same file write the same chunks and either's rows do. Read a few chunks at a time.
 *
 * Files an earlier release kept under the data directory are still read from there (`legacy`).
 */
export const CHUNK_BYTES = 256 * 1024;
const READ_CHUNKS = 4;

export class DatabaseBlobStore implements BlobStore {
  readonly backend = 'database' as const;
  constructor(
    private readonly db: Kysely<Database>,
    private readonly legacy: DiskBlobStore | null,
  ) {}

  async put(bytes: Uint8Array, limit = MAX_BLOB_BYTES): Promise<string> {
    if (bytes.length > limit) throw tooLarge(bytes.length, limit);
    const sha = hashBytes(bytes);
    if (await this.touch(sha)) return sha;
    const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let seq = 0;
    for (let at = 0; at < view.length || seq === 0; at += CHUNK_BYTES)
      await this.writeChunk(sha, seq++, view.subarray(at, at + CHUNK_BYTES));
    await this.finish(sha, view.length, seq);
    return sha;
  }

  get(sha256: string, limit = MAX_BLOB_BYTES): Promise<Uint8Array> {
    return readWhole(this, sha256, limit);
  }

  async open(sha256: string): Promise<{ size: number; body: ReturnType<typeof checked> }> {
    checkSha(sha256);
    const row = await this.db
      .selectFrom('file_contents')
      .select(['size', 'chunks'])
      .where('sha256', '=', sha256)
      .executeTakeFirst();
    if (!row) {
      if (this.legacy && (await this.legacy.has(sha256))) return this.legacy.open(sha256);
      throw missing();
    }
    const size = Number(row.size);
    return { size, body: checked(this.chunks(sha256, Number(row.chunks)), sha256, size) };
  }

  private async *chunks(sha256: string, count: number): AsyncGenerator<Uint8Array> {
    for (let from = 0; from < count; from += READ_CHUNKS) {
      const rows = await this.db
        .selectFrom('file_chunks')
        .select(['seq', 'data'])
        .where('sha256', '=', sha256)
        .where('seq', '>=', from)
        .where('seq', '<', from + READ_CHUNKS)
        .orderBy('seq')
        .execute();
      if (rows.length !== Math.min(READ_CHUNKS, count - from)) throw corrupt();
      for (const r of rows) yield r.data;
    }
  }

  async has(sha256: string): Promise<boolean> {
    checkSha(sha256);
    const row = await this.db
      .selectFrom('file_contents')
      .select('sha256')
      .where('sha256', '=', sha256)
      .executeTakeFirst();
    return !!row || (!!this.legacy && (await this.legacy.has(sha256)));
  }

  async adopt(sha256: string, file: string): Promise<boolean> {
    checkSha(sha256);
    if (await this.touch(sha256)) return false;
    const { size } = await stat(file);
    let seq = 0;
    // Read in chunk-sized pieces straight from the staging file: never the whole file in memory.
    for await (const piece of createReadStream(file, { highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>)
      await this.writeChunk(sha256, seq++, piece);
    if (seq === 0) await this.writeChunk(sha256, seq++, Buffer.alloc(0));
    await this.finish(sha256, size, seq);
    return true;
  }

  async remove(sha256: string): Promise<void> {
    checkSha(sha256);
    // The visible row first: a reader never sees a file whose chunks are half gone.
    await this.db.deleteFrom('file_contents').where('sha256', '=', sha256).execute();
    await this.db.deleteFrom('file_chunks').where('sha256', '=', sha256).execute();
  }

  async *entries(): AsyncGenerator<StoredEntry[]> {
    let last = '';
    for (;;) {
      const rows = await this.db
        .selectFrom('file_contents')
        .select(['sha256', 'created_at'])
        .where('sha256', '>', last)
        .orderBy('sha256')
        .limit(500)
        .execute();
      if (rows.length === 0) break;
      yield rows.map((r) => ({ key: r.sha256, sha256: r.sha256, modifiedMs: Date.parse(r.created_at) }));
      last = rows[rows.length - 1]!.sha256;
    }
    // Chunks of writes that never finished: no file_contents row.
    const partial = await this.db
      .selectFrom('file_chunks as c')
      .leftJoin('file_contents as f', 'f.sha256', 'c.sha256')
      .where('f.sha256', 'is', null)
      .select('c.sha256')
      .select((eb) => eb.fn.max('c.written_at').as('written_at'))
      .groupBy('c.sha256')
      .execute();
    if (partial.length)
      yield partial.map((r) => ({ key: r.sha256, sha256: null, modifiedMs: Date.parse(String(r.written_at)) }));
  }

  async discard(entry: StoredEntry): Promise<void> {
    if (entry.sha256) await this.remove(entry.sha256);
    else
      await this.db
        .deleteFrom('file_chunks')
        .where('sha256', '=', entry.key)
        .where((eb) =>
          eb.not(eb.exists(eb.selectFrom('file_contents').select('sha256').where('sha256', '=', entry.key))),
        )
        .execute();
  }

  /** True when the file is stored; then it is marked as just used, so the sweep's grace starts again. */
  private async touch(sha256: string): Promise<boolean> {
    const r = await this.db
      .updateTable('file_contents')
      .set({ created_at: new Date().toISOString() })
      .where('sha256', '=', sha256)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  private async writeChunk(sha256: string, seq: number, data: Buffer): Promise<void> {
    await this.db
      .insertInto('file_chunks')
      .values({ sha256, seq, data, written_at: new Date().toISOString() })
      .onConflict((oc) => oc.columns(['sha256', 'seq']).doNothing())
      .execute();
  }

  private async finish(sha256: string, size: number, chunks: number): Promise<void> {
    await this.db
      .insertInto('file_contents')
      .values({ sha256, size, chunks, created_at: new Date().toISOString() })
      .onConflict((oc) => oc.column('sha256').doNothing())
      .execute();
  }
}
