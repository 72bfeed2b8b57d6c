import { describe, expect, it } from 'vitest';
import { currentPeriod, scheduleFor } from './schedule.js';

const year = { year: 2023 };

describe('schedule', () => {
  it('dates a dated deadline once', () => {
    expect(scheduleFor({ text: '2023年6月底前', kind: 'date', due: '2023-06-30' }, year)).toEqual({
      due: '2023-06-30',
      ongoing: false,
      periods: [],
    });
  });
  it('reports ongoing work each quarter, also when it has a first date', () => {
    const s = scheduleFor({ text: '长期推进', kind: 'ongoing', due: null, ongoing: true }, year);
    expect(s.ongoing).toBe(true);
    expect(s.periods).toEqual([
      { due: '2023-03-31', label: '2023年第一季度' },
      { due: '2023-06-30', label: '2023年第二季度' },
      { due: '2023-09-30', label: '2023年第三季度' },
      { due: '2023-12-31', label: '2023年第四季度' },
    ]);
    expect(
      scheduleFor({ text: '2023年6月底前并长期坚持', kind: 'date', due: '2023-06-30', ongoing: true }, year),
    ).toMatchObject({ due: '2023-06-30', ongoing: true });
  });
  it('turns recurring deadlines into the year’s instances', () => {
    const q = scheduleFor({ text: '每季度', kind: 'recurring', due: null, recurrence: { freq: 'quarterly' } }, year);
    expect(q.periods.map((p) => p.due)).toEqual(['2023-03-31', '2023-06-30', '2023-09-30', '2023-12-31']);
    expect(q).toMatchObject({ due: '2023-12-31', ongoing: false });
    const m = scheduleFor(
      { text: '每季度首月10日前', kind: 'recurring', due: null, recurrence: { freq: 'quarterly', month: 1, day: 10 } },
      year,
    );
    expect(m.periods.map((p) => p.due)).toEqual(['2023-01-10', '2023-04-10', '2023-07-10', '2023-10-10']);
    // One instance a year is a plain due date, not a period.
    expect(
      scheduleFor(
        { text: '每年1月31日前', kind: 'recurring', due: null, recurrence: { freq: 'yearly', month: 1, day: 31 } },
        year,
      ),
    ).toEqual({
      due: '2023-01-31',
      ongoing: false,
      periods: [],
    });
    expect(
      scheduleFor(
        { text: '每半年', kind: 'recurring', due: null, recurrence: { freq: 'half-yearly' } },
        year,
      ).periods.map((p) => p.label),
    ).toEqual(['2023年上半年', '2023年下半年']);
  });
  it('keeps relative deadlines dated only when the parser could date them', () => {
    expect(
      scheduleFor(
        {
          text: '印发30日内',
          kind: 'relative',
          due: '2023-05-08',
          relative: { event: '印发', amount: 30, unit: 'day' },
        },
        year,
      ).due,
    ).toBe('2023-05-08');
    expect(
      scheduleFor(
        {
          text: '收到后15个工作日',
          kind: 'relative',
          due: null,
          relative: { event: '收到', amount: 15, unit: 'workday' },
        },
        year,
      ).due,
    ).toBeNull();
    expect(scheduleFor(null, year)).toEqual({ due: null, ongoing: false, periods: [] });
  });
  it('finds the earliest period not yet reported', () => {
    const periods = [
      { due: '2023-06-30', reportedAt: null },
      { due: '2023-03-31', reportedAt: '2023-03-30' },
      { due: '2023-09-30', reportedAt: null },
    ];
    expect(currentPeriod(periods)?.due).toBe('2023-06-30');
    expect(currentPeriod([{ due: '2023-03-31', reportedAt: 'x' }])).toBeNull();
  });
});
