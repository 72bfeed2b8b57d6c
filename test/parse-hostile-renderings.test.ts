import { describe, expect, it } from 'vitest';
import { parsePlanText } from '../src/parse/index.js';

/**
 * Hostile text in the shapes the newer recoveries look for: each must finish with bounded work (the
 * suite's timeout is the bound; speed is measured by `npm run bench`).
 */
const MB = 1 << 20;

describe('hostile input in the table renderings', () => {
  it('cells run together: a glued header, then 1 MB of glued rows and of near-rows', () => {
    const head = '序号项目名称主要内容分管领导牵头单位配合单位';
    const rows = Array.from({ length: 20_000 }, (_, i) => `${i + 1}项目推进道路建设。张某某县住建局各乡镇`).join('');
    expect(parsePlanText(head + rows).tasks.length).toBeGreaterThan(1000);
    expect(parsePlanText(head + '1推进。县'.repeat(MB / 6)).version).toBe(1);
    expect(parsePlanText(head + '。局'.repeat(MB / 2)).version).toBe(1);
  });
  it("a viewer's page numbers on every line, and page marks between every line", () => {
    const page =
      '推进重点项目建设全年实施项目二百个并做好要素保障优化审批流程压缩办理时限提高服务效率加快专项债券发行使用';
    const lines = Array.from({ length: 10_000 }, (_, i) => `${i + 1}、${page}${page}`);
    expect(parsePlanText(lines.join('\n')).version).toBe(1);
    expect(parsePlanText(`序号\t任务\t单位\n${'1\tx\t局\n- 2 -\n'.repeat(30_000)}`).tasks.length).toBeGreaterThan(1000);
  });
  it('space-separated rows, with and without a header, and a long line of run-on sections', () => {
    expect(parsePlanText('1 推进项目 市发改局\n'.repeat(50_000)).tasks.length).toBeGreaterThan(1000);
    expect(parsePlanText(`序号   工作任务   牵头单位\n${'1   x   局\n'.repeat(50_000)}`).version).toBe(1);
    expect(parsePlanText('现就有关工作安排如下：一、推进项目。二、'.repeat(MB / 20)).version).toBe(1);
  });
});
