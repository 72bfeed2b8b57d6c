import {
  AlignmentType,
  Document,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  type ParagraphChild,
  type Table,
  TextRun,
} from 'docx';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { FONTS, type FontRole, fontTableXml } from './fonts.js';
import { titleLines } from './title-lines.js';

/**
 * The 公文 page of GB/T 9704-2012 as reusable pieces: A4, 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm, 正文
 * 3号仿宋 at 22 lines × 28 characters a page, 标题 2号小标宋, 一级标题 黑体, 二级标题 楷体, 页码 「— 1 —」 in
 * 4号半角宋体. Page numbers follow the standard's two-sided rule: odd pages right, even pages left, each one
 * character in from the edge of the 版心 — documents are printed on both sides and bound on the left.
 */
const TWIPS_PER_MM = 1440 / 25.4;
export const mm = (v: number): number => Math.round(v * TWIPS_PER_MM);

export const PAGE = {
  width: mm(210),
  height: mm(297),
  top: mm(37),
  left: mm(28),
  textWidth: mm(156),
  textHeight: mm(225),
} as const;
export const MARGINS = {
  top: PAGE.top,
  left: PAGE.left,
  right: PAGE.width - PAGE.left - PAGE.textWidth,
  bottom: PAGE.height - PAGE.top - PAGE.textHeight,
} as const;

/** 字号 in points. */
export const SIZE = { xiaochu: 36, er: 22, san: 16, si: 14, xiaosi: 12, wu: 10.5 } as const;
/** 22 lines in the 225 mm 版心: 28.95 pt, in twips. */
export const LINE = Math.floor(PAGE.textHeight / 22);
/** 3号 is 320 twips wide, but 28 to a line of the 156 mm 版心 leaves 315 each: a quarter point less between them. */
const BODY_TRACKING = -5;
export const CHAR = SIZE.san * 20;

export const font = (role: FontRole) => {
  const name = FONTS[role][0];
  return { eastAsia: name, ascii: name, hAnsi: name, cs: name };
};
export const half = (pt: number) => Math.round(pt * 2);

/** Paragraph styles, so the issued file stays editable like one made from the office's own template. */
const STYLES = [
  style('GwTitle', '公文标题', 'title', SIZE.er, { alignment: AlignmentType.CENTER, spacing: exact(LINE) }),
  style('GwBody', '公文正文', 'body', SIZE.san, {
    alignment: AlignmentType.JUSTIFIED,
    spacing: exact(LINE),
    indent: { firstLine: 2 * CHAR, firstLineChars: 200 },
  }),
  style('GwPlain', '公文顶格', 'body', SIZE.san, { alignment: AlignmentType.JUSTIFIED, spacing: exact(LINE) }),
  style('GwHeading1', '一级标题', 'hei', SIZE.san, {
    spacing: exact(LINE),
    indent: { firstLine: 2 * CHAR, firstLineChars: 200 },
    keepNext: true,
  }),
  style('GwHeading2', '二级标题', 'kai', SIZE.san, {
    spacing: exact(LINE),
    indent: { firstLine: 2 * CHAR, firstLineChars: 200 },
    keepNext: true,
  }),
  style('GwCell', '表格文字', 'body', SIZE.wu, { spacing: { line: 260, lineRule: LineRuleType.AUTO } }),
  style('GwPageNumber', '页码', 'song', SIZE.si, { spacing: exact(300) }),
];

function style(id: string, name: string, role: FontRole, pt: number, paragraph: object) {
  const tracking = role === 'body' && pt === SIZE.san ? { characterSpacing: BODY_TRACKING } : {};
  return {
    id,
    name,
    basedOn: 'Normal',
    quickFormat: true,
    run: { font: font(role), size: half(pt), ...tracking },
    paragraph,
  };
}

function exact(line: number) {
  return { line, lineRule: LineRuleType.EXACT, before: 0, after: 0 };
}

/** The 标题, broken by hand at word boundaries in a balanced shape (title-lines.ts), 2号 in the 版心. */
export const title = (text: string) =>
  new Paragraph({
    style: 'GwTitle',
    children: titleLines(text, Math.floor(PAGE.textWidth / (SIZE.er * 20))).map(
      (line, i) => new TextRun({ text: line, ...(i > 0 ? { break: 1 } : {}) }),
    ),
  });
/** `keepNext` for the paragraph before the 落款, which must not stand alone on a page. */
export const body = (text: string | ParagraphChild[], keepNext = false) =>
  new Paragraph({ style: 'GwBody', keepNext, children: typeof text === 'string' ? [new TextRun(text)] : text });
/** 主送机关 and other lines set flush left (顶格). */
export const plain = (text: string) => new Paragraph({ style: 'GwPlain', children: [new TextRun(text)] });
export const heading1 = (text: string) => new Paragraph({ style: 'GwHeading1', children: [new TextRun(text)] });
export const heading2 = (text: string) => new Paragraph({ style: 'GwHeading2', children: [new TextRun(text)] });
export const blank = (keepNext = false) => new Paragraph({ style: 'GwPlain', keepNext, children: [] });
/** The caption above a table (表1 …), centred in 黑体 as offices set it. */
export const caption = (text: string) =>
  new Paragraph({
    style: 'GwHeading1',
    indent: { firstLine: 0, firstLineChars: 0 },
    alignment: AlignmentType.CENTER,
    children: [new TextRun(text)],
  });

/** A line's width in 3号 characters: CJK full width, ASCII half. */
export function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += ch.charCodeAt(0) < 0x2e80 ? 0.5 : 1;
  return w;
}

function pageNumberFooter(side: 'odd' | 'even'): Footer {
  return new Footer({
    children: [
      new Paragraph({
        style: 'GwPageNumber',
        alignment: side === 'odd' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: side === 'odd' ? { right: SIZE.si * 20 } : { left: SIZE.si * 20 },
        children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'] })],
      }),
    ],
  });
}

export interface GongwenOptions {
  /** Document properties: the title and who made it. */
  title: string;
  creator: string;
  children: (Paragraph | Table)[];
}

/**
 * The whole document: page, styles, footers; returns the DOCX bytes. The 22 lines come from the exact line
 * spacing of the styles, not from a document grid: LibreOffice would snap table cells and the title's lines to
 * a grid too, spacing them a full 28.95 pt apart.
 */
export async function gongwenDocx(o: GongwenOptions): Promise<Uint8Array> {
  const doc = new Document({
    title: o.title,
    creator: o.creator,
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: { document: { run: { font: font('body'), size: half(SIZE.san) } } },
      paragraphStyles: STYLES,
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            // The 页码's top edge sits 7 mm under the 版心; its 15 pt line box ends above the footer distance.
            margin: { ...MARGINS, header: mm(15), footer: MARGINS.bottom - mm(7) - 300 },
          },
        },
        footers: { default: pageNumberFooter('odd'), even: pageNumberFooter('even') },
        children: o.children,
      },
    ],
  });
  return withFontTable(new Uint8Array(await Packer.toBuffer(doc)));
}

/**
 * docx writes an empty font table; ours names each font with its alternative (English) name, the GB2312
 * character set and its family, which Word and WPS use to substitute when the official font is missing.
 */
function withFontTable(bytes: Uint8Array): Uint8Array {
  const files = unzipSync(bytes);
  files['word/fontTable.xml'] = strToU8(fontTableXml());
  if (!strFromU8(files['[Content_Types].xml'] ?? new Uint8Array()).includes('fontTable')) return bytes;
  return zipSync(files, { level: 6 });
}
