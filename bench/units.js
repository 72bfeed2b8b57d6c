// Name resolution at scale: 10,000 printed names against a 10,000-unit directory, with the ratio to a
// baseline of exact lookups in a Map measured in the same run.
import { Directory } from '../dist/units/directory.js';
import { resolveName } from '../dist/units/resolve.js';
import { table } from './support.js';

const DEPARTMENTS = [
  ['发展和改革局', '发改局'],
  ['人力资源和社会保障局', '人社局'],
  ['卫生健康局', '卫健局'],
  ['住房和城乡建设局', '住建局'],
  ['市场监督管理局', '市场监管局'],
  ['政务服务数据管理局', '政数局'],
  ['自然资源和规划局', '自然资源局'],
  ['教育局', '教育局'],
  ['财政局', '财政局'],
  ['公安局', '公安局'],
  ['司法局', '司法局'],
  ['民政局', '民政局'],
  ['交通运输局', '交通局'],
  ['农业农村局', '农业农村局'],
  ['文化和旅游局', '文旅局'],
  ['应急管理局', '应急局'],
  ['生态环境局', '生态环境局'],
  ['城市管理综合执法局', '城管执法局'],
  ['退役军人事务局', '退役军人局'],
  ['医疗保障局', '医保局'],
];

function syntheticDirectory(target) {
  const units = [];
  let n = 0;
  const province = {
    id: 'p',
    name: '某省人民政府',
    aliases: [],
    kind: 'government',
    level: 'province',
    parentId: null,
    active: true,
    successorId: null,
  };
  units.push(province);
  for (let c = 0; units.length < target; c++) {
    const place = `城${c}市`;
    const gov = {
      id: `c${c}`,
      name: `${place}人民政府`,
      aliases: [],
      kind: 'government',
      level: 'city',
      parentId: 'p',
      active: true,
      successorId: null,
    };
    units.push(gov);
    for (const [full] of DEPARTMENTS)
      units.push({
        id: `u${n++}`,
        name: place + full,
        aliases: [],
        kind: 'department',
        level: 'city',
        parentId: gov.id,
        active: true,
        successorId: null,
      });
    for (let k = 0; k < 20 && units.length < target; k++) {
      const county = `${place.slice(0, -1)}${k}县`;
      const cg = {
        id: `c${c}k${k}`,
        name: `${county}人民政府`,
        aliases: [],
        kind: 'government',
        level: 'county',
        parentId: gov.id,
        active: true,
        successorId: null,
      };
      units.push(cg);
      for (const [full] of DEPARTMENTS)
        units.push({
          id: `u${n++}`,
          name: county + full,
          aliases: [],
          kind: 'department',
          level: 'county',
          parentId: cg.id,
          active: true,
          successorId: null,
        });
    }
  }
  return { units: units.slice(0, target), groups: [] };
}

export async function benchUnits() {
  const data = syntheticDirectory(10_000);
  const dir = new Directory(data);
  const govs = data.units.filter((u) => u.kind === 'government' && u.level === 'county');
  const queries = [];
  for (let i = 0; i < 10_000; i++) {
    const gov = govs[i % govs.length];
    const [full, short] = DEPARTMENTS[i % DEPARTMENTS.length];
    const form =
      i % 4 === 0
        ? `县${full}`
        : i % 4 === 1
          ? `县${short}`
          : i % 4 === 2
            ? gov.name.replace('人民政府', '') + full
            : `县档案馆${i}`;
    queries.push({ form, ctx: { jurisdictionId: gov.id } });
  }
  // Warm the directory's indexes as a long-running server would have them.
  for (const q of queries.slice(0, 200)) resolveName(dir, q.form, q.ctx);
  const t0 = performance.now();
  let resolved = 0;
  for (const q of queries) if (resolveName(dir, q.form, q.ctx).kind !== 'unknown') resolved++;
  const t = performance.now() - t0;
  const map = new Map(data.units.map((u) => [u.name, u]));
  const b0 = performance.now();
  let hits = 0;
  for (let rep = 0; rep < 20; rep++) for (const q of queries) if (map.has(q.form)) hits++;
  const base = (performance.now() - b0) / 20;
  console.log('\n# Unit name resolution');
  table(
    ['names', 'directory', 'time', 'per name', 'resolved', '÷ Map lookup'],
    [
      [
        String(queries.length),
        `${data.units.length} units`,
        `${t.toFixed(0)} ms`,
        `${((t * 1000) / queries.length).toFixed(1)} µs`,
        `${resolved}`,
        `${(t / base).toFixed(0)}×`,
      ],
    ],
  );
  if (hits < 0) console.log(hits);
}
