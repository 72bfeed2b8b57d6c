import type { PlanTask, PlanUnit } from '../../domain/plan.js';
import { STANDARD_DEPARTMENTS } from '../../domain/standard-departments.js';
import { type DeadlineContext, LASTING_PHRASES, normalizeDeadline } from '../extract/deadline.js';
import type { PlacedRecord } from './outline-context.js';

/**
 * Unit names and deadlines of a plan read by OCR, held against the words such plans use: the standard
 * department names under the place words 省/市/县/区, the few vertically managed offices plans name beside
 * them, and the unit names the same plan prints at least twice. Two known names run together are split
 * (checked first: a row layout repeated down a table repeats its misreading too), one known name cut in two
 * is joined, and a name that is none of these is put right only when exactly one known name, printed more
 * often, is a single character away; a lasting-effort deadline
 * missing or misreading one glyph (长期推 → 长期推进) is completed when only one phrase fits. Text read from
 * a text layer never comes here.
 */
export function correctScannedTasks(tasks: PlanTask[], ctx: DeadlineContext): void {
  for (const t of tasks) t.units = t.units.map((u) => ({ ...u, name: withoutStrayQuotes(u.name) }));
  const known = knownNames(tasks);
  for (const t of tasks) {
    t.units = dedupe(correctUnits(t.units, known));
    if (t.deadline) {
      const fixed = nearestOnly(t.deadline.text, LASTING_PHRASES);
      if (fixed) t.deadline = normalizeDeadline(fixed, ctx);
    }
  }
}

/**
 * A unit cell of a scan that ends inside a bracket lost its closing mark at the cell's edge, beside the rule
 * erased before recognition: closed, so the bracket's 、 is not read as a list of units.
 */
export function closeCutBrackets(records: readonly PlacedRecord[]): void {
  for (const r of records)
    for (const u of r.units) if (/（[^（）]*$/.test(u.text.trimEnd())) u.text = `${u.text.trimEnd()}）`;
}

/** Offices under vertical management (垂直管理) that local plans list among the government's departments. */
const VERTICAL_OFFICES = ['税务局', '气象局', '邮政管理局', '烟草专卖局', '海关', '供电局', '消防救援支队'];

const PLACE_LEVEL: Record<string, 'province' | 'city' | 'county'> = {
  省: 'province',
  市: 'city',
  县: 'county',
  区: 'county',
};

interface Known {
  /** How often the plan prints each name; standard names count as printed often. */
  weight: Map<string, number>;
}

const STANDARD = 1000;

function knownNames(tasks: readonly PlanTask[]): Known {
  const printed = new Map<string, number>();
  for (const t of tasks) for (const u of t.units) printed.set(u.name, (printed.get(u.name) ?? 0) + 1);
  const weight = new Map([...printed].filter(([, n]) => n >= 2));
  for (const [place, level] of Object.entries(PLACE_LEVEL)) {
    const words = STANDARD_DEPARTMENTS.filter((d) => d.levels.includes(level)).flatMap((d) => [d.name, ...d.short]);
    for (const w of [...words, ...(level === 'province' ? [] : VERTICAL_OFFICES)]) {
      // Of 市司法局 and 县司法局, the one the plan prints wins.
      weight.set(place + w, STANDARD + (printed.get(place + w) ?? 0));
    }
  }
  return { weight };
}

function isKnown(name: string, k: Known): boolean {
  return k.weight.has(name);
}

function correctUnits(units: readonly PlanUnit[], k: Known): PlanUnit[] {
  const out: PlanUnit[] = [];
  for (let i = 0; i < units.length; i++) {
    const u = units[i]!;
    const next = units[i + 1];
    // One name cut in two at a line end: «市经信» «局».
    if (next && next.role === u.role && !isKnown(u.name, k) && !isKnown(next.name, k)) {
      if (isKnown(u.name + next.name, k)) {
        out.push({ ...u, name: u.name + next.name });
        i++;
        continue;
      }
    }
    // Before trusting a name the plan prints often: the same two cells misread alike on every row.
    const split = splitInTwo(u.name, k);
    if (split) {
      out.push({ ...u, name: split[0] }, { ...u, name: split[1] });
      continue;
    }
    if (isKnown(u.name, k)) {
      out.push(u);
      continue;
    }
    out.push({ ...u, name: nearestKnown(u.name, k) ?? u.name });
  }
  return out;
}

/** Two known names, each printed more often, run together without the mark between them. */
function splitInTwo(name: string, k: Known): [string, string] | null {
  const own = k.weight.get(name) ?? 0;
  const found: [string, string][] = [];
  for (let i = 2; i <= name.length - 2; i++) {
    const a = name.slice(0, i);
    const b = name.slice(i);
    if ((k.weight.get(a) ?? 0) > own && (k.weight.get(b) ?? 0) > own) found.push([a, b]);
  }
  return found.length === 1 ? found[0]! : null;
}

/** The known name one character away, printed more often than the name itself; null unless exactly one. */
function nearestKnown(name: string, k: Known): string | null {
  if (name.length < 3) return null;
  let best: string | null = null;
  let bestWeight = 0;
  let tie = false;
  for (const [c, w] of k.weight) {
    if (Math.abs(c.length - name.length) > 1 || !withinOne(name, c)) continue;
    // A three-character name with one glyph changed is as likely another office (县委办, 县府办).
    if (c.length === name.length && name.length < 4) continue;
    if (w > bestWeight) {
      best = c;
      bestWeight = w;
      tie = false;
    } else if (w === bestWeight) tie = true;
  }
  return best && !tie ? best : null;
}

/** The one phrase of `phrases` a character away from `text` (that is not itself one of them). */
function nearestOnly(text: string, phrases: readonly string[]): string | null {
  if (text.length < 3 || phrases.includes(text)) return null;
  const hits = phrases.filter((p) => withinOne(text, p));
  return hits.length === 1 ? hits[0]! : null;
}

/** Edit distance at most one: one character inserted, dropped or replaced. */
export function withinOne(a: string, b: string): boolean {
  if (a === b) return true;
  const [s, l] = a.length <= b.length ? [a, b] : [b, a];
  if (l.length - s.length > 1) return false;
  let i = 0;
  while (i < s.length && s[i] === l[i]) i++;
  return s.length === l.length ? s.slice(i + 1) === l.slice(i + 1) : s.slice(i) === l.slice(i + 1);
}

/** Quote marks in a unit name with no partner: a speck or a rule's remnant read as a glyph. */
function withoutStrayQuotes(name: string): string {
  const open = (name.match(/[“‘]/g) ?? []).length;
  const close = (name.match(/[”’]/g) ?? []).length;
  if (open === close && !name.includes('"')) return name;
  return name.replace(/[“”‘’"]/g, '');
}

function dedupe(units: readonly PlanUnit[]): PlanUnit[] {
  const seen = new Set<string>();
  return units.filter((u) => !seen.has(u.name) && seen.add(u.name));
}
