import type { ParsedPlan } from '../../src/domain/plan.js';

/**
 * The shared scorer's comparison (../shared/tools/score-plan.mjs) on plans parsed in process: the same
 * normalisation, matching and headline figures, so generative tests can score thousands of rows without
 * a process per document. Kept line for line with the scorer; the golden tests run the scorer itself.
 */
export interface GoldItem {
  section: string | null;
  group: string | null;
  number: string | null;
  text_start: string;
  units: string[];
  lead: string[];
  cooperate: string[];
  deadline: string | null;
  status: string | null;
  note: string | null;
}
export interface Gold {
  id: string;
  truncated?: boolean;
  items: GoldItem[];
}
export interface PlanScore {
  f1: number;
  units: number;
  deadline: number;
  /** Per-item differences, for failure messages. */
  misses: string[];
}

const ws = (s: string | null | undefined) =>
  (s ?? '').replace(/[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+[)）]/gu, '').replace(/\s+/g, '');
const name = (s: string) =>
  ws(s)
    .replace(/\(/g, '（')
    .replace(/\)/g, '）')
    .replace(/[。；;，,、：:]+$/u, '')
    .replace(/等$/u, '');
const cell = (s: string | null | undefined) => (s == null || ws(s) === '' ? null : ws(s).replace(/[。；;，,]+$/u, ''));
const digits = (s: string | null | undefined) => (s == null ? null : String(s).replace(/\D/g, '') || null);
const zhNum = (s: string | null | undefined) => (s == null ? null : String(s).replace(/[\s、.．()（）]/g, '') || null);
const unlabel = (s: string) => s.replace(/^(?:\d{1,3}[.．、]|[（(]\d{1,3}[)）]|[①-⑳])/u, '');
const sameSet = (a: string[], b: string[]) => {
  const x = [...a].sort();
  const y = [...b].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
};

type Row = Record<string, string | null | string[]> & { start: string };

function predicted(task: ParsedPlan['tasks'][number]): Row {
  const units = task.units.map((u) => ({ name: name(u.name), role: u.role }));
  return {
    section: zhNum(task.section?.label),
    group: zhNum(task.group?.label),
    number: digits(task.number),
    start: unlabel(ws(task.text)),
    units: units.map((u) => u.name),
    lead: units.filter((u) => u.role === 'lead').map((u) => u.name),
    cooperate: units.filter((u) => u.role === 'cooperate').map((u) => u.name),
    deadline: cell(task.deadline?.text),
    status: cell(task.status),
    note: cell(task.note),
  };
}

function golden(item: GoldItem): Row {
  return {
    section: zhNum(item.section),
    group: zhNum(item.group),
    number: digits(item.number),
    start: unlabel(ws(item.text_start)).replace(/[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]*$/u, ''),
    units: item.units.map(name),
    lead: item.lead.map(name),
    cooperate: item.cooperate.map(name),
    deadline: cell(item.deadline),
    status: cell(item.status),
    note: cell(item.note),
  };
}

const FIELDS = ['units', 'lead', 'cooperate', 'deadline', 'status', 'note', 'section', 'group', 'number'];

/** Scores parsed plans against their gold, all documents together (the scorer's SCORE line). */
export function scorePlans(docs: { plan: ParsedPlan; gold: Gold }[]): PlanScore {
  let gold = 0;
  let pred = 0;
  let matched = 0;
  let unitsRight = 0;
  let deadlineRight = 0;
  const misses: string[] = [];
  for (const { plan, gold: g } of docs) {
    const want = g.items.map(golden);
    let got = plan.tasks.map(predicted);
    const used = new Set<number>();
    const pairs: [Row, Row][] = [];
    for (const w of want) {
      let k = got.findIndex((p, i) => !used.has(i) && w.start !== '' && p.start.startsWith(w.start));
      if (k < 0) {
        k = got.findIndex((p, i) => !used.has(i) && w.start.length >= 6 && p.start.slice(0, 6) === w.start.slice(0, 6));
      }
      if (k < 0) misses.push(`${g.id}: missed «${w.start}»`);
      else {
        used.add(k);
        pairs.push([w, got[k]!]);
      }
    }
    if (g.truncated && used.size) {
      const last = Math.max(...used);
      got = got.filter((_, i) => i <= last);
    }
    const extra = got.filter((_, i) => !used.has(i));
    for (const p of extra) misses.push(`${g.id}: extra «${p.start.slice(0, 12)}»`);
    for (const [w, p] of pairs) {
      for (const f of FIELDS) {
        const a = w[f];
        const b = p[f];
        const ok = Array.isArray(a) ? sameSet(a, b as string[]) : a === b;
        if (ok && f === 'units') unitsRight++;
        if (ok && f === 'deadline') deadlineRight++;
        if (!ok && (f === 'units' || f === 'deadline' || f === 'lead' || f === 'cooperate')) {
          misses.push(`${g.id} «${w.start}» ${f}: want ${JSON.stringify(a)} got ${JSON.stringify(b)}`);
        }
      }
    }
    gold += want.length;
    pred += got.length;
    matched += pairs.length;
  }
  const recall = gold ? matched / gold : 0;
  const precision = pred ? matched / pred : 0;
  const f1 = recall + precision ? (2 * recall * precision) / (recall + precision) : 0;
  const pct = (a: number) => (gold ? Math.round((1000 * a) / gold) / 10 : 0);
  return { f1: Math.round(1000 * f1) / 10, units: pct(unitsRight), deadline: pct(deadlineRight), misses };
}
