import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { plainAddress, type TrustedProxies } from './trusted-proxies.js';

/** Where a request came from, as far as can be believed. */
export interface RequestOrigin {
  /** The client's address, for login throttling and the audit log. */
  address: string;
  /** Reached over HTTPS: only a trusted proxy can say so (X-Forwarded-Proto). */
  https: boolean;
  /** The host name the client asked for (X-Forwarded-Host from a trusted proxy, else Host). */
  host: string | null;
}

/**
 * The socket's peer is the client unless it is a trusted proxy (TAIZHANG_TRUSTED_PROXIES). From a trusted
 * peer, X-Forwarded-For is walked from the right — each proxy appends the address it saw — past the trusted
 * hops to the first one that is not: everything left of it was written by the client and may be forged.
 */
export function requestOrigin(c: Context, proxies: TrustedProxies): RequestOrigin {
  const peer = peerAddress(c);
  const host = c.req.header('host') ?? null;
  if (!proxies.trusts(peer)) return { address: peer, https: new URL(c.req.url).protocol === 'https:', host };
  const hops = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  let address = peer;
  for (let i = hops.length - 1; i >= 0; i--) {
    address = plainAddress(hops[i] ?? '').slice(0, 64);
    if (!proxies.trusts(address)) break;
  }
  const proto = firstValue(c.req.header('x-forwarded-proto'))?.toLowerCase();
  const forwardedHost = firstValue(c.req.header('x-forwarded-host'));
  return {
    address,
    https: proto ? proto === 'https' : new URL(c.req.url).protocol === 'https:',
    host: forwardedHost ?? host,
  };
}

function peerAddress(c: Context): string {
  try {
    const a = getConnInfo(c).remote.address;
    return a ? plainAddress(a) : 'unknown';
  } catch {
    return 'unknown'; // requests made without a socket (app.request in tests)
  }
}

function firstValue(header: string | undefined): string | undefined {
  return header?.split(',')[0]?.trim() || undefined;
}
