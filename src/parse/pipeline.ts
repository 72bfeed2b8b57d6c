import { appendAll } from '../domain/arrays.js';
import type { WorkingDayCalendar } from '../domain/calendar.js';
import { type ParsedPlan, PLAN_FORMAT_VERSION, type PlanWarning } from '../domain/plan.js';
import type { Entry } from './assemble/entries.js';
import { newOutlineState, outlineEntries } from './assemble/outline.js';
import { tableEntries } from './assemble/table.js';
import { buildTasks } from './assemble/tasks.js';
import type { BlockDocument, Paragraph } from './blocks.js';
import { withDue } from './extract/due.js';
import { extractMetadata } from './extract/metadata.js';
import type { Column } from './layout/columns.js';
import { joinContinuations } from './refine/continuation.js';
import { inheritMerged } from './refine/inherit.js';
import { placeInOutline } from './refine/outline-context.js';
import { closeCutBrackets, correctScannedTasks } from './refine/scanned-words.js';
import { splitNumberedItems } from './refine/split-items.js';
import { placeScanned } from './scanned.js';

/**
 * From the block model to the plan. The stages, in order:
 * 1. layout: tables become entries through their column model, paragraph runs through the outline reader;
 * 2. outline: records are placed under their section and group, repeated headings dropped;
 * 3. refiners: page-break continuations joined, multi-item cells split, merged cells inherited;
 * 4. metadata (read before the first task), then tasks with units, deadlines and warnings.
 */
export interface PipelineOptions {
  name?: string | null;
  calendar?: WorkingDayCalendar;
}

export function planFromBlocks(doc: BlockDocument, options: PipelineOptions = {}): ParsedPlan {
  const entries: Entry[] = [];
  let carried: Column[] | null = null;
  const paragraphs = doc.blocks.filter((b): b is Paragraph => b.kind === 'paragraph');
  const outline = newOutlineState(paragraphs);
  let run: Paragraph[] = [];
  let source = 0;
  const flushRun = (): void => {
    if (run.length > 0) appendAll(entries, outlineEntries(run, source++, outline));
    run = [];
  };
  for (const b of doc.blocks) {
    if (b.kind === 'paragraph') {
      run.push(b);
      continue;
    }
    flushRun();
    const reading = tableEntries(b, source++, carried);
    if (reading.columns) carried = reading.columns;
    appendAll(entries, reading.entries);
  }
  flushRun();

  const { records, sections } = placeInOutline(entries);
  const refined = inheritMerged(splitNumberedItems(joinContinuations(records)));
  const firstRecord = refined.find((r) => r.units.some((u) => u.text.trim() !== '')) ?? refined[0];
  const bodyStart = firstRecord?.span.start ?? doc.text.length;
  // The plan's own text starts at its title when it has one: what comes before is the covering notice.
  const titles = entries.filter((e) => e.type === 'boundary' && e.span.start <= bodyStart);
  const planStart = titles.length ? titles[titles.length - 1]!.span.start : bodyStart;
  const { title, meta } = extractMetadata(doc.blocks, bodyStart);
  const dateContext = {
    year: meta.year,
    issueDate: meta.issueDate,
    ...(options.calendar ? { calendar: options.calendar } : {}),
  };
  if (doc.scanned) closeCutBrackets(refined);
  const built = buildTasks(refined, planStart, dateContext);
  if (doc.scanned) correctScannedTasks(built.tasks, dateContext);
  const tasks = withDue(built.tasks, title, dateContext);
  const warnings = built.warnings;
  const all: PlanWarning[] = [
    ...doc.notices.map((n) => ({ code: 'structure-lost' as const, message: n.message })),
    ...warnings,
  ];
  if (tasks.length === 0) all.push({ code: 'no-tasks', message: '未在文档中找到任务' });
  const plan: ParsedPlan = {
    version: PLAN_FORMAT_VERSION,
    title,
    meta,
    source: {
      name: options.name ?? null,
      format: doc.format,
      encoding: doc.encoding ?? null,
      pages: doc.pages ?? null,
      chars: doc.text.length,
    },
    layout: layoutOf(refined.map((r) => r.origin)),
    sections: sections.map((s) => ({ label: s.label, title: s.title })),
    tasks,
    warnings: all,
  };
  placeScanned(doc, plan);
  return plan;
}

function layoutOf(origins: readonly string[]): string {
  const kinds = new Set(origins);
  if (kinds.size === 0) return 'none';
  if (kinds.size > 1) return 'mixed';
  return [...kinds][0]!;
}
