import { fileStoreDir, storeProblems, writeProblem } from '../store/probe.js';
import type { Store } from '../store/store.js';

/**
 * Whether this server can take requests (the balancer's /readyz): the database answers and is migrated to
 * this release, and stored files can be written. Messages are for an operator's dashboard: no paths, hosts
 * or settings.
 */
export async function readiness(store: Pick<Store, 'db' | 'dialect' | 'dataDir'>): Promise<{ problems: string[] }> {
  const [database, files] = await Promise.all([storeProblems(store), writeProblem(fileStoreDir(store.dataDir))]);
  return { problems: files ? [...database, '文件存储不可写'] : database };
}
