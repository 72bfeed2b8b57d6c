import { createCalendar, type HolidayTable, type WorkingDayCalendar } from '../domain/calendar.js';
import { AppError } from '../domain/errors.js';
import { appendAudit } from '../store/audit.js';
import type { Store } from '../store/store.js';
import { isoNow, type ServiceContext } from './context.js';
import { authorize } from './policy.js';

/**
 * The working-day calendar the deadline watch uses: the maintained `chinese-days` tables, with any year the
 * administrator loaded (the State Council publishes next year's holidays each winter) taking precedence —
 * so a new year's 调休 needs no release.
 */
const KEY = 'holidays';

export async function workingCalendar(store: Store): Promise<WorkingDayCalendar> {
  const row = await store.db.selectFrom('settings').select('value').where('key', '=', KEY).executeTakeFirst();
  return createCalendar(row ? (JSON.parse(row.value) as HolidayTable[]) : []);
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Loads one year's table: days off and weekend days worked (调休). Replaces an earlier table of that year. */
export async function loadHolidayYear(ctx: ServiceContext, table: HolidayTable): Promise<{ year: number }> {
  authorize(ctx.actor, 'settings.manage');
  const days = [...table.holidays, ...table.workdays];
  if (days.length === 0) throw new AppError('invalid-input', '节假日表为空');
  for (const d of days)
    if (!DATE.test(d) || Number.isNaN(Date.parse(d)))
      throw new AppError('invalid-input', `日期格式应为 YYYY-MM-DD：${d}`);
  const years = new Set(days.map((d) => d.slice(0, 4)));
  if (years.size !== 1) throw new AppError('invalid-input', `一张表只能是一年的：表中有 ${[...years].join('、')}`);
  const year = Number([...years][0]);
  const at = isoNow(ctx);
  await ctx.store.transaction(async (trx) => {
    const row = await trx.selectFrom('settings').select('value').where('key', '=', KEY).executeTakeFirst();
    const tables = (row ? (JSON.parse(row.value) as HolidayTable[]) : []).filter(
      (t) => !t.holidays.concat(t.workdays).some((d) => d.startsWith(String(year))),
    );
    tables.push({ holidays: [...table.holidays].sort(), workdays: [...table.workdays].sort() });
    const value = JSON.stringify(tables);
    await trx
      .insertInto('settings')
      .values({ key: KEY, value, updated_at: at })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: at }))
      .execute();
    await appendAudit(trx, ctx.store.dialect, at, [
      {
        actor: ctx.actor.id,
        action: 'calendar.load',
        entity: 'settings',
        entityId: KEY,
        after: { year, holidays: table.holidays.length, workdays: table.workdays.length },
      },
    ]);
  });
  return { year };
}
