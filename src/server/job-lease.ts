import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { claimLease, leaseOf, releaseLease } from '../store/leases.js';
import type { Store } from '../store/store.js';

/** This process, as named in job leases: which machine and process holds a job. */
export const LEASE_HOLDER = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

export interface ExclusiveOptions {
  now: () => Date;
  /** How long a lease lasts unless renewed: a dead holder's job waits this long for another server. */
  holdMs: number;
  /** Release when done (the job may run again at once elsewhere), or keep until it expires (at most once per holdMs). */
  release: boolean;
  holder?: string;
}

export type Exclusive<T> = { ran: true; value: T } | { ran: false; holder: string | null };

/**
 * Runs `job` only if this process gets its lease, renewing the lease while the job runs (every third of
 * holdMs). Another process that holds the lease means the job is not run here.
 */
export async function runExclusive<T>(
  store: Store,
  job: string,
  options: ExclusiveOptions,
  fn: () => Promise<T>,
): Promise<Exclusive<T>> {
  const holder = options.holder ?? LEASE_HOLDER;
  if (!(await claimLease(store.db, job, holder, options.now(), options.holdMs)))
    return { ran: false, holder: (await leaseOf(store.db, job))?.holder ?? null };
  const renew = setInterval(
    () => void claimLease(store.db, job, holder, options.now(), options.holdMs).catch(() => {}),
    Math.max(1000, Math.floor(options.holdMs / 3)),
  );
  renew.unref();
  try {
    return { ran: true, value: await fn() };
  } finally {
    clearInterval(renew);
    if (options.release) await releaseLease(store.db, job, holder).catch(() => {});
  }
}
