import { describe, expect, it } from 'vitest';
import type { ParsedPlan } from '../src/domain/plan.js';
import { parsePlanText } from '../src/parse/index.js';

/**
 * The renderings of a task table the issue lists, each with the trap it sets: an empty cell that is a
 * fact, a section row printed bare among pipe rows, columns cut by runs of spaces or single spaces, one
 * cell per line with empty lines for empty cells, markdown, page marks between rows; and noise judged by
 * its shape rather than by words.
 */
const brief = (p: ParsedPlan) =>
  p.tasks.map((t) => ({
    path: [t.section?.label, t.number].filter(Boolean).join('/'),
    text: t.text.slice(0, 6),
    units: t.units.map((u) => `${u.name}${u.role === 'lead' ? '*' : u.role === 'cooperate' ? '+' : ''}`).join(' '),
    deadline: t.deadline?.text ?? null,
  }));

describe('renderings of a task table', () => {
  it('tabs: an empty 配合 cell stays empty and the lead stays lead; short texts stay texts', () => {
    const text = [
      '序号\t工作任务\t牵头单位\t配合单位\t完成时限',
      '一、优化营商环境',
      '1\t建设政务公开专区\t县政务服务中心\t\t2024年6月底前',
      '2\t公开涉企收费\t县发改局\t县市场监管局\t',
      '3\t更新目录\t县政府办\t\t长期坚持',
    ].join('\n');
    const p = parsePlanText(text);
    expect(brief(p)).toEqual([
      { path: '一/1', text: '建设政务公开', units: '县政务服务中心*', deadline: '2024年6月底前' },
      { path: '一/2', text: '公开涉企收费', units: '县发改局* 县市场监管局+', deadline: null },
      { path: '一/3', text: '更新目录', units: '县政府办*', deadline: '长期坚持' },
    ]);
    expect(p.warnings.map((w) => w.code)).not.toContain('units-inherited');
  });

  it('tabs: a row whose empty cells at the end were trimmed is read in place; one that lost a merged cell is flagged', () => {
    const text = [
      '工作要求\t具体要求\t牵头单位\t配合单位\t完成时限',
      '一、夯实基础\t1.更新主动公开目录。\t县政府办\t县司法局\t年底前',
      '\t2.编制年度报告。\t县政府办',
      '3.规范依申请公开办理。\t县司法局\t\t',
    ].join('\n');
    const p = parsePlanText(text);
    expect(brief(p)).toEqual([
      { path: '一/1', text: '更新主动公开', units: '县政府办* 县司法局+', deadline: '年底前' },
      { path: '一/2', text: '编制年度报告', units: '县政府办*', deadline: null },
      { path: '一/3', text: '规范依申请公', units: '县司法局*', deadline: null },
    ]);
    const flagged = p.warnings.filter((w) => w.code === 'structure-lost').map((w) => w.task);
    expect(flagged).toEqual([p.tasks[2]!.id]);
  });

  it('pipes: section rows bare between rows, rows with and without outer pipes', () => {
    for (const outer of [true, false]) {
      const row = (cells: string[]) => (outer ? `| ${cells.join(' | ')} |` : cells.join(' | '));
      const text = [
        row(['序号', '具体任务', '牵头单位', '配合单位', '完成时间']),
        '一、深化政务公开',
        row(['1', '完善政策文件库。', '县司法局', '', '年底前']),
        '二、强化组织保障',
        row(['2', '开展业务培训。', '县政府办', '各乡镇', '']),
      ].join('\n');
      expect(brief(parsePlanText(text))).toEqual([
        { path: '一/1', text: '完善政策文件', units: '县司法局*', deadline: '年底前' },
        { path: '二/2', text: '开展业务培训', units: '县政府办* 各乡镇+', deadline: null },
      ]);
    }
  });

  it('markdown: the rule under the header is no row', () => {
    const text = [
      '| 序号 | 工作内容 | 责任单位 | 完成时限 |',
      '|---|:---|---|---|',
      '| 1 | 编制年度报告。 | 县政府办 | 1月底前 |',
      '| 2 | 办理依申请公开。 | 县司法局牵头，各单位配合 | 长期 |',
    ].join('\n');
    expect(brief(parsePlanText(text))).toEqual([
      { path: '1', text: '编制年度报告', units: '县政府办', deadline: '1月底前' },
      { path: '2', text: '办理依申请公', units: '县司法局* 各单位+', deadline: '长期' },
    ]);
  });

  it('runs of spaces, «—» for an empty cell, a page mark between rows', () => {
    const text = [
      '序号   工作任务   牵头单位   配合单位   完成时限',
      '一、稳定经济运行',
      '1   任务文本一，扩大有效投资。   市发改局   —   2023年6月底前',
      '- 2 -',
      '2   新开工项目50个。   市住建局   市自然资源局   —',
    ].join('\n');
    expect(brief(parsePlanText(text))).toEqual([
      { path: '一/1', text: '任务文本一，', units: '市发改局*', deadline: '2023年6月底前' },
      { path: '一/2', text: '新开工项目5', units: '市住建局* 市自然资源局+', deadline: null },
    ]);
  });

  it('single spaces: a number first, units and a deadline at the end, no header', () => {
    const text = [
      '一、经济发展',
      '1 地区生产总值增长7%以上. 发改委',
      '2 一般公共预算收入增长8%. 财政局、税务局 2023年底前',
      '3 固定资产投资增长10% 发改委牵头，各县区政府配合',
    ].join('\n');
    expect(brief(parsePlanText(text))).toEqual([
      { path: '一/1', text: '地区生产总值', units: '发改委', deadline: null },
      { path: '一/2', text: '一般公共预算', units: '财政局 税务局', deadline: '2023年底前' },
      { path: '一/3', text: '固定资产投资', units: '发改委* 各县区政府+', deadline: null },
    ]);
  });

  it('one cell per line, an empty line for an empty cell, rows with or without a closing blank line', () => {
    const rows = [
      ['序号', '工作任务', '牵头单位', '配合单位', '完成时限'],
      ['1', '完善政策文件库。', '县司法局', '', '年底前'],
      ['2', '开展业务培训。', '县政府办', '各乡镇', ''],
      ['3', '更新目录。', '', '', '长期坚持'],
    ];
    for (const closed of [true, false]) {
      const text = rows.flatMap((r) => (closed ? [...r, ''] : r)).join('\n');
      expect(brief(parsePlanText(text))).toEqual([
        { path: '1', text: '完善政策文件', units: '县司法局*', deadline: '年底前' },
        { path: '2', text: '开展业务培训', units: '县政府办* 各乡镇+', deadline: null },
        // Both unit cells empty: merged from the row above, flagged for review.
        { path: '3', text: '更新目录。', units: '县政府办* 各乡镇+', deadline: '长期坚持' },
      ]);
    }
  });
});

describe('tables that lost more than their separators', () => {
  it('cells run together: rows from their numbers, texts ending in 。, chains of unit names', () => {
    const text =
      '某县2024年民生实事任务分解表序号项目名称工作内容牵头单位配合单位1城乡供水工程新建水厂1座,改造管网30公里。县水利局县住建局各乡镇2养老服务建设建成养老服务中心3个。县民政局县卫健委3道路畅通工程完成主干道改造5条。县交通运输局';
    const p = parsePlanText(text);
    expect(brief(p)).toEqual([
      { path: '1', text: '新建水厂1座', units: '县水利局* 县住建局+ 各乡镇+', deadline: null },
      { path: '2', text: '建成养老服务', units: '县民政局* 县卫健委+', deadline: null },
      { path: '3', text: '完成主干道改', units: '县交通运输局*', deadline: null },
    ]);
    expect(p.tasks[0]!.name).toBe('城乡供水工程');
  });

  it('①② sub-rows under one number, each with its own status, the task column chosen by its header', () => {
    const text = [
      '年度重点工作 | 细化任务及目标 | 季度目标 | 分管领导 | 牵头单位 | 落实情况 | 是否达序 | 说明 |',
      '12.推进城市更新,改造老旧小区40个。 | ①完成老旧小区改造40个。 | 开工30个。 | 张某 | 住建局 | 已开工32个。 | 是 | |',
      '②同步改造雨污管网。 | 完成设计。 | 设计已完成。 | 是 | ||||',
      '13.新建公园5座。 | ①建成口袋公园5座。 | 开工3座。 | 李某 | 园林局 | 已开工4座。 | 是 | 无 |',
    ].join('\n');
    const p = parsePlanText(text);
    expect(p.tasks.map((t) => [t.number, t.text.slice(0, 8), t.units.map((u) => u.name).join(), t.status])).toEqual([
      ['12', '①完成老旧小区改', '住建局', '已开工32个。'],
      ['12', '②同步改造雨污管', '住建局', '设计已完成。'],
      ['13', '①建成口袋公园5', '园林局', '已开工4座。'],
    ]);
    const flagged = new Set(p.warnings.filter((w) => w.code === 'structure-lost').map((w) => w.task));
    expect(flagged.has(p.tasks[1]!.id)).toBe(true);
    expect(flagged.has(p.tasks[0]!.id)).toBe(false);
  });

  it("a document viewer's page numbers cut sentences: removed, pages joined, the site's lines dropped", () => {
    const page = (s: string) => s.repeat(3);
    const text = [
      '某县2023年重点工作安排.docx',
      '《某县2023年重点工作安排.docx》由会员分享,可在线阅读,更多相关请在某网站上搜索。',
      `1、某县2023年重点工作安排。${page('全县上下要坚持稳中求进工作总基调,统筹发展和安全,')}现就重点工作安排如下:一、扎实做好稳增长工作推进重点项目建设,全年实施项目`,
      `2、200个。(县发改局负责)${page('做好要素保障,优化审批流程,压缩办理时限,提高服务效率,')}加快专项债券发行使用。(县财政局牵头,县发改局协作)二、强化就业保障做好城镇新增就`,
      '3、业3000人工作。(县人社局负责)',
    ].join('\n');
    const p = parsePlanText(text);
    expect(
      p.tasks.map((t) => [t.section?.label, t.text.slice(0, 8), t.units.map((u) => `${u.name}:${u.role}`).join()]),
    ).toEqual([
      ['一', '推进重点项目建设', '县发改局:responsible'],
      ['一', '做好要素保障,优', '县财政局:lead,县发改局:cooperate'],
      ['二', '做好城镇新增就业', '县人社局:responsible'],
    ]);
    expect(p.warnings.some((w) => w.message.includes('由会员分享'))).toBe(true);
  });
});

describe('outline items', () => {
  it('an item number glued to the figure its text opens with is the next item, not a decimal', () => {
    const text = [
      '某区2024年人才工作要点',
      '一、人才引育',
      '10.实施青年人才引进计划。（区人社局负责）',
      '11.121人才梯队项目扩面提质。（区委人才办牵头，区人社局协作）',
      '12.人均GDP达到2.5万元。（区发改局负责）',
    ].join('\n');
    expect(brief(parsePlanText(text)).map((t) => [t.path, t.text, t.units])).toEqual([
      ['一/10', '实施青年人才', '区人社局'],
      ['一/11', '121人才梯', '区委人才办* 区人社局+'],
      ['一/12', '人均GDP达', '区发改局'],
    ]);
  });
});

describe('noise judged by shape', () => {
  const warned = (text: string) =>
    parsePlanText(['序号\t工作任务\t责任单位', `1\t${text}\t县民政局`, '2\t更新目录。\t县政府办'].join('\n'))
      .warnings.filter((w) => w.code === 'suspicious-text')
      .map((w) => w.message);

  it('legitimate text that shares words with adverts is not flagged', () => {
    for (const t of [
      '用好福利彩票公益金，支持养老服务。',
      '推进云顶滑雪场配套建设。',
      '做好世界杯期间安保工作。',
      '建成5G基站2000个，PM2.5浓度下降。',
    ]) {
      expect(warned(t)).toEqual([]);
    }
  });

  it('a site code glued to Chinese, an address, a chat handle are flagged', () => {
    expect(warned('文件注明联系人yd222云顶线路检测中心。')[0]).toContain('yd222');
    expect(warned('详见www.example.com网站。')[0]).toContain('www.example.com');
    expect(warned('咨询请加微信abc12345。')[0]).toContain('abc12345');
  });

  it('协作 marks cooperating units', () => {
    const p = parsePlanText(
      ['序号\t工作任务\t责任单位', '1\t更新目录。\t县政府办牵头，县司法局协作', '2\t编制年报。\t县政府办'].join('\n'),
    );
    expect(p.tasks[0]!.units.map((u) => `${u.name}:${u.role}`)).toEqual(['县政府办:lead', '县司法局:cooperate']);
  });
});
