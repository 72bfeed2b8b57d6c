import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * The address a request came from, for login throttling and the audit log: the socket's peer, or — only
 * when configured to sit behind a reverse proxy (TAIZHANG_TRUST_PROXY) — the last address the proxy
 * added to X-Forwarded-For, which a client cannot forge.
 */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const hops = (c.req.header('x-forwarded-for') ?? '').split(',').map((h) => h.trim());
    const last = hops[hops.length - 1];
    if (last) return last.slice(0, 64);
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // requests made without a socket (app.request in tests)
  }
}
