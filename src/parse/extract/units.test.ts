import { describe, expect, it } from 'vitest';
import { parseResponsibility } from './units.js';

const names = (s: string, header: Parameters<typeof parseResponsibility>[1] = null) =>
  parseResponsibility(s, header).units.map((u) => u.name);
const roles = (s: string, header: Parameters<typeof parseResponsibility>[1] = null) =>
  Object.fromEntries(parseResponsibility(s, header).units.map((u) => [u.name, u.role]));

describe('unit phrases: splitting', () => {
  it('keeps group expressions whole where pieces share a head noun printed once', () => {
    expect(names('各县、区人民政府（管委会）')).toEqual(['各县、区人民政府（管委会）']);
    expect(names('各县、市、区政府')).toEqual(['各县、市、区政府']);
    expect(names('各县(市、区)人民政府(管委会)')).toEqual(['各县(市、区)人民政府(管委会)']);
    expect(names('政策措施牵头起草、组织实施单位负责')).toEqual(['政策措施牵头起草、组织实施单位']);
  });
  it('splits at 、 where each piece stands alone', () => {
    expect(names('市政府各部门、各直属机构')).toEqual(['市政府各部门', '各直属机构']);
    expect(names('县农业农村局、各乡镇、街道分别牵头负责')).toEqual(['县农业农村局', '各乡镇', '街道']);
    expect(names('各地、各部门')).toEqual(['各地', '各部门']);
    expect(names('各设区市、平潭综合实验区')).toEqual(['各设区市', '平潭综合实验区']);
    expect(names('各县（市、区）、市直各部门')).toEqual(['各县（市、区）', '市直各部门']);
  });
  it('splits at list separators and line breaks, removes whitespace', () => {
    expect(names('县水务局\n县住建局\n县护城河指挥部')).toEqual(['县水务局', '县住建局', '县护城河指挥部']);
    expect(names('省编办 (省审改办)')).toEqual(['省编办(省审改办)']);
    expect(names('各县、区人民政府（管委会）；市直各单位')).toEqual(['各县、区人民政府（管委会）', '市直各单位']);
  });
  it('drops remarks and example lists in brackets, keeps aliases', () => {
    expect(names('市政府办公室、市有关单位(见附件1,下同),各县(市、区)人民政府(管委会)负责')).toEqual([
      '市政府办公室',
      '市有关单位',
      '各县(市、区)人民政府(管委会)',
    ]);
    expect(names('市发改委牵头,市直有关单位(市住建局、市交通运输局、市水利局等)负责落实')).toEqual([
      '市发改委',
      '市直有关单位',
    ]);
  });
  it('strips a trailing 等 but keeps «X等Y»', () => {
    expect(names('土管所等')).toEqual(['土管所']);
    expect(names('区财政局、区水务局等部门配合')).toEqual(['区财政局', '区水务局等部门']);
  });
  it('sets aside people and deadlines written in the phrase', () => {
    const p = parseResponsibility('县发改局牵头，2022年底前');
    expect(p.units.map((u) => u.name)).toEqual(['县发改局']);
    expect(p.deadlineText).toBe('2022年底前');
    const q = parseResponsibility('责任领导：张三\n牵头单位：区发改局');
    expect(q.units.map((u) => u.name)).toEqual(['区发改局']);
    expect(q.people).toEqual(['张三']);
  });
});

describe('unit phrases: roles', () => {
  it('牵头 marks lead; the rest are responsible', () => {
    expect(roles('市卫生健康局、市政务服务数据管理局牵头，市直其他单位按职能分工落实')).toEqual({
      市卫生健康局: 'lead',
      市政务服务数据管理局: 'lead',
      市直其他单位: 'responsible',
    });
  });
  it('a semicolon stops a role word from reaching back', () => {
    expect(roles('各县、区人民政府（管委会）；市发展和改革局牵头')).toEqual({
      '各县、区人民政府（管委会）': 'responsible',
      市发展和改革局: 'lead',
    });
  });
  it('负责 beside 配合 makes lead', () => {
    expect(roles('宣传科负责，法制支队、警保科配合。')).toEqual({
      宣传科: 'lead',
      法制支队: 'cooperate',
      警保科: 'cooperate',
    });
    expect(roles('宣传科、户政支队负责。')).toEqual({ 宣传科: 'responsible', 户政支队: 'responsible' });
  });
  it('a clause without a role word takes the next one across a comma', () => {
    expect(roles('区发改局牵头,区财政局、区交运局,区国投公司、各街道办事处配合')).toEqual({
      区发改局: 'lead',
      区财政局: 'cooperate',
      区交运局: 'cooperate',
      区国投公司: 'cooperate',
      各街道办事处: 'cooperate',
    });
  });
  it('the header decides only when the phrase has no role word', () => {
    expect(roles('市教育局、市财政局', 'lead')).toEqual({ 市教育局: 'lead', 市财政局: 'lead' });
    expect(roles('市教育局负责，市财政局', 'lead')).toEqual({ 市教育局: 'responsible', 市财政局: 'responsible' });
    expect(roles('市教育局', 'cooperate')).toEqual({ 市教育局: 'cooperate' });
  });
  it('line labels act as headers', () => {
    expect(roles('牵头单位:区发改局\n责任单位:立山经济开发区,全区经济运行各专班')).toEqual({
      区发改局: 'lead',
      立山经济开发区: 'responsible',
      全区经济运行各专班: 'responsible',
    });
    expect(roles('牵头单位：市发改委\n配合单位：市财政局、市统计局')).toEqual({
      市发改委: 'lead',
      市财政局: 'cooperate',
      市统计局: 'cooperate',
    });
  });
  it('reads traditional characters and keeps them as printed', () => {
    expect(roles('綜合科牽頭，各業務科室配合')).toEqual({ 綜合科: 'lead', 各業務科室: 'cooperate' });
  });
  it('a role word in brackets counts', () => {
    expect(roles('市发改委（牵头）、市财政局')).toEqual({ 市发改委: 'lead', 市财政局: 'responsible' });
  });
});

describe('unit phrases: role word variants of the genre', () => {
  it('按职责分工 forms and 参加', () => {
    expect(roles('市教育局、市财政局按职责分工分别负责')).toEqual({ 市教育局: 'responsible', 市财政局: 'responsible' });
    expect(roles('市发改委牵头，市直有关部门按照职责分工负责')).toEqual({
      市发改委: 'lead',
      市直有关部门: 'responsible',
    });
    expect(roles('县政府办牵头，县直各部门参加')).toEqual({ 县政府办: 'lead', 县直各部门: 'cooperate' });
  });
});
