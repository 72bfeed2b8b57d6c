import type { StoredEntry } from './blobs.js';
import type { Store } from './store.js';

/**
 * Stored files no row refers to: written for an upload whose transaction then failed, or half-written when
 * the process was killed. A failed report removes its own at once (`removeUnreferenced`); the sweep, run
 * when the server starts, takes what a killed process left, once it is older than any upload still in
 * flight could be. The same for every file store (disk, database, object store).
 */
export async function removeUnreferenced(store: Store, shas: readonly string[]): Promise<void> {
  for (const sha of shas) {
    const row = await store.db.selectFrom('blobs').select('sha256').where('sha256', '=', sha).executeTakeFirst();
    if (!row) await store.blobs.remove(sha).catch(() => {});
  }
}

export async function sweepOrphanFiles(store: Store, now: Date, graceMs = 3_600_000): Promise<number> {
  let removed = 0;
  const old = (e: StoredEntry) => now.getTime() - e.modifiedMs > graceMs;
  for await (const batch of store.blobs.entries()) {
    const shas = batch.flatMap((e) => (e.sha256 ? [e.sha256] : []));
    const known = new Set<string>();
    for (let i = 0; i < shas.length; i += 500) {
      const rows = await store.db
        .selectFrom('blobs')
        .select('sha256')
        .where('sha256', 'in', shas.slice(i, i + 500))
        .execute();
      for (const r of rows) known.add(r.sha256);
    }
    for (const e of batch) {
      if (!old(e) || (e.sha256 && known.has(e.sha256))) continue;
      await store.blobs.discard(e);
      removed++;
    }
  }
  return removed;
}
