import { describe, expect, it } from 'vitest';
import type { ParsedPlan } from '../src/domain/plan.js';
import { parsePlanText } from '../src/parse/index.js';

/**
 * Small plans written in each layout of the genre (not the seeds): what a reader of the printed plan
 * would record for each task.
 */
const brief = (p: ParsedPlan) =>
  p.tasks.map((t) => ({
    path: [t.section?.label, t.group?.label, t.number].filter(Boolean).join('/'),
    text: t.text.slice(0, 6),
    units: t.units.map((u) => `${u.name}${u.role === 'lead' ? '*' : u.role === 'cooperate' ? '+' : ''}`).join(' '),
    deadline: t.deadline?.text ?? null,
  }));

describe('layouts', () => {
  it('tab-separated rows with a repeated header and a merged cell', () => {
    const text = [
      '某县2024年政务公开重点任务分工',
      '',
      '工作任务\t具体要求\t牵头单位\t完成时限',
      '一、深化主动公开\t1.完善政策文件库，动态更新。\t县政府办\t6月底前',
      '\t2.做好重大项目信息公开。\t县发改局、县住建局\t长期坚持',
      '\t3.规范发布政府信息公开年报。\t\t',
      '',
      '工作任务\t具体要求\t牵头单位\t完成时限',
      '二、强化解读回应\t4.加强政策解读，县司法局配合审核。\t县政府办牵头，县司法局配合\t每季度',
    ].join('\n');
    const p = parsePlanText(text);
    expect(p.title).toBe('某县2024年政务公开重点任务分工');
    expect(brief(p)).toEqual([
      { path: '一/1', text: '完善政策文件', units: '县政府办*', deadline: '6月底前' },
      { path: '一/2', text: '做好重大项目', units: '县发改局* 县住建局*', deadline: '长期坚持' },
      { path: '一/3', text: '规范发布政府', units: '县发改局* 县住建局*', deadline: '长期坚持' },
      { path: '二/4', text: '加强政策解读', units: '县政府办* 县司法局+', deadline: '每季度' },
    ]);
    expect(p.warnings.map((w) => w.code)).toContain('units-inherited');
    expect(p.tasks[0]!.deadline).toMatchObject({ kind: 'date', due: '2024-06-30' });
  });

  it('pipe rows, a row shifted by a merged section cell', () => {
    const text = [
      '序号 | 重点任务 | 责任单位 | 完成时间 |',
      '一、 | 优化营商环境 | | |',
      '1 | 推行企业开办一网通办。 | 区市场监管局 | 2024年9月底前 |',
      '2 | 公开涉企收费清单。 | 区发改局 | 年底前 |',
    ].join('\n');
    const p = parsePlanText(text);
    expect(brief(p)).toEqual([
      { path: '一/1', text: '推行企业开办', units: '区市场监管局', deadline: '2024年9月底前' },
      { path: '一/2', text: '公开涉企收费', units: '区发改局', deadline: '年底前' },
    ]);
  });

  it('one cell per line ending in «|», rows rebuilt from the header width', () => {
    const cells = [
      ['任务', '具体内容', '责任科室', '备注'],
      ['一、基础工作', '', '', ''],
      ['1', '更新主动公开目录。', '办公室', ''],
      ['2', '办理依申请公开。', '法规科牵头，各科室配合', '按法定时限'],
      ['3', '编制年度报告。', '办公室', ''],
    ];
    const text = cells.flatMap((row) => row.map((c) => `${c} |`)).join('\n');
    const p = parsePlanText(text);
    expect(brief(p)).toEqual([
      { path: '一/1', text: '更新主动公开', units: '办公室', deadline: null },
      { path: '一/2', text: '办理依申请公', units: '法规科* 各科室+', deadline: null },
      { path: '一/3', text: '编制年度报告', units: '办公室', deadline: null },
    ]);
    expect(p.tasks[1]!.note).toBe('按法定时限');
  });

  it('numbered outline with a responsibility line after each item', () => {
    const text = [
      '某市2023年重点工作任务分工方案',
      '一、稳定经济运行',
      '（一）扩大有效投资',
      '1.全年实施重点项目200个以上。',
      '牵头单位：市发改委',
      '配合单位：市住建局、市自然资源局',
      '2.新开工项目50个。',
      '（二）促进消费',
      '3.举办促消费活动30场。',
      '市商务局牵头，各县区人民政府负责',
      '抄送：市委办公室。',
    ].join('\n');
    const p = parsePlanText(text);
    expect(brief(p)).toEqual([
      { path: '一/（一）/1', text: '全年实施重点', units: '市发改委* 市住建局+ 市自然资源局+', deadline: null },
      { path: '一/（一）/2', text: '新开工项目5', units: '市发改委* 市住建局+ 市自然资源局+', deadline: null },
      { path: '一/（二）/3', text: '举办促消费活', units: '市商务局* 各县区人民政府', deadline: null },
    ]);
  });

  it('a table printed one cell per line whose body opens with group labels: the deadline cell is kept', () => {
    const lines = (order: 'units-first' | 'deadline-first') => {
      const row = (text: string, units: string, deadline: string) =>
        order === 'units-first' ? [text, '', units, '', deadline, ''] : [text, '', deadline, '', units, ''];
      const head = order === 'units-first' ? ['责任单位', '', '完成时限'] : ['完成时限', '', '牵头单位'];
      return [
        '某市2024年政务公开重点任务分工方案',
        '',
        '工作任务',
        '',
        '具体措施',
        '',
        ...head,
        '',
        '（一）推进规范性文件集中公开',
        '',
        ...row('1.完善行政规章库，动态更新。', '市政府办公室、市司法局', '2024年底前'),
        ...row('2.建成部门规范性文件库。', '市司法局牵头，市直其他单位按职能分工落实', '长期坚持'),
        '（二）夯实公开基础',
        '',
        ...row('3.梳理公开事项目录。', '各县（区）人民政府（管委会）', '每季度'),
      ].join('\n');
    };
    const lead = (o: string) => (o === 'deadline-first' ? '*' : '');
    for (const order of ['units-first', 'deadline-first'] as const) {
      expect(brief(parsePlanText(lines(order)))).toEqual([
        {
          path: '（一）/1',
          text: '完善行政规章',
          units: `市政府办公室${lead(order)} 市司法局${lead(order)}`,
          deadline: '2024年底前',
        },
        { path: '（一）/2', text: '建成部门规范', units: '市司法局* 市直其他单位', deadline: '长期坚持' },
        {
          path: '（二）/3',
          text: '梳理公开事项',
          units: `各县（区）人民政府（管委会）${lead(order)}`,
          deadline: '每季度',
        },
      ]);
    }
  });

  it('a unit cell printed one name per line, above or below the deadline cell; a signature is not a unit', () => {
    const text = [
      '某市2022年政务公开重点工作任务分工方案',
      '工作任务',
      '具体措施',
      '完成时限',
      '责任单位',
      '（一）加强涉企信息公开',
      '1.公开涉企政策文件。',
      '2022年底前',
      '市发展改革委',
      '市商务局',
      '2.加大行业帮扶政策公开力度。',
      '市政府各有关部门',
      '各县（市、区）人民政府',
      '持续推进',
      '某市人民政府办公室',
      '2022年5月6日',
    ].join('\n');
    expect(brief(parsePlanText(text))).toEqual([
      { path: '（一）/1', text: '公开涉企政策', units: '市发展改革委 市商务局', deadline: '2022年底前' },
      {
        path: '（一）/2',
        text: '加大行业帮扶',
        units: '市政府各有关部门 各县（市、区）人民政府',
        deadline: '持续推进',
      },
    ]);
  });

  it('prose where each run of sentences ends in a unit annotation, one broken by a page break', () => {
    const text = [
      '2024年某县政务公开工作要点',
      '一、深化重点领域公开',
      '（一）加强财政信息公开。全面公开预决算。（县财政局牵头负责）做好政府债务信息公开，按季度更新。（县财政局、县发改局分别',
      '',
      '负责，2024年底前）',
      '（二）推进基层公开。各乡镇更新标准目录。**（各乡镇、街道负责）**',
    ].join('\n');
    const p = parsePlanText(text);
    expect(brief(p)).toEqual([
      { path: '一/（一）', text: '全面公开预决', units: '县财政局*', deadline: null },
      { path: '一/（一）', text: '做好政府债务', units: '县财政局 县发改局', deadline: '2024年底前' },
      { path: '一/（二）', text: '各乡镇更新标', units: '各乡镇 街道', deadline: null },
    ]);
    expect(p.tasks[0]!.group?.title).toBe('加强财政信息公开');
  });

  it('bare lines under a one-word-per-line header, with a row continued under a merged number', () => {
    const text = [
      '序号',
      '民生实事',
      '责任单位',
      '完成时限',
      '1',
      '改造老旧小区10个。',
      '县住建局',
      '县财政局',
      '10月底前',
      '2',
      '新建公园2座。',
      '县城管局',
      '6月底前',
      '建成口袋公园5个。',
      '12月底前',
      '分享到:',
    ].join('\n');
    const p = parsePlanText(text);
    expect(brief(p)).toEqual([
      { path: '1', text: '改造老旧小区', units: '县住建局 县财政局', deadline: '10月底前' },
      { path: '2', text: '新建公园2座', units: '县城管局', deadline: '6月底前' },
      { path: '2', text: '建成口袋公园', units: '县城管局', deadline: '12月底前' },
    ]);
  });

  it('space-separated columns under a letter-spaced header', () => {
    const text = [
      '序号 工 作 任 务 牵头部门',
      '1 城镇新增就业1.5万人 市人社局',
      '2 粮食产量稳定在50万吨 市农业农村局',
    ].join('\n');
    const p = parsePlanText(text);
    expect(brief(p)).toEqual([
      { path: '1', text: '城镇新增就业', units: '市人社局*', deadline: null },
      { path: '2', text: '粮食产量稳定', units: '市农业农村局*', deadline: null },
    ]);
  });

  it('several numbered items in one cell, split; restarting sub-points kept together', () => {
    const text = [
      '工作要求\t具体要求\t责任单位',
      '一、平台建设\t5.加强网站建设。 6.规范新媒体管理。7.做好公报工作。\t县政府办',
      '二、监督保障\t8.开展考核，内容包括：1.日常更新；2.年报发布。\t县政府办',
    ].join('\n');
    const p = parsePlanText(text);
    expect(brief(p).map((t) => `${t.path} ${t.text}`)).toEqual([
      '一/5 加强网站建设',
      '一/6 规范新媒体管',
      '一/7 做好公报工作',
      '二/8 开展考核，内',
    ]);
  });

  it('traditional characters with pinyin glosses keep their printed form', () => {
    const text = [
      '重點任務 | 工作內容 | 負責科室 |',
      '政策解讀 | 對重要政策進行解讀。 | 綜合科牽頭，各業務科室配合 |',
      '信息發佈 | 及時發佈財政資金信息。 | 財務科 |',
    ]
      .join('\n')
      .replace('綜合科', '綜(zōng)合科');
    const p = parsePlanText(text);
    expect(brief(p)).toEqual([
      { path: '', text: '對重要政策進', units: '綜合科* 各業務科室+', deadline: null },
      { path: '', text: '及時發佈財政', units: '財務科', deadline: null },
    ]);
    expect(p.tasks[0]!.name).toBe('政策解讀');
  });

  it('a notice covering the plan produces no tasks and gives the metadata', () => {
    const text = [
      '某市人民政府办公室文件',
      '某政办发〔2024〕12号',
      '某市人民政府办公室关于印发某市2024年政务公开工作要点分工方案的通知',
      '各县（市、区）人民政府，市政府各部门：',
      '为贯彻落实《国务院办公厅关于印发2024年政务公开工作要点的通知》（国办发〔2024〕16号），现将方案印发给你们。',
      '一、各地要高度重视，认真组织实施。',
      '某市人民政府办公室',
      '2024年5月20日',
      '某市2024年政务公开工作要点分工方案',
      '一、优化公开基础',
      '1.更新主动公开目录。',
      '市政府办公室牵头，各县（市、区）人民政府负责',
    ].join('\n');
    const p = parsePlanText(text);
    expect(p.title).toBe('某市2024年政务公开工作要点分工方案');
    expect(p.meta).toMatchObject({
      docNumber: '某政办发〔2024〕12号',
      issuer: '某市人民政府办公室',
      issueDate: '2024-05-20',
      year: 2024,
      cites: [{ title: '国务院办公厅关于印发2024年政务公开工作要点的通知', docNumber: '国办发〔2024〕16号' }],
    });
    expect(brief(p)).toEqual([
      { path: '一/1', text: '更新主动公开', units: '市政府办公室* 各县（市、区）人民政府', deadline: null },
    ]);
  });

  it('form layout: labelled fields, values on the lines below, numbers set off by a space', () => {
    const text = [
      '某县2024年民生实事项目进展情况',
      '01 项目名称：改造老旧小区',
      '项目内容：',
      '完成10个老旧小区改造，同步改造雨污管网。',
      '责任单位：',
      '县住建局、县城管局',
      '进展情况：',
      '已完成6个小区主体改造。',
      '02 项目名称：新建口袋公园',
      '项目内容：',
      '建成口袋公园5个。',
      '责任单位',
      '县城管局',
    ].join('\n');
    const p = parsePlanText(text);
    expect(
      p.tasks.map((t) => [t.number, t.name, t.text.slice(0, 6), t.units.map((u) => u.name).join(), t.status]),
    ).toEqual([
      ['01', '改造老旧小区', '完成10个老', '县住建局,县城管局', '已完成6个小区主体改造。'],
      ['02', '新建口袋公园', '建成口袋公园', '县城管局', null],
    ]);
  });

  it('a line that runs items and labelled fields together', () => {
    const text =
      '现将实事项目进展情况公示如下。 1.新建停车场3处。 牵头领导:张某 责任单位:市城管局 配合单位:市公安局、各区政府 实际完成情况:已建成2处。 2.改造公厕20座。 牵头领导:李某 责任单位:市城管局 实际完成情况:已完成改造12座。';
    const p = parsePlanText(text);
    expect(p.tasks.map((t) => [t.number, t.text, t.units.map((u) => `${u.name}:${u.role}`).join(), t.status])).toEqual([
      ['1', '新建停车场3处。', '市城管局:responsible,市公安局:cooperate,各区政府:cooperate', '已建成2处。'],
      ['2', '改造公厕20座。', '市城管局:responsible', '已完成改造12座。'],
    ]);
  });

  it('a sub-point with its own annotation is the task; one annotation after all sub-points covers the item', () => {
    const text = [
      '某局2024年目标任务分解',
      '一、任务分解',
      '7.继续办好农村实事。',
      '(2)培训工程。培训农村劳动力2万人。(就业中心)',
      '8.完善应急预案体系',
      '(1)加强预案管理。',
      '(2)推进预案演练。',
      '(责任单位:各有关单位、各县(市、区)人民政府)',
    ].join('\n');
    const p = parsePlanText(text);
    expect(p.tasks.map((t) => [t.number, t.text.slice(0, 6), t.units.map((u) => u.name).join()])).toEqual([
      ['2', '培训工程。培', '就业中心'],
      ['8', '完善应急预案', '各有关单位,各县(市、区)人民政府'],
    ]);
    expect(p.warnings.some((w) => w.code === 'skipped-text' && w.message.includes('继续办好农村实事'))).toBe(true);
  });

  it('sub-points run on in one paragraph, each closed by its own annotation, are the tasks', () => {
    const text = [
      '某市优化营商环境实施意见',
      '一、减少审批事项',
      '1.深化商事制度改革。(1)推行证照合一。整合涉企证照事项。(市市场监管局牵头负责)(2)完善全程电子化登记。推行网上申请。(市市场监管局牵头，市数据局配合)',
      '2.压减审批时限。(1)梳理审批事项。(2)公布办事指南。(市政务服务局牵头负责)',
    ].join('\n');
    const p = parsePlanText(text);
    expect(brief(p)).toEqual([
      { path: '一/1', text: '推行证照合一', units: '市市场监管局*', deadline: null },
      { path: '一/2', text: '完善全程电子', units: '市市场监管局* 市数据局+', deadline: null },
      { path: '一/2', text: '压减审批时限', units: '市政务服务局*', deadline: null },
    ]);
  });

  it('a unit cell that names the person in charge beside the unit', () => {
    const text = [
      '序号 | 工作任务 | 牵头单位及主要负责人 | 落实进展情况 |',
      '1 | 提高低保标准。 | 市民政局 王某某 | 已完成。 |',
    ].join('\n');
    const p = parsePlanText(text);
    expect(p.tasks.map((t) => [t.units.map((u) => `${u.name}:${u.role}`).join(), t.status])).toEqual([
      ['市民政局:lead', '已完成。'],
    ]);
  });

  it('cells separated by lines of «|», rows of different lengths', () => {
    const text = [
      '工作任务',
      '|',
      '具体要求',
      '|',
      '责任科室',
      '|',
      '时限要求',
      '|',
      '规范公开',
      '|',
      '1',
      '|',
      '更新目录。',
      '|',
      '办公室',
      '|',
      '年底前',
      '|',
      '2',
      '|',
      '编制年报。',
      '|',
      '各科室',
      '|',
      '持续推进',
      '|',
    ].join('\n');
    const p = parsePlanText(text);
    expect(p.tasks.map((t) => [t.number, t.name, t.text, t.units[0]?.name, t.deadline?.text])).toEqual([
      ['1', '规范公开', '更新目录。', '办公室', '年底前'],
      ['2', null, '编制年报。', '各科室', '持续推进'],
    ]);
  });
});
