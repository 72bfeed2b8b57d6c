import type { Deadline } from '../../domain/deadline.js';
import type { PlanTask, PlanUnit, PlanWarning, SourceSpan, TextDeadline } from '../../domain/plan.js';
import { type DeadlineContext, findDeadlinesInText, normalizeDeadline } from '../extract/deadline.js';
import { parseResponsibility } from '../extract/units.js';
import type { PlacedRecord } from '../refine/outline-context.js';
import { cleanCellText } from '../text/clean.js';
import type { HeadingEntry } from './entries.js';

/**
 * Turns refined records into the plan's tasks: units parsed with their roles, deadlines normalised,
 * deadlines inside the text surfaced, and a warning for everything the reader should check.
 */
export function buildTasks(
  records: readonly PlacedRecord[],
  bodyStart: number,
  ctx: DeadlineContext,
): { tasks: PlanTask[]; warnings: PlanWarning[] } {
  const tasks: PlanTask[] = [];
  const warnings: PlanWarning[] = [];
  for (const r of records) {
    const text = joinLines(r.text);
    const units: PlanUnit[] = [];
    const seen = new Set<string>();
    let inherited = false;
    let deadlineFromUnits: string | null = null;
    const unitTexts: string[] = [];
    let unitsSpan: SourceSpan | undefined;
    for (const u of r.units) {
      if (u.text.trim() === '') continue;
      unitTexts.push(u.text.trim());
      unitsSpan ??= u.span;
      const parsed = parseResponsibility(cleanCellText(u.text), u.headerRole);
      deadlineFromUnits ??= parsed.deadlineText;
      for (const p of parsed.units) {
        if (seen.has(p.name)) continue;
        seen.add(p.name);
        units.push(u.inherited ? { name: p.name, role: p.role, inherited: true } : { name: p.name, role: p.role });
        if (u.inherited) inherited = true;
      }
    }
    const id = `T${tasks.length + 1}`;
    if (units.length === 0 && r.origin !== 'table') {
      // Before the first task is the covering notice: its paragraphs are not tasks and need no warning.
      if (text.length >= 6 && r.span.start >= bodyStart) {
        warnings.push({
          code: 'skipped-text',
          message: `这段文字像是一项任务，但没有找到责任单位，未列入台账：「${text.slice(0, 24)}…」`,
          span: r.textSpan,
        });
      }
      continue;
    }
    if (text === '' && r.name === null) continue;

    const deadlineText = r.deadline ? joinLines(r.deadline.text) : deadlineFromUnits;
    const deadline: Deadline | null = deadlineText ? normalizeDeadline(deadlineText, ctx) : null;
    const task: PlanTask = {
      id,
      section: ref(r.section),
      group: ref(r.group),
      number: r.number,
      name: r.name ? joinLines(r.name) : null,
      text: text || joinLines(r.name ?? ''),
      units,
      unitsText: unitTexts.length ? unitTexts.join('；') : null,
      deadline,
      textDeadlines: textDeadlines(text, r.textSpan, ctx),
      status: r.status ? joinLines(r.status.text) || null : null,
      note: r.note ? joinLines(r.note.text) || null : null,
      span: r.span,
      fields: { text: r.textSpan },
    };
    if (unitsSpan) task.fields.units = unitsSpan;
    if (r.deadline) task.fields.deadline = r.deadline.span;
    if (r.status) task.fields.status = r.status.span;
    if (r.note) task.fields.note = r.note.span;
    tasks.push(task);

    if (units.length === 0) {
      const raw = unitTexts.join('；');
      warnings.push(
        raw
          ? { code: 'units-unparsed', message: `未能从「${raw}」中识别出责任单位`, task: id, span: unitsSpan }
          : { code: 'task-without-units', message: '该任务没有责任单位', task: id, span: r.textSpan },
      );
    } else if (inherited) {
      warnings.push({
        code: 'units-inherited',
        message: '责任单位取自上方合并单元格或上一项，请核对',
        task: id,
        span: unitsSpan,
      });
    }
    if (r.deadline?.inherited) {
      warnings.push({ code: 'deadline-inherited', message: '完成时限取自上方合并单元格，请核对', task: id });
    }
    const spam = SPAM.exec(text);
    if (spam) {
      warnings.push({
        code: 'suspicious-text',
        message: `任务文字中夹杂疑似网站注入的广告内容「${spam[0]}」，请对照原件核对`,
        task: id,
        span: r.textSpan,
      });
    }
    if (deadline && deadline.kind === 'unknown') {
      warnings.push({ code: 'deadline-unknown', message: `无法识别的完成时限「${deadline.text}」`, task: id });
    }
  }
  return { tasks, warnings };
}

/** The advert words in a task's text, if any (the review and the confirm check use the same test). */
export function suspiciousText(text: string): string | null {
  return SPAM.exec(text)?.[0] ?? null;
}

// Text that web mirrors of government pages inject (gambling adverts); flagged, never silently removed.
const SPAM = /买球|投注|博彩|娱乐城|棋牌|线路检测|百家乐|赌场|真人视讯|官网唯一|欧洲杯|世界杯|彩票|云顶/;

function ref(h: HeadingEntry | null): { label: string; title: string } | null {
  return h ? { label: h.label, title: h.title } : null;
}

const NEWLINES = /\n/g;

/**
 * Line breaks inside a cell are layout, not content: joined without a space (Chinese text). The cleaned
 * text's lines are already trimmed, so dropping the breaks is all that is left to do.
 */
function joinLines(s: string): string {
  const clean = cleanCellText(s);
  return clean.indexOf('\n') < 0 ? clean : clean.replace(NEWLINES, '');
}

function textDeadlines(text: string, span: SourceSpan, ctx: DeadlineContext): TextDeadline[] {
  return findDeadlinesInText(text, ctx).map((d) => ({
    ...d.deadline,
    span: { start: span.start + d.start, end: span.start + d.end },
  }));
}
