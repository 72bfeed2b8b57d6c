import { appendAll } from '../../domain/arrays.js';
import { AppError } from '../../domain/errors.js';
import type { BlockDocument } from '../blocks.js';
import { BlockBuilder, type SourceCell, type SourceRow } from './builder.js';
import type { ReaderContext } from './context.js';
import { Numbering } from './docx-numbering.js';
import { attr, child, children, local, parseXml, type XmlElement } from './xml.js';
import { ZipArchive } from './zip.js';

/**
 * Word (.docx), read from its XML: paragraphs with their automatic numbering turned into printed labels,
 * tables with merged cells (gridSpan across, vMerge down), content controls and tracked insertions read,
 * deletions, footnotes, headers and footers left out.
 */
export async function readDocx(bytes: Uint8Array, ctx: ReaderContext): Promise<BlockDocument> {
  const zip = ZipArchive.open(bytes, ctx.limits, ctx.label);
  const xml = (name: string): XmlElement | null => {
    const t = zip.readText(name);
    return t === null ? null : parseXml(t, ctx.label, ctx.limits.maxXmlNodes);
  };
  const document = xml('word/document.xml');
  if (!document) throw new AppError('format-corrupt', `${ctx.label} 不是有效的 Word 文档（缺少正文）`);
  const body = child(document, 'body');
  if (!body) throw new AppError('format-corrupt', `${ctx.label} 不是有效的 Word 文档（缺少正文）`);
  const reader = new DocxReader(new Numbering(xml('word/numbering.xml')), new Styles(xml('word/styles.xml')));
  const b = new BlockBuilder();
  reader.blocks(body, b);
  return b.build('docx');
}

/** Paragraph styles: the numbering a style carries, and heading levels. */
class Styles {
  private readonly numPr = new Map<string, { numId: string; ilvl: number }>();
  private readonly outline = new Map<string, number>();

  constructor(styles: XmlElement | null) {
    if (!styles) return;
    const based = new Map<string, string>();
    const own = new Map<string, { numId?: string; ilvl?: number; outline?: number }>();
    for (const s of children(styles, 'style')) {
      const id = attr(s, 'styleId') ?? '';
      const pPr = child(s, 'pPr');
      const num = child(pPr ?? s, 'numPr');
      const entry: { numId?: string; ilvl?: number; outline?: number } = {};
      const numId = attr(child(num ?? s, 'numId'), 'val');
      if (num && numId !== undefined) {
        entry.numId = numId;
        entry.ilvl = Number(attr(child(num, 'ilvl'), 'val') ?? 0);
      }
      const ol = attr(child(pPr ?? s, 'outlineLvl'), 'val');
      if (ol !== undefined) entry.outline = Number(ol) + 1;
      const name = (attr(child(s, 'name'), 'val') ?? '').toLowerCase();
      const h = /^heading (\d)$/.exec(name);
      if (h && entry.outline === undefined) entry.outline = Number(h[1]);
      own.set(id, entry);
      const parent = attr(child(s, 'basedOn'), 'val');
      if (parent) based.set(id, parent);
    }
    for (const id of own.keys()) {
      let cur: string | undefined = id;
      for (let guard = 0; cur && guard < 20; guard++, cur = based.get(cur)) {
        const e = own.get(cur);
        if (e?.numId !== undefined && !this.numPr.has(id)) this.numPr.set(id, { numId: e.numId, ilvl: e.ilvl ?? 0 });
        if (e?.outline !== undefined && !this.outline.has(id)) this.outline.set(id, e.outline);
      }
    }
  }

  numbering(styleId: string | undefined): { numId: string; ilvl: number } | undefined {
    return styleId ? this.numPr.get(styleId) : undefined;
  }

  heading(styleId: string | undefined): number | undefined {
    return styleId ? this.outline.get(styleId) : undefined;
  }
}

class DocxReader {
  constructor(
    private readonly numbering: Numbering,
    private readonly styles: Styles,
  ) {}

  blocks(container: XmlElement, b: BlockBuilder): void {
    for (const el of children(container)) {
      const name = local(el.name);
      if (name === 'p') {
        const p = this.paragraph(el);
        const options: { heading?: number; numbering?: string } = {};
        if (p.heading) options.heading = p.heading;
        if (p.label) options.numbering = p.label;
        b.paragraph(p.text, options);
      } else if (name === 'tbl') b.table(this.table(el));
      else if (name === 'sdt') {
        const content = child(el, 'sdtContent');
        if (content) this.blocks(content, b);
      } else if (name === 'customXml' || name === 'ins') this.blocks(el, b);
    }
  }

  /** A paragraph's text and its numbering label («一、» from Word's list formats). */
  paragraph(p: XmlElement): { text: string; label?: string; heading?: number } {
    const pPr = child(p, 'pPr');
    const styleId = attr(child(pPr ?? p, 'pStyle'), 'val');
    const numPr = child(pPr ?? p, 'numPr');
    let num = numPr
      ? { numId: attr(child(numPr, 'numId'), 'val') ?? '', ilvl: Number(attr(child(numPr, 'ilvl'), 'val') ?? 0) }
      : this.styles.numbering(styleId);
    if (num && numPr && attr(child(numPr, 'ilvl'), 'val') === undefined) {
      num = { ...num, ilvl: this.styles.numbering(styleId)?.ilvl ?? 0 };
    }
    const text = runsText(p);
    const out: { text: string; label?: string; heading?: number } = { text };
    if (num && text.trim() !== '') {
      const label = this.numbering.next(num.numId, num.ilvl);
      if (label) out.label = label;
    }
    const outline = attr(child(pPr ?? p, 'outlineLvl'), 'val');
    const heading = outline !== undefined ? Number(outline) + 1 : this.styles.heading(styleId);
    if (heading && heading < 10) out.heading = heading;
    return out;
  }

  /** Rows with rowspan/colspan; cells that continue a vertical merge are left out (they are covered). */
  table(tbl: XmlElement): SourceRow[] {
    const trs = children(tbl, 'tr');
    // Grid positions first, so a vMerge continuation can find the cell it continues.
    const layout: { col: number; span: number; merge: 'restart' | 'continue' | null; el: XmlElement }[][] = [];
    for (const tr of trs) {
      const row: (typeof layout)[number] = [];
      let col = 0;
      const trPr = child(tr, 'trPr');
      col += Number(attr(child(trPr ?? tr, 'gridBefore'), 'val') ?? 0);
      for (const tc of cellsOf(tr)) {
        const tcPr = child(tc, 'tcPr');
        const span = Math.max(1, Number(attr(child(tcPr ?? tc, 'gridSpan'), 'val') ?? 1));
        const vm = child(tcPr ?? tc, 'vMerge');
        const merge = vm ? ((attr(vm, 'val') ?? 'continue') === 'restart' ? 'restart' : 'continue') : null;
        row.push({ col, span, merge, el: tc });
        col += span;
      }
      layout.push(row);
    }
    return layout.map((row, r) => ({
      cells: row
        .filter((c) => c.merge !== 'continue')
        .map((c): SourceCell => {
          let rowspan = 1;
          if (c.merge === 'restart') {
            for (let k = r + 1; k < layout.length; k++) {
              const below = layout[k]!.find((x) => x.col === c.col);
              if (below?.merge !== 'continue') break;
              rowspan++;
            }
          }
          return { text: this.cellText(c.el), rowspan, colspan: c.span };
        }),
    }));
  }

  private cellText(tc: XmlElement): string {
    const lines: string[] = [];
    const visit = (el: XmlElement): void => {
      for (const c of children(el)) {
        const name = local(c.name);
        if (name === 'p') {
          const p = this.paragraph(c);
          const line = (p.label ?? '') + p.text;
          if (line.trim()) lines.push(line.trim());
        } else if (name === 'tbl') {
          for (const row of this.table(c)) lines.push(row.cells.map((x) => x.text.replace(/\n/g, ' ')).join(' '));
        } else if (name === 'sdt' || name === 'sdtContent' || name === 'customXml' || name === 'ins') visit(c);
      }
    };
    visit(tc);
    return lines.join('\n');
  }
}

function cellsOf(tr: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of children(tr)) {
    const name = local(c.name);
    if (name === 'tc') out.push(c);
    else if (name === 'sdt' || name === 'customXml') {
      const content = child(c, 'sdtContent') ?? c;
      appendAll(out, children(content, 'tc'));
    }
  }
  return out;
}

/** Text of a paragraph's runs: tabs and breaks kept, deleted text and footnote marks left out. */
function runsText(p: XmlElement): string {
  let s = '';
  const visit = (el: XmlElement): void => {
    for (const c of el.children) {
      if (typeof c === 'string') continue;
      const name = local(c.name);
      switch (name) {
        case 't':
          s += c.children.map((x) => (typeof x === 'string' ? x : '')).join('');
          break;
        case 'tab':
        case 'ptab':
          s += '\t';
          break;
        case 'br':
        case 'cr':
          s += '\n';
          break;
        case 'noBreakHyphen':
          s += '-';
          break;
        case 'sym': {
          const code = attr(c, 'char');
          if (code) s += String.fromCharCode(Number.parseInt(code, 16) & 0xffff);
          break;
        }
        case 'del':
        case 'delText':
        case 'pPr':
        case 'rPr':
        case 'footnoteReference':
        case 'endnoteReference':
        case 'commentReference':
        case 'instrText':
        case 'fldChar':
          break;
        default:
          visit(c);
      }
    }
  };
  visit(p);
  return s;
}
