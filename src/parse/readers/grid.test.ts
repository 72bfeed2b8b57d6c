import { describe, expect, it } from 'vitest';
import type { Rule } from './geometry.js';
import { findGrids } from './grid.js';
import { groupLines } from './text-lines.js';

const h = (at: number, from: number, to: number): Rule => ({ axis: 'h', at, from, to });
const v = (at: number, from: number, to: number): Rule => ({ axis: 'v', at, from, to });

describe('grids from ruling lines', () => {
  it('merged cells where a separating line is missing', () => {
    // 3 columns × 3 rows; row 0 has no line between columns 0 and 1 (colspan 2), column 2 has no line
    // between rows 1 and 2 (rowspan 2). The frame is drawn in pieces, as writers do cell by cell.
    const rules = [
      h(0, 0, 50),
      h(0, 50, 150),
      h(20, 0, 150),
      h(40, 0, 100),
      h(60, 0, 150),
      v(0, 0, 60),
      v(50, 20, 60),
      v(100, 0, 60),
      v(150, 0, 60),
    ];
    const [g] = findGrids(rules);
    expect(g!.xs).toEqual([0, 50, 100, 150]);
    expect(g!.ys).toEqual([0, 20, 40, 60]);
    expect(g!.cells).toEqual([
      { row: 0, col: 0, rowspan: 1, colspan: 2 },
      { row: 0, col: 2, rowspan: 1, colspan: 1 },
      { row: 1, col: 0, rowspan: 1, colspan: 1 },
      { row: 1, col: 1, rowspan: 1, colspan: 1 },
      { row: 1, col: 2, rowspan: 2, colspan: 1 },
      { row: 2, col: 0, rowspan: 1, colspan: 1 },
      { row: 2, col: 1, rowspan: 1, colspan: 1 },
    ]);
  });

  it('an L-shaped gap is no cell: its positions stay single', () => {
    const rules = [h(0, 0, 100), h(20, 50, 100), h(40, 0, 100), v(0, 0, 40), v(50, 0, 20), v(100, 0, 40)];
    const [g] = findGrids(rules);
    expect(g!.cells).toHaveLength(4);
    expect(g!.cells.every((c) => c.rowspan === 1 && c.colspan === 1)).toBe(true);
  });

  it('underlines and lone strokes make no table; a flood of lines is not analysed', () => {
    expect(findGrids([h(10, 0, 100), h(30, 0, 60), v(200, 0, 5)])).toEqual([]);
    const flood = Array.from({ length: 5000 }, (_, i) => (i % 2 ? h(i, 0, 100) : v(i % 100, 0, 5000)));
    expect(findGrids(flood)).toEqual([]);
  });
});

describe('lines of text', () => {
  it('joins Chinese runs without spaces, keeps real gaps, drops fake-bold doubles', () => {
    const run = (text: string, x0: number, x1: number, top = 0) => ({ text, x0, x1, top, bottom: top + 12, size: 12 });
    const [line] = groupLines(
      [run('政务', 0, 24), run('公开', 24, 48), run('公开', 24.3, 48.3), run('（县政府办负责）', 120, 216)],
      1,
    );
    expect(line!.text).toBe('政务公开 （县政府办负责）');
    expect(groupLines([run('2022', 0, 27), run('年', 27, 39), run('底前', 0, 24, 20)], 1).map((l) => l.text)).toEqual([
      '2022年',
      '底前',
    ]);
  });
});
