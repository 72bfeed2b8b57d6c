import { AlignmentType, LineRuleType, Paragraph, Tab, TextRun } from 'docx';
import { blank, body, CHAR, font, half, PAGE, plain, SIZE, textWidth, title } from './gbt9704.js';

/**
 * The parts of a 公文 around its body (GB/T 9704-2012 §7): 版头 with 发文机关标志 and 发文字号, 标题 and
 * 主送机关, 落款 with 成文日期, and 附件 pages.
 */

/**
 * 版头: 发文机关标志 in red 小标宋 (小初 at most), the 发文字号 centred under it, and the red rule under both. The mark
 * shrinks to fit the 版心 width for long names (…人民政府办公室文件). Without a mark, the 发文字号 alone.
 */
export function letterhead(mark: string | null, docNumber: string | null): Paragraph[] {
  const red = 'E60012';
  const numberLine = (border: boolean) =>
    new Paragraph({
      style: 'GwPlain',
      alignment: AlignmentType.CENTER,
      ...(border ? { border: { bottom: { style: 'single', size: 18, color: red, space: 8 } } } : {}),
      children: [new TextRun(docNumber ?? '')],
    });
  if (!mark) return docNumber ? [numberLine(false), blank()] : [];
  const pt = Math.min(SIZE.xiaochu, Math.floor(PAGE.textWidth / 20 / Math.max(textWidth(mark), 1)));
  return [
    // §7.2.1: the mark's upper edge 35 mm below the top of the 版心.
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: MARK_OFFSET, line: Math.round(pt * 20 * 1.25), lineRule: LineRuleType.EXACT },
      children: [new TextRun({ text: mark, font: font('title'), size: half(pt), color: red })],
    }),
    // §7.2.3: the 发文字号 two lines under the mark, the red rule 4 mm under it.
    blank(),
    blank(),
    numberLine(true),
    blank(),
  ];
}

/** 35 mm in twips: where GB/T 9704 puts the 发文机关标志's upper edge below the 版心's top. */
export const MARK_OFFSET = Math.round((35 * 1440) / 25.4);

/**
 * 版记 (§7.4): 抄送机关 (when given) and the 印发机关 with the 印发日期, between a first and a last rule, after
 * the text on the last page; only on documents that carry a 版头.
 */
export function banji(issuer: string, isoDate: string, copyTo: string | null = null): Paragraph[] {
  const rule = (edge: 'top' | 'bottom', size: number) => ({
    [edge]: { style: 'single', size, color: '000000', space: 2 },
  });
  const size = half(SIZE.si);
  const out: Paragraph[] = [blank(), blank()];
  if (copyTo)
    out.push(
      new Paragraph({
        style: 'GwPlain',
        keepNext: true,
        indent: { left: SIZE.si * 20, hanging: 0 },
        border: rule('top', 8),
        children: [new TextRun({ text: `抄送：${copyTo}。`, size })],
      }),
    );
  out.push(
    new Paragraph({
      style: 'GwPlain',
      keepLines: true,
      indent: { left: SIZE.si * 20, right: SIZE.si * 20 },
      tabStops: [{ type: 'right', position: PAGE.textWidth - 2 * SIZE.si * 20 }],
      border: { ...(copyTo ? {} : rule('top', 8)), ...rule('bottom', 8) },
      children: [new TextRun({ children: [issuer, new Tab(), `${chineseDate(isoDate)}印发`], size })],
    }),
  );
  return out;
}

/**
 * 落款: the issuer's name centred over the 成文日期, and the date 右空四字 (Arabic numerals, as the 2012
 * edition asks). Both lines are set right-aligned with the right indent that centres the shorter one.
 */
export function signature(issuer: string, isoDate: string): Paragraph[] {
  const date = chineseDate(isoDate);
  const dateW = textWidth(date);
  const nameW = textWidth(issuer);
  const right = 4 * CHAR;
  const nameRight = Math.max(0, Math.round(right + ((dateW - nameW) / 2) * CHAR));
  const line = (text: string, indent: number, keepNext: boolean) =>
    new Paragraph({
      style: 'GwPlain',
      alignment: AlignmentType.RIGHT,
      indent: { right: indent },
      keepNext,
      children: [new TextRun(text)],
    });
  return [blank(true), line(issuer, nameRight, true), line(date, right, false)];
}

export function chineseDate(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** What heads and closes every document: who issues it, to whom, its number and date. */
export interface DocumentHead {
  /** 发文机关署名. */
  issuer: string;
  /** 发文机关标志 for the 版头 (…文件, or the issuer's name), or null for a plain document. */
  mark: string | null;
  /** 发文字号, e.g. 潮府办〔2022〕12号. */
  docNumber: string | null;
  /** 主送机关, printed with its colon; null for a document without one. */
  addressee: string | null;
  /** 成文日期, ISO. */
  date: string;
}

/** 版头, the 标题 two lines under the red rule, a blank line, and the 主送机关. */
export function opening(head: DocumentHead, titleText: string): Paragraph[] {
  const top = letterhead(head.mark, head.docNumber);
  return [
    ...top,
    ...(top.length ? [blank()] : []),
    title(titleText),
    blank(),
    ...(head.addressee ? [plain(`${head.addressee}：`)] : []),
  ];
}

/** 附件说明: under the text after a blank line, 左空二字; kept with the 落款 that follows. */
export function attachmentNote(titleText: string): Paragraph[] {
  return [blank(true), body(`附件：${titleText}`, true)];
}

/** An attachment starts a page: 附件 in 黑体 flush left, then its title. */
export function attachment(titleText: string, n?: number): Paragraph[] {
  return [
    new Paragraph({
      style: 'GwHeading1',
      pageBreakBefore: true,
      indent: { firstLine: 0, firstLineChars: 0 },
      children: [new TextRun(n ? `附件${n}` : '附件')],
    }),
    blank(),
    title(titleText),
    blank(),
  ];
}

/** A share as 公文 print it: 85.7%, or — where nothing was due. */
export function percent(n: number, of: number): string {
  return of ? `${((n * 100) / of).toFixed(1)}%` : '—';
}
