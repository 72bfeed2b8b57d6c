/**
 * Lines of the source text, each classified by the table markup it shows. A plan flattened to text keeps its
 * tables in one of a few shapes: tab-separated rows, pipe-separated rows, one cell per line ending in «|»,
 * one cell per line after a tab, or bare lines under a column header.
 */
export type LineKind = 'blank' | 'tab-row' | 'tab-cell' | 'pipe' | 'text';

export interface Line {
  index: number;
  start: number;
  end: number;
  text: string;
  kind: LineKind;
}

export function scanLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  let index = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const t = text.slice(start, end);
    lines.push({ index: index++, start, end, text: t, kind: kindOf(t) });
    start = end + 1;
    if (end === text.length) break;
  }
  return lines;
}

/**
 * A page mark a viewer or converter left between two lines of the text: «- 2 -», «—3—», «第2页 共5页».
 * It stands for nothing in the plan, and inside a table it would split a row or the table.
 */
export const PAGE_MARK =
  /^\s*(?:[-—–－]+\s*\d{1,4}\s*[-—–－]+|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|page\s*\d{1,4}(?:\s*of\s*\d{1,4})?)\s*$/i;

const MAY_MARK = /^\s*[-—–－第pP]/;

function kindOf(t: string): LineKind {
  if (t.trim() === '') return t.includes('\t') ? 'tab-cell' : 'blank';
  if (t.length < 40 && MAY_MARK.test(t) && PAGE_MARK.test(t)) return 'blank';
  if (t.includes('|') || t.includes('｜')) return 'pipe';
  if (!t.includes('\t')) return 'text';
  const fields = t.split('\t');
  const content = fields.filter((f) => f.trim() !== '').length;
  // «\t宣传科负责» is one cell of a cell-per-line table; «a\tb» or «\t\t8.…\t\t» is a row.
  if (fields.length === 2 && fields[0]!.trim() === '') return 'tab-cell';
  if (fields.length >= 3 || content >= 2) return 'tab-row';
  return 'text';
}
