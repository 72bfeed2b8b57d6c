import type { MiddlewareHandler } from 'hono';
import type { AppEnv, ServerDeps } from '../context.js';

/**
 * Read answers kept until the data changes. Pages such as the ledger are read far more often than the data
 * behind them is written; an answer is kept under who may see it (role and unit), the day (overdue depends
 * on it) and the URL, together with the store's change stamp, and served again only while the stamp is the
 * same — so nothing is ever served stale. Stores that cannot give a stamp (PostgreSQL) keep nothing.
 */
const CACHEABLE = [
  /^\/api\/ledger$/,
  /^\/api\/my\/assignments$/,
  /^\/api\/dashboard$/,
  /^\/api\/plans$/,
  /^\/api\/plans\/\d+(?:\/progress)?$/,
  /^\/api\/tasks\/\d+$/,
  /^\/api\/public\/plans(?:\/\d+)?$/,
];
const MAX_ENTRIES = 2000;
const MAX_BYTES = 64 * 1024 * 1024;

interface Kept {
  stamp: string;
  /** Kept encoded: encoding a large answer again on every hit would cost more than the rest of the hit. */
  body: Uint8Array<ArrayBuffer>;
}

export function answerCache(deps: ServerDeps): MiddlewareHandler<AppEnv> {
  const kept = new Map<string, Kept>();
  let bytes = 0;
  return async (c, next) => {
    if (c.req.method !== 'GET' || !CACHEABLE.some((re) => re.test(c.req.path))) return next();
    const stamp = deps.store.changeStamp();
    if (stamp === null) return next();
    const actor = c.get('actor');
    const day = new Date(deps.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    const url = new URL(c.req.url);
    const key = `${actor?.role ?? '-'}|${actor?.unitId ?? '-'}|${day}|${url.pathname}${url.search}`;
    const hit = kept.get(key);
    if (hit && hit.stamp === stamp) {
      // Refresh its place: the least recently used answers go first.
      kept.delete(key);
      kept.set(key, hit);
      return c.body(hit.body, 200, { 'Content-Type': 'application/json; charset=UTF-8' });
    }
    await next();
    if (c.res.status !== 200 || !c.res.headers.get('content-type')?.includes('application/json')) return;
    const body = new Uint8Array(await c.res.clone().arrayBuffer());
    if (hit) bytes -= hit.body.length;
    kept.delete(key);
    kept.set(key, { stamp, body });
    bytes += body.length;
    while (kept.size > MAX_ENTRIES || bytes > MAX_BYTES) {
      const oldest = kept.keys().next().value as string;
      bytes -= kept.get(oldest)?.body.length ?? 0;
      kept.delete(oldest);
    }
  };
}
