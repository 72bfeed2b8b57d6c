import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DirectoryData } from '../domain/unit.js';
import { readDirectorySheet } from '../services/directory-file.js';
import { assignTask } from './assign.js';
import { Directory } from './directory.js';
import { directoryFromCsv, directoryToCsv, directoryToXlsx } from './exchange.js';
import { type Resolution, resolveName } from './resolve.js';

const demo = directoryFromCsv(readFileSync(resolve(import.meta.dirname, '../../demo/directory.csv'), 'utf8'), 'demo');
const dir = new Directory(demo);
const chaozhou = { jurisdictionId: 'gov:潮州市' };
const name = (r: Resolution) =>
  r.kind === 'unit' ? r.unit.name : r.kind === 'group' ? `group:${r.printed}` : `unknown:${r.printed}`;

describe('resolving printed names', () => {
  it('every variant of a unit resolves to it', () => {
    const variants: Record<string, string[]> = {
      潮州市卫生健康局: [
        '市卫生健康局',
        '市卫健委',
        '市卫健局',
        '市卫生健康委员会',
        '潮州市卫生健康局',
        '市卫生健康局 ',
      ],
      潮州市发展和改革局: ['市发展和改革局', '市发展改革局', '市发改局', '市发改委', '市发展和改革委员会'],
      潮州市人力资源和社会保障局: ['市人力资源和社会保障局', '市人社局', '市人力资源社会保障局'],
      潮州市住房城乡建设局: ['市住房城乡建设局', '市住建局', '市住房和城乡建设局'],
      潮州市政务服务数据管理局: ['市政务服务数据管理局', '市政数局', '市政务服务和数据管理局'],
      潮州市城市管理综合执法局: ['市城市管理综合执法局', '市城管执法局'],
      潮州市交通运输局: ['市交通运输局'],
    };
    for (const [canonical, forms] of Object.entries(variants)) {
      for (const f of forms) expect([f, name(resolveName(dir, f, chaozhou))]).toEqual([f, canonical]);
    }
  });
  it('says why and how sure', () => {
    expect(resolveName(dir, '潮州市卫生健康局', chaozhou)).toMatchObject({ reason: 'exact', confidence: 1 });
    expect(resolveName(dir, '市卫生健康局', chaozhou)).toMatchObject({ reason: 'alias' });
    expect(resolveName(dir, '市卫健局', chaozhou)).toMatchObject({ reason: 'alias' });
    expect(resolveName(dir, '市人力资源社会保障局', chaozhou)).toMatchObject({
      reason: 'abbreviation',
      confidence: 0.9,
    });
    expect(resolveName(dir, '市发展和改革委员会', chaozhou)).toMatchObject({
      reason: 'abbreviation-type',
      confidence: 0.75,
    });
  });
  it('the level prefix points to the plan’s own place, or the one above', () => {
    const qingyuan = { jurisdictionId: 'gov:庆元县' };
    expect(name(resolveName(dir, '县卫生健康局', qingyuan))).toBe('庆元县卫生健康局');
    expect(name(resolveName(dir, '市生态环境局庆元分局', qingyuan))).toBe('丽水市生态环境局庆元分局');
    expect(name(resolveName(dir, '市生态环境局', qingyuan))).toBe('丽水市生态环境局');
    expect(name(resolveName(dir, '县府办', qingyuan))).toBe('庆元县府办');
    expect(name(resolveName(dir, '县政府办公室', qingyuan))).toBe('庆元县府办');
  });
  it('never merges distinct units', () => {
    const jiangmen = { jurisdictionId: 'unit:江门市公安局' };
    expect(name(resolveName(dir, '法制支队', jiangmen))).toBe('江门市公安局法制支队');
    expect(name(resolveName(dir, '市司法局', chaozhou))).toBe('潮州市司法局');
    expect(name(resolveName(dir, '县卫生健康局', { jurisdictionId: 'gov:庆元县' }))).not.toBe('潮州市卫生健康局');
    expect(resolveName(dir, '县卫生健康局', chaozhou).kind).toBe('unknown');
    expect(name(resolveName(dir, '市公安局', { jurisdictionId: 'gov:揭阳市' }))).toBe('揭阳市公安局');
    expect(name(resolveName(dir, '市公管局', { jurisdictionId: 'gov:宣城市' }))).toBe('宣城市公管局');
    expect(name(resolveName(dir, '市政管办', { jurisdictionId: 'gov:揭阳市' }))).toBe('揭阳市政管办');
    expect(name(resolveName(dir, '市政府办公室', { jurisdictionId: 'gov:揭阳市' }))).toBe('揭阳市政府办公室');
  });
  it('reports an unknown name with suggestions', () => {
    const r = resolveName(dir, '市档案馆', chaozhou);
    expect(r).toMatchObject({ kind: 'unknown', printed: '市档案馆' });
  });
  it('an abolished unit resolves to its successor', () => {
    const data: DirectoryData = {
      units: [
        {
          id: 'g',
          name: '某市人民政府',
          aliases: [],
          kind: 'government',
          level: 'city',
          parentId: null,
          active: true,
          successorId: null,
        },
        {
          id: 'old',
          name: '某市卫生和计划生育委员会',
          aliases: ['市卫计委'],
          kind: 'department',
          level: 'city',
          parentId: 'g',
          active: false,
          successorId: 'new',
        },
        {
          id: 'new',
          name: '某市卫生健康委员会',
          aliases: [],
          kind: 'department',
          level: 'city',
          parentId: 'g',
          active: true,
          successorId: null,
        },
      ],
      groups: [],
    };
    const r = resolveName(new Directory(data), '市卫计委', { jurisdictionId: 'g' });
    expect(r).toMatchObject({ kind: 'unit', reason: 'successor', unit: { id: 'new' }, abolished: { id: 'old' } });
  });
});

describe('groups', () => {
  it('expand to their members with the printed role, and wait for a choice where the plan says 有关', () => {
    const task = {
      text: '加强教育、卫生健康等领域信息公开',
      units: [
        { name: '各县、区人民政府（管委会）', role: 'responsible' as const },
        { name: '市卫生健康局', role: 'lead' as const },
        { name: '市直有关单位', role: 'responsible' as const },
      ],
    };
    const a = assignTask(task, dir, chaozhou);
    expect(a.assignments.map((x) => [x.unit.name, x.role, x.viaGroup ? x.printed : null]).sort()).toEqual(
      [
        ['湘桥区人民政府', 'responsible', '各县、区人民政府（管委会）'],
        ['潮安区人民政府', 'responsible', '各县、区人民政府（管委会）'],
        ['饶平县人民政府', 'responsible', '各县、区人民政府（管委会）'],
        ['潮州市枫溪区管理委员会', 'responsible', '各县、区人民政府（管委会）'],
        ['潮州市卫生健康局', 'lead', null],
      ].sort(),
    );
    expect(a.choices).toHaveLength(1);
    expect(a.choices[0]).toMatchObject({ printed: '市直有关单位', role: 'responsible' });
    expect(a.choices[0]!.suggestions.map((u) => u.name)).toEqual(
      expect.arrayContaining(['潮州市教育局', '潮州市卫生健康局']),
    );
  });
  it('a group that does not name management committees leaves them out', () => {
    const a = assignTask({ text: '', units: [{ name: '各县市区政府', role: 'responsible' }] }, dir, {
      jurisdictionId: 'gov:宣城市',
    });
    expect(a.assignments).toHaveLength(7);
  });
  it('市直各单位 are the city government’s departments and institutions', () => {
    const a = assignTask({ text: '', units: [{ name: '市直各单位', role: 'lead' }] }, dir, chaozhou);
    expect(a.assignments.length).toBe(
      dir.children('gov:潮州市').filter((u) => u.kind === 'department' || u.kind === 'institution').length,
    );
    expect(a.assignments.every((x) => x.role === 'lead' && x.viaGroup)).toBe(true);
  });
});

describe('directory sheets', () => {
  it('CSV and XLSX round trips keep every unit and group', async () => {
    expect(directoryFromCsv(directoryToCsv(demo))).toEqual(demo);
    expect(await readDirectorySheet(await directoryToXlsx(demo), 'demo.xlsx')).toEqual(demo);
  });
  it('a bad sheet names the line and field, and nothing is taken', () => {
    const csv = [
      '类型,编号,名称,别名,单位类别,层级,上级编号,状态,继任编号,成员规则',
      '单位,a,某局,,部门,市,missing,在用,,',
      '单位,b,,,部门,市,,在用,,',
      '单位,c,某办,,机关,市,,在用,,',
    ].join('\n');
    expect(() => directoryFromCsv(csv, 'units.csv')).toThrow(
      /units\.csv 有 3 处错误[\s\S]*第 3 行「名称」为空[\s\S]*第 4 行「单位类别」/,
    );
  });
});
