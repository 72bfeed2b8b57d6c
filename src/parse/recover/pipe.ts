import type { Row, Table } from '../blocks.js';
import { rowsFromStream, type StreamCell } from './cell-stream.js';
import type { Line } from './lines.js';

/**
 * A run of lines with «|» cell ends. Two shapes: a row per line («a | b | c |»), or a cell per line
 * («text |», with «||» for empty cells) whose rows must be rebuilt. Lines without a «|» inside the run
 * belong to the cell the next «|» ends (a cell's text can wrap).
 */
export function pipeTable(lines: readonly Line[], source: string): Table | null {
  const cells: (StreamCell & { line: number; first: boolean })[] = [];
  // Cells ended on each line of the run, by position in `lines`.
  const perLine = new Int32Array(lines.length);
  let pendingStart = -1;
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k]!;
    let pos = line.start;
    const end = line.end;
    let first = true;
    for (let i = line.start; i < end; i++) {
      const ch = source.charCodeAt(i);
      if (ch !== 0x7c && ch !== 0xff5c) continue;
      const start = pendingStart >= 0 ? pendingStart : pos;
      cells.push({ text: source.slice(start, i), start, end: i, line: line.index, first });
      perLine[k]!++;
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

  let contentLines = 0;
  let multi = 0;
  for (let k = 0; k < lines.length; k++) {
    const l = lines[k]!;
    if (l.kind !== 'pipe' || l.text.trim() === '') continue;
    contentLines++;
    if (perLine[k]! >= 2 && hasTwoContentCells(l.text)) multi++;
  }
  let rows: Row[];
  let origin: Table['origin'];
  let stream: Table['streamCells'];
  if (multi >= Math.max(1, contentLines * 0.6)) {
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

function hasTwoContentCells(text: string): boolean {
  return text.split(/[|｜]/).filter((p) => p.trim() !== '').length >= 2;
}

function toRow(cells: readonly StreamCell[]): Row {
  return {
    cells: cells.map((c) => ({ text: c.text, span: { start: c.start, end: c.end }, rowspan: 1, colspan: 1 })),
    span: { start: cells[0]!.start, end: cells[cells.length - 1]!.end },
  };
}
