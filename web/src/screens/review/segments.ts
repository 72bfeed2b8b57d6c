import type { PlanTask, PlanWarning, SourceSpan } from '../../api/types';

/**
 * The source text cut into runs so each run knows which task it belongs to and which of the task's fields
 * (具体要求, 责任单位, 完成时限, 完成情况, 备注) was read from it. Spans index the text in UTF-16 code units,
 * as JavaScript strings do, so slicing needs no conversion.
 */
export type FieldKind = 'text' | 'units' | 'deadline' | 'status' | 'note';
export const FIELD_KINDS: readonly FieldKind[] = ['text', 'units', 'deadline', 'status', 'note'];

export interface Segment {
  start: number;
  end: number;
  /** The task this run belongs to: the one whose field it is, else the one whose span covers it. */
  task: number | null;
  field: FieldKind | null;
  /** Tasks that start here (the scroll targets). */
  anchors: number[];
  /** Index of a plan warning whose span covers the run. */
  warning: number | null;
}

interface Range {
  start: number;
  end: number;
  task: number | null;
  kind: FieldKind | 'task' | 'warning';
  warning?: number;
}

/** The task a warning names (T1 …, the parse's own ids: positions move when the office adds a task). */
export function taskForWarning(tasks: readonly PlanTask[], w: PlanWarning): PlanTask | undefined {
  if (!w.task) return undefined;
  return tasks.find((t) => t.parseTask === w.task);
}

/** A key for a warning in a list: what, where and which task (a plan may repeat one message). */
export function warningKey(w: PlanWarning): string {
  return `${w.code}|${w.task ?? ''}|${w.span?.start ?? ''}|${w.message}`;
}

export function buildSegments(text: string, tasks: readonly PlanTask[], warnings: readonly PlanWarning[]): Segment[] {
  const n = text.length;
  const ranges: Range[] = [];
  const clip = (s: SourceSpan) => ({ start: Math.max(0, Math.min(n, s.start)), end: Math.max(0, Math.min(n, s.end)) });
  for (const t of tasks) {
    if (t.span) ranges.push({ ...clip(t.span), task: t.id, kind: 'task' });
    for (const k of FIELD_KINDS) {
      const s = t.fields?.[k];
      if (s) ranges.push({ ...clip(s), task: t.id, kind: k });
    }
  }
  warnings.forEach((w, i) => {
    if (w.span)
      ranges.push({ ...clip(w.span), task: taskForWarning(tasks, w)?.id ?? null, kind: 'warning', warning: i });
  });
  const live = ranges.filter((r) => r.end > r.start).sort((a, b) => a.start - b.start || b.end - a.end);
  const cuts = [...new Set([0, n, ...live.flatMap((r) => [r.start, r.end]), ...anchorPositions(tasks, n)])].sort(
    (a, b) => a - b,
  );

  const anchorsAt = new Map<number, number[]>();
  for (const t of tasks) {
    const at = t.span?.start ?? t.fields?.text.start;
    if (at === undefined) continue;
    const pos = Math.max(0, Math.min(n, at));
    anchorsAt.set(pos, [...(anchorsAt.get(pos) ?? []), t.id]);
  }
  const out: Segment[] = [];
  let active: Range[] = [];
  let next = 0;
  for (let i = 0; i + 1 < cuts.length; i++) {
    const a = cuts[i]!;
    const b = cuts[i + 1]!;
    while (next < live.length && live[next]!.start <= a) active.push(live[next++]!);
    active = active.filter((r) => r.end > a);
    // Innermost wins: the range that started last.
    let field: Range | undefined;
    let cover: Range | undefined;
    let warn: Range | undefined;
    for (const r of active) {
      if (r.kind === 'task') cover = r;
      else if (r.kind === 'warning') warn = r;
      else field = r;
    }
    out.push({
      start: a,
      end: b,
      task: field?.task ?? cover?.task ?? null,
      field: (field?.kind as FieldKind | undefined) ?? null,
      anchors: anchorsAt.get(a) ?? [],
      warning: warn?.warning ?? null,
    });
  }
  return out;
}

function anchorPositions(tasks: readonly PlanTask[], n: number): number[] {
  return tasks.flatMap((t) => {
    const at = t.span?.start ?? t.fields?.text.start;
    return at === undefined ? [] : [Math.max(0, Math.min(n, at))];
  });
}
