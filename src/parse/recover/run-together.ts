import { looksLikeUnitName } from '../../domain/unit-names.js';
import type { Block, Cell, Row, Table } from '../blocks.js';
import { readHeader } from '../layout/header.js';
import type { Line } from './lines.js';

/**
 * A table whose cells were run together with no separator at all (a viewer's text layer): the header's
 * words in one string («序号项目名称主要内容分管领导牵头单位配合单位»), then each row as its number, the
 * text, and at its end the person and the units, all glued («…4580个。何海平教育局经开区各街道2促进…»).
 * What shows the structure is the genre's shapes: rows numbered 1, 2, 3 in order, a requirement ending in
 * «。», unit names ending in their head nouns (局, 委, 办, 公司, 街道 …), a task opening with its verb.
 * A row may hold several requirements, each with its own person and units (sub-rows under one number).
 * Recovered only where a run-together header opens the line; anything that breaks the shapes ends the table.
 */
export interface RunTogether {
  blocks: Block[];
  next: number;
}

const HEADER_NOUN =
  /(?:序号|编号|名称|内容|任务|要求|措施|事项|目标|领导|单位|部门|时限|时间|情况|备注|说明|责任人|科室|指标)$/;
const TASK_OPENING =
  /^(?:实施|落实|完成|推进|推动|加强|开展|建立|健全|完善|做好|深化|强化|制定|出台|组织|提升|提高|规范|优化|加快|新建|建成|改造|启动|打造|培育|持续|全面|积极|新增|开工)/;
const PAREN_OPEN = /[(（]/;
const HEAD_ONLY = /[局委办厅处科股所站队司部院署]/;
const STREET_OFFICE = /^[\u4e00-\u9fff]{2,4}街道$/;

export function runTogetherTable(lines: readonly Line[], i: number): RunTogether | null {
  const line = lines[i]!;
  const t = line.text;
  const at = t.indexOf('序号');
  if (at < 0 || t.length < 60) return null;
  const header = readRunHeader(t, at);
  if (!header) return null;
  const roles = header.words.map((w) => readHeader(w)!.role);
  const textCols = roles.flatMap((r, k) => (r === 'textual' ? [k] : []));
  const unitCols = roles.flatMap((r, k) => (r === 'units' ? [k] : []));
  const personCol = roles.indexOf('person');
  if (roles[0] !== 'number' || textCols.length === 0 || unitCols.length === 0) return null;

  const body = t.slice(header.end);
  const base = line.start + header.end;
  const rows: Row[] = [];
  let pos = 0;
  let n = 1;
  while (pos < body.length) {
    const num = String(n);
    const numbered = body.startsWith(num, pos) && !/\d/.test(body[pos + num.length] ?? '');
    if (!numbered && rows.length === 0) return null;
    let start = pos;
    let name = '';
    if (numbered) {
      start = pos + num.length;
      if (textCols.length > 1) {
        const cut = taskOpening(body, start);
        if (cut > start) name = body.slice(start, cut);
        start = Math.max(cut, start);
      }
    }
    const tail = requirementEnd(body, start, String(n + 1), personCol >= 0);
    if (!tail) break;
    const cells: Cell[] = roles.map(() => emptyCell(base + start));
    const cell = (k: number, from: number, to: number) => {
      cells[k] = { text: body.slice(from, to), span: { start: base + from, end: base + to }, rowspan: 1, colspan: 1 };
    };
    if (numbered) cell(0, pos, pos + num.length);
    if (name) cell(textCols[0]!, pos + num.length, pos + num.length + name.length);
    cell(textCols[textCols.length - 1]!, start, tail.textEnd);
    if (personCol >= 0 && tail.person) cell(personCol, tail.person[0], tail.person[1]);
    const names = tail.units;
    if (unitCols.length === 1) cells[unitCols[0]!] = joined(body, base, names);
    else {
      cells[unitCols[0]!] = joined(body, base, names.slice(0, 1));
      cells[unitCols[1]!] = joined(body, base, names.slice(1));
    }
    rows.push({ cells, span: { start: base + pos, end: base + tail.end } });
    pos = tail.end;
    if (body.startsWith(String(n + 1), pos)) n++;
  }
  if (rows.length < 2) return null;
  const headerCells: Cell[] = header.words.map((w, k) => {
    const s = line.start + header.starts[k]!;
    return { text: w, span: { start: s, end: s + w.length }, rowspan: 1, colspan: 1 };
  });
  const table: Table = {
    kind: 'table',
    rows: [{ cells: headerCells, span: { start: line.start + at, end: line.start + header.end } }, ...rows],
    span: { start: line.start + at, end: rows[rows.length - 1]!.span.end },
    origin: 'run-together',
  };
  const blocks: Block[] = [];
  const before = t.slice(0, at).trim();
  if (before) {
    const s = line.start + t.indexOf(before);
    blocks.push({ kind: 'paragraph', text: before, span: { start: s, end: s + before.length } });
  }
  blocks.push(table);
  return { blocks, next: i + 1 };
}

/** The header's words read one after another from `at`, each ending in a header noun; null below four. */
function readRunHeader(t: string, at: number): { words: string[]; starts: number[]; end: number } | null {
  const words: string[] = [];
  const starts: number[] = [];
  let p = at;
  for (;;) {
    let found = 0;
    for (let len = 2; len <= 10 && p + len <= t.length; len++) {
      const w = t.slice(p, p + len);
      if (HEADER_NOUN.test(w) && readHeader(w)) {
        found = len;
        break;
      }
    }
    if (!found) break;
    words.push(t.slice(p, p + found));
    starts.push(p);
    p += found;
  }
  return words.length >= 4 ? { words, starts, end: p } : null;
}

/** Where the task text after a short name begins: the first task verb 2–16 characters in, else `from`. */
function taskOpening(s: string, from: number): number {
  for (let p = from + 2; p <= Math.min(s.length - 2, from + 16); p++) {
    if (/[。，,；;]/.test(s[p - 1]!)) return from;
    if (TASK_OPENING.test(s.slice(p, p + 2))) return p;
  }
  return from;
}

interface Tail {
  textEnd: number;
  person: [number, number] | null;
  units: [number, number][];
  end: number;
}

/**
 * The requirement from `from` to a «。» that a person and a chain of unit names follow, the chain ending
 * the text, the row (the next row's number) or before the next requirement's verb.
 */
function requirementEnd(s: string, from: number, nextNumber: string, person: boolean): Tail | null {
  for (let e = s.indexOf('。', from); e >= 0; e = s.indexOf('。', e + 1)) {
    for (const personLen of person ? [3, 2] : [0]) {
      const chainStart = e + 1 + personLen;
      if (chainStart > s.length || (personLen && !/^[\u4e00-\u9fff]+$/.test(s.slice(e + 1, chainStart)))) continue;
      const units = unitChain(s, chainStart);
      if (units.length === 0) continue;
      const end = units[units.length - 1]![1];
      const ends = end === s.length || s.startsWith(nextNumber, end) || TASK_OPENING.test(s.slice(end, end + 2));
      if (!ends) continue;
      return { textEnd: e + 1, person: personLen ? [e + 1, chainStart] : null, units, end };
    }
  }
  return null;
}

/** Unit names glued one after another from `p`, each the shortest that reads as a name (with its brackets). */
function unitChain(s: string, p: number): [number, number][] {
  const out: [number, number][] = [];
  let q = p;
  while (q < s.length && !TASK_OPENING.test(s.slice(q, q + 2))) {
    let found = -1;
    for (let len = 2; len <= 14 && q + len <= s.length; len++) {
      let end = q + len;
      if (/[。，,；;\d]/.test(s[end - 1]!)) break;
      if (PAREN_OPEN.test(s[end] ?? '')) {
        const close = s.slice(end).search(/[)）]/);
        if (close > 0 && close < 12) end += close + 1;
      }
      const name = s.slice(q, end);
      // No name starts with a head noun: «人社|局…» is cut too early.
      if (HEAD_ONLY.test(s[end] ?? '')) continue;
      if (isName(name)) {
        found = end;
        break;
      }
    }
    if (found < 0) break;
    // «各乡|镇»: a place group reads as a name at each length; it runs on only where stopping would leave
    // something that reads as nothing («镇2…»), and running on would not.
    while (
      found < s.length &&
      !carriesOn(s, found) &&
      isName(s.slice(q, found + 1)) &&
      !HEAD_ONLY.test(s[found + 1] ?? '') &&
      carriesOn(s, found + 1)
    ) {
      found++;
    }
    out.push([q, found]);
    q = found;
  }
  return out;
}

/** Whether the text from `p` goes on as a glued table does: its end, a number, a verb, or another name. */
function carriesOn(s: string, p: number): boolean {
  if (p >= s.length || /\d/.test(s[p]!) || TASK_OPENING.test(s.slice(p, p + 2))) return true;
  for (let len = 2; len <= 14 && p + len <= s.length; len++) if (isName(s.slice(p, p + len))) return true;
  return false;
}

function isName(s: string): boolean {
  return !/\d/.test(s) && (looksLikeUnitName(s) || STREET_OFFICE.test(s));
}

function emptyCell(at: number): Cell {
  return { text: '', span: { start: at, end: at }, rowspan: 1, colspan: 1 };
}

function joined(s: string, base: number, names: readonly [number, number][]): Cell {
  if (names.length === 0) return emptyCell(base);
  // «，» between names: «、» would let the unit reader join names that share a head noun.
  const text = names.map(([a, b]) => s.slice(a, b)).join('，');
  return {
    text,
    span: { start: base + names[0]![0], end: base + names[names.length - 1]![1] },
    rowspan: 1,
    colspan: 1,
  };
}
