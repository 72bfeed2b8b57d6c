import { createReadStream } from 'node:fs';
import { copyFile, mkdir, readdir, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
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

/**
 * Stored files under the data directory (`files/ab/cd/<sha256>`), outside anything served: the default with
 * SQLite, where one server owns its disk.
 */
export class DiskBlobStore implements BlobStore {
  readonly backend = 'disk' as const;
  constructor(private readonly root: string) {}

  /** Where a stored file lives. */
  pathOf(sha256: string): string {
    checkSha(sha256);
    return join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async put(bytes: Uint8Array, limit = MAX_BLOB_BYTES): Promise<string> {
    if (bytes.length > limit) throw tooLarge(bytes.length, limit);
    const sha = hashBytes(bytes);
    const file = this.pathOf(sha);
    if (await exists(file)) {
      // Attached again: younger than the sweep's grace, so an orphan being re-used is not swept under it.
      const t = new Date();
      await utimes(file, t, t).catch(() => {});
      return sha;
    }
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

  get(sha256: string, limit = MAX_BLOB_BYTES): Promise<Uint8Array> {
    return readWhole(this, sha256, limit);
  }

  async open(sha256: string): Promise<{ size: number; body: ReturnType<typeof checked> }> {
    const file = this.pathOf(sha256);
    let size: number;
    try {
      size = (await stat(file)).size;
    } catch (e) {
      throw missing(String(e));
    }
    return { size, body: checked(createReadStream(file), sha256, size) };
  }

  async has(sha256: string): Promise<boolean> {
    return exists(this.pathOf(sha256));
  }

  async adopt(sha256: string, file: string): Promise<boolean> {
    const target = this.pathOf(sha256);
    if (await exists(target)) return false;
    await mkdir(join(target, '..'), { recursive: true });
    try {
      await rename(file, target);
    } catch (e) {
      // The staging copy on another file system: copied under a temporary name, then renamed.
      if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
      const tmp = `${target}.${process.pid}.${Date.now()}.tmp`;
      await copyFile(file, tmp);
      await rename(tmp, target);
    }
    return true;
  }

  async remove(sha256: string): Promise<void> {
    await rm(this.pathOf(sha256), { force: true });
  }

  async *entries(): AsyncGenerator<StoredEntry[]> {
    for (const a of await list(this.root)) {
      for (const b of await list(join(this.root, a))) {
        const dir = join(this.root, a, b);
        const batch: StoredEntry[] = [];
        for (const n of await list(dir)) {
          const sha = isSha(n) ? n : null;
          if (!sha && !n.endsWith('.tmp')) continue;
          const modifiedMs = await stat(join(dir, n)).then(
            (s) => s.mtimeMs,
            () => null,
          );
          if (modifiedMs !== null) batch.push({ key: join(dir, n), sha256: sha, modifiedMs });
        }
        if (batch.length) yield batch;
      }
    }
  }

  async discard(entry: StoredEntry): Promise<void> {
    await rm(entry.key, { force: true });
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

async function list(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}
