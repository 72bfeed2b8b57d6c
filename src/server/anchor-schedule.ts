import { anchorAuditHead, type Store } from '../store/store.js';
import { runExclusive } from './job-lease.js';

/**
 * The audit chain's head, signed, appended to the anchor file at start and then every few minutes
 * (TAIZHANG_AUDIT_ANCHOR_MINUTES, default 10) when it has moved. The auditor copies that file off the
 * machine; `taizhang audit verify` then shows any event cut off the end before the last anchor.
 *
 * Several servers on one database anchor once per interval between them: the run keeps the `audit-anchor`
 * lease for the interval (it is not released), so the others skip until it expires — and take over when
 * the server that held it is gone. Behind a balancer, TAIZHANG_AUDIT_ANCHORS names one shared file.
 */
export const ANCHOR_JOB = 'audit-anchor';

export function scheduleAnchors(
  store: Store,
  now: () => Date,
  minutes: number,
  log: (line: string) => void,
): () => void {
  const every = Math.max(1, minutes) * 60_000;
  // A little under the interval, so this server's next tick finds its own lease expired and anchors again.
  const holdMs = every - Math.min(5_000, every / 10);
  const tick = () =>
    runExclusive(store, ANCHOR_JOB, { now, holdMs, release: false }, () => anchorAuditHead(store, now())).catch(
      (e: unknown) => log(`审计锚点未能写入：${(e as Error).message}`),
    );
  void tick();
  const timer = setInterval(tick, every);
  timer.unref();
  return () => clearInterval(timer);
}
