import { describe, expect, it } from 'vitest';
import { type DiffTask, diffPlans } from './plan-diff.js';

const t = (
  number: string,
  text: string,
  unitsText = '县政府办',
  deadlineText = '2023年底前',
  section = '一、公开',
): DiffTask => ({
  section,
  group: null,
  number,
  text,
  unitsText,
  deadlineText,
});

describe('plan diff', () => {
  const before = [
    t('1', '全面公开财政预决算和“三公”经费。'),
    t('2', '做好重大建设项目批准和实施信息公开。'),
    t('3', '规范发布涉农补贴信息。'),
    t('4', '政策文件与解读材料同步起草。'),
  ];
  it('matches the same text regardless of spacing, punctuation and renumbering', () => {
    const after = [t('2', '全面公开财政预决算和"三公"经费'), t('1', '做好重大建设项目 批准和实施信息公开。')];
    const d = diffPlans(before.slice(0, 2), after);
    expect(d.matched).toEqual(
      [
        { before: 1, after: 1, changed: [] },
        { before: 0, after: 0, changed: [] },
      ].sort((a, b) => a.after - b.after),
    );
    expect(d.added).toEqual([]);
    expect(d.removed).toEqual([]);
  });
  it('reports changed units and deadlines on the same task, reworded tasks as changed, the rest as added or removed', () => {
    const after = [
      t('1', '全面公开财政预决算和“三公”经费。', '县财政局'),
      t('2', '做好重大建设项目批准和实施信息公开。', '县政府办', '长期推进'),
      t('3', '规范发布涉农补贴信息，以村为单位公开发放结果。'),
      t('5', '建立政务公开任务台账。', '县政府办', '2023年底前', '三、保障'),
    ];
    const d = diffPlans(before, after);
    expect(d.matched.map((m) => [m.before, m.after, m.changed])).toEqual([
      [0, 0, ['units']],
      [1, 1, ['deadline']],
      [2, 2, ['text']],
    ]);
    expect(d.added).toEqual([3]);
    expect(d.removed).toEqual([3]);
  });
  it('does not pair unrelated tasks', () => {
    const d = diffPlans(
      [t('1', '全面公开财政预决算。')],
      [t('9', '加强政务新媒体管理。', '县网信办', '2023年底前', '二、平台')],
    );
    expect(d.matched).toEqual([]);
    expect(d.added).toEqual([0]);
    expect(d.removed).toEqual([0]);
  });
});
