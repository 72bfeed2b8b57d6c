import { describe, expect, it } from 'vitest';
import { deliverableOutcome } from './counting.js';
import { DEFAULT_RULES, isAnnualReportTask, periodRange, type ScoredItem, scoreUnit } from './scoring.js';

const AS_OF = '2024-04-10';
/** A deliverable completed (claimed and closed) on `completedOn`, or still open, judged as of AS_OF. */
const item = (id: number, due: string, completedOn: string | null, text = `任务${id}`): ScoredItem => ({
  assignmentId: id,
  taskText: text,
  due,
  period: null,
  completedOn,
  outcome: deliverableOutcome(
    {
      assignmentId: id,
      planId: 1,
      taskId: id,
      unitId: 'u',
      unitName: 'u',
      due,
      state: completedOn ? 'done' : 'in_progress',
      claims: completedOn ? [completedOn] : [],
      closedOn: completedOn,
    },
    AS_OF,
  ),
});

describe('scoring', () => {
  it('gives full marks when everything due was done in time, and when nothing was due', () => {
    expect(scoreUnit([item(1, '2024-03-31', '2024-03-30')], [], DEFAULT_RULES)).toMatchObject({
      score: 100,
      onTimeRate: 1,
    });
    expect(scoreUnit([], [], DEFAULT_RULES)).toMatchObject({ score: 100, onTimeRate: null });
    // Due later than the as-of day: 应完成 but 未到期, not judged yet.
    expect(scoreUnit([item(1, '2024-06-30', null)], [], DEFAULT_RULES)).toMatchObject({
      score: 100,
      due: 1,
      notDue: 1,
      onTimeRate: null,
    });
  });
  it('caps deductions per kind', () => {
    const overdue = Array.from({ length: 20 }, (_, i) => item(i, '2024-03-01', null));
    const card = scoreUnit(overdue, [], { ...DEFAULT_RULES, overdueCap: 10 });
    expect(card.lines.filter((l) => l.source.kind === 'overdue').reduce((s, l) => s + l.points, 0)).toBe(-10);
    expect(card.score).toBe(100 - 60 - 10);
    // Every item stays listed past the cap, and the line where it bit says so.
    expect(card.lines.filter((l) => l.source.kind === 'overdue')).toHaveLength(20);
    expect(card.lines.filter((l) => l.source.kind === 'cap')).toHaveLength(1);
    expect(card.lines[0]).toMatchObject({ points: 0, source: { kind: 'start' } });
  });
  it('deducts for an annual report published late, citing the task', () => {
    const card = scoreUnit(
      [item(7, '2024-01-31', '2024-02-05', '按时发布政府信息公开工作年度报告')],
      [],
      DEFAULT_RULES,
    );
    expect(card.lines.map((l) => [l.source.kind, l.points])).toEqual([
      ['start', 0],
      ['rate', -60],
      ['late', -1],
      ['annual-report', -10],
    ]);
    expect(card.score).toBe(29);
  });
  it('deducts for the annual report once, and only for the task that produces it', () => {
    const feeding = '将工作要点落实情况纳入政府信息公开工作年度报告予以公开';
    expect(isAnnualReportTask('按时发布政府信息公开工作年度报告', DEFAULT_RULES.annualReportWords)).toBe(true);
    expect(isAnnualReportTask('年度报告于1月31日前编制完成并向社会公布', DEFAULT_RULES.annualReportWords)).toBe(true);
    expect(isAnnualReportTask(feeding, DEFAULT_RULES.annualReportWords)).toBe(false);
    const quarterly: ScoredItem = {
      assignmentId: 9,
      taskText: '每季度报送年报数据',
      due: '2024-03-31',
      period: '2024年第1季度',
      outcome: 'missed',
    };
    const card = scoreUnit(
      [
        item(7, '2024-01-31', null, '按时发布政府信息公开工作年度报告'),
        item(8, '2024-01-31', null, '编制本部门政府信息公开工作年度报告'),
        item(10, '2024-02-28', null, feeding),
        quarterly,
      ],
      [],
      DEFAULT_RULES,
    );
    expect(card.lines.filter((l) => l.source.kind === 'annual-report')).toEqual([
      expect.objectContaining({ points: -10, source: expect.objectContaining({ assignmentId: 7 }) }),
    ]);
  });
  it('reads periods', () => {
    expect(periodRange('2024-Q1')).toEqual({ start: '2024-01-01', end: '2024-03-31' });
    expect(periodRange('2024-Q4')).toEqual({ start: '2024-10-01', end: '2024-12-31' });
    expect(periodRange('2024')).toEqual({ start: '2024-01-01', end: '2024-12-31' });
    expect(periodRange('2024Q1')).toBeNull();
  });
});
