import type { Context } from 'hono';
import type { Actor } from '../domain/actor.js';
import type { ServiceContext } from '../services/context.js';
import type { Store } from '../store/store.js';
import { Unauthenticated } from './errors.js';
import type { TrustedProxies } from './trusted-proxies.js';

/** What every request carries: the store, the clock, and who is asking (null when nobody is logged in). */
export interface ServerDeps {
  store: Store;
  now: () => Date;
  /** Send cookies with the Secure flag (behind HTTPS). */
  secureCookies: boolean;
  /** The built front end to serve, or null. */
  webRoot: string | null;
  /** Reverse proxies whose X-Forwarded-* headers are believed (TAIZHANG_TRUSTED_PROXIES); default none. */
  proxies?: TrustedProxies;
}

export type AppEnv = {
  Variables: {
    actor: Actor | null;
    csrf: string | null;
    mustChangePassword: boolean;
  };
};

export function serviceContext(c: Context<AppEnv>, deps: ServerDeps): ServiceContext {
  const actor = c.get('actor');
  if (!actor) throw new Unauthenticated();
  return { store: deps.store, actor, now: deps.now };
}
