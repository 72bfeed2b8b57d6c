import { describe, expect, it } from 'vitest';
import { parsePlanText } from '../src/parse/index.js';

/**
 * Hostile text: the parser must finish on all of it with bounded work. A quadratic or backtracking rule
 * turns these into minutes; the suite's timeout is the bound (speed itself is measured by `npm run bench`).
 */
const MB = 1 << 20;

describe('hostile input', () => {
  it('1 MB of one repeated label', () => {
    for (const label of ['一、', '（一）', '1.', '①', '(1)']) {
      const p = parsePlanText(label.repeat(Math.ceil(MB / label.length)));
      expect(p.version).toBe(1);
    }
  });
  it('1 MB without a line break', () => {
    const sentence = '加强政务公开，做好政策解读（县政府办牵头负责）。市发改委、市财政局配合，2022年底前完成';
    const p = parsePlanText(sentence.repeat(Math.ceil(MB / sentence.length)));
    expect(p.tasks.length).toBeGreaterThan(1000);
  });
  it('deeply nested and unbalanced brackets', () => {
    const depth = 200_000;
    const nested = `${'（'.repeat(depth)}县发改局牵头负责${'）'.repeat(depth)}`;
    expect(parsePlanText(nested).version).toBe(1);
    expect(parsePlanText('（'.repeat(MB)).version).toBe(1);
    expect(parsePlanText(`一、标题\n${'(县发改局'.repeat(MB / 8)}`).version).toBe(1);
  });
  it('100k tiny cells in every table shape', () => {
    const n = 100_000;
    expect(parsePlanText('工作任务 |\n责任单位 |\n' + 'x |\n'.repeat(n)).version).toBe(1);
    expect(parsePlanText('|'.repeat(n)).version).toBe(1);
    expect(parsePlanText('\t'.repeat(n)).version).toBe(1);
    expect(parsePlanText(`序号\t任务\t单位\n${'1\tx\t局\n'.repeat(n / 3)}`).tasks.length).toBeGreaterThan(1000);
    expect(parsePlanText(`序号\n任务\n责任单位\n${'1\nx\n局\n'.repeat(n / 3)}`).version).toBe(1);
  });
  it('long runs that look like deadlines, numbers and units', () => {
    expect(parsePlanText('2022年'.repeat(MB / 5)).version).toBe(1);
    expect(parsePlanText('每年每月'.repeat(MB / 4)).version).toBe(1);
    expect(parsePlanText('市发改委、'.repeat(MB / 5)).version).toBe(1);
    expect(parsePlanText('1.2.3.'.repeat(MB / 6)).version).toBe(1);
  });
});
