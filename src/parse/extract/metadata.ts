import { fold } from '../../domain/fold.js';
import type { CitedPlan, PlanMeta } from '../../domain/plan.js';
import type { Block } from '../blocks.js';
import { cleanCellText } from '../text/clean.js';
import { readLabel } from './labels.js';
import { chineseNumber } from './numerals.js';

/**
 * Plan metadata from the document's furniture: the title (the plan's own, not the notice's), the issuing
 * body, the document number (庆政办发〔2022〕37号), the issue date, the year, and the higher-level plans it
 * cites («《…工作要点》(粤府办〔2018〕19号)»). Reads only what comes before the first task.
 */
const DOC_NO = /([\u4e00-\u9fa5]{2,12})\s*[〔[［【(（]\s*((?:19|20)\d{2})\s*[〕\]］】)）]\s*(\d{1,4})\s*号/;
const DOC_NO_G = new RegExp(DOC_NO.source, 'g');
const TITLE_END =
  /(?:方案|要点|清单|分解表|分工表|任务表|台账|责任表|计划|安排|提示单|任务分工|分工|分解|实施意见|任务书)$/;
const CN_DATE = /^([二〇零一三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日$/;

export interface MetaResult {
  title: string | null;
  meta: PlanMeta;
}

/** `bodyStart`: the source offset where the first task begins (metadata is looked for before it). */
export function extractMetadata(blocks: readonly Block[], bodyStart: number): MetaResult {
  const paras: { text: string; start: number }[] = [];
  const fields = new Map<string, string>();
  for (const b of blocks) {
    if (b.span.start >= bodyStart) break;
    if (b.kind === 'paragraph') {
      paras.push({ text: cleanCellText(b.text).replace(/\n/g, ''), start: b.span.start });
      for (const [k, v] of inlineFields(b.text)) if (!fields.has(k)) fields.set(k, v);
    } else if (b.span.end <= bodyStart && b.rows.length <= 12) {
      // Key–value tables at the top of a web page: 发布机构 | X | 文号 | Y
      for (const row of b.rows) {
        const cells = row.cells.map((c) => cleanCellText(c.text));
        for (let k = 0; k + 1 < cells.length; k++) {
          const key = fold(cells[k]!).replace(/[\s:：]/g, '');
          if (
            /^(发布机构|发文机关|发文单位|文号|发文字号|发布日期|成文日期|名称|标题)$/.test(key) &&
            !fields.has(key)
          ) {
            fields.set(key, cells[k + 1]!.trim());
          }
        }
      }
    }
  }
  const title = findTitle(paras);
  const docNumber = findDocNumber(paras, fields);
  const { issuer, issueDate } = findIssuer(paras, fields);
  const year = yearOf(title) ?? (issueDate ? Number(issueDate.slice(0, 4)) : null);
  const cites = findCites(paras, title);
  return { title, meta: { issuer, docNumber, issueDate, year, cites } };
}

function inlineFields(text: string): [string, string][] {
  const out: [string, string][] = [];
  const re =
    /(发布机构|发文机关|发文单位|文号|发文字号|发布日期|发布时间|成文日期|颁布时间)\s*[:：]\s*([^\s|｜]{1,40})/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push([m[1]!, m[2]!]);
  return out;
}

function compact(s: string): string {
  return s.replace(/\s+/g, '');
}

function findTitle(paras: readonly { text: string }[]): string | null {
  let best: string | null = null;
  for (let i = 0; i < paras.length; i++) {
    const t = compact(paras[i]!.text).replace(/[。.]$/, '');
    if (!isTitle(t)) continue;
    const prev = i > 0 ? compact(paras[i - 1]!.text) : '';
    // A title broken over two lines: «立山区政府2023年重点工作» + «任务分解和责任分工方案», or a line break
    // inside a cited title: «某市贯彻《某省政务公开» + «五年行动计划》实施方案».
    const brokenInCite = opensCite(prev) && closesCite(t);
    if (
      (brokenInCite || (!/\d{4}年/.test(t) && /\d{4}年/.test(prev))) &&
      prev.length <= 30 &&
      !/[。,，;；:：]$/.test(prev) &&
      !readLabel(prev)
    ) {
      best = prev + t;
    } else best = t;
  }
  return best;
}

const count = (s: string, ch: string): number => s.split(ch).length - 1;
/** The line leaves a «《» open / closes a «》» it did not open. */
const opensCite = (s: string): boolean => count(s, '《') > count(s, '》');
const closesCite = (s: string): boolean => count(s, '》') > count(s, '《');

/** A plan's own title: «揭阳市2018年政务公开工作要点分工方案», not the notice that covers it. */
export function isTitle(t: string): boolean {
  if (t.length < 6 || t.length > 70) return false;
  if (!TITLE_END.test(fold(t))) return false;
  if (/^(?:附件|关于)/.test(t) || /[:：。;；]/.test(t) || /印发.*通知/.test(t)) return false;
  return readLabel(t) === null;
}

function findDocNumber(paras: readonly { text: string }[], fields: Map<string, string>): string | null {
  for (const key of ['文号', '发文字号']) {
    const v = fields.get(key);
    const m = v ? DOC_NO.exec(fold(v)) : null;
    if (m && v) return compact(v).slice(0, compact(v).indexOf('号') + 1);
  }
  for (const p of paras) {
    if (p.text.length > 120 || !/号|號/.test(p.text)) continue;
    const t = compact(p.text);
    const m = DOC_NO.exec(fold(t));
    // The plan's own number stands on a line of its own (under the 红头); a number in a sentence is a citation.
    if (m && m.index <= 12 && t.length - (m.index + m[0].length) <= 30) return t.slice(m.index, m.index + m[0].length);
  }
  return null;
}

function findIssuer(
  paras: readonly { text: string }[],
  fields: Map<string, string>,
): { issuer: string | null; issueDate: string | null } {
  let issuer: string | null = null;
  let issueDate: string | null = null;
  for (let i = 0; i + 1 < paras.length; i++) {
    const date = parseDate(compact(paras[i + 1]!.text));
    const name = compact(paras[i]!.text);
    if (date && /(?:政府|办公室|办公厅|委员会|局|厅|委|办)$/.test(name) && name.length <= 30) {
      issuer = name;
      issueDate = date;
      break;
    }
  }
  if (!issuer) {
    const head = paras.map((p) => compact(p.text)).find((t) => /^.{2,30}文件$/.test(t));
    if (head) issuer = head.slice(0, -2);
  }
  issuer ??= fields.get('发布机构') ?? fields.get('发文机关') ?? fields.get('发文单位') ?? null;
  if (!issueDate) {
    for (const key of ['成文日期', '发布日期', '颁布时间', '发布时间']) {
      const v = fields.get(key);
      const d = v ? parseDate(v.slice(0, 10)) : null;
      if (d) {
        issueDate = d;
        break;
      }
    }
  }
  if (!issueDate) {
    for (const p of paras) {
      const d = parseDate(compact(p.text).replace(/印发$/, ''));
      if (d) {
        issueDate = d;
        break;
      }
    }
  }
  return { issuer, issueDate };
}

/** «2022年6月13日», «2022-11-01», «二〇二二年六月十三日» → ISO date; null for anything else. */
export function parseDate(t: string): string | null {
  let m = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/.exec(t) ?? /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(t);
  let y: number;
  let mo: number;
  let d: number;
  if (m) {
    y = Number(m[1]);
    mo = Number(m[2]);
    d = Number(m[3]);
  } else {
    m = CN_DATE.exec(t);
    if (!m) return null;
    y = Number([...m[1]!].map((c) => '〇一二三四五六七八九'.indexOf(c === '零' ? '〇' : c)).join(''));
    mo = chineseNumber(m[2]!);
    d = chineseNumber(m[3]!);
  }
  if (!(y > 1949 && y < 2200 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31)) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function yearOf(title: string | null): number | null {
  const m = title ? /((?:19|20)\d{2})年/.exec(title) : null;
  return m ? Number(m[1]) : null;
}

function findCites(paras: readonly { text: string }[], title: string | null): CitedPlan[] {
  const out: CitedPlan[] = [];
  const seen = new Set<string>();
  const re =
    /《([^《》]{4,80})》\s*[(（]?\s*([\u4e00-\u9fa5]{2,12}\s*[〔[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]\s*\d{1,4}\s*号)?/g;
  for (const p of paras) {
    for (let m = re.exec(p.text); m; m = re.exec(p.text)) {
      const t = compact(m[1]!);
      if (t === title || seen.has(t)) continue;
      const docNumber = m[2] ? compact(m[2]) : null;
      if (!docNumber && !/要点|方案|分工|通知|意见|计划|办法/.test(t)) continue;
      // «《方案》» and similar back-references name nothing new.
      if (t.length < 6) continue;
      seen.add(t);
      out.push({ title: t, docNumber });
    }
  }
  DOC_NO_G.lastIndex = 0;
  return out;
}
