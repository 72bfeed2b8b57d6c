import type { Store } from '../store/store.js';
import { type Platform, type RobotMessage, readAnswer, renderRequest } from './robot-platforms.js';

/**
 * Drains the group robots' outbox: each due row is claimed (a compare-and-set on its attempt count, so two
 * servers never send one row at once), rendered and signed at that moment, POSTed, and the attempt recorded.
 * A refusal or an unreachable platform is tried again after an exponential back-off, up to MAX_ATTEMPTS; a
 * row whose sender died mid-send is taken up again when its lease ends. The one way a message can go twice is
 * a process killed between the platform's answer and the row being marked sent — the protocols carry no
 * idempotency key to close that.
 */
export const MAX_ATTEMPTS = 12;
/** Waits of 30 s, 1, 2, 4, 8, 16, 32 min, then hourly: about five hours in all, so a platform down for an
 * afternoon still gets the message. */
export const BACKOFF_BASE_SECONDS = 30;
const BACKOFF_CAP_SECONDS = 3600;
/** How long a claimed row is left to its sender before another may take it (well above the timeout). */
const LEASE_SECONDS = 120;
const TIMEOUT_MS = 10_000;
const BATCH = 20;

export function backoffSeconds(attempt: number): number {
  return Math.min(BACKOFF_BASE_SECONDS * 2 ** (attempt - 1), BACKOFF_CAP_SECONDS);
}

/** One HTTP POST; injected only so that a test can count what leaves, never to stub a platform. */
export type Post = (url: string, body: string) => Promise<{ status: number; text: string }>;

export const httpPost: Post = async (url, body) => {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body,
    signal: AbortSignal.timeout(TIMEOUT_MS),
    redirect: 'error',
  });
  return { status: res.status, text: await res.text() };
};

export interface DrainResult {
  sent: number;
  /** Failed this time, to be tried again later. */
  retrying: number;
  /** Given up: attempts used up, or the robot removed or disabled since. */
  failed: number;
}

/** `budgetMs`: claim no new row after this long (a command-line run must not hang on an unreachable platform). */
export async function drainOutbox(
  store: Store,
  now: () => Date,
  post: Post = httpPost,
  budgetMs = Number.POSITIVE_INFINITY,
): Promise<DrainResult> {
  const result: DrainResult = { sent: 0, retrying: 0, failed: 0 };
  const seen = new Set<number>();
  const until = Date.now() + budgetMs;
  for (;;) {
    if (Date.now() > until) return result;
    const due = await store.db
      .selectFrom('robot_deliveries')
      .select(['id', 'attempts'])
      .where('status', 'in', ['pending', 'sending'])
      .where('next_attempt_at', '<=', now().toISOString())
      .orderBy('id')
      .limit(BATCH)
      .execute();
    const fresh = due.filter((d) => !seen.has(Number(d.id)));
    if (fresh.length === 0) return result;
    for (const d of fresh) {
      if (Date.now() > until) return result;
      seen.add(Number(d.id));
      const outcome = await sendOne(store, now, post, Number(d.id), Number(d.attempts));
      if (outcome) result[outcome]++;
    }
  }
}

async function sendOne(
  store: Store,
  now: () => Date,
  post: Post,
  id: number,
  attempts: number,
): Promise<keyof DrainResult | null> {
  const claimedAt = now();
  const claimed = await store.db
    .updateTable('robot_deliveries')
    .set({
      status: 'sending',
      attempts: attempts + 1,
      next_attempt_at: new Date(claimedAt.getTime() + LEASE_SECONDS * 1000).toISOString(),
    })
    .where('id', '=', id)
    .where('attempts', '=', attempts)
    .where('status', 'in', ['pending', 'sending'])
    .where('next_attempt_at', '<=', claimedAt.toISOString())
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) return null; // another process took it
  const attempt = attempts + 1;
  const row = await store.db
    .selectFrom('robot_deliveries as d')
    .innerJoin('robots as r', 'r.id', 'd.robot_id')
    .select(['d.body_json', 'r.platform', 'r.webhook_url', 'r.secret', 'r.enabled', 'r.removed_at'])
    .where('d.id', '=', id)
    .executeTakeFirstOrThrow();
  if (!row.enabled || row.removed_at) {
    await finish(store, id, attempt, claimedAt, 0, {
      status: 'failed',
      ok: false,
      httpStatus: null,
      error: '机器人已停用或删除，未发送',
    });
    return 'failed';
  }
  const request = renderRequest(
    { platform: row.platform as Platform, webhookUrl: row.webhook_url, secret: row.secret },
    JSON.parse(row.body_json) as RobotMessage,
    claimedAt,
  );
  const started = Date.now();
  let httpStatus: number | null = null;
  let error: string | null;
  try {
    const answer = await post(request.url, request.body);
    httpStatus = answer.status;
    const read = readAnswer(row.platform as Platform, answer.status, answer.text);
    error = read.ok ? null : read.error;
  } catch (e) {
    error = `无法送达：${(e as Error).message}`;
  }
  const ms = Date.now() - started;
  if (error === null) {
    await finish(store, id, attempt, now(), ms, { status: 'sent', ok: true, httpStatus, error: null });
    return 'sent';
  }
  const last = attempt >= MAX_ATTEMPTS;
  await finish(store, id, attempt, now(), ms, {
    status: last ? 'failed' : 'pending',
    ok: false,
    httpStatus,
    error,
    retryAt: last ? undefined : new Date(now().getTime() + backoffSeconds(attempt) * 1000).toISOString(),
  });
  return last ? 'failed' : 'retrying';
}

/** Records the attempt and the row's new state together. */
async function finish(
  store: Store,
  id: number,
  attempt: number,
  at: Date,
  ms: number,
  o: { status: string; ok: boolean; httpStatus: number | null; error: string | null; retryAt?: string | undefined },
): Promise<void> {
  const iso = at.toISOString();
  await store.transaction(async (trx) => {
    await trx
      .insertInto('robot_attempts')
      .values({
        delivery_id: id,
        attempt,
        at: iso,
        ok: o.ok ? 1 : 0,
        http_status: o.httpStatus,
        error: o.error,
        duration_ms: ms,
      })
      .execute();
    await trx
      .updateTable('robot_deliveries')
      .set({
        status: o.status,
        last_error: o.error,
        next_attempt_at: o.retryAt ?? iso,
        ...(o.ok ? { sent_at: iso } : {}),
      })
      .where('id', '=', id)
      .where('attempts', '=', attempt)
      .execute();
  });
}

/**
 * The server's sender: drains after every event (nudged by the services once their transaction commits) and
 * on a timer for the retries. Every server may run one: rows are claimed one by one, so they never send a
 * row twice. (The scheduled-job lease the file-storage work adds, `job_leases`, can later keep the timer to
 * one server at a time; it is not needed for correctness here.)
 */
interface Dispatcher {
  running: Promise<void> | null;
  again: boolean;
  stopped: boolean;
  run: () => void;
}

const dispatchers = new WeakMap<Store, Dispatcher>();

export function startRobotDispatcher(
  store: Store,
  now: () => Date,
  options: { seconds: number; log: (line: string) => void; post?: Post },
): () => Promise<void> {
  const d: Dispatcher = {
    running: null,
    again: false,
    stopped: false,
    run() {
      if (d.stopped) return;
      if (d.running) {
        d.again = true;
        return;
      }
      d.running = (async () => {
        do {
          d.again = false;
          try {
            const r = await drainOutbox(store, now, options.post);
            if (r.failed) options.log(`群机器人消息：${r.failed} 条未能送达，已停止重试（taizhang robots list 查看）`);
          } catch (e) {
            options.log(`群机器人消息发送出错：${(e as Error).message}`);
          }
        } while (d.again && !d.stopped);
        d.running = null;
      })();
    },
  };
  dispatchers.set(store, d);
  const timer = setInterval(() => d.run(), options.seconds * 1000);
  timer.unref();
  d.run();
  // Stopping waits for a send in flight, so the store is not closed under it.
  return async () => {
    d.stopped = true;
    clearInterval(timer);
    dispatchers.delete(store);
    while (d.running) await d.running;
  };
}

/** After an event's transaction has committed: send what it enqueued, in the background. */
export function nudgeRobots(store: Store): void {
  // Looked up when it fires: a dispatcher stopped meanwhile (the store about to close) is left alone.
  setImmediate(() => dispatchers.get(store)?.run());
}

/** Waits until the background drain (if any) is idle: for shutting down and for tests. */
export async function robotsIdle(store: Store): Promise<void> {
  const d = dispatchers.get(store);
  while (d?.running) await d.running;
}
