import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../domain/errors.js';

/**
 * Files (evidence, plan sources) stored by content: the SHA-256 of the bytes is the name, so a file is
 * stored once however often it is attached, is never overwritten, and can be checked. Stored under the data
 * directory, outside anything served; an uploaded file's own name is never used as a path.
 */
export const MAX_BLOB_BYTES = 20 * 1024 * 1024;

export class BlobStore {
  constructor(private readonly root: string) {}

  /** Where a stored file lives (for the sweep of files no row refers to). */
  pathOf(sha256: string): string {
    return this.path(sha256);
  }

  private path(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new AppError('invalid-input', '文件标识无效');
    return join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  static hash(bytes: Uint8Array): string {
    return createHash('sha256').update(bytes).digest('hex');
  }

  /** Writes the bytes if not stored yet; returns their SHA-256. */
  async put(bytes: Uint8Array, limit = MAX_BLOB_BYTES): Promise<string> {
    if (bytes.length > limit) {
      throw new AppError(
        'file-too-large',
        `文件过大（${(bytes.length / 1048576).toFixed(1)} MB），上限为 ${Math.round(limit / 1048576)} MB`,
      );
    }
    const sha = BlobStore.hash(bytes);
    const file = this.path(sha);
    if (await exists(file)) return sha;
    // Written under a temporary name and renamed, so a crash never leaves a partial file under a real name.
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    try {
      await mkdir(join(file, '..'), { recursive: true });
      await writeFile(tmp, bytes);
      await rename(tmp, file);
    } catch (e) {
      await rm(tmp, { force: true }).catch(() => {});
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOSPC')
        throw new AppError('storage-full', '存储空间已满，文件未保存；请清理磁盘后重试', String(e));
      throw e;
    }
    return sha;
  }

  async get(sha256: string): Promise<Uint8Array> {
    try {
      const bytes = await readFile(this.path(sha256));
      if (BlobStore.hash(bytes) !== sha256) throw new AppError('format-corrupt', '存储的文件已损坏（校验不符）');
      return bytes;
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw new AppError('not-found', '文件不存在', String(e));
    }
  }

  /**
   * Moves a file already checked to hold these bytes (a restore's staging copy, on the same file system)
   * into place. Returns false when the store had it already, and the staging copy is left alone.
   */
  async adopt(sha256: string, file: string): Promise<boolean> {
    const target = this.path(sha256);
    if (await exists(target)) return false;
    await mkdir(join(target, '..'), { recursive: true });
    await rename(file, target);
    return true;
  }

  /** Removes a stored file: only to undo a restore that failed after placing it. */
  async remove(sha256: string): Promise<void> {
    await rm(this.path(sha256), { force: true });
  }

  async has(sha256: string): Promise<boolean> {
    return exists(this.path(sha256));
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}
