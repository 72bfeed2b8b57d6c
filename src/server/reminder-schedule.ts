import { isoWeek } from '../domain/due-watch.js';
import { workingCalendar } from '../services/calendar.js';
import { mailerFromEnv } from '../services/mailer.js';
import { sendDigests } from '../services/send-reminders.js';
import type { Store } from '../store/store.js';

/**
 * Weekly digests without anyone pressing a button: checked every hour, sent on the first working-day morning
 * (from 09:00 China time) of each week; `sendDigests` itself sends at most one digest per unit and week, so
 * restarts and several server processes never send twice.
 */
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
    const run = await sendDigests(ctx, await mailerFromEnv());
    lastWeek = run.period;
    if (run.units) log(`${run.period} 到期提醒：${run.units} 个单位，${run.items} 项`);
  };
  const safeTick = () => tick().catch((e: unknown) => log(`到期提醒未能发送：${(e as Error).message}`));
  void safeTick();
  const timer = setInterval(safeTick, 3_600_000);
  timer.unref();
  return () => clearInterval(timer);
}
