import { anchorAuditHead, type Store } from '../store/store.js';

/**
 * The audit chain's head, signed, appended to the anchor file at start and then every few minutes
 * (TAIZHANG_AUDIT_ANCHOR_MINUTES, default 10) when it has moved. The auditor copies that file off the
 * machine; `taizhang audit verify` then shows any event cut off the end before the last anchor.
 */
export function scheduleAnchors(
  store: Store,
  now: () => Date,
  minutes: number,
  log: (line: string) => void,
): () => void {
  const tick = () =>
    anchorAuditHead(store, now()).catch((e: unknown) => log(`审计锚点未能写入：${(e as Error).message}`));
  void tick();
  const timer = setInterval(tick, Math.max(1, minutes) * 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
