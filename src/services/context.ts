import { config } from '../config.js';
import type { Actor } from '../domain/actor.js';
import type { Store } from '../store/store.js';

/** What every use-case runs with: the store, who is acting, and the clock (injected, so tests set the date). */
export interface ServiceContext {
  store: Store;
  actor: Actor;
  now(): Date;
}

export function isoNow(ctx: ServiceContext): string {
  return ctx.now().toISOString();
}

/** Today's date in China (UTC+8, no daylight saving): deadlines are calendar days there. */
export function today(ctx: ServiceContext): string {
  return new Date(ctx.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

export function operatorActor(user = config().osUser): Actor {
  return { id: `cli:${user}`, name: user, role: 'operator', unitId: null };
}
