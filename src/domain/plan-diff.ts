import { fold } from './fold.js';

/**
 * What changed between a plan as stored and its revised text: tasks added, removed, changed (text, units or
 * deadline) and unchanged. A stored task is matched to a revised one by, in order: the same requirement
 * text; the same place in the outline (section, group, number); a clearly similar text (a reworded
 * requirement). Matched tasks keep their identity, so progress reported on them is kept.
 */
export interface DiffTask {
  section: string | null;
  group: string | null;
  number: string | null;
  text: string;
  unitsText: string | null;
  deadlineText: string | null;
}

export type TaskField = 'text' | 'units' | 'deadline' | 'place';

export const FIELD_LABELS: Record<TaskField, string> = {
  text: '具体要求',
  units: '责任单位',
  deadline: '完成时限',
  place: '所属章节',
};

export interface PlanDiff {
  /** Pairs of [stored index, revised index] with the fields that differ (empty when unchanged). */
  matched: { before: number; after: number; changed: TaskField[] }[];
  added: number[];
  removed: number[];
}

/** Above this many unmatched pairs, reworded tasks are not searched for (they count as removed + added). */
const SIMILARITY_BUDGET = 250_000;
const SIMILAR = 0.6;

export function diffPlans(before: readonly DiffTask[], after: readonly DiffTask[]): PlanDiff {
  const pairs = new Map<number, number>();
  const takenAfter = new Set<number>();

  // 1. Same requirement text, in document order.
  const byText = new Map<string, number[]>();
  after.forEach((t, j) => {
    const k = textKey(t.text);
    const list = byText.get(k);
    if (list) list.push(j);
    else byText.set(k, [j]);
  });
  before.forEach((t, i) => {
    const j = byText.get(textKey(t.text))?.shift();
    if (j !== undefined) {
      pairs.set(i, j);
      takenAfter.add(j);
    }
  });

  // 2. Same numbered place in the outline.
  const byPlace = new Map<string, number>();
  after.forEach((t, j) => {
    const p = placeKey(t);
    if (p && !takenAfter.has(j) && !byPlace.has(p)) byPlace.set(p, j);
  });
  before.forEach((t, i) => {
    if (pairs.has(i)) return;
    const p = placeKey(t);
    const j = p ? byPlace.get(p) : undefined;
    if (j !== undefined && !takenAfter.has(j)) {
      pairs.set(i, j);
      takenAfter.add(j);
    }
  });

  // 3. Reworded: the most similar remaining pairs first.
  const restBefore = before.map((_, i) => i).filter((i) => !pairs.has(i));
  const restAfter = after.map((_, j) => j).filter((j) => !takenAfter.has(j));
  if (restBefore.length * restAfter.length <= SIMILARITY_BUDGET) {
    const grams = new Map<number, Set<string>>();
    for (const j of restAfter) grams.set(j, bigrams(after[j]!.text));
    const candidates: { i: number; j: number; score: number }[] = [];
    for (const i of restBefore) {
      const a = bigrams(before[i]!.text);
      for (const j of restAfter) {
        const score = dice(a, grams.get(j)!);
        if (score >= SIMILAR) candidates.push({ i, j, score });
      }
    }
    candidates.sort((x, y) => y.score - x.score || x.i - y.i);
    for (const c of candidates) {
      if (pairs.has(c.i) || takenAfter.has(c.j)) continue;
      pairs.set(c.i, c.j);
      takenAfter.add(c.j);
    }
  }

  const matched = [...pairs.entries()]
    .sort((x, y) => x[1] - y[1])
    .map(([i, j]) => ({ before: i, after: j, changed: changedFields(before[i]!, after[j]!) }));
  return {
    matched,
    added: after.map((_, j) => j).filter((j) => !takenAfter.has(j)),
    removed: before.map((_, i) => i).filter((i) => !pairs.has(i)),
  };
}

function changedFields(a: DiffTask, b: DiffTask): TaskField[] {
  const out: TaskField[] = [];
  if (textKey(a.text) !== textKey(b.text)) out.push('text');
  if (textKey(a.unitsText ?? '') !== textKey(b.unitsText ?? '')) out.push('units');
  if (textKey(a.deadlineText ?? '') !== textKey(b.deadlineText ?? '')) out.push('deadline');
  if (textKey(a.section ?? '') !== textKey(b.section ?? '') || textKey(a.group ?? '') !== textKey(b.group ?? ''))
    out.push('place');
  return out;
}

/** Text compared without whitespace, punctuation or width differences. */
export function textKey(text: string): string {
  return fold(text).replace(/[\s\p{P}\p{S}]/gu, '');
}

function placeKey(t: DiffTask): string | null {
  if (!t.number) return null;
  return `${textKey(t.section ?? '')}|${textKey(t.group ?? '')}|${t.number}`;
}

function bigrams(text: string): Set<string> {
  const s = textKey(text);
  const out = new Set<string>();
  for (let i = 0; i + 1 < s.length; i++) out.add(s.slice(i, i + 2));
  return out;
}

function dice(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let common = 0;
  const [small, large] = a.size < b.size ? [a, b] : [b, a];
  for (const g of small) if (large.has(g)) common++;
  return (2 * common) / (a.size + b.size);
}

/** How alike two requirements read, 0–1 (shared character pairs), for matching tasks across plans. */
export function similarity(a: string, b: string): number {
  return dice(bigrams(a), bigrams(b));
}
