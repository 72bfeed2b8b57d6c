import { describe, expect, it } from 'vitest';
import { createCalendar } from './calendar.js';
import { isoWeek, watch } from './due-watch.js';

const item = (id: number, due: string) => ({
  assignmentId: id,
  taskId: id,
  planId: 1,
  unitId: 'u',
  text: `任务${id}`,
  due,
  period: null,
});

describe('deadline watch', () => {
  it('counts the warning window in working days, across a holiday', () => {
    // 2024-09-30 (Mon) + 5 working days: 国庆 1–7 Oct off, Sat 10-12 worked (调休) → 10-12, not 10-07.
    const cal = createCalendar();
    const items = [
      item(1, '2024-09-29'),
      item(2, '2024-10-08'),
      item(3, '2024-10-11'),
      item(4, '2024-10-12'),
      item(5, '2024-10-14'),
    ];
    const r = watch(items, '2024-09-30', cal, 5);
    expect(r.overdue.map((i) => i.assignmentId)).toEqual([1]);
    expect(r.dueSoon.map((i) => i.assignmentId)).toEqual([2, 3, 4]);
  });
  it('names ISO weeks', () => {
    expect(isoWeek('2024-01-01')).toBe('2024-W01');
    expect(isoWeek('2024-12-30')).toBe('2025-W01');
    expect(isoWeek('2021-01-03')).toBe('2020-W53');
    expect(isoWeek('2026-11-22')).toBe('2026-W47');
  });
});
