import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { AppError } from '../domain/errors.js';
import {
  type DirectoryData,
  type GroupRule,
  KIND_LABELS,
  LEVEL_LABELS,
  type Unit,
  type UnitGroup,
  type UnitKind,
  type UnitLevel,
} from '../domain/unit.js';

/**
 * The directory as a sheet offices edit in Excel or WPS: one row per unit or group, Chinese headers and
 * values. Rules: «下级:ID;类别:部门|事业单位», «层级:县;范围:ID;类别:政府;含管委会»
 * («;仅街道»: of the 乡镇 level only the 街道办事处), «成员:ID|ID», «选择».
 * Reading reports every bad row with its line and field and keeps nothing of a sheet that has errors.
 */
export const COLUMNS = [
  '类型',
  '编号',
  '名称',
  '别名',
  '单位类别',
  '层级',
  '上级编号',
  '状态',
  '继任编号',
  '成员规则',
] as const;

const KIND_BY_LABEL = invert(KIND_LABELS);
const LEVEL_BY_LABEL = invert(LEVEL_LABELS);

function invert<K extends string>(m: Record<K, string>): Record<string, K> {
  return Object.fromEntries(Object.entries(m).map(([k, v]) => [v, k])) as Record<string, K>;
}

export function directoryRows(dir: DirectoryData): string[][] {
  const rows: string[][] = [[...COLUMNS]];
  for (const u of dir.units) {
    rows.push([
      '单位',
      u.id,
      u.name,
      u.aliases.join('|'),
      KIND_LABELS[u.kind],
      LEVEL_LABELS[u.level],
      u.parentId ?? '',
      u.active ? '在用' : '已撤销',
      u.successorId ?? '',
      '',
    ]);
  }
  for (const g of dir.groups)
    rows.push(['群组', g.id, g.name, g.aliases.join('|'), '', '', '', '', '', ruleText(g.rule)]);
  return rows;
}

export function directoryToCsv(dir: DirectoryData): string {
  // A BOM so that Excel opens the UTF-8 file with the right encoding.
  return `\ufeff${stringify(directoryRows(dir).map((r) => r.map(inertCell)))}`;
}

/**
 * A cell a spreadsheet would take for a formula (= + - @, or a tab or return before one) is written with a
 * leading apostrophe, so that opening the CSV never runs «=HYPERLINK(…)»; reading takes the apostrophe off.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
export const inertCell = (cell: string): string => (FORMULA_START.test(cell) ? `'${cell}` : cell);
const liveCell = (cell: string): string =>
  cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;

export function directoryFromCsv(text: string, label = 'CSV'): DirectoryData {
  let records: string[][];
  try {
    records = parse(text.replace(/^\ufeff/, ''), { relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    throw new AppError(
      'invalid-input',
      `${label} 不是有效的 CSV${line ? `（第 ${line} 行附近引号或分隔符有误）` : ''}`,
      (e as Error).message,
    );
  }
  return directoryFromRows(
    records.map((r) => r.map(liveCell)),
    label,
  );
}

export function directoryFromRows(records: readonly (readonly string[])[], label: string): DirectoryData {
  const header = (records[0] ?? []).map((h) => h.trim());
  const col = (name: (typeof COLUMNS)[number]): number => header.indexOf(name);
  const missing = COLUMNS.filter((c) => col(c) < 0);
  if (missing.length) throw new AppError('invalid-input', `${label} 第 1 行缺少列：${missing.join('、')}`);
  const units: Unit[] = [];
  const groups: UnitGroup[] = [];
  const errors: string[] = [];
  const ids = new Set<string>();
  for (const [k, r] of records.slice(1).entries()) {
    const line = k + 2;
    const get = (c: (typeof COLUMNS)[number]): string => (r[col(c)] ?? '').trim();
    const fail = (field: string, why: string): void => {
      errors.push(`第 ${line} 行「${field}」${why}`);
    };
    const id = get('编号');
    const name = get('名称');
    if (!id) {
      fail('编号', '为空');
      continue;
    }
    if (ids.has(id)) {
      fail('编号', `重复：${id}`);
      continue;
    }
    ids.add(id);
    if (!name) {
      fail('名称', '为空');
      continue;
    }
    const aliases = get('别名')
      .split(/[|｜]/)
      .map((a) => a.trim())
      .filter(Boolean);
    if (get('类型') === '群组') {
      const rule = parseRule(get('成员规则'));
      if (!rule) {
        fail('成员规则', `无法识别：${get('成员规则') || '（空）'}`);
        continue;
      }
      groups.push({ id, name, aliases, rule });
      continue;
    }
    if (get('类型') !== '单位') {
      fail('类型', `应为「单位」或「群组」：${get('类型')}`);
      continue;
    }
    const kind: UnitKind | undefined = KIND_BY_LABEL[get('单位类别')];
    const level: UnitLevel | undefined = LEVEL_BY_LABEL[get('层级')];
    if (!kind) {
      fail('单位类别', `应为 ${Object.values(KIND_LABELS).join('、')} 之一`);
      continue;
    }
    if (!level) {
      fail('层级', `应为 ${Object.values(LEVEL_LABELS).join('、')} 之一`);
      continue;
    }
    const status = get('状态') || '在用';
    if (status !== '在用' && status !== '已撤销') {
      fail('状态', '应为「在用」或「已撤销」');
      continue;
    }
    units.push({
      id,
      name,
      aliases,
      kind,
      level,
      parentId: get('上级编号') || null,
      active: status === '在用',
      successorId: get('继任编号') || null,
    });
  }
  for (const u of units) {
    if (u.parentId && !ids.has(u.parentId)) errors.push(`编号 ${u.id} 的「上级编号」不存在：${u.parentId}`);
    if (u.successorId && !ids.has(u.successorId)) errors.push(`编号 ${u.id} 的「继任编号」不存在：${u.successorId}`);
  }
  if (errors.length)
    throw new AppError(
      'invalid-input',
      `${label} 有 ${errors.length} 处错误，未导入：\n${errors.slice(0, 20).join('\n')}`,
    );
  return { units, groups };
}

export function ruleText(rule: GroupRule): string {
  switch (rule.type) {
    case 'choose':
      return '选择';
    case 'members':
      return `成员:${rule.memberIds.join('|')}`;
    case 'children':
      return `下级:${rule.parentId}${rule.kinds ? `;类别:${rule.kinds.map((k) => KIND_LABELS[k]).join('|')}` : ''}`;
    case 'level':
      return `层级:${LEVEL_LABELS[rule.level]};范围:${rule.jurisdictionId};类别:${rule.kinds.map((k) => KIND_LABELS[k]).join('|')}${rule.withCommittees ? ';含管委会' : ''}${rule.streetsOnly ? ';仅街道' : ''}`;
  }
}

export function parseRule(text: string): GroupRule | null {
  const t = text.trim();
  if (t === '选择') return { type: 'choose' };
  const fields = new Map<string, string>();
  for (const part of t.split(/[;；]/)) {
    const [k, ...v] = part.split(/[:：]/);
    if (k) fields.set(k.trim(), v.join(':').trim());
  }
  const kinds = (fields.get('类别') ?? '')
    .split(/[|｜]/)
    .filter(Boolean)
    .map((l) => KIND_BY_LABEL[l]);
  if (kinds.some((k) => !k)) return null;
  if (fields.has('成员')) return { type: 'members', memberIds: fields.get('成员')!.split(/[|｜]/).filter(Boolean) };
  if (fields.has('下级')) {
    return kinds.length
      ? { type: 'children', parentId: fields.get('下级')!, kinds: kinds as UnitKind[] }
      : { type: 'children', parentId: fields.get('下级')! };
  }
  const level = LEVEL_BY_LABEL[fields.get('层级') ?? ''];
  if (level && fields.get('范围')) {
    return {
      type: 'level',
      level,
      jurisdictionId: fields.get('范围')!,
      kinds: kinds.length ? (kinds as UnitKind[]) : ['government'],
      ...(fields.has('含管委会') ? { withCommittees: true } : {}),
      ...(fields.has('仅街道') ? { streetsOnly: true } : {}),
    };
  }
  return null;
}

/** The directory as an .xlsx workbook (the same columns as the CSV). */
export async function directoryToXlsx(dir: DirectoryData): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('单位目录');
  for (const row of directoryRows(dir)) ws.addRow(row);
  ws.getRow(1).font = { bold: true };
  ws.columns.forEach((c, i) => {
    c.width = [6, 28, 30, 40, 10, 6, 28, 8, 20, 40][i] ?? 12;
  });
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
