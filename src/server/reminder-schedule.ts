import { isoWeek } from '../domain/due-watch.js';
import { workingCalendar } from '../services/calendar.js';
import { mailerFromEnv } from '../services/mailer.js';
import { sendDigests } from '../services/send-reminders.js';
import type { Store } from '../store/store.js';
import { runExclusive } from './job-lease.js';

/**
 * Weekly digests without anyone pressing a button: checked every ten minutes, sent on the first working-day
 * morning (from 09:00 China time) of each week. However many servers share the database, one of them sends:
 * the run holds the `weekly-digest` lease (renewed while it sends, released when done); the others find it
 * held and look again at their next check, when `sendDigests` finds each unit served (one digest per unit
 * and week). A server that dies while sending stops renewing; after the lease expires the next check
 * elsewhere sends what is left.
 */
export const DIGEST_JOB = 'weekly-digest';
const CHECK_MS = 10 * 60_000;
const HOLD_MS = 2 * 60_000;

export function scheduleDigests(store: Store, now: () => Date, log: (line: string) => void): () => void {
  let lastWeek: string | null = null;
  const tick = async (): Promise<void> => {
    const china = new Date(now().getTime() + 8 * 3_600_000);
    const day = china.toISOString().slice(0, 10);
    if (china.getUTCHours() < 9 || isoWeek(day) === lastWeek) return;
    if (!(await workingCalendar(store)).isWorkingDay(day)) return;
    const ctx = {
      store,
      now,
      actor: { id: 'system:reminders', name: '到期提醒', role: 'operator' as const, unitId: null },
    };
    const mailer = await mailerFromEnv();
    const done = await runExclusive(store, DIGEST_JOB, { now, holdMs: HOLD_MS, release: true }, () =>
      sendDigests(ctx, mailer),
    );
    if (!done.ran) {
      log(`到期提醒正由另一台服务器发送（${done.holder ?? '未知'}），稍后再查`);
      return;
    }
    const run = done.value;
    lastWeek = run.period;
    log(
      run.units
        ? `${run.period} 到期提醒：${run.units} 个单位，${run.items} 项`
        : `${run.period} 到期提醒：本周无新的提醒（已发 ${run.skipped} 个单位）`,
    );
  };
  const safeTick = () => tick().catch((e: unknown) => log(`到期提醒未能发送：${(e as Error).message}`));
  void safeTick();
  const timer = setInterval(safeTick, CHECK_MS);
  timer.unref();
  return () => clearInterval(timer);
}
