import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../domain/calendar.js';
import { findDeadlinesInText, isDeadlinePhrase, normalizeDeadline } from './deadline.js';

const ctx = { year: 2022, issueDate: '2022-06-13' };

describe('deadline grammar', () => {
  it('dates, with the plan year inferred', () => {
    expect(normalizeDeadline('2022 年底前', ctx)).toMatchObject({ kind: 'date', due: '2022-12-31', precision: 'year' });
    expect(normalizeDeadline('11月底前完成', ctx)).toMatchObject({
      kind: 'date',
      due: '2022-11-30',
      yearInferred: true,
    });
    expect(normalizeDeadline('2023年6月底前', ctx)).toMatchObject({ kind: 'date', due: '2023-06-30' });
    expect(normalizeDeadline('上半年', ctx)).toMatchObject({ kind: 'date', due: '2022-06-30', precision: 'half' });
    expect(normalizeDeadline('三季度末', ctx)).toMatchObject({ kind: 'date', due: '2022-09-30', precision: 'quarter' });
    expect(normalizeDeadline('12月10日前', ctx)).toMatchObject({ kind: 'date', due: '2022-12-10', precision: 'day' });
    expect(normalizeDeadline('9月投入使用', ctx)).toMatchObject({ due: '2022-09-30', milestone: '投入使用' });
    expect(normalizeDeadline('5月底前动工', ctx)).toMatchObject({ due: '2022-05-31', milestone: '动工' });
    expect(normalizeDeadline('年底前', ctx)).toMatchObject({ due: '2022-12-31' });
    expect(normalizeDeadline('6月中旬', ctx)).toMatchObject({ due: '2022-06-20' });
  });
  it('without a plan year the date stays open', () => {
    expect(normalizeDeadline('11月底前', {})).toMatchObject({ kind: 'date', due: null, precision: 'month' });
  });
  it('ongoing, also after a date', () => {
    for (const t of ['长期推进', '持续推进', '长期坚持', '常态化推进']) {
      expect(normalizeDeadline(t, ctx)).toMatchObject({ kind: 'ongoing', due: null, ongoing: true });
    }
    expect(normalizeDeadline('2022年底前并长期坚持', ctx)).toMatchObject({
      kind: 'date',
      due: '2022-12-31',
      ongoing: true,
    });
  });
  it('recurring rules', () => {
    expect(normalizeDeadline('每季度', ctx)).toMatchObject({ kind: 'recurring', recurrence: { freq: 'quarterly' } });
    expect(normalizeDeadline('每年1月31日前', ctx)).toMatchObject({
      kind: 'recurring',
      recurrence: { freq: 'yearly', month: 1, day: 31 },
    });
    expect(normalizeDeadline('每月10日前', ctx)).toMatchObject({
      kind: 'recurring',
      recurrence: { freq: 'monthly', day: 10 },
    });
    expect(normalizeDeadline('每季度末月20日前', ctx)).toMatchObject({
      recurrence: { freq: 'quarterly', month: 3, day: 20 },
    });
  });
  it('relative offsets, dated from the plan issue on the working-day calendar', () => {
    expect(normalizeDeadline('印发30日内', ctx)).toMatchObject({
      kind: 'relative',
      due: '2022-07-13',
      relative: { event: '印发', amount: 30, unit: 'day' },
    });
    // 2022-09-30 (Fri) + 3 working days crosses the National Day week: 10-08 and 10-09 are 调休 workdays.
    const cal = createCalendar();
    expect(normalizeDeadline('印发后3个工作日内', { year: 2022, issueDate: '2022-09-30', calendar: cal }).due).toBe(
      '2022-10-10',
    );
    expect(normalizeDeadline('收到后3个工作日', ctx)).toMatchObject({
      kind: 'relative',
      due: null,
      relative: { event: '收到', amount: 3, unit: 'workday' },
    });
  });
  it('keeps what it cannot read', () => {
    expect(normalizeDeadline('根据上级部署', ctx)).toMatchObject({ kind: 'unknown', text: '根据上级部署', due: null });
  });
  it('tells deadline phrases from prose and status words', () => {
    expect(isDeadlinePhrase('12月底前')).toBe(true);
    expect(isDeadlinePhrase('长期推进')).toBe(true);
    expect(isDeadlinePhrase('推进中')).toBe(false);
    expect(isDeadlinePhrase('11月底前各单位上报,市政务公开办遴选后报省')).toBe(false);
    expect(isDeadlinePhrase('县发改局')).toBe(false);
  });
  it('finds deadlines written inside requirement text', () => {
    const text =
      '依托政府信息公开平台于 2022 年 11 月底前建成本部门行政规范性文件库，2022年政务公开工作…年底前将发放结果公开';
    const found = findDeadlinesInText(text, ctx);
    expect(found.map((d) => [d.text, d.deadline.due])).toEqual([
      ['2022 年 11 月底前', '2022-11-30'],
      ['年底前', '2022-12-31'],
    ]);
    expect(text.slice(found[0]!.start, found[0]!.end)).toBe('2022 年 11 月底前');
  });
});
