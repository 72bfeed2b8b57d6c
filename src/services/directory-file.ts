import { AppError } from '../domain/errors.js';
import type { DirectoryData } from '../domain/unit.js';
import { readSheetRows } from '../parse/index.js';
import { COLUMNS, directoryFromCsv, directoryFromRows } from '../units/exchange.js';

/**
 * A unit directory sheet as uploaded or named on the command line: an .xlsx workbook is read in the reader
 * worker (archive limits, a row cap, a heap limit and a deadline — never exceljs in the serving thread), a
 * CSV as text; the format is told by content, not by the name.
 */
export const MAX_DIRECTORY_ROWS = 50_000;
const DIRECTORY_READ_MS = 10_000;

export async function readDirectorySheet(bytes: Uint8Array, name: string): Promise<DirectoryData> {
  if (bytes.length === 0) throw new AppError('file-empty', `文件为空：${name}`);
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    const rows = await readSheetRows(bytes, {
      name,
      limits: { maxSheetRows: MAX_DIRECTORY_ROWS, timeoutMs: DIRECTORY_READ_MS },
    });
    const width = Math.max(COLUMNS.length, rows[0]?.length ?? 0);
    return directoryFromRows(
      rows.map((r) => (r.length < width ? [...r, ...Array<string>(width - r.length).fill('')] : r)),
      name,
    );
  }
  const text = new TextDecoder().decode(bytes);
  let lines = 0;
  for (let at = text.indexOf('\n'); at >= 0 && lines <= MAX_DIRECTORY_ROWS; at = text.indexOf('\n', at + 1)) lines++;
  if (lines > MAX_DIRECTORY_ROWS)
    throw new AppError('file-too-large', `${name} 行数过多（上限为 ${MAX_DIRECTORY_ROWS} 行），已停止读取`);
  return directoryFromCsv(text, name);
}
