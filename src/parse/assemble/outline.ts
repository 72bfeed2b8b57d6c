import { appendAll } from '../../domain/arrays.js';
import { fold } from '../../domain/fold.js';
import { hasHeadNoun, looksLikeUnitName } from '../../domain/unit-names.js';
import type { Paragraph, Span } from '../blocks.js';
import { findAnnotations } from '../extract/annotations.js';
import { isDeadlinePhrase } from '../extract/deadline.js';
import { type FieldLabel, type FieldRole, readFieldLabel, splitRunInFields } from '../extract/fields.js';
import { itemNumber, type Label, readLabel } from '../extract/labels.js';
import { isTitle } from '../extract/metadata.js';
import { parseResponsibility, startsWithResponsibilityLabel, unitLikeness } from '../extract/units.js';
import { readHeader, type UnitColumnRole } from '../layout/header.js';
import { CHROME } from '../recover/bare-lines.js';
import { cleanCellText } from '../text/clean.js';
import type { Entry, FieldText, RecordEntry, UnitText } from './entries.js';
import { cleanTitle, headingFrom } from './headings.js';

/**
 * Reads paragraphs (outline plans and prose plans) as task entries:
 * - labelled paragraphs open sections (一、), groups (（一）) and numbered items (1.);
 * - a responsibility line after an item («市法制局牵头，…负责», «牵头单位：区发改局») assigns it;
 * - in prose, each run of sentences that ends in a bracketed unit annotation is an item of its own;
 * - a group title sentence («（一）聚焦…加大公开力度。») is the group's title, its body the group's items;
 * - paragraphs a page break split are joined back before any of this is decided.
 */
interface Part {
  text: string;
  span: Span;
  /** The part opens with a sub-point label «(2)». */
  sub?: { value: number; labelEnd: number };
}

interface Pending {
  kind: 'item' | 'body' | 'loose';
  /** For a group's body: the heading's title sentence as printed, which is the task when no body follows. */
  title?: { text: string; span: Span };
  number: string | null;
  parts: Part[];
  resp: UnitText[];
  deadline: FieldText | null;
  name?: string;
  status?: FieldText;
  note?: FieldText;
}

export interface OutlineState {
  /** Role a column-header paragraph (责任单位 / 牵头落实单位) gives responsibility lines. */
  headerRole: UnitColumnRole | null;
  /** Whether items are numbered 1. (then (1) marks sub-points) or (1). */
  itemsUseDigits: boolean;
  /** The end matter (抄送, 印发) has been reached: nothing after it is a task. */
  ended: boolean;
}

export function newOutlineState(allParagraphs: readonly Paragraph[]): OutlineState {
  let digits = 0;
  for (const p of allParagraphs) if (readLabel(p.text)?.kind === 'item') digits++;
  return { headerRole: null, itemsUseDigits: digits > 0, ended: false };
}

const DATE_LINE = /^(?:\d{4}年\d{1,2}月\d{1,2}日|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{6,8})(?:印发)?$/;
const END_MATTER = /^(?:抄送|抄报|分送|主题词)[:：]|\d{4}年\d{1,2}月\d{1,2}日印发$/;
const FURNITURE =
  /^(?:[-—－–]\s*\d{1,3}\s*[-—－–]|第\s*\d+\s*页.*|\d{1,3}|[(（]此件[^)）]{0,10}[)）]|附件\d*[:：]?.{0,60}|附件\d*)$/;
const DEADLINE_LINE = /^(?:完成时限|完成时间|时间节点|时限要求|完成期限|时限)[:：]\s*/;

export function outlineEntries(input: readonly Paragraph[], source: number, state: OutlineState): Entry[] {
  const paras = input.flatMap(splitParagraph);
  const entries: Entry[] = [];
  let pending: Pending | null = null;
  // A field label alone on its line («项目内容：»): the lines below are its value, until the next label.
  let expect: FieldLabel | null = null;
  // The last item number read: «11.121人才梯队项目» after item 10 is item 11, not the decimal 11.121.
  let lastItem = -1;
  const flush = (): void => {
    if (pending) appendAll(entries, recordsOf(pending, source));
    pending = null;
  };

  for (let i = 0; i < paras.length; i++) {
    const p = paras[i]!;
    const cleaned = cleanCellText(p.text);
    const t = cleaned.indexOf('\n') < 0 ? cleaned : cleaned.replace(/\n/g, '');
    const f = fold(t).trim();
    if (f === '') continue;
    if (END_MATTER.test(f)) {
      flush();
      state.ended = true;
      continue;
    }
    // Short lines are where furniture, dates, titles and headers are; long ones are text.
    const c = f.length <= 80 ? f.replace(/\s+/g, '') : '';
    if ((c && FURNITURE.test(c)) || CHROME.test(f)) continue;
    if (c && DATE_LINE.test(c)) {
      flush();
      continue;
    }
    if (c && isTitle(c.replace(/[。.]$/, ''))) {
      flush();
      state.ended = false;
      entries.push({ type: 'boundary', span: p.span });
      continue;
    }
    const field = pending && /[:：]/.test(f) ? readFieldLabel(t) : null;
    if (field && pending && !readLabel(t, 0, f)) {
      expect = null;
      if (field.role === 'units' || field.role === 'person') {
        if (field.value) pending.resp.push({ text: t, headerRole: state.headerRole, span: p.span });
        else expect = field;
      } else if (field.value) assignField(pending, field.role, field.value, p.span);
      else expect = field;
      continue;
    }
    const header = c && c.length <= 10 ? readHeader(t) : null;
    if (header) {
      expect = null;
      if (header.role === 'units') state.headerRole = header.unitRole ?? null;
      continue;
    }
    const label = readLabel(t, 0, f) ?? sequentialItem(f, lastItem);
    if (label?.kind === 'item') lastItem = label.value;
    if (expect && pending && !(label && label.kind !== 'sub')) {
      if (expect.role === 'units' || expect.role === 'person') {
        pending.resp.push({ text: t, headerRole: expect.unitRole ?? state.headerRole, span: p.span });
      } else assignField(pending, expect.role, t, p.span);
      continue;
    }
    expect = null;
    if (label && (label.kind === 'section' || label.kind === 'group')) {
      flush();
      if (state.ended && label.kind === 'section') state.ended = false;
      const { title, body, bodyStart } = splitTitle(t, label.end);
      const titleRaw = t.slice(label.end, bodyStart).trim();
      const h = headingFrom(t.slice(0, label.end) + title, p.span, label);
      if (h) {
        h.title = cleanTitle(title);
        entries.push(h);
      }
      pending = { kind: 'body', number: null, parts: [], resp: [], deadline: null };
      if (label.kind === 'group') {
        pending.title = { text: titleRaw, span: { start: p.span.start + label.end, end: p.span.start + bodyStart } };
      }
      if (body) pending.parts.push({ text: body, span: { start: p.span.start + bodyStart, end: p.span.end } });
      continue;
    }
    if (label && (label.kind === 'item' || (label.kind === 'sub' && !state.itemsUseDigits))) {
      flush();
      pending = { kind: 'item', number: itemNumber(label.printed), parts: [], resp: [], deadline: null };
      // «01 项目名称：提升县域生态环境»: the item opens with a field rather than its requirement.
      const opening = readFieldLabel(t.slice(label.end));
      if (opening && /[:：]/.test(t.slice(label.end, label.end + 12))) {
        if (opening.value) assignField(pending, opening.role, opening.value, p.span);
        else expect = opening;
      } else
        pending.parts.push({ text: t.slice(label.end), span: { start: p.span.start + label.end, end: p.span.end } });
      continue;
    }
    // A responsibility line wrapped mid-name («…、园区党工» / «委、各街道党工委») continues on this line.
    const lastResp = pending?.resp[pending.resp.length - 1];
    if (lastResp && !label && c && c.length <= 60 && endsMidList(lastResp.text)) {
      lastResp.text += t;
      lastResp.span = { ...lastResp.span, end: p.span.end };
      continue;
    }
    const deadlineLabel = DEADLINE_LINE.exec(f);
    if (deadlineLabel && pending) {
      pending.deadline = { text: t.slice(deadlineLabel[0].length).trim(), span: p.span };
      continue;
    }
    // A deadline cell on a line of its own (a table printed one cell per line, «2022年底前» before or after
    // the responsibility line): the item's deadline, not a paragraph of its own.
    if (pending && !pending.deadline && !label && c && (pending.parts.length > 0 || pending.resp.length > 0)) {
      if (c.length <= 30 && isDeadlinePhrase(c)) {
        pending.deadline = { text: t.trim(), span: p.span };
        continue;
      }
    }
    if (isResponsibilityLine(t, f, pending, state, paras[i + 1], paras[i - 1])) {
      if (pending) pending.resp.push({ text: t, headerRole: state.headerRole, span: p.span });
      continue;
    }
    if (isSignature(t, f, paras[i + 1])) {
      flush();
      continue;
    }
    if (pending && pending.resp.length === 0) {
      // A sub-point «(2)…» inside an item: kept with the item unless it carries its own annotation.
      const part: Part = { text: t, span: p.span };
      if (label?.kind === 'sub') part.sub = { value: label.value, labelEnd: label.end };
      pending.parts.push(part);
      continue;
    }
    flush();
    if (!state.ended)
      pending = { kind: 'loose', number: null, parts: [{ text: t, span: p.span }], resp: [], deadline: null };
  }
  flush();
  return entries;
}

/**
 * «11.121人才梯队项目»: a number and a dot glued to digits reads as a decimal, unless it is the next number of
 * the items before it (the text then opens with a figure).
 */
function sequentialItem(f: string, last: number): Label | null {
  if (last < 0) return null;
  const m = /^\s*(\d{1,3})([.．])(?=\d)/.exec(f);
  if (!m || Number(m[1]) !== last + 1) return null;
  return { kind: 'item', value: last + 1, printed: `${m[1]}${m[2]}`, end: m[0].length };
}

/** «（一）聚焦X加大公开力度。围绕…» → the title sentence and the body after it. */
function splitTitle(t: string, labelEnd: number): { title: string; body: string; bodyStart: number } {
  const rest = t.slice(labelEnd);
  const f = fold(rest);
  const stop = f.search(/[。!?]/);
  if (stop < 0 || stop === f.length - 1 || f.slice(stop + 1).trim() === '') {
    return { title: rest.trim(), body: '', bodyStart: t.length };
  }
  // A long first «sentence» is not a title: the paragraph is body text that starts right after the label.
  if (stop > 60) return { title: rest.slice(0, Math.min(rest.length, 40)).trim(), body: '', bodyStart: t.length };
  let bodyStart = labelEnd + stop + 1;
  while (bodyStart < t.length && /\s/.test(t[bodyStart]!)) bodyStart++;
  // «一、切实加强食品安全工作制定出台若干措施。(市食安办负责)»: the first sentence carries an annotation, so
  // it is an item that the heading runs into; the heading ends where the item's verb begins.
  if (/^[(（]/.test(f.slice(stop + 1).trimStart())) {
    const cut = runOnHeadingEnd(rest.slice(0, stop));
    if (cut > 0) return { title: rest.slice(0, cut).trim(), body: t.slice(labelEnd + cut), bodyStart: labelEnd + cut };
  }
  return { title: rest.slice(0, stop).trim(), body: t.slice(bodyStart), bodyStart };
}

// Nouns a heading of the genre ends in, and verbs a task opens with.
const HEADING_END =
  /(?:工作|建设|活动|机制|体系|能力|水平|管理|服务|保障|环境|监管|治理|改革|安全|力度|质量|效能|制度)$/;
const TASK_OPENING =
  /^(?:制定|出台|推进|推动|加强|开展|建立|健全|完善|落实|做好|深化|强化|实施|组织|依据|根据|按照|围绕|提升|提高|规范|优化|加快|严格|坚持|持续|全面|积极|认真|切实|进一步|督促|指导|鼓励|支持|修订|编制|启动|完成|探索|统筹)/;

/** Where a heading run into the item after it ends (a heading noun, then a task verb), or 0. */
function runOnHeadingEnd(sentence: string): number {
  const max = Math.min(sentence.length - 6, 24);
  for (let p = 4; p <= max; p++) {
    if (HEADING_END.test(sentence.slice(0, p)) && TASK_OPENING.test(sentence.slice(p, p + 3))) return p;
  }
  return 0;
}

function isResponsibilityLine(
  t: string,
  f: string,
  pending: Pending | null,
  state: OutlineState,
  next: Paragraph | undefined,
  prev: Paragraph | undefined,
): boolean {
  if (!pending) return false;
  const compact = f.replace(/\s+/g, '');
  if (compact.length > 160 || /[:：]$/.test(compact)) return false;
  if (/^[(（[【]/.test(compact)) return false;
  if (startsWithResponsibilityLabel(compact, pending.kind !== 'loose')) return true;
  const parsed = parseResponsibility(t, state.headerRole);
  if (parsed.units.length === 0) return false;
  const likeness = unitLikeness(t, parsed);
  if (parsed.hasRoleWord && likeness >= 0.6) return true;
  // A paragraph that is not an outline item yet becomes one only through a role word: «市发改委牵头落实».
  if (pending.kind === 'loose') return false;
  if (state.headerRole && pending.resp.length === 0 && likeness >= 0.8 && !/。$/.test(compact)) return true;
  // A bare list of unit names right after an item, unless it is a signature above a date; or one unit name
  // a line, as a unit cell prints them, right below such a bare list.
  if (compact.length > 60 || /。$/.test(compact)) return false;
  if (pending.resp.length > 0 && !continuesBareList(pending.resp[pending.resp.length - 1]!, prev)) return false;
  if (next && isDateLine(next.text)) return false;
  return likeness >= 0.9 && parsed.units.every((u) => hasHeadNoun(u.name));
}

/** The line above was a bare list of unit names (no label, no role word) given as the item's units. */
function continuesBareList(last: UnitText, prev: Paragraph | undefined): boolean {
  if (!prev || prev.span.end !== last.span.end) return false;
  const compact = fold(last.text).replace(/\s+/g, '');
  return !startsWithResponsibilityLabel(compact) && !parseResponsibility(last.text).hasRoleWord;
}

function isDateLine(text: string): boolean {
  return text.length <= 40 && DATE_LINE.test(fold(text).replace(/\s+/g, ''));
}

function isSignature(t: string, f: string, next: Paragraph | undefined): boolean {
  if (!next || f.length > 30) return false;
  return isDateLine(next.text) && unitLikeness(t) >= 0.9;
}

/** A responsibility line that stops inside a list: a trailing separator, or a last name that is no unit's. */
function endsMidList(text: string): boolean {
  if (/[、,，]\s*$/.test(text)) return true;
  const units = parseResponsibility(text).units;
  const last = units[units.length - 1];
  return last !== undefined && !looksLikeUnitName(last.name);
}

/** A field's value goes where the task keeps it; the requirement text collects in the parts. */
function assignField(p: Pending, role: FieldRole, value: string, span: Span): void {
  const append = (f: FieldText | undefined): FieldText =>
    f ? { text: `${f.text}\n${value}`, span: { start: f.span.start, end: span.end } } : { text: value, span };
  if (role === 'text') p.parts.push({ text: value, span });
  else if (role === 'name') p.name = p.name ? p.name + value : value;
  else if (role === 'status') p.status = append(p.status);
  else if (role === 'note') p.note = append(p.note);
  else if (role === 'deadline') p.deadline = append(p.deadline ?? undefined);
}

/** A paragraph that runs several fields or items together is read as one paragraph each. */
function splitParagraph(p: Paragraph): Paragraph[] {
  const pieces = splitRunInFields(p.text);
  if (pieces.length === 1) return [p];
  return pieces.map((x) => {
    const raw = p.text.slice(x.start, x.end);
    const lead = raw.length - raw.trimStart().length;
    return {
      ...p,
      text: raw.trim(),
      span: { ...p.span, start: p.span.start + x.start + lead, end: p.span.start + x.start + lead + raw.trim().length },
    };
  });
}

function startsWithAnnotationOrNothing(parts: readonly { text: string }[]): boolean {
  if (parts.length === 0) return true;
  const first = findAnnotations(parts[0]!.text, 1)[0];
  return first !== undefined && parts[0]!.text.slice(0, first.start).trim() === '';
}

// A sub-point label «(2)» where a sentence (or the previous annotation) ends.
const INLINE_SUB = /(?:^|[。；;！!？?）)])\s*([(（](\d{1,2})[)）])/g;

/**
 * «1.深化商事制度改革。(1)全面落实…。(市工商局牵头负责)(2)完善…。(市工商局牵头负责)»: sub-points run on
 * in one paragraph, each closed by an annotation of its own. A run of sentences is such a sub-point when it
 * holds exactly one sub-point label; the reading holds only when at least two annotations close one (a single
 * annotation after several sub-points covers the whole item).
 */
function inlineSubs(
  text: string,
  annotations: readonly { start: number; end: number }[],
): ({ at: number; value: number; labelEnd: number; end: number } | undefined)[] {
  const found: ({ at: number; value: number; labelEnd: number; end: number } | undefined)[] = [];
  let prev = 0;
  for (const a of annotations) {
    const seg = text.slice(prev, a.start);
    const labels = [...seg.matchAll(INLINE_SUB)];
    const m = labels.length === 1 ? labels[0]! : null;
    if (m) {
      const at = prev + m.index + m[0].length - m[1]!.length;
      found.push({ at, value: Number(m[2]), labelEnd: at + m[1]!.length, end: a.end });
    } else found.push(undefined);
    prev = a.end;
  }
  return found.filter(Boolean).length >= 2 ? found : found.map(() => undefined);
}

/** Joins the pending item's paragraphs; a part that ends mid-sentence was cut by a page break. */
function joinParts(parts: readonly Part[]): {
  text: string;
  at: (offset: number) => number;
  subs: { at: number; value: number; labelEnd: number; end: number }[];
} {
  let text = '';
  const starts: { at: number; src: number }[] = [];
  const subs: { at: number; value: number; labelEnd: number; end: number }[] = [];
  // The last printed character so far (not text.trimEnd(): copying the whole text per part is quadratic).
  let last = '';
  for (const p of parts) {
    if (text && /[。;；!！?？:：”"]/.test(last)) text += '\n';
    const printed = p.text.trimEnd();
    if (printed) last = printed[printed.length - 1]!;
    starts.push({ at: text.length, src: p.span.start });
    if (p.sub)
      subs.push({
        at: text.length,
        value: p.sub.value,
        labelEnd: text.length + p.sub.labelEnd,
        end: text.length + p.text.length,
      });
    text += p.text;
  }
  const at = (offset: number): number => {
    let s = starts[0]!;
    for (const x of starts) if (x.at <= offset) s = x;
    return s.src + (offset - s.at);
  };
  return { text, at, subs };
}

function recordsOf(p0: Pending, source: number): RecordEntry[] {
  if (p0.parts.length === 0 && p0.resp.length === 0) return [];
  // «（一）地区生产总值增长7%以上» with a responsibility line or an annotation and no body: the group is
  // itself the task, its title the requirement.
  let p = p0;
  if (p.title && startsWithAnnotationOrNothing(p.parts)) p = { ...p, parts: [p.title, ...p.parts] };
  const joined = joinParts(p.parts);
  const base = (text: string, start: number, end: number, units: UnitText[]): RecordEntry => ({
    type: 'record',
    origin: p.kind === 'item' ? 'outline' : 'prose',
    source,
    number: p.number,
    numberFrom: p.number ? 'outline' : null,
    name: p.name ?? null,
    text: text.trim(),
    textSpan: { start: joined.at(start), end: joined.at(Math.max(start, end - 1)) + 1 },
    moreSpans: [],
    units,
    deadline: p.deadline,
    status: p.status ?? null,
    note: p.note ?? null,
    span: { start: joined.at(start), end: joined.at(Math.max(start, end - 1)) + 1 },
  });
  const annotations = findAnnotations(joined.text);
  if (annotations.length === 0) {
    if (p.parts.length === 0) return [];
    if (p.kind === 'loose' && p.resp.length === 0) return [];
    return [base(joined.text, 0, joined.text.length, p.resp)];
  }
  const out: RecordEntry[] = [];
  const inline = inlineSubs(joined.text, annotations);
  let prev = 0;
  for (const [k, a] of annotations.entries()) {
    let from = prev;
    // An annotation that closes a sub-point makes the sub-point the task; the item's own text before it
    // has no responsibility of its own (and must not borrow one).
    // Only an annotation printed within the sub-point's own paragraph belongs to it alone.
    const sub = joined.subs.findLast((x) => x.at >= prev && x.labelEnd <= a.start && a.start < x.end) ?? inline[k];
    if (sub) {
      const before = joined.text
        .slice(prev, sub.at)
        .replace(/^[\s。;；,，、]+/, '')
        .trim();
      if (before.length > 0) out.push({ ...base(before, sub.at - before.length, sub.at, []), noInherit: true });
      from = sub.labelEnd;
    }
    const seg = joined.text.slice(from, a.start);
    const lead = seg.length - seg.replace(/^[\s。;；,，、]+/, '').length;
    const body = seg.slice(lead).trim();
    const unitSpan = { start: joined.at(a.start), end: joined.at(a.end - 1) + 1 };
    if (body.length > 0) {
      const parsed = parseResponsibility(a.inner);
      const rec = base(body, from + lead, a.start, [{ text: a.inner, headerRole: null, span: unitSpan }]);
      if (sub) {
        rec.number = String(sub.value);
        rec.numberFrom = 'outline';
      }
      if (parsed.deadlineText) rec.deadline = { text: parsed.deadlineText, span: unitSpan };
      out.push(rec);
    } else if (out.length > 0) {
      // Two annotations in a row belong to the same run of sentences.
      out[out.length - 1]!.units.push({ text: a.inner, headerRole: null, span: unitSpan });
    }
    prev = a.end;
  }
  // Text after the last annotation is an item only if a responsibility line follows it; otherwise it is
  // a closing remark or page furniture («详见…», a reporter's name), and inheriting units would invent a task.
  const tail = joined.text
    .slice(prev)
    .replace(/^[\s。;；,，、]+/, '')
    .trim();
  if (tail.length >= 8 && !isDeadlinePhrase(tail) && p.resp.length > 0) {
    out.push(base(tail, joined.text.length - tail.length, joined.text.length, p.resp));
  } else if (p.resp.length > 0 && out.length > 0) {
    out[out.length - 1]!.units.push(...p.resp);
  }
  return out;
}
