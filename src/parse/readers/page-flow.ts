import type { BlockBuilder } from './builder.js';
import { dropFurniture } from './furniture.js';
import { LabelRepair } from './ocr/labels.js';
import { cleanOcrText } from './ocr/page.js';
import type { PageLayout, PageTable } from './page-layout.js';
import { fractionBox, TableRun } from './table-run.js';
import { type Frame, joinWrapped, startsParagraph, type TextLine, typicalLeading } from './text-lines.js';

/**
 * Laid-out pages read in order into blocks: running heads and feet dropped, text outside tables reflowed
 * into paragraphs (which may run on over a page break), and a table that ends a page joined with the one
 * that starts the next when their columns line up. Shared by the PDF and OFD readers.
 */
const CONTINUED = /^[（(]?续(?:上)?表[\d一二三四五六七八九十]*[）)]?$/;

export function pagesToBlocks(pages: PageLayout[], b: BlockBuilder): void {
  dropFurniture(pages);
  const leading = typicalLeading(pages.flatMap((p) => p.lines));
  let para: { lines: TextLine[]; frame: Frame } | null = null;
  let table: TableRun | null = null;
  const scanned = new Map(pages.filter((p) => p.scanned).map((p) => [p.page, p]));
  const labels = new LabelRepair();
  const flushPara = () => {
    if (para) {
      const first = para.lines[0]!;
      const joined = para.lines.reduce((s, l) => joinWrapped(s, l.text), '');
      const scan = scanned.get(first.page);
      // Runs of a scanned line were cleaned one by one; a mark split from its words is cleaned here.
      const text = scan ? labels.next(cleanOcrText(joined)) : joined;
      b.paragraph(text, scan ? { page: first.page, box: linesBox(para.lines, scan) } : { page: first.page });
    }
    para = null;
  };
  const flushTable = () => {
    if (table) b.table(table.rows());
    table = null;
  };
  // Margins are the same on every page of a size: judged over all of them, not from one page's few lines.
  const frames = new Map<number, Frame>();
  for (const page of pages) {
    const key = Math.round(page.width);
    if (!frames.has(key))
      frames.set(key, frameOf(pages.filter((p) => Math.round(p.width) === key).flatMap((p) => p.lines)));
  }
  for (const page of pages) {
    const frame = frames.get(Math.round(page.width))!;
    const items: (TextLine | PageTable)[] = [...page.lines, ...page.tables].sort((x, y) => x.top - y.top);
    // 「续表」 over a table's continuation is a caption for the reader of paper, not text.
    const first = items.findIndex((x) => 'grid' in x || !CONTINUED.test(x.text));
    if (first > 0 && table && 'grid' in items[first]!) items.splice(0, first);
    items.forEach((item, i) => {
      if ('grid' in item) {
        flushPara();
        // A grid first on its page may continue the table that ended the page before.
        if (table && i === 0 && table.lastPage === page.page - 1 && table.continueWith(item)) return;
        flushTable();
        table = TableRun.start(item);
        return;
      }
      flushTable();
      const current = para as { lines: TextLine[]; frame: Frame } | null;
      const prev = current?.lines[current.lines.length - 1];
      if (current && prev && !breaksBetween(prev, item, current.frame, frame, leading)) {
        current.lines.push(item);
        current.frame = frame;
        return;
      }
      flushPara();
      para = { lines: [item], frame };
    });
  }
  flushPara();
  flushTable();
}

/** The box of a paragraph's lines on its first page. */
function linesBox(lines: readonly TextLine[], page: { page: number; width: number; height: number }) {
  const on = lines.filter((l) => l.page === page.page);
  return fractionBox(
    Math.min(...on.map((l) => l.x0)),
    Math.min(...on.map((l) => l.top)),
    Math.max(...on.map((l) => l.x1)),
    Math.max(...on.map((l) => l.bottom)),
    page,
  );
}

function breaksBetween(prev: TextLine, line: TextLine, prevFrame: Frame, frame: Frame, leading: number): boolean {
  if (prev.page === line.page) return startsParagraph(prev, line, frame, leading);
  // Over a page break: the paragraph runs on if it filled its last line and the new page's line is not indented.
  const size = Math.max(prev.size, line.size);
  if (prev.x1 < prevFrame.right - size * 1.5) return true;
  return startsParagraph({ ...prev, x1: frame.right, page: line.page }, line, frame, 0);
}

/**
 * The text frame of pages of one size: the left margin is the leftmost edge that several lines start at
 * (first lines are often indented, so the most common start can be the indent), the right edge the one
 * most lines reach (a stray line or a hanging punctuation mark may stick out past it).
 */
function frameOf(lines: readonly TextLine[]): Frame {
  if (lines.length === 0) return { left: 0, right: 0 };
  const enough = Math.max(2, Math.ceil(lines.length * 0.1));
  const lefts = clusters(lines.map((l) => l.x0));
  const left = lefts.find((c) => c.length >= enough) ?? lefts.reduce((a, c) => (c.length > a.length ? c : a));
  const rights = clusters(lines.map((l) => l.x1));
  const right = rights.reduce((a, c) => (c.length >= a.length ? c : a));
  return { left: mean(left), right: mean(right) };
}

/** Values grouped left to right into clusters 3 pt wide. */
function clusters(values: number[]): number[][] {
  values.sort((a, b) => a - b);
  const out: number[][] = [];
  for (const v of values) {
    const g = out[out.length - 1];
    if (g && v - g[0]! <= 3) g.push(v);
    else out.push([v]);
  }
  return out;
}

function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}
