import { operatorActor, type ServiceContext } from '../services/context.js';
import { configFromEnv, openStore } from '../store/store.js';

/**
 * Runs a command against the configured store (TAIZHANG_DATA / DATABASE_URL) as the operator, closing the
 * store however the command ends. `asOf` fixes "today" for questions about deadlines.
 */
export async function withStore<T>(fn: (ctx: ServiceContext) => Promise<T>, asOf?: string): Promise<T> {
  const store = await openStore(configFromEnv());
  const fixed = asOf ? new Date(`${asOf}T12:00:00+08:00`) : null;
  try {
    return await fn({ store, actor: operatorActor(), now: () => fixed ?? new Date() });
  } finally {
    await store.close();
  }
}
