import { AppError } from '../../domain/errors.js';
import type { BlockDocument } from '../blocks.js';
import { BlockBuilder, type SourceRow } from './builder.js';
import type { ReaderContext } from './context.js';
import { ZipArchive } from './zip.js';

/**
 * Excel (.xlsx): each sheet is a table with its merged cells; rows above the first row that reads as a
 * table (a title, a notice line) become paragraphs. Read with exceljs after the archive has been inflated
 * once under the reader's limits (exceljs itself unzips without any).
 */
export async function readXlsx(bytes: Uint8Array, ctx: ReaderContext): Promise<BlockDocument> {
  const wb = await loadWorkbook(bytes, ctx);
  const b = new BlockBuilder();
  for (const ws of wb.worksheets) {
    if (ws.state === 'hidden' || ws.state === 'veryHidden') continue;
    const merges = new Map<string, { rows: number; cols: number }>();
    const covered = new Set<string>();
    for (const range of (ws.model as { merges?: string[] }).merges ?? []) {
      const m = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(range);
      if (!m) continue;
      const c1 = colIndex(m[1]!);
      const r1 = Number(m[2]);
      const c2 = colIndex(m[3]!);
      const r2 = Number(m[4]);
      merges.set(`${r1}:${c1}`, { rows: r2 - r1 + 1, cols: c2 - c1 + 1 });
      for (let r = r1; r <= r2; r++) for (let c = c1; c <= c2; c++) if (r !== r1 || c !== c1) covered.add(`${r}:${c}`);
    }
    const width = ws.columnCount;
    const rows: { cells: { text: string; rowspan: number; colspan: number }[]; filled: number }[] = [];
    for (let r = 1; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      const cells: { text: string; rowspan: number; colspan: number }[] = [];
      let filled = 0;
      for (let c = 1; c <= width; c++) {
        if (covered.has(`${r}:${c}`)) continue;
        const span = merges.get(`${r}:${c}`);
        const text = (row.getCell(c).text ?? '').replace(/\r\n?/g, '\n').trim();
        if (text) filled++;
        cells.push({ text, rowspan: span?.rows ?? 1, colspan: span?.cols ?? 1 });
      }
      rows.push({ cells, filled });
    }
    // Leading rows with a single filled cell (titles, notices) read as paragraphs.
    let first = 0;
    while (first < rows.length && rows[first]!.filled <= 1) {
      for (const c of rows[first]!.cells) if (c.text) b.paragraph(c.text);
      first++;
    }
    // Trailing rows likewise (a footer line copied in with the table).
    let last = rows.length;
    while (last > first && rows[last - 1]!.filled <= 1) last--;
    const table: SourceRow[] = rows.slice(first, last).map((r) => ({ cells: r.cells }));
    if (table.length) b.table(table);
    for (const r of rows.slice(last)) for (const c of r.cells) if (c.text) b.paragraph(c.text);
  }
  return b.build('xlsx');
}

/**
 * The archive inflated once under the limits and each sheet's rows counted in its XML, before exceljs (which
 * unzips and builds every cell without bounds) is given the workbook.
 */
async function loadWorkbook(bytes: Uint8Array, ctx: ReaderContext) {
  const zip = ZipArchive.open(bytes, ctx.limits, ctx.label);
  for (const name of zip.entries.keys()) {
    const entry = zip.read(name);
    if (!entry || !/^xl\/worksheets\/[^/]+\.xml$/i.test(name)) continue;
    const rows = countRows(entry);
    if (rows > ctx.limits.maxSheetRows)
      throw new AppError(
        'file-too-large',
        `${ctx.label} 的工作表行数过多（${rows} 行，上限为 ${ctx.limits.maxSheetRows} 行），已停止读取`,
      );
  }
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch (e) {
    throw new AppError('format-corrupt', `${ctx.label} 不是有效的 Excel 文件`, String(e));
  }
  return wb;
}

/** `<row ` / `<row>` elements in a worksheet's XML, counted on the bytes (linear, no parse). */
export function countRows(xml: Uint8Array): number {
  const buf = Buffer.from(xml.buffer, xml.byteOffset, xml.byteLength);
  let n = 0;
  for (let at = buf.indexOf('<row'); at >= 0; at = buf.indexOf('<row', at + 4)) {
    const next = buf[at + 4];
    if (next === 0x20 || next === 0x3e || next === 0x09 || next === 0x0a || next === 0x0d) n++;
  }
  return n;
}

/** The first sheet of a workbook as rows of trimmed cell text, empty rows left out (the unit directory). */
export async function readSheetRows(bytes: Uint8Array, ctx: ReaderContext): Promise<string[][]> {
  const wb = await loadWorkbook(bytes, ctx);
  const ws = wb.worksheets[0];
  if (!ws) throw new AppError('invalid-input', `${ctx.label} 没有工作表`);
  const rows: string[][] = [];
  const width = ws.columnCount;
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const cells = Array.from({ length: width }, (_, c) => (row.getCell(c + 1).text ?? '').trim());
    if (cells.some((c) => c !== '')) rows.push(cells);
  }
  return rows;
}

function colIndex(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}
