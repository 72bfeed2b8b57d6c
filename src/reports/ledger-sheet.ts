import { createHash } from 'node:crypto';
import type { Alignment, Borders, Cell, CellValue, Fill, Font, Row, Workbook, Worksheet } from 'exceljs';
import { AppError } from '../domain/errors.js';
import { DEFAULT_LIMITS } from '../parse/readers/limits.js';
import { countRows } from '../parse/readers/xlsx.js';
import { ZipArchive } from '../parse/readers/zip.js';

/**
 * The ledger as the office's customary 工作台账 sheet, and that sheet read back after units filled it in
 * offline. Pure: rows in, XLSX bytes out, and back; the database is the services' business.
 *
 * The visible sheet is for people: title, export time, 序号 / 工作任务 / 具体要求 / 责任单位 / 牵头或配合 /
 * 完成时限 / 当前状态 / 完成情况 / 备注, sections and requirements merged down over their rows, protected
 * except the two columns units fill. What the import trusts is elsewhere: a hidden column with each row's
 * assignment id (so rows may be moved), and a very hidden sheet with the values as exported and the export's
 * metadata under a digest. An edit is a difference between a cell and its exported value there — never between
 * the cell and the database, which may have moved on since (that is the services' conflict check).
 */
export const LEDGER_SHEET_FORMAT = 'taizhang-ledger-sheet';
export const LEDGER_SHEET_VERSION = 1;
export const MAX_SHEET_BYTES = 10 * 1024 * 1024;
export const MAX_SHEET_ROWS = 20_000;
export const MAIN_SHEET = '工作台账';
const DATA_SHEET = '_taizhang';

export type SheetField = '完成情况' | '备注';
export const SHEET_FIELDS: readonly SheetField[] = ['完成情况', '备注'];
const HEADERS = ['序号', '工作任务', '具体要求', '责任单位', '牵头或配合', '完成时限', '当前状态', '完成情况', '备注'];
const ID_HEADER = '任务分工编号';
const WIDTHS = [6, 16, 44, 20, 7, 14, 16, 44, 22];
const COL = { seq: 1, work: 2, requirement: 3, unit: 4, role: 5, deadline: 6, state: 7, progress: 8, note: 9, id: 10 };
const FIELD_COL: Record<SheetField, number> = { 完成情况: COL.progress, 备注: COL.note };
const LAST = 'I';
const DATA_COLUMNS = ['任务分工编号', '导出行', '完成情况', '备注', '最新进展编号', '状态', '锁定列'];
/** The columns the office keeps (序号 … 当前状态): an edit there is reported as refused, not dropped unseen. */
const LOCKED_COLS = [COL.seq, COL.work, COL.requirement, COL.unit, COL.role, COL.deadline, COL.state];

export interface LedgerSheetMeta {
  planId: number;
  /**
   * The plan's fingerprint in the database it came from (see exportLedgerSheet), so that a file from another
   * installation whose plan happens to have the same id is not taken for this one's. Null: not checked.
   */
  planKey: string | null;
  planTitle: string | null;
  /** ISO 8601 instant. */
  exportedAt: string;
  /** The unit the export was limited to. */
  unitId: string | null;
  unitName: string | null;
}

export interface LedgerSheetRow {
  assignmentId: number;
  taskId: number;
  /** The task's number as the plan prints it: the 序号 (a running count only for tasks the plan left unnumbered). */
  number?: string | null;
  /** 一、公开 — the section, or null. */
  section: string | null;
  /** （一）推进决策公开 — the group, or null. */
  group: string | null;
  requirement: string;
  unit: string;
  /** 牵头 / 配合 / 负责. */
  role: string;
  deadline: string;
  /** As shown: 推进中（已逾期）. */
  stateLabel: string;
  /** 完成情况: the latest progress report's text. */
  progress: string;
  /** 备注. */
  note: string;
  /** The latest progress report when exported, for telling later reports apart. */
  reportId: number | null;
  state: string;
}

/** A row as exported: what the import compares the file and the database with. */
export interface ExportedRow {
  assignmentId: number;
  /** Its sheet row at export. */
  row: number;
  progress: string;
  note: string;
  reportId: number | null;
  state: string;
}

/** One edited 完成情况/备注 cell: `to` differs from the exported `from` in more than whitespace. */
export interface SheetEdit {
  row: number;
  assignmentId: number;
  field: SheetField;
  from: string;
  to: string;
}

export type SheetNoticeCode = 'whitespace-only' | 'row-deleted' | 'not-a-ledger-row' | 'merged-cell' | 'locked-column';

/** Something in the file that is not imported, with why (shown to the user). */
export interface SheetNotice {
  code: SheetNoticeCode;
  row: number | null;
  assignmentId: number | null;
  field: SheetField | null;
  message: string;
}

export interface ParsedLedgerSheet {
  meta: LedgerSheetMeta & { version: number };
  sheetName: string;
  exported: ExportedRow[];
  edits: SheetEdit[];
  notices: SheetNotice[];
}

// ── writing ────────────────────────────────────────────────────────────────────────────────────────────

const FONT: Partial<Font> = { name: '宋体', size: 11 };
const THIN = { style: 'thin' as const, color: { argb: 'FF808080' } };
const BORDER: Partial<Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const FILL_HEADER: Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
const FILL_INPUT: Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
const FILL_SECTION: Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
const LINE_POINTS = 14.5;

export async function writeLedgerSheet(meta: LedgerSheetMeta, rows: readonly LedgerSheetRow[]): Promise<Uint8Array> {
  if (rows.length > MAX_SHEET_ROWS)
    throw new AppError(
      'file-too-large',
      `台账共 ${rows.length} 行，超过导出上限 ${MAX_SHEET_ROWS} 行，请按单位分别导出`,
    );
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'taizhang';
  wb.created = new Date(meta.exportedAt);
  const ws = wb.addWorksheet(MAIN_SHEET, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 3, topLeftCell: 'A4', activeCell: 'H4' }],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      printTitlesRow: '3:3',
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: '第 &P 页，共 &N 页' },
  });
  WIDTHS.forEach((w, i) => {
    ws.getColumn(i + 1).width = w;
  });
  ws.getColumn(COL.id).hidden = true;

  const title = ws.getRow(1);
  title.getCell(1).value = `${meta.planTitle ?? `方案 #${meta.planId}`}工作台账`;
  title.getCell(1).font = { ...FONT, size: 16, bold: true };
  title.getCell(1).alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  title.height = 36;
  ws.mergeCells(`A1:${LAST}1`);
  const line = ws.getRow(2);
  line.getCell(1).value = [
    meta.unitName ? `责任单位：${meta.unitName}` : null,
    `导出时间：${chinaTime(meta.exportedAt)}`,
    '填写说明：请在黄色的「完成情况」「备注」列填写，其他列只读；填好后在系统中导入本文件，核对差异后再确认。',
  ]
    .filter(Boolean)
    .join('　　');
  line.getCell(1).font = { ...FONT, size: 10 };
  line.getCell(1).alignment = { vertical: 'middle', wrapText: true };
  line.height = 30;
  ws.mergeCells(`A2:${LAST}2`);
  const header = ws.getRow(3);
  [...HEADERS, ID_HEADER].forEach((h, i) => {
    const c = header.getCell(i + 1);
    c.value = h;
    c.font = { ...FONT, bold: true };
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    c.border = BORDER;
    c.fill = h === '完成情况' || h === '备注' ? FILL_INPUT : FILL_HEADER;
  });
  header.height = 30;

  const grouped = rows.some((r) => r.group);
  const layout = layoutRows(rows, grouped);
  const heights = new Map<number, number>();
  let r = 4;
  let seq = 0;
  for (const block of layout) {
    if (block.kind === 'section') {
      const row = ws.getRow(r);
      row.getCell(1).value = block.text;
      for (let c = 1; c <= HEADERS.length; c++) {
        const cell = row.getCell(c);
        cell.font = { ...FONT, bold: true };
        cell.border = BORDER;
        cell.fill = FILL_SECTION;
        cell.alignment = { vertical: 'middle', wrapText: true };
      }
      ws.mergeCells(`A${r}:${LAST}${r}`);
      heights.set(r, LINE_POINTS + 8);
      r++;
      continue;
    }
    // One block per 工作任务 value: the cell merged down over its tasks.
    const top = r;
    for (const task of block.tasks) {
      seq++;
      const first = r;
      const sameDeadline = task.every((x) => x.deadline === task[0]!.deadline);
      for (const x of task) {
        const row = ws.getRow(r);
        // 序号 as the plan numbers it (not renumbered per unit's export), a number where it is one.
        const printed = task[0]!.number?.trim();
        const values: CellValue[] = [
          printed ? (/^\d+$/.test(printed) ? Number(printed) : printed) : seq,
          block.text,
          x.requirement,
          x.unit,
          x.role,
          x.deadline,
          x.stateLabel,
          safeText(x.progress),
          safeText(x.note),
          x.assignmentId,
        ];
        values.forEach((v, i) => {
          const cell = row.getCell(i + 1);
          cell.value = v;
          style(cell, i + 1);
        });
        const own = [
          lines(x.unit, WIDTHS[3]!),
          lines(x.role, WIDTHS[4]!),
          lines(x.stateLabel, WIDTHS[6]!),
          lines(x.progress, WIDTHS[7]!),
          lines(x.note, WIDTHS[8]!),
          sameDeadline ? 1 : lines(x.deadline, WIDTHS[5]!),
        ];
        heights.set(r, Math.max(...own) * LINE_POINTS + 6);
        r++;
      }
      mergeDown(ws, COL.seq, first, r - 1);
      mergeDown(ws, COL.requirement, first, r - 1);
      if (sameDeadline) mergeDown(ws, COL.deadline, first, r - 1);
      // A merged cell never grows its rows by itself: give them the height its text needs.
      const need = Math.max(lines(task[0]!.requirement, WIDTHS[2]!), sameDeadline ? lines(task[0]!.deadline, 14) : 1);
      stretch(heights, first, r - 1, need * LINE_POINTS + 6);
    }
    mergeDown(ws, COL.work, top, r - 1);
    stretch(heights, top, r - 1, lines(block.text, WIDTHS[1]!) * LINE_POINTS + 6);
  }
  for (const [row, h] of heights) ws.getRow(row).height = Math.min(409, Math.ceil(h));

  // Protection guides rather than secures (no password): the yellow cells are the ones to fill.
  await ws.protect('', {
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatColumns: true,
    formatRows: true,
    insertRows: false,
    deleteRows: false,
    sort: false,
    autoFilter: false,
  });

  const data = wb.addWorksheet(DATA_SHEET, { state: 'veryHidden' });
  const exported = exportedRows(rows, layout);
  data.getRow(1).values = [
    LEDGER_SHEET_FORMAT,
    LEDGER_SHEET_VERSION,
    meta.planId,
    meta.exportedAt,
    meta.unitId ?? '',
    meta.unitName ?? '',
    meta.planTitle ?? '',
    MAIN_SHEET,
    exported.length,
    digest(meta, MAIN_SHEET, exported),
    meta.planKey ?? '',
  ];
  data.getRow(2).values = DATA_COLUMNS;
  exported.forEach((e, i) => {
    const locked = JSON.stringify(lockedTexts(ws.getRow(e.row)));
    data.getRow(i + 3).values = [e.assignmentId, e.row, e.progress, e.note, e.reportId ?? 0, e.state, locked];
  });
  await data.protect('', {});
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

type Block = { kind: 'section'; text: string } | { kind: 'work'; text: string; tasks: LedgerSheetRow[][] };

/** Rows in 工作任务 blocks of tasks; in a plan with groups, each section is a heading row of its own. */
function layoutRows(rows: readonly LedgerSheetRow[], grouped: boolean): Block[] {
  const blocks: Block[] = [];
  let section: string | null | undefined;
  let work: Extract<Block, { kind: 'work' }> | null = null;
  let lastTask: number | null = null;
  for (const x of rows) {
    if (grouped && x.section !== section) {
      section = x.section;
      if (x.section) blocks.push({ kind: 'section', text: x.section });
      work = null;
    }
    const text = (grouped ? (x.group ?? x.section) : x.section) ?? '';
    if (!work || work.text !== text || !text) {
      work = { kind: 'work', text, tasks: [] };
      blocks.push(work);
      lastTask = null;
    }
    if (lastTask === x.taskId) work.tasks[work.tasks.length - 1]!.push(x);
    else work.tasks.push([x]);
    lastTask = x.taskId;
  }
  return blocks;
}

function exportedRows(rows: readonly LedgerSheetRow[], layout: readonly Block[]): ExportedRow[] {
  const at = new Map<number, number>();
  let r = 4;
  for (const b of layout) {
    if (b.kind === 'section') r++;
    else for (const t of b.tasks) for (const x of t) at.set(x.assignmentId, r++);
  }
  return rows.map((x) => ({
    assignmentId: x.assignmentId,
    row: at.get(x.assignmentId) ?? 0,
    progress: safeText(x.progress),
    note: safeText(x.note),
    reportId: x.reportId,
    state: x.state,
  }));
}

function style(cell: Cell, col: number): void {
  const centred = col === COL.seq || col === COL.role || col === COL.state || col === COL.deadline;
  const alignment: Partial<Alignment> = {
    vertical: 'middle',
    horizontal: centred ? 'center' : 'left',
    wrapText: true,
  };
  cell.font = FONT;
  cell.alignment = alignment;
  cell.border = BORDER;
  if (col === COL.progress || col === COL.note) {
    cell.fill = FILL_INPUT;
    cell.protection = { locked: false };
  }
}

function mergeDown(ws: Worksheet, col: number, from: number, to: number): void {
  if (to > from) ws.mergeCells(from, col, to, col);
}

function stretch(heights: Map<number, number>, from: number, to: number, need: number): void {
  let have = 0;
  for (let r = from; r <= to; r++) have += heights.get(r) ?? 0;
  if (have >= need) return;
  const add = (need - have) / (to - from + 1);
  for (let r = from; r <= to; r++) heights.set(r, (heights.get(r) ?? 0) + add);
}

/** Lines a text takes in a column of `width` characters (CJK counting two). */
function lines(text: string, width: number): number {
  let n = 0;
  for (const para of text.split('\n')) {
    let w = 0;
    for (const ch of para) w += (ch.codePointAt(0) ?? 0) > 0x2e7f ? 2 : 1;
    n += Math.max(1, Math.ceil(w / Math.max(width - 1, 1)));
  }
  return n;
}

function chinaTime(iso: string): string {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return iso;
  return new Date(t + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** Text as a cell can hold it: no control characters but tab and line break, within Excel's 32,767. */
function safeText(s: string): string {
  return s
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .slice(0, 32_000);
}

/** What an edit is compared on: the text without any whitespace (see `sameText`). */
export function textKey(s: string): string {
  return safeText(s).replace(/[\s\u200b-\u200d\u2060\ufeff]/gu, '');
}

/**
 * Whether two cell texts say the same. Whitespace does not count: spaces, full-width spaces, line breaks
 * and indentation are how a cell is laid out in Excel or WPS, not what a unit reports, and re-wrapping a
 * cell must not propose a new progress report.
 */
export function sameText(a: string, b: string): boolean {
  return textKey(a) === textKey(b);
}

/** The text to store from a cell: line endings normalised, control characters and outer whitespace removed. */
export function cleanText(s: string): string {
  return safeText(s).trim();
}

function digest(meta: LedgerSheetMeta, sheetName: string, rows: readonly ExportedRow[]): string {
  // Whitespace-free texts: a spreadsheet program that re-saves the file may re-encode whitespace.
  const content = JSON.stringify([
    LEDGER_SHEET_FORMAT,
    LEDGER_SHEET_VERSION,
    meta.planId,
    meta.planKey ?? '',
    meta.exportedAt,
    meta.unitId ?? '',
    sheetName,
    rows.map((r) => [r.assignmentId, r.row, textKey(r.progress), textKey(r.note), r.reportId ?? 0, r.state]),
  ]);
  return createHash('sha256').update(content).digest('hex');
}

// ── reading ────────────────────────────────────────────────────────────────────────────────────────────

export async function readLedgerSheet(bytes: Uint8Array, label = '导入的文件'): Promise<ParsedLedgerSheet> {
  if (bytes.length === 0) throw new AppError('file-empty', `${label}是空文件`);
  if (bytes.length > MAX_SHEET_BYTES)
    throw new AppError('file-too-large', `${label}过大（上限 ${MAX_SHEET_BYTES / 1048576} MB），请按单位分别导出填写`);
  const notOurs = (why: string) =>
    new AppError(
      'invalid-input',
      `${label}不是本系统导出的工作台账（${why}）；请先导出台账，在导出的文件中填写后再导入`,
      why,
    );
  if (bytes[0] !== 0x50 || bytes[1] !== 0x4b) throw notOurs('不是 Excel .xlsx 文件');
  // exceljs unzips without limits of its own: inflate once under ours first, refusing DTDs as well.
  const zip = ZipArchive.open(bytes, DEFAULT_LIMITS, label);
  for (const name of zip.entries.keys()) {
    const entry = zip.read(name);
    if (entry && /\.(xml|rels)$/i.test(name) && /<!DOCTYPE|<!ENTITY/i.test(new TextDecoder().decode(entry)))
      throw new AppError('format-unsafe', `${label}含有 DTD 或实体声明，已拒绝`, name);
    // Rows counted on the XML before exceljs builds every cell: a sheet far longer than any export is refused.
    if (entry && /^xl\/worksheets\/[^/]+\.xml$/i.test(name) && countRows(entry) > MAX_SHEET_ROWS + 10)
      throw new AppError('file-too-large', `${label}的行数超过上限（${MAX_SHEET_ROWS} 行），请按单位分别导出填写`);
  }
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch (e) {
    throw new AppError('format-corrupt', `${label}已损坏或不是有效的 Excel 文件`, (e as Error).message);
  }
  const data = wb.getWorksheet(DATA_SHEET);
  if (!data) throw notOurs('缺少导出记录');
  const m = data.getRow(1);
  if (cellText(m.getCell(1).value) !== LEDGER_SHEET_FORMAT) throw notOurs('导出记录无法识别');
  const version = Number(cellText(m.getCell(2).value));
  if (version !== LEDGER_SHEET_VERSION)
    throw new AppError(
      'invalid-input',
      `${label}由另一版本的系统导出（格式 ${cellText(m.getCell(2).value)}），请重新导出后填写`,
    );
  const planId = positive(cellText(m.getCell(3).value));
  const fields = {
    version,
    exportedAt: cellText(m.getCell(4).value),
    unitId: cellText(m.getCell(5).value) || null,
    unitName: cellText(m.getCell(6).value) || null,
    planTitle: cellText(m.getCell(7).value) || null,
    planKey: cellText(m.getCell(11).value) || null,
  };
  const sheetName = cellText(m.getCell(8).value);
  const count = positive(cellText(m.getCell(9).value)) ?? 0;
  if (!planId || !Number.isFinite(Date.parse(fields.exportedAt)) || count > MAX_SHEET_ROWS)
    throw notOurs('导出记录已损坏');
  const meta = { ...fields, planId };
  const exported: ExportedRow[] = [];
  // What the locked columns said at export, per assignment (files exported before this column have none).
  const lockedAt = new Map<number, string>();
  for (let i = 0; i < count; i++) {
    const row = data.getRow(i + 3);
    const id = positive(cellText(row.getCell(1).value));
    if (!id) throw notOurs('导出记录已损坏');
    const report = Number(cellText(row.getCell(5).value));
    exported.push({
      assignmentId: id,
      row: positive(cellText(row.getCell(2).value)) ?? 0,
      progress: cellText(row.getCell(3).value),
      note: cellText(row.getCell(4).value),
      reportId: Number.isSafeInteger(report) && report > 0 ? report : null,
      state: cellText(row.getCell(6).value),
    });
    const locked = cellText(row.getCell(7).value);
    if (locked) lockedAt.set(id, locked);
  }
  if (digest(meta, sheetName, exported) !== cellText(m.getCell(10).value))
    throw new AppError('invalid-input', `${label}中的导出记录已被改动，无法确定哪些内容是填写的；请重新导出后填写`);

  const ws = mainSheet(wb, sheetName, label);
  const where = `工作表「${ws.name}」`;
  const headerRow = findHeader(ws);
  if (!headerRow)
    throw new AppError(
      'invalid-input',
      `${where}的表头与导出时不同（应有 ${HEADERS.join(' / ')} 列，「${ID_HEADER}」在 J 列）；请使用导出的原文件填写`,
    );
  if (ws.rowCount > MAX_SHEET_ROWS + headerRow + 1000)
    throw new AppError('file-too-large', `${where}超过 ${MAX_SHEET_ROWS} 行，请按单位分别导出填写`);

  const byId = new Map(exported.map((e) => [e.assignmentId, e]));
  const seen = new Map<number, number>();
  const edits: SheetEdit[] = [];
  const notices: SheetNotice[] = [];
  for (let r = headerRow + 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const idCell = row.getCell(COL.id);
    const idText = cellText(idCell.value).trim();
    const at = `${where}第 ${r} 行`;
    if (!idText) {
      const filled = SHEET_FIELDS.filter((f) => {
        const c = row.getCell(FIELD_COL[f]);
        return c.master === c && textKey(cellText(c.value)) !== '';
      });
      if (filled.length)
        notices.push({
          code: 'not-a-ledger-row',
          row: r,
          assignmentId: null,
          field: filled[0]!,
          message: `${at}不是导出的任务行（J 列没有任务分工编号），其中填写的「${filled.join('」「')}」未导入`,
        });
      continue;
    }
    const id = positive(idText);
    if (!id) throw new AppError('invalid-input', `${at}：任务分工编号无效「${idText.slice(0, 40)}」（J 列）`);
    const base = byId.get(id);
    if (!base) throw new AppError('invalid-input', `${at}：找不到任务分工编号 ${id}（J 列），此行不是这次导出的内容`);
    const dup = seen.get(id);
    if (dup !== undefined)
      throw new AppError('invalid-input', `${at}：任务分工编号 ${id} 与第 ${dup} 行重复（J 列），请删去复制的行`);
    seen.set(id, r);
    const was = lockedAt.get(id);
    if (was) {
      const before = JSON.parse(was) as string[];
      const now = lockedTexts(row);
      const changed = LOCKED_COLS.filter((_, k) => !sameText(now[k] ?? '', before[k] ?? ''));
      if (changed.length)
        notices.push({
          code: 'locked-column',
          row: r,
          assignmentId: id,
          field: null,
          message: `${at}改动了「${changed.map((c) => HEADERS[c - 1]).join('」「')}」：这些列由公开办在系统中维护，改动未导入（只导入「完成情况」「备注」）`,
        });
    }
    for (const field of SHEET_FIELDS) {
      const cell = row.getCell(FIELD_COL[field]);
      if (cell.master !== cell) {
        notices.push({
          code: 'merged-cell',
          row: r,
          assignmentId: id,
          field,
          message: `${at}「${field}」与其他单元格合并了，未导入；请取消合并后分别填写`,
        });
        continue;
      }
      const from = field === '完成情况' ? base.progress : base.note;
      const now = cellText(cell.value);
      if (now === from) continue;
      if (sameText(now, from)) {
        notices.push({
          code: 'whitespace-only',
          row: r,
          assignmentId: id,
          field,
          message: `${at}「${field}」只改动了空格或换行，不算修改`,
        });
        continue;
      }
      edits.push({ row: r, assignmentId: id, field, from: cleanText(from), to: cleanText(now) });
    }
  }
  for (const e of exported)
    if (!seen.has(e.assignmentId))
      notices.push({
        code: 'row-deleted',
        row: e.row,
        assignmentId: e.assignmentId,
        field: null,
        message: `导出时第 ${e.row} 行（任务分工编号 ${e.assignmentId}）已从表中删除，该行不作修改`,
      });
  return { meta, sheetName: ws.name, exported, edits, notices };
}

/** The sheet people filled in: by the name it was exported under, or the one sheet that still has its header. */
function mainSheet(wb: Workbook, name: string, label: string): Worksheet {
  const named = wb.getWorksheet(name);
  if (named) return named;
  const candidates = wb.worksheets.filter((w) => w.name !== DATA_SHEET && findHeader(w) !== null);
  if (candidates.length === 1) return candidates[0]!;
  throw new AppError(
    'invalid-input',
    `${label}中找不到工作表「${name}」（工作表被改名或删除）；现有工作表：${wb.worksheets
      .filter((w) => w.name !== DATA_SHEET)
      .map((w) => `「${w.name}」`)
      .join('、')}`,
  );
}

function findHeader(ws: Worksheet): number | null {
  for (let r = 1; r <= Math.min(ws.rowCount, 10); r++) {
    const row = ws.getRow(r);
    const texts = [...HEADERS, ID_HEADER].map((_, i) => cellText(row.getCell(i + 1).value).trim());
    if (texts.every((t, i) => t === [...HEADERS, ID_HEADER][i])) return r;
  }
  return null;
}

function positive(s: string): number | null {
  const t = s.trim();
  if (!/^\d{1,15}$/.test(t)) return null;
  const n = Number(t);
  return n > 0 ? n : null;
}

/** A cell's value as text, whatever Excel or WPS stored: rich text, links, formulas' results, dates. */
export function cellText(v: CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.replace(/\r\n?/g, '\n');
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) {
    const iso = Number.isFinite(v.getTime()) ? v.toISOString() : '';
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if ('richText' in v && Array.isArray(v.richText)) return v.richText.map((t) => t.text ?? '').join('');
  if ('formula' in v || 'sharedFormula' in v) return cellText((v as { result?: CellValue }).result);
  if ('hyperlink' in v) return cellText((v as { text?: CellValue }).text);
  if ('error' in v) return String(v.error);
  return '';
}

/** The locked columns' texts of a row, merged cells read from their master cell. */
function lockedTexts(row: Row): string[] {
  return LOCKED_COLS.map((c) => {
    const cell = row.getCell(c);
    return cellText((cell.master ?? cell).value).trim();
  });
}
