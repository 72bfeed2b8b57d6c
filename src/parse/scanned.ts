import type { ParsedPlan, PlanWarning, SourceSpan } from '../domain/plan.js';
import type { BlockDocument, Box, Span } from './blocks.js';

/**
 * For plans read by OCR: every task's spans get the page and box of the paragraph or cell they fall in
 * (the review screen shows the page image with that box marked), and each word the recogniser was unsure
 * of becomes a warning on the task whose text holds it, so review lists it.
 */
export function placeScanned(doc: BlockDocument, plan: ParsedPlan): void {
  if (!doc.scanned) return;
  const places: Span[] = [];
  for (const b of doc.blocks) {
    if (b.kind === 'paragraph') places.push(b.span);
    else for (const r of b.rows) for (const c of r.cells) if (!c.covered) places.push(c.span);
  }
  const boxed = places.filter((p) => p.box && p.page !== undefined).sort((a, b) => a.start - b.start);
  const place = (s: SourceSpan | undefined) => {
    if (!s) return;
    const hit = boxed.filter((p) => p.start < Math.max(s.end, s.start + 1) && p.end > s.start);
    const first = hit[0];
    if (!first) return;
    const onPage = hit.filter((p) => p.page === first.page);
    s.page = first.page!;
    s.box = union(onPage.map((p) => p.box!));
  };
  const warnings: PlanWarning[] = [];
  for (const t of plan.tasks) {
    const spans = [t.span, t.fields.text, t.fields.units, t.fields.deadline, t.fields.status, t.fields.note];
    for (const s of new Set(spans)) place(s);
    const inTask = doc.scanned.doubts.filter((d) => spans.some((s) => s && d.start < s.end && d.end > s.start));
    if (inTask.length === 0) continue;
    const first = inTask[0]!;
    warnings.push({
      code: 'ocr-doubt',
      message: `第 ${first.page} 页文字识别把握不大，请对照原件核对：${inTask.map((d) => `「${d.text}」`).join('')}`,
      task: t.id,
      span: { start: first.start, end: first.end, page: first.page, box: first.box },
    });
  }
  plan.warnings.push(...warnings);
}

function union(boxes: readonly Box[]): Box {
  return [
    Math.min(...boxes.map((b) => b[0])),
    Math.min(...boxes.map((b) => b[1])),
    Math.max(...boxes.map((b) => b[2])),
    Math.max(...boxes.map((b) => b[3])),
  ];
}
