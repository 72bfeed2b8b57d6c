// Builds demo/directory.csv: the directory bootstrapped from the five seed plans, completed with what plans do
// not print (the county-level governments and townships their groups stand for, the city above 庆元县) and
// with the short names of the genre as aliases. Run: npx tsx scripts/demo-directory.ts [../shared/seeds]
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Unit, UnitKind, UnitLevel } from '../src/domain/unit.js';
import { parsePlan } from '../src/parse/index.js';
import { suggestDirectory } from '../src/units/bootstrap.js';
import { directoryToCsv } from '../src/units/exchange.js';

const seeds = process.argv[2] ?? '../shared/seeds';
const plans = [];
for (const f of readdirSync(seeds).sort()) plans.push(await parsePlan(readFileSync(join(seeds, f)), { name: f }));
const { directory } = suggestDirectory(plans);
const units = new Map(directory.units.map((u) => [u.id, u]));

function add(
  id: string,
  name: string,
  kind: UnitKind,
  level: UnitLevel,
  parentId: string | null,
  aliases: string[] = [],
): void {
  if (!units.has(id)) units.set(id, { id, name, aliases, kind, level, parentId, active: true, successorId: null });
}
// County-level governments and management committees under the cities.
const counties: Record<string, string[]> = {
  潮州市: ['湘桥区人民政府', '潮安区人民政府', '饶平县人民政府', '潮州市枫溪区管理委员会'],
  揭阳市: [
    '榕城区人民政府',
    '揭东区人民政府',
    '揭西县人民政府',
    '惠来县人民政府',
    '普宁市人民政府',
    '揭阳空港经济区管理委员会',
  ],
  宣城市: [
    '宣州区人民政府',
    '郎溪县人民政府',
    '广德市人民政府',
    '宁国市人民政府',
    '泾县人民政府',
    '绩溪县人民政府',
    '旌德县人民政府',
  ],
};
for (const [city, list] of Object.entries(counties)) {
  for (const name of list)
    add(
      `gov:${name.replace(/人民政府|管理委员会/, '')}`,
      name,
      'government',
      'county',
      `gov:${city}`,
      name.endsWith('管理委员会') ? [name.replace('管理委员会', '管委会')] : [],
    );
}
// 庆元县 sits under 丽水市, whose bureau has a branch in the county.
add('gov:丽水市', '丽水市人民政府', 'government', 'city', null, ['丽水市政府']);
units.get('gov:庆元县')!.parentId = 'gov:丽水市';
add('unit:丽水市生态环境局', '丽水市生态环境局', 'department', 'city', 'gov:丽水市', ['市生态环境局']);
const branch = [...units.values()].find((u) => u.name === '市生态环境局庆元分局');
if (branch) {
  units.delete(branch.id);
  add('unit:丽水市生态环境局庆元分局', '丽水市生态环境局庆元分局', 'department', 'county', 'unit:丽水市生态环境局', [
    '市生态环境局庆元分局',
  ]);
}
for (const t of [
  '松源街道',
  '濛洲街道',
  '屏都街道',
  '黄田镇',
  '竹口镇',
  '荷地镇',
  '左溪镇',
  '贤良镇',
  '百山祖镇',
  '淤上乡',
  '安南乡',
  '张村乡',
  '隆宫乡',
  '举水乡',
]) {
  add(
    `gov:庆元县${t}`,
    t.endsWith('街道') ? `庆元县${t}办事处` : `庆元县${t}人民政府`,
    'government',
    'township',
    'gov:庆元县',
    [t],
  );
}
add('gov:江门市', '江门市人民政府', 'government', 'city', null, ['江门市政府']);
const police = units.get('unit:江门市公安局');
if (police) police.parentId = 'gov:江门市';
// Full names and the genre's short forms for units the plans printed only one way.
const full: Record<string, string[]> = {
  潮州市卫生健康局: ['市卫健局', '市卫健委', '市卫生健康委员会'],
  潮州市发展和改革局: ['市发改局', '市发展改革局'],
  潮州市人力资源和社会保障局: ['市人社局'],
  潮州市住房城乡建设局: ['市住建局', '市住房和城乡建设局'],
  潮州市政务服务数据管理局: ['市政数局'],
  潮州市政府办公室: ['市府办', '潮州市人民政府办公室'],
  庆元县府办: ['县政府办公室', '庆元县人民政府办公室'],
};
for (const u of units.values()) if (full[u.name]) u.aliases = [...new Set([...u.aliases, ...full[u.name]!])];
const out = { units: [...units.values()].sort(byTree(units)), groups: directory.groups };
writeFileSync('demo/directory.csv', directoryToCsv(out));
console.log(`demo/directory.csv: ${out.units.length} units, ${out.groups.length} groups`);

function byTree(all: Map<string, Unit>): (a: Unit, b: Unit) => number {
  const path = (u: Unit): string => {
    const parts = [u.name];
    let p = u.parentId ? all.get(u.parentId) : undefined;
    for (let g = 0; p && g < 10; g++, p = p.parentId ? all.get(p.parentId) : undefined) parts.unshift(p.name);
    return parts.join('/');
  };
  return (a, b) => path(a).localeCompare(path(b), 'zh');
}
