import { config } from '../config.js';
import { operatorActor, type ServiceContext } from '../services/context.js';
import { drainOutbox } from '../services/robot-sender.js';
import { configFromEnv, openStore } from '../store/store.js';

/**
 * Runs a command against the configured store (TAIZHANG_DATA / DATABASE_URL) as the operator, closing the
 * store however the command ends. `asOf` fixes "today" for questions about deadlines. Group-robot messages the
 * command enqueued (催办, 退回, digests) are sent before the store closes: no server may be running to do it.
 * They are signed with the real time, whatever `asOf` says, since the platforms refuse a stale signature.
 */
/** What is left when this runs out waits for the server or `taizhang robots send`. */
const CLI_SEND_BUDGET_MS = 15_000;

export async function withStore<T>(fn: (ctx: ServiceContext) => Promise<T>, asOf?: string): Promise<T> {
  const store = await openStore(configFromEnv());
  const fixed = asOf ? new Date(`${asOf}T12:00:00+08:00`) : null;
  try {
    const result = await fn({ store, actor: operatorActor(), now: () => fixed ?? new Date() });
    if (config().robots.enabled) {
      const r = await drainOutbox(store, () => new Date(), undefined, CLI_SEND_BUDGET_MS);
      if (r.sent + r.retrying + r.failed > 0)
        process.stderr.write(
          `群机器人消息：已发送 ${r.sent} 条${r.retrying ? `，${r.retrying} 条未送达、稍后重试` : ''}${r.failed ? `，${r.failed} 条放弃` : ''}\n`,
        );
    }
    return result;
  } finally {
    await store.close();
  }
}
