import { fold } from '../../domain/fold.js';
import {
  hasActionWord,
  hasHeadNoun,
  looksLikeUnitName,
  sharesHeadWith,
  stripTrailingBrackets,
} from '../../domain/unit-names.js';
import type { UnitColumnRole } from '../layout/header.js';
import { memoByText } from '../text/memo.js';
import { isDeadlinePhrase } from './deadline.js';

/**
 * Splits a responsibility phrase (a unit cell, an annotation such as «（县发改局牵头负责）», or a line such
 * as «牵头单位：区发改局») into units with roles, following the genre's grammar:
 * - clauses are separated by ，,；; and line breaks outside brackets;
 * - a role word counts only at the end of a clause (牵头, 负责, 配合 …), and a clause without one takes the
 *   role word of the clause after it when only a comma separates them («区财政局、区交运局，区国投公司配合»);
 * - names in a clause are split at 、 unless the pieces share a head noun printed once («各县、区人民政府»);
 * - remarks in brackets at the end of a name are dropped, aliases kept («(见附件1)» vs «（管委会）»);
 * - a trailing 等 is dropped, «X等Y» kept whole.
 */
export type UnitRole = 'lead' | 'cooperate' | 'responsible';

export interface ParsedUnit {
  name: string;
  role: UnitRole;
  /** Offsets of the name within the phrase. */
  start: number;
  end: number;
}

export interface ResponsibilityParse {
  units: ParsedUnit[];
  /** Whether the phrase itself carries a role word (then a column header does not decide roles). */
  hasRoleWord: boolean;
  /** A deadline written inside the phrase («县发改局牵头，2022年底前»), as printed. */
  deadlineText: string | null;
  /** Names of people (责任领导) that were set aside. */
  people: string[];
}

type Mark = 'lead' | 'coop' | 'resp' | 'other';

interface Clause {
  start: number;
  end: number;
  /** The clause ended with a full stop (what follows may be a remark sentence). */
  stop: boolean;
  /** The separator that ended the clause: ',' ';' or '\n' (or '' at the end). */
  sep: string;
}

const OPEN = new Set(['(', '[', '〔', '《', '“', '【', '{', '<']);
const CLOSE = new Set([')', ']', '〕', '》', '”', '】', '}', '>']);

/** Top-level clauses: separators inside brackets or quotes do not split. Linear in the phrase length. */
function splitClauses(f: string): Clause[] {
  const out: Clause[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < f.length; i++) {
    const c = f[i]!;
    if (OPEN.has(c)) depth++;
    else if (CLOSE.has(c)) depth = Math.max(0, depth - 1);
    else if (depth === 0 && (c === ',' || c === ';' || c === '。' || c === '\n')) {
      out.push({ start, end: i, sep: c === '。' ? ';' : c, stop: c === '。' });
      start = i + 1;
    }
  }
  out.push({ start, end: f.length, sep: '', stop: false });
  return out;
}

// A role word at the end of a clause. Matched on the clause's last characters only, so it stays linear.
const ROLE_TAIL =
  /(?:分别|共同|具体|统筹|按(?:照)?职(?:能|责)(?:分工)?|根据职责(?:分工)?){0,2}(?:牵头(?:负责|落实|组织)?|负责(?:落实)?|落实|配合(?:落实)?|协助|协同|协作|协办|参与|参加)$/;
const ROLE_IN_BRACKETS = /[(（](?:牵头|负责|配合|协办|协助|协同|协作|参与|参加)[)）]$/;
// «牵头单位：», «牵头责任单位：», «协同责任单位：», «部门分工：», «配合：» — role words and generic nouns only.
const LABEL =
  /^((?:牵头|主办|主责|责任|配合|协办|协助|协同|协作|参与|承办|实施|落实|具体|负责|主要|其他|相关|部门|单位){0,3}(?:单位|部门|科室|处室|股室|主体|分工)|牵头|配合|协办|负责)[:：]/;
// «分管省领导：», «牵头负责领导：», «责任人：», «联系人：» — people, not units.
const PERSON_LABEL = /^[^:：,，;；]{0,6}(?:领导|责任人|联系人|负责人|经办人)[:：]/;
// «完成时限：长期坚持» inside an annotation.
const DEADLINE_LABEL = /^(?:完成时限|完成时间|时间节点|时限要求|完成期限|截止时间|时限)[:：]/;
// Remarks that share an annotation with the units: «列第一位者为牵头单位», «下同», «以下政策措施均需…».
const REMARK_CLAUSE = /^(?:下同|以下|列第|排第|排在|详见|见附件|注[:：]|备注)|者为|为准|不再|均需|均要|均由/;

/**
 * A line or clause that starts with a responsibility label: units (牵头单位：), or with `all`, also people
 * (分管领导：) and a deadline (完成时限：), which only accompany a unit label.
 */
export function startsWithResponsibilityLabel(text: string, all = true): boolean {
  const head = fold(text.trimStart().slice(0, 16));
  return LABEL.test(head) || (all && (PERSON_LABEL.test(head) || DEADLINE_LABEL.test(head)));
}

function markOf(word: string): Mark {
  if (word.includes('牵头')) return 'lead';
  if (/配合|协助|协同|协作|协办|参与|参加/.test(word)) return 'coop';
  if (word.includes('负责')) return 'resp';
  return 'other';
}

function labelRole(word: string | undefined): UnitColumnRole | null {
  if (!word) return 'responsible';
  if (word.includes('牵头') || word.includes('主办') || word.includes('主责')) return 'lead';
  if (/配合|协办|协助|协同|协作|参与/.test(word)) return 'cooperate';
  return 'responsible';
}

interface ClauseUnits {
  names: { start: number; end: number; mark: Mark | null }[];
  mark: Mark | null;
  labelRole: UnitColumnRole | null;
  sep: string;
}

const memo = {
  lead: memoByText((t) => parseUncached(t, 'lead')),
  cooperate: memoByText((t) => parseUncached(t, 'cooperate')),
  responsible: memoByText((t) => parseUncached(t, 'responsible')),
  none: memoByText((t) => parseUncached(t, null)),
};

/** Results are shared between callers: treat them as read-only. */
export function parseResponsibility(text: string, headerRole: UnitColumnRole | null = null): ResponsibilityParse {
  return memo[headerRole ?? 'none'](text);
}

function parseUncached(text: string, headerRole: UnitColumnRole | null): ResponsibilityParse {
  const f = fold(text);
  const clauses: ClauseUnits[] = [];
  const people: string[] = [];
  let deadlineText: string | null = null;
  let currentLabel: UnitColumnRole | null = null;
  let inPeople = false;

  let afterStop = false;
  for (const c of splitClauses(f)) {
    const stopHere = afterStop;
    afterStop ||= c.stop;
    let s = c.start;
    let e = c.end;
    while (s < e && isSpace(f[s]!)) s++;
    while (e > s && (isSpace(f[e - 1]!) || '、:.'.includes(f[e - 1]!))) e--;
    if (s >= e) continue;
    const head = f.slice(s, Math.min(e, s + 16));
    const person = PERSON_LABEL.exec(head);
    if (person) {
      inPeople = true;
      people.push(text.slice(s + person[0].length, e).trim());
      continue;
    }
    const deadlineLabel = DEADLINE_LABEL.exec(head);
    if (deadlineLabel) {
      inPeople = false;
      deadlineText ??= text.slice(s + deadlineLabel[0].length, e).trim() || null;
      continue;
    }
    if (REMARK_CLAUSE.test(head)) continue;
    const label = LABEL.exec(head);
    if (label) {
      inPeople = false;
      currentLabel = labelRole(label[1]);
      s += label[0].length;
      while (s < e && isSpace(f[s]!)) s++;
    }
    if (inPeople) {
      people.push(text.slice(s, e).trim());
      continue;
    }
    if (s >= e) continue;
    if (isDeadlinePhrase(text.slice(s, e))) {
      deadlineText ??= text.slice(s, e).trim();
      continue;
    }
    let mark: Mark | null = null;
    const bracketRole = ROLE_IN_BRACKETS.exec(f.slice(Math.max(s, e - 6), e));
    if (bracketRole) {
      mark = markOf(bracketRole[0]);
      e -= bracketRole[0].length;
    } else {
      const tailStart = Math.max(s, e - 16);
      const tail = ROLE_TAIL.exec(f.slice(tailStart, e));
      if (tail) {
        mark = markOf(tail[0]);
        e -= tail[0].length;
      }
    }
    while (e > s && (isSpace(f[e - 1]!) || '、,;'.includes(f[e - 1]!))) e--;
    if (f[e - 1] === '等') e--;
    if (stopHere && !looksLikeUnitName(text.slice(s, e)) && !/[、]/.test(f.slice(s, e))) continue;
    const names = splitNames(text, f, s, e).map((n) => {
      // «市发改委（牵头）、市财政局»: a role in brackets after one name marks that name alone.
      const own = ROLE_IN_BRACKETS.exec(f.slice(Math.max(n.start, n.end - 6), n.end));
      return own ? { start: n.start, end: n.end - own[0].length, mark: markOf(own[0]) } : { ...n, mark: null };
    });
    clauses.push({ names, mark, labelRole: currentLabel, sep: c.sep });
  }

  // A clause without a role word takes the next one's when only a comma lies between them.
  for (let i = clauses.length - 2; i >= 0; i--) {
    const c = clauses[i]!;
    const next = clauses[i + 1]!;
    if (c.mark === null && next.mark !== null && c.sep === ',' && c.labelRole === next.labelRole) c.mark = next.mark;
  }

  const marks = clauses.flatMap((c) => [c.mark, ...c.names.map((n) => n.mark)]);
  const hasRoleWord = marks.some((m) => m !== null);
  const anyLead = marks.includes('lead');
  const anyCoop = marks.includes('coop');
  const roleOf = (c: ClauseUnits, own: Mark | null): UnitRole => {
    const mark = own ?? c.mark;
    if (anyLead) return mark === 'lead' ? 'lead' : mark === 'coop' ? 'cooperate' : 'responsible';
    if (anyCoop) return mark === 'resp' ? 'lead' : mark === 'coop' ? 'cooperate' : 'responsible';
    if (!hasRoleWord) return c.labelRole ?? headerRole ?? 'responsible';
    return 'responsible';
  };

  const units: ParsedUnit[] = [];
  for (const c of clauses) {
    for (const n of c.names) {
      const name = cleanName(text.slice(n.start, n.end));
      if (name) units.push({ name, role: roleOf(c, n.mark), start: n.start, end: n.end });
    }
  }
  return { units, hasRoleWord, deadlineText, people };
}

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\u3000';
}

/** Splits a clause's names at top-level 、, keeping pieces that share a head noun together. */
function splitNames(text: string, f: string, s: number, e: number): { start: number; end: number }[] {
  const pieces: { start: number; end: number }[] = [];
  for (const p of splitAtCommas(f, s, e)) {
    const { tokens, stop } = spacedTokens(text, f, p.start, p.end);
    pieces.push(...tokens);
    if (stop) break;
  }
  return joinSharedHeads(text, pieces);
}

/**
 * White space inside a piece: «市民政局 伍泽国» is a unit and the person in charge (the name dropped);
 * «市发改委 市财政局» are two units; «省编办 (省审改办)» is one unit with its alias.
 */
function spacedTokens(
  text: string,
  f: string,
  s: number,
  e: number,
): { tokens: { start: number; end: number }[]; stop: boolean } {
  if (!/\s/.test(f.slice(s, e).trim())) return { tokens: [{ start: s, end: e }], stop: false };
  const tokens: { start: number; end: number }[] = [];
  const re = /\S+/g;
  const part = f.slice(s, e);
  for (let m = re.exec(part); m; m = re.exec(part)) tokens.push({ start: s + m.index, end: s + m.index + m[0].length });
  const out: { start: number; end: number }[] = [];
  for (const t of tokens) {
    const word = text.slice(t.start, t.end);
    const prev = out[out.length - 1];
    // After the units, a person's name or a run of figures ends the list: what follows is not units.
    if (prev && hasHeadNoun(text.slice(prev.start, prev.end)) && (isPersonName(word) || /\d/.test(word))) {
      return { tokens: out, stop: true };
    }
    if (prev && !(hasHeadNoun(word) && hasHeadNoun(text.slice(prev.start, prev.end)))) prev.end = t.end;
    else out.push({ ...t });
  }
  return { tokens: out, stop: false };
}

/** A Chinese personal name: two to four characters that are no unit, group or place. */
function isPersonName(word: string): boolean {
  const w = fold(word);
  return (
    /^[\u4e00-\u9fff]{2,4}$/.test(w) &&
    !hasHeadNoun(w) &&
    !looksLikeUnitName(w) &&
    !/各|有关|相关|其他|直属|所属/.test(w)
  );
}

function splitAtCommas(f: string, s: number, e: number): { start: number; end: number }[] {
  const pieces: { start: number; end: number }[] = [];
  let depth = 0;
  let start = s;
  for (let i = s; i < e; i++) {
    const c = f[i]!;
    if (OPEN.has(c)) depth++;
    else if (CLOSE.has(c)) depth = Math.max(0, depth - 1);
    else if (depth === 0 && (c === '、' || c === '/' || c === '|')) {
      pieces.push({ start, end: i });
      start = i + 1;
    }
  }
  pieces.push({ start, end: e });
  return pieces;
}

/** Joins pieces that share a head noun printed once after the last («各县、区人民政府»). */
function joinSharedHeads(
  text: string,
  pieces: readonly { start: number; end: number }[],
): { start: number; end: number }[] {
  const nonEmpty = pieces.filter((p) => text.slice(p.start, p.end).trim() !== '');
  if (nonEmpty.length <= 1) return nonEmpty;
  const last = text.slice(nonEmpty[nonEmpty.length - 1]!.start, nonEmpty[nonEmpty.length - 1]!.end);
  const out: { start: number; end: number }[] = [];
  let cur = nonEmpty[0]!;
  for (let k = 1; k < nonEmpty.length; k++) {
    const next = nonEmpty[k]!;
    const piece = text.slice(cur.start, cur.end);
    const after = text.slice(next.start, next.end);
    if (!completePlaceGroup(piece) && sharesHeadWith(piece, after, last)) {
      cur = { start: cur.start, end: next.end };
    } else {
      out.push(cur);
      cur = next;
    }
  }
  out.push(cur);
  return out;
}

/**
 * «各街道、税务局», «各街道、区市场局»: a group of places below the county («各街道», «各乡镇») is whole. Lists
 * that share a head printed once name levels from the county up («各县、区人民政府», «各县、市、区政府»).
 */
function completePlaceGroup(piece: string): boolean {
  return /^各(?:街道|乡镇|社区|村|镇街|街镇)$/.test(fold(piece).replace(/\s+/g, ''));
}

const REMARK = /等$|^(?:见|详见|附件|下同|含|包括|如|例如|简称|以下|暂定|待定|具体|即)|附件|下同/;

/**
 * A bracketed remark or example list («见附件1，下同», «市住建局、市交通运输局等»), as opposed to a part of
 * the name: an alias («管委会») or the places a group covers («各县（市、区）»).
 */
function isRemark(inner: string): boolean {
  if (inner.length === 0 || REMARK.test(inner)) return true;
  if (!/[、,;]/.test(inner)) return false;
  return inner.split(/[、,;]/).some((piece) => hasHeadNoun(piece) || piece.length > 4);
}

/** Whitespace removed; a bracketed remark or example list at the end dropped; a trailing 等 dropped. */
export function cleanName(raw: string): string {
  let name = raw.replace(/\s+/g, '');
  for (let k = 0; k < 3; k++) {
    const core = stripTrailingBrackets(name);
    if (core === name) break;
    const inner = fold(name.slice(core.length + 1, -1));
    if (isRemark(inner)) name = core;
    else break;
  }
  name = name.replace(/^(?:由|请|和|及|以及|并)(?=.{2})/, '');
  name = name.replace(/[、,;:，；：。.]+$/, '');
  if (name.endsWith('等') && name.length > 2) name = name.slice(0, -1);
  return name;
}

/** How strongly a cell reads as a list of units (0–1): the share of its names that look like units. */
export function unitLikeness(text: string, parsed0?: ResponsibilityParse): number {
  const f = fold(text).trim();
  if (f.length === 0 || f.length > 400 || !shortPieces(f)) return 0;
  const parsed = parsed0 ?? parseResponsibility(text);
  if (parsed.units.length === 0) return 0;
  // A sentence ending in 。 is prose unless it carries a role word («宣传科负责，各单位配合。») or is a
  // list of names that all read as units («区工信局、区住建局，各乡镇人民政府。»).
  if (!parsed.hasRoleWord && /。$/.test(f)) {
    const all = parsed.units.every((u) => looksLikeUnitName(u.name) && !hasActionWord(u.name));
    return all && (parsed.units.length >= 2 || f.length <= 20) ? 1 : 0;
  }
  let good = 0;
  for (const u of parsed.units) if (looksLikeUnitName(u.name)) good++;
  const share = good / parsed.units.length;
  return parsed.hasRoleWord ? Math.min(1, share + 0.2) : share;
}

/** Unit lists are made of short pieces: a run of 40 characters without a separator is prose. */
function shortPieces(f: string): boolean {
  let run = 0;
  let depth = 0;
  for (let i = 0; i < f.length; i++) {
    const c = f[i]!;
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    if (depth === 0 && (c === '、' || c === ',' || c === ';' || c === '\n' || c === '。' || c === ' ')) run = 0;
    else if (++run > 40) return false;
  }
  return true;
}

export { stripTrailingBrackets };
