import { describe, expect, it } from 'vitest';
import { bareNumber, groupLabel, readLabel, sectionLabel } from './labels.js';

describe('outline labels', () => {
  it('reads every level as printed', () => {
    expect(readLabel('一、优化基础')).toMatchObject({ kind: 'section', value: 1, printed: '一、' });
    expect(readLabel('十二、强化保障')).toMatchObject({ kind: 'section', value: 12 });
    expect(readLabel('第三部分 保障措施')).toMatchObject({ kind: 'section', value: 3 });
    expect(readLabel('（一）深化公开')).toMatchObject({ kind: 'group', value: 1, printed: '（一）' });
    expect(readLabel('(十一)规范有序开展')).toMatchObject({ kind: 'group', value: 11 });
    expect(readLabel('12.严格执行')).toMatchObject({ kind: 'item', value: 12 });
    expect(readLabel('3、加强')).toMatchObject({ kind: 'item', value: 3 });
    expect(readLabel('1． 依托')).toMatchObject({ kind: 'item', value: 1 });
    expect(readLabel('（2）提升')).toMatchObject({ kind: 'sub', value: 2 });
    expect(readLabel('③完善')).toMatchObject({ kind: 'sub', value: 3 });
  });
  it('does not take years, decimals or counts for labels', () => {
    expect(readLabel('2022年底前完成')).toBeNull();
    expect(readLabel('2.18万亿元')).toBeNull();
    expect(readLabel('12366热线')).toBeNull();
    expect(readLabel('39.2022年底前，市级政府')).toMatchObject({ kind: 'item', value: 39 });
  });
  it('normalises labels for the plan JSON', () => {
    expect(groupLabel(1, '(一)')).toBe('（一）');
    expect(sectionLabel('一、')).toBe('一');
    expect(sectionLabel('第三部分')).toBe('三');
    expect(bareNumber('12')).toBe(12);
    expect(bareNumber('12.')).toBe(12);
    expect(bareNumber('12个')).toBeNull();
  });
});
