import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { AppError } from '../../domain/errors.js';
import {
  type BlobStore,
  checked,
  checkSha,
  hashBytes,
  isSha,
  MAX_BLOB_BYTES,
  missing,
  readWhole,
  type StoredEntry,
  tooLarge,
} from '../blobs.js';
import type { S3Location } from './s3-url.js';

type S3 = typeof import('@aws-sdk/client-s3');

/**
 * Stored files in an S3-compatible object store (TAIZHANG_S3_URL): one object per file, named by its SHA-256
 * under the prefix (`ab/cd/<sha256>`). An object appears whole or not at all, so there are no partial writes
 * to sweep. The SDK is loaded only when this store is configured.
 */
export class S3BlobStore implements BlobStore {
  readonly backend = 's3' as const;
  private constructor(
    private readonly sdk: S3,
    private readonly client: S3Client,
    private readonly where: S3Location,
  ) {}

  static async connect(where: S3Location): Promise<S3BlobStore> {
    const sdk = await import('@aws-sdk/client-s3');
    const client = new sdk.S3Client({
      endpoint: where.endpoint,
      region: where.region,
      forcePathStyle: where.forcePathStyle,
      credentials: { accessKeyId: where.accessKeyId, secretAccessKey: where.secretAccessKey },
      // Checksums only where the operation requires them: the SDK's default streamed trailers (aws-chunked)
      // are not understood by many S3-compatible stores; files are checked by their SHA-256 on every read.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    return new S3BlobStore(sdk, client, where);
  }

  private key(sha256: string): string {
    checkSha(sha256);
    return `${this.where.prefix}${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
  }

  async put(bytes: Uint8Array, limit = MAX_BLOB_BYTES): Promise<string> {
    if (bytes.length > limit) throw tooLarge(bytes.length, limit);
    const sha = hashBytes(bytes);
    if (await this.has(sha)) return sha;
    const put = new this.sdk.PutObjectCommand({
      Bucket: this.where.bucket,
      Key: this.key(sha),
      Body: bytes,
      ContentLength: bytes.length,
    });
    await guard(this.client.send(put));
    return sha;
  }

  get(sha256: string, limit = MAX_BLOB_BYTES): Promise<Uint8Array> {
    return readWhole(this, sha256, limit);
  }

  async open(sha256: string): Promise<{ size: number; body: Readable }> {
    const key = this.key(sha256);
    const get = new this.sdk.GetObjectCommand({ Bucket: this.where.bucket, Key: key });
    const out = await this.client.send(get).catch((e: unknown) => {
      throw notFound(e) ? missing(String(e)) : unavailable(e);
    });
    const size = Number(out.ContentLength ?? 0);
    return { size, body: checked(out.Body as AsyncIterable<Uint8Array>, sha256, size) };
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await this.client.send(new this.sdk.HeadObjectCommand({ Bucket: this.where.bucket, Key: this.key(sha256) }));
      return true;
    } catch (e) {
      if (notFound(e)) return false;
      throw unavailable(e);
    }
  }

  async adopt(sha256: string, file: string): Promise<boolean> {
    if (await this.has(sha256)) return false;
    const { size } = await stat(file);
    const put = new this.sdk.PutObjectCommand({
      Bucket: this.where.bucket,
      Key: this.key(sha256),
      Body: createReadStream(file),
      ContentLength: size,
    });
    await guard(this.client.send(put));
    return true;
  }

  async remove(sha256: string): Promise<void> {
    const del = new this.sdk.DeleteObjectCommand({ Bucket: this.where.bucket, Key: this.key(sha256) });
    await guard(this.client.send(del));
  }

  async *entries(): AsyncGenerator<StoredEntry[]> {
    let token: string | undefined;
    do {
      const list = new this.sdk.ListObjectsV2Command({
        Bucket: this.where.bucket,
        Prefix: this.where.prefix,
        ...(token ? { ContinuationToken: token } : {}),
      });
      const page = await guard(this.client.send(list));
      const batch: StoredEntry[] = [];
      for (const o of page.Contents ?? []) {
        const name = o.Key?.slice(o.Key.lastIndexOf('/') + 1) ?? '';
        // Only our own objects: anything else under the prefix is not ours to sweep.
        if (o.Key && isSha(name) && o.Key === this.key(name))
          batch.push({ key: o.Key, sha256: name, modifiedMs: o.LastModified?.getTime() ?? Date.now() });
      }
      if (batch.length) yield batch;
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async discard(entry: StoredEntry): Promise<void> {
    if (entry.sha256) await this.remove(entry.sha256);
  }
}

/** The store's failures as a clear message (the SDK's own names the operation, not the setting to check). */
async function guard<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    throw unavailable(e);
  }
}

function notFound(e: unknown): boolean {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err?.name === 'NoSuchKey' || err?.name === 'NotFound' || err?.$metadata?.httpStatusCode === 404;
}

function unavailable(e: unknown): unknown {
  if (e instanceof AppError) return e;
  return new AppError('busy', `对象存储不可用：${(e as Error).message}`, String(e), { cause: e });
}
