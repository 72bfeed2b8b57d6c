import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Store } from './store.js';

/**
 * Stored files no row refers to: written for an upload whose transaction then failed, or half-written when
 * the process was killed (`*.tmp`). A failed report removes its own at once (`removeUnreferenced`); the
 * sweep, run when the server starts, takes what a killed process left, once it is older than any upload
 * still in flight could be.
 */
export async function removeUnreferenced(store: Store, shas: readonly string[]): Promise<void> {
  for (const sha of shas) {
    const row = await store.db.selectFrom('blobs').select('sha256').where('sha256', '=', sha).executeTakeFirst();
    if (!row) await rm(store.blobs.pathOf(sha), { force: true }).catch(() => {});
  }
}

export async function sweepOrphanFiles(store: Store, now: Date, graceMs = 3_600_000): Promise<number> {
  const root = join(store.dataDir, 'files');
  let removed = 0;
  const old = async (file: string) => now.getTime() - (await stat(file)).mtimeMs > graceMs;
  for (const a of await list(root)) {
    for (const b of await list(join(root, a))) {
      const dir = join(root, a, b);
      const names = await list(dir);
      const shas = names.filter((n) => /^[0-9a-f]{64}$/.test(n));
      const known = new Set<string>();
      for (let i = 0; i < shas.length; i += 500) {
        const rows = await store.db
          .selectFrom('blobs')
          .select('sha256')
          .where('sha256', 'in', shas.slice(i, i + 500))
          .execute();
        for (const r of rows) known.add(r.sha256);
      }
      for (const n of names) {
        const file = join(dir, n);
        const orphan = n.endsWith('.tmp') || (/^[0-9a-f]{64}$/.test(n) && !known.has(n));
        if (orphan && (await old(file).catch(() => false))) {
          await rm(file, { force: true });
          removed++;
        }
      }
    }
  }
  return removed;
}

async function list(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}
