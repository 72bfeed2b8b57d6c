import { describe, expect, it } from 'vitest';
import type { Unit } from '../domain/unit.js';
import { Directory } from './directory.js';
import {
  countyGovernmentName,
  type DivisionSource,
  divisionOf,
  divisionUnits,
  predecessorUnits,
  townshipGovernmentName,
} from './divisions.js';
import { groupPattern, members, ruleFor } from './groups.js';
import { resolveName } from './resolve.js';
import { standardName } from './standard-names.js';

const gov = (id: string, name: string, level: Unit['level'], parentId: string | null = null): Unit => ({
  id,
  name,
  aliases: [],
  kind: 'government',
  level,
  parentId,
  active: true,
  successorId: null,
});

describe('division governments are named as offices name them', () => {
  it('gives a street an 办事处 and a town, a 乡 or a 苏木 a 人民政府, keeping ethnic names whole', () => {
    expect(townshipGovernmentName('松源街道')).toBe('松源街道办事处');
    expect(townshipGovernmentName('黄田镇')).toBe('黄田镇人民政府');
    expect(townshipGovernmentName('岭头乡')).toBe('岭头乡人民政府');
    expect(townshipGovernmentName('丽新畲族乡')).toBe('丽新畲族乡人民政府');
    expect(townshipGovernmentName('老竹畲族镇')).toBe('老竹畲族镇人民政府');
    expect(townshipGovernmentName('于家务回族乡')).toBe('于家务回族乡人民政府');
    expect(townshipGovernmentName('巴彦苏木')).toBe('巴彦苏木人民政府');
    expect(townshipGovernmentName('东城地区')).toBe('东城地区办事处');
    // Farms and parks under a county are not governments.
    expect(townshipGovernmentName('国营五一农场')).toBeNull();
    expect(townshipGovernmentName('经济开发区')).toBeNull();
  });

  it('gives a county its 人民政府 and a development zone (code xxxx7x) its 管委会', () => {
    expect(countyGovernmentName({ code: '331126', name: '庆元县' })).toEqual({
      name: '庆元县人民政府',
      committee: false,
    });
    expect(countyGovernmentName({ code: '130171', name: '石家庄高新技术产业开发区' })).toEqual({
      name: '石家庄高新技术产业开发区管委会',
      committee: true,
    });
  });
});

/** A few real rows (统计用区划代码 2023) standing in for the package, so these tests say what they test. */
const SOURCE: DivisionSource = (() => {
  const rows = [
    { code: '3301', name: '杭州市' },
    { code: '330111', name: '富阳区' },
    { code: '330112', name: '临安区' },
    { code: '330127', name: '淳安县' },
    { code: '3311', name: '丽水市' },
    { code: '331126', name: '庆元县' },
    { code: '331126001', name: '松源街道' },
    { code: '331126101', name: '黄田镇' },
    { code: '331126200', name: '岭头乡' },
    { code: '3201', name: '南京市' },
    { code: '320106', name: '鼓楼区' },
    { code: '3203', name: '徐州市' },
    { code: '320302', name: '鼓楼区' },
  ];
  const parent = (c: string) => (c.length === 9 ? c.slice(0, 6) : c.slice(0, -2));
  return {
    label: 'test',
    named: (n) => rows.filter((r) => r.name === n && r.code.length <= 6),
    children: (c) => rows.filter((r) => r.code.length > c.length && parent(r.code) === c),
    byCode: (c) => rows.find((r) => r.code === c) ?? null,
  };
})();

describe('a jurisdiction’s divisions as units', () => {
  it('names a county’s 乡镇（街道） with the county, tags their codes and expands «各乡镇» and «街道»', () => {
    const county = gov('gov:庆元县', '庆元县人民政府', 'county');
    const dir0 = new Directory({ units: [county], groups: [] });
    const d = divisionOf(dir0, county, SOURCE)!;
    expect(d.code).toBe('331126');
    const units = divisionUnits(dir0, county, SOURCE.children(d.code));
    expect(units.map((u) => [u.id, u.name, u.divisionCode])).toEqual([
      ['gov:庆元县松源街道', '庆元县松源街道办事处', '331126001'],
      ['gov:庆元县黄田镇', '庆元县黄田镇人民政府', '331126101'],
      ['gov:庆元县岭头乡', '庆元县岭头乡人民政府', '331126200'],
    ]);
    expect(units[1]!.aliases).toEqual(['黄田镇人民政府', '黄田镇', '黄田镇政府']);
    const dir = new Directory({ units: [county, ...units], groups: [] });
    const expand = (printed: string) => members(ruleFor(groupPattern(printed)!, county, dir), dir)!.map((u) => u.name);
    expect(expand('各乡（镇）人民政府，街道办事处')).toHaveLength(3);
    expect(expand('各乡镇人民政府、街道办事处')).toHaveLength(3);
    expect(expand('街道')).toEqual(['庆元县松源街道办事处']);
    expect(resolveName(dir, '黄田镇', { jurisdictionId: county.id })).toMatchObject({
      kind: 'unit',
      unit: { id: 'gov:庆元县黄田镇' },
    });
  });

  it('tells two places of one name apart by the government above', () => {
    const xuzhou = gov('gov:徐州市', '徐州市人民政府', 'city');
    const gulou = gov('gov:鼓楼区', '鼓楼区人民政府', 'county', xuzhou.id);
    expect(divisionOf(new Directory({ units: [gulou], groups: [] }), gulou, SOURCE)).toBeNull();
    expect(divisionOf(new Directory({ units: [xuzhou, gulou], groups: [] }), gulou, SOURCE)?.code).toBe('320302');
  });
});

describe('a division change keeps an old plan’s names resolving', () => {
  it('maps 临安市 (330185, 撤市设区 2017) to 临安区 (330112) through the successor field', () => {
    const hangzhou = { ...gov('gov:杭州市', '杭州市人民政府', 'city'), divisionCode: '3301' };
    const dir0 = new Directory({ units: [hangzhou], groups: [] });
    const counties = divisionUnits(dir0, hangzhou, SOURCE.children('3301'));
    const old = predecessorUnits(hangzhou, counties);
    expect(old.map((u) => [u.name, u.divisionCode, u.active, u.successorId])).toEqual([
      ['临安市人民政府', '330185', false, 'gov:临安区'],
      ['富阳市人民政府', '330183', false, 'gov:富阳区'],
    ]);
    const dir = new Directory({ units: [hangzhou, ...counties, ...old], groups: [] });
    const r = resolveName(dir, '临安市人民政府', { jurisdictionId: hangzhou.id });
    expect(r).toMatchObject({ kind: 'unit', reason: 'successor', unit: { name: '临安区人民政府' } });
    // Abolished governments are not members of «各县（市、区）人民政府».
    const all = members(ruleFor(groupPattern('各县（市、区）人民政府')!, hangzhou, dir), dir)!;
    expect(all.map((u) => u.name).sort()).toEqual(['临安区人民政府', '富阳区人民政府', '淳安县人民政府'].sort());
  });
});

describe('standard department names', () => {
  const chaozhou = gov('gov:潮州市', '潮州市人民政府', 'city');
  const qingyuan = gov('gov:庆元县', '庆元县人民政府', 'county');
  const zhejiang = gov('gov:浙江省', '浙江省人民政府', 'province');

  it('completes short and old forms with the government’s place, 局 and 委 as printed', () => {
    expect(standardName('卫健委', chaozhou)).toBe('潮州市卫生健康委员会');
    expect(standardName('卫健局', chaozhou)).toBe('潮州市卫生健康局');
    expect(standardName('发改委', chaozhou)).toBe('潮州市发展和改革委员会');
    expect(standardName('发改局', qingyuan)).toBe('庆元县发展和改革局');
    expect(standardName('人社局', qingyuan)).toBe('庆元县人力资源和社会保障局');
    expect(standardName('人力社保局', qingyuan)).toBe('庆元县人力资源和社会保障局');
    expect(standardName('市场监管局', qingyuan)).toBe('庆元县市场监督管理局');
    expect(standardName('住建局', qingyuan)).toBe('庆元县住房和城乡建设局');
    expect(standardName('资规局', qingyuan)).toBe('庆元县自然资源和规划局');
    expect(standardName('文广旅体局', qingyuan)).toBe('庆元县文化广电旅游体育局');
    expect(standardName('医保局', qingyuan)).toBe('庆元县医疗保障局');
    expect(standardName('政数局', chaozhou)).toBe('潮州市政务服务数据管理局');
    expect(standardName('府办', qingyuan)).toBe('庆元县人民政府办公室');
    expect(standardName('庆元县退役军人局', qingyuan)).toBe('庆元县退役军人事务局');
  });

  it('uses the province’s forms at a province (厅, 办公厅) and offers nothing for a body it does not list', () => {
    expect(standardName('教育厅', zhejiang)).toBe('浙江省教育厅');
    expect(standardName('人社厅', zhejiang)).toBe('浙江省人力资源和社会保障厅');
    expect(standardName('政府办', zhejiang)).toBe('浙江省人民政府办公厅');
    expect(standardName('教育厅', qingyuan)).toBeNull();
    expect(standardName('供销社', qingyuan)).toBeNull();
    expect(standardName('大数据发展中心', qingyuan)).toBeNull();
  });
});
