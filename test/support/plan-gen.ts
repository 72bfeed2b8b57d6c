import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Gold, GoldItem } from './plan-score.js';

/**
 * A second generator of task tables beside ../shared/tools/layout-gen.mjs, for the renderings it does not
 * make: markdown tables, pipes without outer pipes and with wrapped section rows, single-space rows,
 * one cell per line without blank lines between rows, section names in a merged first column, a short
 * task-name column, page markers between rows, very short task texts, units cells with role words
 * beside separate 牵头/配合 columns, and every order of the unit and deadline columns. Real task texts,
 * units and deadlines come from the shared bank (layout-bank.json); the gold follows GOLD_FORMAT.md.
 */
export type Rendering =
  | 'tsv-merged'
  | 'pipe-bare'
  | 'pipe-wrapped'
  | 'markdown'
  | 'spaces-wide'
  | 'spaces-single'
  | 'cells-open'
  | 'cells-closed';

export const RENDERINGS: readonly Rendering[] = [
  'tsv-merged',
  'pipe-bare',
  'pipe-wrapped',
  'markdown',
  'spaces-wide',
  'spaces-single',
  'cells-open',
  'cells-closed',
];

interface BankTask {
  text: string;
  units: [string, 'lead' | 'cooperate' | 'responsible'][];
  deadline: string | null;
}

export interface GeneratedPlan {
  text: string;
  gold: Gold;
}

const CN = '一二三四五六七八九十';
const SECTIONS = ['深化政务公开', '优化营商环境', '保障改善民生', '强化组织保障', '推进平台建设'];
const TASK_HEAD = ['工作任务', '具体任务', '细化任务', '工作内容', '具体要求', '主要内容'];
const NAME_HEAD = ['重点工作', '项目名称', '任务类别'];
const LEAD_HEAD = ['牵头单位', '牵头部门', '主办单位'];
const COOP_HEAD = ['配合单位', '协办单位', '协作单位', '参与部门'];
const RESP_HEAD = ['责任单位', '责任部门', '承办单位'];
const PERSON_HEAD = ['分管领导', '责任领导', '分管区领导'];
const PEOPLE = ['张建国', '李明', '王海平', '刘芳', '陈志强', '赵丽'];
const DUE_HEAD = ['完成时限', '完成时间', '时间节点', '时限要求'];
const noWs = (s: string) => s.replace(/\s+/g, '');
// Renderings in which a row can run on past a page break (the cells stay in their columns).
const BREAKABLE: ReadonlySet<Rendering> = new Set(['tsv-merged', 'pipe-bare', 'pipe-wrapped', 'markdown']);

export function loadBank(shared: string): BankTask[] {
  return JSON.parse(readFileSync(join(shared, 'tools/layout-bank.json'), 'utf8')) as BankTask[];
}

/** One plan in `rendering`, reproducible from `seed`. */
export function generatePlan(bank: readonly BankTask[], rendering: Rendering, seed: number, id: string): GeneratedPlan {
  let s = seed >>> 0 || 1;
  const rnd = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  const chance = (p: number) => rnd() < p;

  // Single-space rows carry no empty cell and no space inside a cell: one unit column, texts without spaces.
  const single = rendering === 'spaces-single';
  const split = !single && chance(0.5);
  const withDue = chance(0.75);
  const dueFirst = withDue && chance(0.3);
  const withName = !single && rendering !== 'cells-open' && chance(0.3);
  // A column naming the leader in charge (people, not units) between the text and the units.
  const withPerson = !single && chance(0.3);
  const head: string[] = [
    '序号',
    ...(withName ? [pick(NAME_HEAD)] : []),
    pick(TASK_HEAD),
    ...(withPerson ? [pick(PERSON_HEAD)] : []),
  ];
  const unitHeads = split ? [pick(LEAD_HEAD), pick(COOP_HEAD)] : [pick(RESP_HEAD)];
  if (dueFirst) head.push(pick(DUE_HEAD), ...unitHeads);
  else head.push(...unitHeads, ...(withDue ? [pick(DUE_HEAD)] : []));

  const year = 2020 + Math.floor(rnd() * 6);
  const lines: string[] = [`某县${year}年${pick(['重点工作任务分解表', '政务公开工作要点任务清单'])}`, ''];
  const items: GoldItem[] = [];
  const row = (cells: string[]): string[] => {
    switch (rendering) {
      case 'tsv-merged':
        return [cells.join('\t')];
      case 'pipe-bare':
        return [cells.join(' | ')];
      case 'pipe-wrapped':
      case 'markdown':
        return [`| ${cells.join(' | ')} |`];
      case 'spaces-wide':
        return [cells.map((c) => c || '—').join('    ')];
      case 'spaces-single':
        return [cells.filter((c) => c !== '').join(' ')];
      case 'cells-open':
        return [...cells];
      case 'cells-closed':
        return [...cells, ''];
    }
  };
  const headingRow = (label: string): string[] => {
    if (rendering === 'pipe-wrapped' || rendering === 'markdown') {
      return [`| ${[label, ...head.slice(1).map(() => '')].join(' | ')} |`];
    }
    return rendering === 'cells-closed' ? [label, ''] : [label];
  };
  lines.push(...row(head));
  if (rendering === 'markdown') lines.push(`|${head.map(() => '---').join('|')}|`);

  let num = 0;
  const nSections = 1 + Math.floor(rnd() * 3);
  for (let si = 0; si < nSections; si++) {
    const sectionLabel = CN[si]!;
    const title = pick(SECTIONS);
    // Section names in a merged first column (tsv): printed on the section's first row only.
    const merged = rendering === 'tsv-merged' && withName;
    if (!merged) lines.push(...headingRow(`${sectionLabel}、${title}`));
    const n = 2 + Math.floor(rnd() * 4);
    for (let t = 0; t < n; t++) {
      num++;
      const task = pick(bank);
      let text = task.text.replace(/[。；;]$/, '');
      if (single) text = noWs(text);
      // Very short texts: the head of a long one.
      if (chance(0.15)) text = [...noWs(text)].slice(0, 5 + Math.floor(rnd() * 5)).join('');
      const due = withDue && task.deadline ? (single ? noWs(task.deadline) : task.deadline) : null;
      const lead = task.units.filter(([, r]) => r === 'lead').map(([u]) => u);
      const coop = task.units.filter(([, r]) => r === 'cooperate').map(([u]) => u);
      const plain = task.units.filter(([, r]) => r === 'responsible').map(([u]) => u);
      const joinU = (names: string[]) => names.join(names.some((u) => u.includes('、')) ? '，' : pick(['、', '，']));
      let unitCells: string[];
      let units: string[];
      if (split) {
        const l = [...lead, ...plain];
        unitCells = [joinU(l), joinU(coop)];
        units = [...l, ...coop];
      } else if (lead.length || coop.length) {
        const parts = [`${joinU([...lead, ...plain])}${pick(['牵头', '牵头负责'])}`];
        if (coop.length) parts.push(`${joinU(coop)}${pick(['配合', '协作', '参与'])}`);
        unitCells = [parts.join('，')];
        units = [...lead, ...plain, ...coop];
      } else {
        unitCells = [joinU(plain)];
        units = plain;
      }
      if (single) {
        unitCells = unitCells.map(noWs);
        units = units.map(noWs);
      }
      const nameCell = withName ? (merged ? (t === 0 ? `${sectionLabel}、${title}` : '') : title.slice(0, 4)) : null;
      const cells = [
        String(num),
        ...(nameCell !== null ? [nameCell] : []),
        text,
        ...(withPerson ? [pick(PEOPLE)] : []),
      ];
      if (dueFirst) cells.push(due ?? '', ...unitCells);
      else cells.push(...unitCells, ...(withDue ? [due ?? ''] : []));
      const textAt = nameCell !== null ? 2 : 1;
      if (BREAKABLE.has(rendering) && text.length >= 30 && chance(0.12)) {
        // A page break inside the row: the text runs on in a row of its own, the other cells printed there.
        const cut = Math.floor(text.length / 2);
        const first = cells.map((c, k) => (k < textAt ? c : k === textAt ? text.slice(0, cut) : ''));
        const second = cells.map((c, k) => (k < textAt ? '' : k === textAt ? text.slice(cut) : c));
        lines.push(...row(first), pick(['- 2 -', '第2页 共5页']), ...row(second));
      } else lines.push(...row(cells));
      // A viewer's page marker between two rows.
      if (chance(0.08) && rendering !== 'cells-open' && rendering !== 'cells-closed') {
        lines.push(pick(['- 2 -', '第2页 共5页', '—3—']));
      }
      items.push({
        section: merged || sectionLabel ? sectionLabel : null,
        group: null,
        number: String(num),
        text_start: [...noWs(text)].slice(0, 12).join(''),
        units: units.map(noWs).filter((u) => u !== ''),
        lead: [],
        cooperate: [],
        deadline: due ? noWs(due) : null,
        status: null,
        note: null,
      });
    }
  }
  return { text: `${lines.join('\n')}\n`, gold: { id, items } };
}
