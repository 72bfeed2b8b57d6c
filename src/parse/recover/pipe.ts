import type { Row, Table } from '../blocks.js';
import { readLabel } from '../extract/labels.js';
import { rowsFromStream, type StreamCell } from './cell-stream.js';
import type { Line } from './lines.js';

/**
 * A run of lines with «|» cell ends. Two shapes: a row per line («a | b | c |»), or a cell per line
 * («text |», with «||» for empty cells) whose rows must be rebuilt. Lines without a «|» inside the run
 * belong to the cell the next «|» ends (a cell's text can wrap).
 */
export function pipeTable(lines: readonly Line[], source: string): Table | null {
  // Row per line or cell per line: decided on the lines themselves before any cell is cut.
  let contentLines = 0;
  let multi = 0;
  let opened = 0;
  for (const l of lines) {
    if (l.kind !== 'pipe' || l.text.trim() === '' || isRule(l.text)) continue;
    contentLines++;
    if (hasTwoContentCells(l.text)) multi++;
    if (/^\s*[|｜]/.test(l.text)) opened++;
  }
  const rowMode = multi >= Math.max(1, contentLines * 0.6);
  // Rows without outer pipes («1 | 任务 | 单位»): a line is a row, its last cell ends with the line.
  if (rowMode && opened * 2 < contentLines) return openPipeRows(lines);
  const cells: (StreamCell & { line: number; first: boolean })[] = [];
  let pendingStart = -1;
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k]!;
    if (line.kind === 'blank') continue;
    // A markdown table's rule under its header («|---|:--:|») is no row.
    if (line.kind === 'pipe' && isRule(line.text)) continue;
    // Rows of a pipe table with a section row printed bare between them: the heading is a row of its own.
    if (rowMode && pendingStart < 0 && line.kind === 'text' && isHeadingLine(line.text)) {
      const lead = line.text.length - line.text.trimStart().length;
      const start = line.start + lead;
      cells.push({
        text: line.text.trim(),
        start,
        end: start + line.text.trim().length,
        line: line.index,
        first: true,
      });
      continue;
    }
    let pos = line.start;
    const end = line.end;
    let first = true;
    for (let i = line.start; i < end; i++) {
      const ch = source.charCodeAt(i);
      if (ch !== 0x7c && ch !== 0xff5c) continue;
      const start = pendingStart >= 0 ? pendingStart : pos;
      cells.push({ text: source.slice(start, i), start, end: i, line: line.index, first });
      first = false;
      pendingStart = -1;
      pos = i + 1;
    }
    if (source.slice(pos, end).trim() !== '') {
      if (pendingStart < 0) pendingStart = pos;
    } else if (pendingStart >= 0 && pos === line.start) {
      // a blank line inside a wrapped cell: keep waiting for its «|»
    }
  }
  if (pendingStart >= 0) {
    const last = lines[lines.length - 1]!;
    cells.push({
      text: source.slice(pendingStart, last.end),
      start: pendingStart,
      end: last.end,
      line: last.index,
      first: true,
    });
  }
  if (cells.length === 0) return null;

  let rows: Row[];
  let origin: Table['origin'];
  let stream: Table['streamCells'];
  if (rowMode) {
    origin = 'pipe-rows';
    rows = [];
    let cur: typeof cells = [];
    let curLine = -1;
    for (const c of cells) {
      if (c.line !== curLine && cur.length > 0 && c.first) {
        rows.push(toRow(cur));
        cur = [];
      }
      cur.push(c);
      curLine = c.line;
    }
    if (cur.length > 0) rows.push(toRow(cur));
  } else {
    const rebuilt = rowsFromStream(cells);
    if (!rebuilt) return null;
    origin = 'cell-stream';
    rows = rebuilt.rows;
    stream = rebuilt.stream;
  }
  const first = lines[0]!;
  const last = lines[lines.length - 1]!;
  const table: Table = { kind: 'table', rows, span: { start: first.start, end: last.end }, origin };
  if (stream) table.streamCells = stream;
  return table;
}

/**
 * Pipe rows printed without outer pipes: every piece between pipes is a cell, the first and last too (an
 * empty one is an empty cell). Lines without a pipe are rows of one cell (section headings, page marks).
 */
function openPipeRows(lines: readonly Line[]): Table | null {
  const rows: Row[] = [];
  for (const l of lines) {
    if (l.kind === 'blank' || l.text.trim() === '' || isRule(l.text)) continue;
    const cells: Row['cells'] = [];
    let from = 0;
    for (let i = 0; i <= l.text.length; i++) {
      const c = l.text.charCodeAt(i);
      if (i < l.text.length && c !== 0x7c && c !== 0xff5c) continue;
      const raw = l.text.slice(from, i);
      const lead = raw.length - raw.trimStart().length;
      const text = raw.trim();
      const start = l.start + from + lead;
      cells.push({ text, span: { start, end: start + text.length }, rowspan: 1, colspan: 1 });
      from = i + 1;
    }
    rows.push({
      cells: l.kind === 'pipe' ? cells : cells.filter((c) => c.text !== ''),
      span: { start: l.start, end: l.end },
    });
  }
  if (rows.length < 2) return null;
  return {
    kind: 'table',
    rows,
    span: { start: lines[0]!.start, end: lines[lines.length - 1]!.end },
    origin: 'pipe-rows',
  };
}

function isRule(text: string): boolean {
  return /^[\s|｜:：]*[-—–]{2,}[-—–\s|｜:：]*$/.test(text);
}

/** A section or group heading standing alone on its line («一、优化营商环境», «（二）强化保障»). */
function isHeadingLine(text: string): boolean {
  const t = text.trim();
  if (t.length > 60 || /[。；;]$/.test(t)) return false;
  const label = readLabel(t);
  return label !== null && (label.kind === 'section' || label.kind === 'group');
}

function hasTwoContentCells(text: string): boolean {
  // Counted in one pass without splitting: every line of a pipe run is asked.
  let cells = 0;
  let content = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7c || c === 0xff5c) {
      if (content && ++cells >= 2) return true;
      content = false;
    } else if (c !== 0x20 && c !== 0x09 && c !== 0x3000) content = true;
  }
  return content && cells + 1 >= 2;
}

function toRow(cells: readonly StreamCell[]): Row {
  return {
    cells: cells.map((c) => ({ text: c.text, span: { start: c.start, end: c.end }, rowspan: 1, colspan: 1 })),
    span: { start: cells[0]!.start, end: cells[cells.length - 1]!.end },
  };
}
