import { fileStoreProblem, storeProblems } from '../store/probe.js';
import type { Store } from '../store/store.js';

/**
 * Whether this server can take requests (the balancer's /readyz): the database answers and is migrated to
 * this release, and stored files can be written. Messages are for an operator's dashboard: no paths, hosts
 * or settings.
 */
export async function readiness(
  store: Pick<Store, 'db' | 'dialect' | 'dataDir' | 'blobs'>,
): Promise<{ problems: string[] }> {
  const where = {
    dataDir: store.dataDir,
    s3Url: store.blobs.backend === 's3' ? 's3' : null,
    databaseUrl: store.blobs.backend === 'database' ? 'postgres' : null,
  };
  const [database, files] = await Promise.all([storeProblems(store), fileStoreProblem(where, store.blobs)]);
  return { problems: files ? [...database, '文件存储不可写'] : database };
}
