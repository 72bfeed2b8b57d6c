import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { AppError } from '../domain/errors.js';

/**
 * Files (evidence, plan sources) stored by content: the SHA-256 of the bytes is the name, so a file is
 * stored once however often it is attached, is never overwritten, and is checked whenever it is read. Where
 * they live is the store's choice (store.ts): under the data directory (files/disk.ts), in PostgreSQL
 * (files/database.ts) or in an S3-compatible object store (files/s3.ts); every caller sees this interface.
 * An uploaded file's own name is never used as a path or a key.
 */
export const MAX_BLOB_BYTES = 20 * 1024 * 1024;

export type BlobBackend = 'disk' | 'database' | 's3';

/** One stored item as the orphan sweep sees it: a whole file (sha256) or a partial write (sha256 null). */
export interface StoredEntry {
  key: string;
  sha256: string | null;
  modifiedMs: number;
}

export interface BlobStore {
  readonly backend: BlobBackend;
  /** Writes the bytes if not stored yet; returns their SHA-256. */
  put(bytes: Uint8Array, limit?: number): Promise<string>;
  /** The whole file, for callers that need bytes; refused above `limit` (the 20 MB cap by default). */
  get(sha256: string, limit?: number): Promise<Uint8Array>;
  /** The file as a stream, checked against its SHA-256 as it is read (the stream fails at the end if not). */
  open(sha256: string): Promise<{ size: number; body: Readable }>;
  has(sha256: string): Promise<boolean>;
  /**
   * Places a file already checked to hold these bytes (a restore's staging copy) into the store — moved when
   * it can be, else copied as a stream. False when the store had it already.
   */
  adopt(sha256: string, file: string): Promise<boolean>;
  /** Removes a stored file (one no row refers to). */
  remove(sha256: string): Promise<void>;
  /** Everything stored, in batches, for the sweep of files no row refers to. */
  entries(): AsyncIterable<StoredEntry[]>;
  /** Removes what `entries` listed. */
  discard(entry: StoredEntry): Promise<void>;
}

export function hashBytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const SHA = /^[0-9a-f]{64}$/;

export function checkSha(sha256: string): string {
  if (!SHA.test(sha256)) throw new AppError('invalid-input', '文件标识无效');
  return sha256;
}

export function isSha(name: string): boolean {
  return SHA.test(name);
}

export function tooLarge(size: number, limit: number): AppError {
  return new AppError(
    'file-too-large',
    `文件过大（${(size / 1048576).toFixed(1)} MB），上限为 ${Math.round(limit / 1048576)} MB`,
  );
}

export const corrupt = (): AppError => new AppError('format-corrupt', '存储的文件已损坏（校验不符）');
export const missing = (detail?: string): AppError => new AppError('not-found', '文件不存在', detail);

/** Passes the chunks on, hashing them; fails at the end when they are not the file named. */
export function checked(chunks: AsyncIterable<Uint8Array>, sha256: string, size: number): Readable {
  return Readable.from(
    (async function* () {
      const hash = createHash('sha256');
      let n = 0;
      for await (const c of chunks) {
        hash.update(c);
        n += c.length;
        yield c;
      }
      if (n !== size || hash.digest('hex') !== sha256) throw corrupt();
    })(),
    { objectMode: false },
  );
}

/** The whole file through `open`, refused before reading when larger than `limit`. */
export async function readWhole(store: BlobStore, sha256: string, limit: number): Promise<Uint8Array> {
  const { size, body } = await store.open(sha256);
  if (size > limit) {
    body.destroy();
    throw tooLarge(size, limit);
  }
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for await (const c of body as AsyncIterable<Buffer>) {
    if (at + c.length > size) throw corrupt();
    out.set(c, at);
    at += c.length;
  }
  return out;
}
