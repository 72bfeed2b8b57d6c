import { standardCalendar, type WorkingDayCalendar } from '../../domain/calendar.js';
import {
  addDays,
  addMonths,
  type Deadline,
  endOfMonth,
  isoDate,
  isValidDate,
  type Precision,
  type Recurrence,
} from '../../domain/deadline.js';
import { fold } from '../../domain/fold.js';
import { memoByText } from '../text/memo.js';
import { anyNumber } from './numerals.js';

/**
 * The deadline grammar of the genre, chrono-style: small recognisers over folded text with spaces removed,
 * each anchored where it starts and bounded, so scanning is linear. Every function takes its reference
 * (the plan's year, its issue date); nothing here reads the clock.
 */
export interface DeadlineContext {
  /** The plan's year: 11月底前 in a 2022 plan is 2022-11-30. */
  year?: number | null;
  /** The plan's issue date (YYYY-MM-DD): 印发30日内 counts from it. */
  issueDate?: string | null;
  calendar?: WorkingDayCalendar;
}

const NUM = '(\\d{1,4}|[一二三四五六七八九十两〇零]{1,4})';
const YEAR = /(?:(\d{4}|[二〇零一二三四五六七八九]{4})年度?|(今年|本年度?|当年|明年|次年))/y;
const MONTH = new RegExp(`${NUM}月份?`, 'y');
const DAY = new RegExp(`${NUM}[日号]`, 'y');
const MONTH_PART = /(底|末|中旬|上旬|下旬|初|中|内)/y;
const YEAR_PART = /(年底|年末|年内|年中|年初|上半年|下半年|全年|前三季度)/y;
const QUARTER = /(?:第)?([一二三四1-4])季度(末|底|初|内)?/y;
const HALF = /(上半年|下半年)/y;
const BEFORE = /(?:之前|以前|前|以内|内|止|为止)/y;
/** The lasting-effort words a deadline cell prints (长期推进, 持续开展 …), by their opening word. */
const LASTING: Record<string, readonly string[]> = {
  长期: ['坚持', '推进', '开展', '执行', '实施', '落实', '抓好'],
  持续: ['推进', '开展', '实施', '做好', '落实', '抓好', '跟进', '更新'],
  常态化: ['推进', '开展'],
};
/** Every two-word lasting-effort deadline in full: what a scanned cell missing a glyph is held against. */
export const LASTING_PHRASES: readonly string[] = Object.entries(LASTING).flatMap(([w, vs]) => vs.map((v) => w + v));
const ONGOING = new RegExp(
  `(?:${Object.entries(LASTING)
    .map(([w, vs]) => `${w}(?:${vs.join('|')})?`)
    .join('|')}|常年|经常性|动态(?:更新|调整)|随时|及时|按需)`,
  'y',
);
const RECURRING = /每(?:一)?(年度?|半年|季度?|个?月|周|旬|日|天)/y;
const RELATIVE = new RegExp(
  `(?:(本方案|本通知|方案|文件|通知|本文|本意见|发文|印发|收到|接到|受理|下发|出台|公布|发布|签订|办结)(?:印发|下发|出台|发布)?(?:之日)?(?:起|后)?)?${NUM}个?(工作日|日|天|周|星期|个月|月)(?:内|以内|之内|前)?`,
  'y',
);

interface Matched {
  end: number;
  deadline: Omit<Deadline, 'text'>;
}

function num(s: string | undefined): number {
  return s === undefined ? Number.NaN : anyNumber(s);
}

function exec(re: RegExp, s: string, i: number): RegExpExecArray | null {
  re.lastIndex = i;
  return re.exec(s);
}

function yearOf(m: RegExpExecArray, ctx: DeadlineContext): { year: number | null; inferred: boolean } {
  if (m[1]) {
    const y = /^\d{4}$/.test(m[1])
      ? Number(m[1])
      : Number([...m[1]].map((c) => '〇一二三四五六七八九'.indexOf(c === '零' ? '〇' : c)).join(''));
    return { year: Number.isFinite(y) ? y : null, inferred: false };
  }
  const base = ctx.year ?? null;
  if (base === null) return { year: null, inferred: true };
  return { year: m[2] === '明年' || m[2] === '次年' ? base + 1 : base, inferred: false };
}

/** A date-like expression at `i` of compact folded text `s`: 2022年底前, 11月底前, 三季度末, 2023年6月30日前. */
function matchDated(s: string, i: number, ctx: DeadlineContext): Matched | null {
  let j = i;
  let year: number | null = null;
  let inferred = true;
  const y = exec(YEAR, s, j);
  if (y) {
    const r = yearOf(y, ctx);
    year = r.year;
    inferred = r.inferred;
    j = y.index + y[0].length;
  }
  const planYear = (): number | null => year ?? ctx.year ?? null;
  let due: string | null = null;
  let precision: Precision | undefined;

  const yp = y ? exec(YEAR_PART, s, j - 1) : exec(YEAR_PART, s, j);
  const quarter = exec(QUARTER, s, j);
  const half = exec(HALF, s, j);
  const month = exec(MONTH, s, j);
  if (quarter) {
    const q = num(quarter[1]);
    const py = planYear();
    if (py !== null && q >= 1 && q <= 4) due = endOfMonth(py, q * 3);
    precision = 'quarter';
    j = quarter.index + quarter[0].length;
  } else if (half) {
    const py = planYear();
    if (py !== null) due = endOfMonth(py, half[1] === '上半年' ? 6 : 12);
    precision = 'half';
    j = half.index + half[0].length;
  } else if (month) {
    const mo = num(month[1]);
    if (!(mo >= 1 && mo <= 12)) return null;
    j = month.index + month[0].length;
    let day: number | null = null;
    const d = exec(DAY, s, j);
    if (d) {
      day = num(d[1]);
      j = d.index + d[0].length;
    }
    const part = day === null ? exec(MONTH_PART, s, j) : null;
    if (part) j = part.index + part[0].length;
    const py = planYear();
    precision = day !== null ? 'day' : 'month';
    if (py !== null) {
      if (day !== null && isValidDate(py, mo, day)) due = isoDate(py, mo, day);
      else if (day !== null) return null;
      else if (part?.[1] === '中旬' || part?.[1] === '中') due = isoDate(py, mo, 20);
      else if (part?.[1] === '上旬' || part?.[1] === '初') due = isoDate(py, mo, 10);
      else due = endOfMonth(py, mo);
    }
  } else if (yp) {
    const py = planYear();
    const word = yp[1]!;
    if (py !== null) {
      if (word === '年中' || word === '上半年') due = endOfMonth(py, 6);
      else if (word === '年初') due = endOfMonth(py, 3);
      else if (word === '前三季度') due = endOfMonth(py, 9);
      else due = endOfMonth(py, 12);
    }
    precision = word === '年中' || word === '上半年' ? 'half' : 'year';
    j = yp.index + yp[0].length;
  } else if (y) {
    // A bare year («2022年», «2022年完成»): by the end of it.
    precision = 'year';
    if (year !== null) due = endOfMonth(year, 12);
  } else {
    return null;
  }
  const b = exec(BEFORE, s, j);
  if (b) j = b.index + b[0].length;
  return {
    end: j,
    deadline: { kind: 'date', due, precision, ...(inferred && !y?.[1] ? { yearInferred: true } : {}) },
  };
}

function matchRecurring(s: string, i: number): Matched | null {
  const m = exec(RECURRING, s, i);
  if (!m) return null;
  const unit = m[1]!;
  let j = m.index + m[0].length;
  const rule: Recurrence = { freq: 'yearly' };
  if (unit.startsWith('年')) rule.freq = 'yearly';
  else if (unit === '半年') rule.freq = 'half-yearly';
  else if (unit.startsWith('季')) rule.freq = 'quarterly';
  else if (unit.endsWith('月')) rule.freq = 'monthly';
  else if (unit === '周') rule.freq = 'weekly';
  else rule.freq = 'daily';
  // 每季度末月20日前, 每年1月31日前, 每月10日前, 每季度末
  const last = /(?:末月|最后一个月)/y;
  last.lastIndex = j;
  if (last.exec(s)) {
    rule.month = rule.freq === 'quarterly' ? 3 : 6;
    j = last.lastIndex;
  }
  const mo = exec(MONTH, s, j);
  if (mo && rule.freq !== 'monthly') {
    const v = num(mo[1]);
    if (v >= 1 && v <= 12) {
      rule.month = v;
      j = mo.index + mo[0].length;
    }
  }
  const d = exec(DAY, s, j);
  if (d) {
    const v = num(d[1]);
    if (v >= 1 && v <= 31) rule.day = v;
    j = d.index + d[0].length;
  }
  const part = exec(/(?:末|底|初)/y, s, j);
  if (part) j = part.index + part[0].length;
  const b = exec(BEFORE, s, j);
  if (b) j = b.index + b[0].length;
  return { end: j, deadline: { kind: 'recurring', due: null, recurrence: rule } };
}

function matchRelative(s: string, i: number, ctx: DeadlineContext): Matched | null {
  const m = exec(RELATIVE, s, i);
  if (!m) return null;
  const amount = num(m[2]);
  if (!(amount > 0 && amount <= 400)) return null;
  const u = m[3]!;
  const unit = u === '工作日' ? 'workday' : u === '周' || u === '星期' ? 'week' : u.endsWith('月') ? 'month' : 'day';
  const event = m[1] ?? '';
  // Only an offset from the plan's own issue can be dated now; others wait for their event.
  const fromIssue = /本方案|本通知|方案|文件|通知|本文|本意见|发文|印发|下发|出台|公布|发布/.test(event);
  let due: string | null = null;
  if (fromIssue && ctx.issueDate) {
    const cal = ctx.calendar ?? standardCalendar();
    if (unit === 'workday') due = cal.addWorkingDays(ctx.issueDate, amount);
    else if (unit === 'day') due = addDays(ctx.issueDate, amount);
    else if (unit === 'week') due = addDays(ctx.issueDate, amount * 7);
    else due = addMonths(ctx.issueDate, amount);
  }
  // Without an event only a span reads as an offset: «3个工作日», «15日内», «1个月内» — not «12月内».
  if (!event && unit !== 'workday' && !/内|前/.test(m[0])) return null;
  if (!event && u === '月' && !m[0].includes('个月')) return null;
  return {
    end: m.index + m[0].length,
    deadline: { kind: 'relative', due, relative: { event: event || '通知', amount, unit } },
  };
}

function matchOngoing(s: string, i: number): Matched | null {
  const m = exec(ONGOING, s, i);
  if (!m) return null;
  return { end: m.index + m[0].length, deadline: { kind: 'ongoing', due: null, ongoing: true } };
}

/** Any deadline expression starting at `i`. */
function matchAt(s: string, i: number, ctx: DeadlineContext): Matched | null {
  return matchRecurring(s, i) ?? matchRelative(s, i, ctx) ?? matchDated(s, i, ctx) ?? matchOngoing(s, i);
}

function compact(text: string): string {
  return fold(text).replace(/\s+/g, '');
}

const TRAILER = /^(?:前?完成|前?启动|前?建成|前?出台|前?印发|动工|开工|投入使用|上线|到位|见效|落实)?[,;。]?/;

const normalized = new Map<string, Deadline>();

/** Normalises a deadline cell or annotation. Unknown phrases keep their text with kind `unknown`. */
export function normalizeDeadline(text: string, ctx: DeadlineContext = {}): Deadline {
  // Plans print the same few deadlines on every row; the calendar is the standard one unless given.
  if (ctx.calendar || text.length > 80) return normalizeUncached(text, ctx);
  const key = `${ctx.year ?? ''}|${ctx.issueDate ?? ''}|${text}`;
  let d = normalized.get(key);
  if (!d) {
    d = normalizeUncached(text, ctx);
    if (normalized.size > 5000) normalized.clear();
    normalized.set(key, d);
  }
  return {
    ...d,
    ...(d.recurrence ? { recurrence: { ...d.recurrence } } : {}),
    ...(d.relative ? { relative: { ...d.relative } } : {}),
  };
}

function normalizeUncached(text: string, ctx: DeadlineContext): Deadline {
  const s = compact(text).replace(/[。;,]+$/, '');
  if (/^(?:19|20)\d{2}$/.test(s))
    return { text: text.trim(), kind: 'date', due: endOfMonth(Number(s), 12), precision: 'year' };
  const base: Deadline = { text: text.trim(), kind: 'unknown', due: null };
  if (s.length === 0 || s.length > 80) return base;
  const first = matchAt(s, 0, ctx);
  if (!first) return base;
  const out: Deadline = { ...base, ...first.deadline };
  let rest = s.slice(first.end);
  // «2022年底前并长期坚持», «长期坚持，每年底前报送»
  const joined = /^(?:并|且|后|,|及)?/.exec(rest);
  const second = joined ? matchAt(rest, joined[0].length, ctx) : null;
  if (second && second.deadline.kind !== first.deadline.kind) {
    if (second.deadline.kind === 'ongoing') out.ongoing = true;
    else if (first.deadline.kind === 'ongoing') Object.assign(out, second.deadline, { ongoing: true });
    rest = rest.slice(second.end + (joined?.[0].length ?? 0));
  }
  const trailer = TRAILER.exec(rest);
  const milestone = rest.replace(/[。;,]+$/, '');
  if (milestone && !(trailer && trailer[0].length === rest.length)) out.milestone = milestone;
  else if (trailer?.[0] && !/^前?完成/.test(trailer[0])) out.milestone = trailer[0].replace(/^前/, '');
  return out;
}

/**
 * True when `text` as a whole is a deadline phrase (a deadline cell, or a clause inside an annotation),
 * not prose that merely contains a date.
 */
export const isDeadlinePhrase: (text: string) => boolean = memoByText(isDeadlinePhraseUncached, 20_000, 60);

function isDeadlinePhraseUncached(text: string): boolean {
  const s = compact(text).replace(/[。;,]+$/, '');
  if (s.length === 0 || s.length > 30) return false;
  const m = matchAt(s, 0, {});
  if (!m) return false;
  if (m.deadline.kind === 'ongoing' && !/^(?:长期|持续|常态化|常年)/.test(s)) return false;
  const rest = s.slice(m.end);
  // «持续做好政府公报工作»: a lasting-effort word that opens a task is no deadline; after a date, a short
  // milestone may follow («2023年底前完成验收»).
  if (m.deadline.kind === 'ongoing' && rest !== '' && rest !== '中' && !/^[，,、]/.test(rest)) return false;
  return rest.length <= 8 && !/[要的对将在]/.test(rest);
}

export interface TextDeadline {
  text: string;
  start: number;
  end: number;
  deadline: Deadline;
}

// Where a date inside requirement text starts: a year, a month, 年底/年内, a quarter or 每年/每季度.
// Any of these characters must be present for a deadline to be (cheap test before the real scan).
const QUICK_TRIGGER = /\d\s*[年月]|年[底内末中初]|半年|季度|每[年季月周]|工作日|[日天]内|印发|收到|接到/;
const TEXT_TRIGGER =
  /\d{4}年|\d{1,2}月|年底|年内|年末|上半年|下半年|季度|每年|每季|每月|每半年|印发|发文|收到|接到|\d{1,3}个?工作日|\d{1,3}[日天]内/g;

/**
 * Deadlines written inside requirement text («于2022年11月底前建成», «年底前将发放结果…公开»).
 * Only dated or recurring phrases that end in a deadline marker (前, 内, 底, 末) count: «2022年政务公开»
 * names a year, it does not set a deadline.
 */
const SPACING = /[ \t\n]/;
const SPACINGS = /[ \t\n]/g;

export function findDeadlinesInText(text: string, ctx: DeadlineContext = {}): TextDeadline[] {
  if (!QUICK_TRIGGER.test(text)) return [];
  const f = fold(text);
  // Compact view with a map back to original offsets, so «2022 年 11 月底前» is read like «2022年11月底前».
  let c = f;
  let map: number[] | null = null;
  if (SPACING.test(f)) {
    map = [];
    for (let i = 0; i < f.length; i++) {
      const ch = f.charCodeAt(i);
      if (ch !== 0x20 && ch !== 0x09 && ch !== 0x0a) map.push(i);
    }
    map.push(f.length);
    c = f.replace(SPACINGS, '');
  }
  const at = (k: number): number => (map ? map[k]! : k);
  const out: TextDeadline[] = [];
  let lastEnd = -1;
  TEXT_TRIGGER.lastIndex = 0;
  for (let m = TEXT_TRIGGER.exec(c); m; m = TEXT_TRIGGER.exec(c)) {
    let start = m.index;
    // Back up to a year or a 每 printed just before the trigger («2022年11月» found at «11月»).
    const back = /(?:\d{4}年|每)$/.exec(c.slice(Math.max(0, start - 5), start));
    if (back) start -= back[0].length;
    if (start < lastEnd) continue;
    const hit = matchRecurring(c, start) ?? matchRelative(c, start, ctx) ?? matchDated(c, start, ctx);
    if (!hit) continue;
    const phrase = c.slice(start, hit.end);
    if (!/[前内底末止]$|^每|季度$|日$/.test(phrase)) continue;
    if (hit.deadline.kind === 'date' && !/[前内底末止]$/.test(phrase)) continue;
    const s0 = at(start);
    const e0 = at(hit.end - 1) + 1;
    out.push({ text: text.slice(s0, e0), start: s0, end: e0, deadline: { text: text.slice(s0, e0), ...hit.deadline } });
    lastEnd = hit.end;
    TEXT_TRIGGER.lastIndex = hit.end;
  }
  return out;
}
