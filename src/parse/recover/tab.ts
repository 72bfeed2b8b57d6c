import type { Row, Table } from '../blocks.js';
import { rowsFromStream, type StreamCell } from './cell-stream.js';
import type { Line } from './lines.js';

/**
 * A run of tab-marked lines. Either a row per line, cells split at tabs (a covered cell shows as an empty
 * field), or a cell per line after a leading tab, rows rebuilt from the stream.
 */
export function tabTable(lines: readonly Line[]): Table | null {
  const rowLines = lines.filter((l) => l.kind === 'tab-row').length;
  const cellLines = lines.filter((l) => l.kind === 'tab-cell').length;
  const first = lines[0]!;
  const last = lines[lines.length - 1]!;
  const span = { start: first.start, end: last.end };
  if (rowLines >= cellLines) {
    const rows: Row[] = [];
    for (const l of lines) {
      if (l.kind === 'blank') continue;
      rows.push(splitRow(l));
    }
    return rows.length > 0 ? { kind: 'table', rows, span, origin: 'tab-rows' } : null;
  }
  const cells: StreamCell[] = [];
  for (const l of lines) {
    if (l.kind === 'blank') continue;
    for (const c of splitRow(l).cells.slice(l.kind === 'tab-cell' ? 1 : 0)) {
      cells.push({ text: c.text, start: c.span.start, end: c.span.end });
    }
  }
  const rebuilt = rowsFromStream(cells);
  if (!rebuilt) return null;
  const table: Table = { kind: 'table', rows: rebuilt.rows, span, origin: 'cell-stream' };
  if (rebuilt.stream) table.streamCells = rebuilt.stream;
  return table;
}

function splitRow(l: Line): Row {
  const cells: Row['cells'] = [];
  let start = l.start;
  for (let i = l.start; i <= l.end; i++) {
    if (i === l.end || l.text.charCodeAt(i - l.start) === 9) {
      cells.push({ text: l.text.slice(start - l.start, i - l.start), span: { start, end: i }, rowspan: 1, colspan: 1 });
      start = i + 1;
    }
  }
  return { cells, span: { start: l.start, end: l.end } };
}
