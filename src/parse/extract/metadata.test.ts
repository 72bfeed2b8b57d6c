import { describe, expect, it } from 'vitest';
import { parsePlanText } from '../index.js';

describe('plan title', () => {
  it('joins a title whose line breaks inside a cited title', () => {
    const p = parsePlanText(
      [
        '某市贯彻《某省政务公开',
        '五年行动计划(2021—2025年)》实施方案',
        '一、主要任务',
        '1.夯实主动公开基础。(市政府办公室牵头，各县(区)政府负责)',
      ].join('\n'),
    );
    expect(p.title).toBe('某市贯彻《某省政务公开五年行动计划(2021—2025年)》实施方案');
  });

  it('joins a title broken after its year', () => {
    const p = parsePlanText(
      ['某区政府2023年重点工作', '任务分解和责任分工方案', '1.稳定经济增长。', '牵头单位：区发改局'].join('\n'),
    );
    expect(p.title).toBe('某区政府2023年重点工作任务分解和责任分工方案');
  });
});
