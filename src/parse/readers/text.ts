import type { Block, BlockDocument, Paragraph } from '../blocks.js';
import { readLabel } from '../extract/labels.js';
import { bareLineTable, numberedSpaceRows, spaceColumnTable } from '../recover/bare-lines.js';
import { type Line, scanLines } from '../recover/lines.js';
import { pipeTable } from '../recover/pipe.js';
import { runTogetherTable } from '../recover/run-together.js';
import { tabTable } from '../recover/tab.js';
import { normalizeSource } from '../text/normalize.js';
import { breakRunOnSections, joinViewerPages } from '../text/viewer.js';
import { decodeText } from './decode.js';

/**
 * The plain-text reader: decodes the bytes, normalises the source text, and recovers the block model —
 * tables flattened into text (tab rows, pipe rows, cell-per-line streams, bare header lines, space-separated
 * columns) and paragraphs (one per line).
 */
export function readTextBytes(bytes: Uint8Array): BlockDocument {
  const decoded = decodeText(bytes);
  return { ...blocksFromText(decoded.text), format: 'txt', encoding: decoded.encoding };
}

export function blocksFromText(raw: string): BlockDocument {
  const viewer = joinViewerPages(normalizeSource(raw));
  viewer.text = breakRunOnSections(viewer.text);
  const text = viewer.text;
  const lines = scanLines(text);
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.kind === 'blank') {
      i++;
      continue;
    }
    if (line.kind === 'tab-row' || line.kind === 'tab-cell') {
      const tabbed = (l: Line) => l.kind === 'tab-row' || l.kind === 'tab-cell';
      const j = extendRegion(lines, i, tabbed, (k) => k > i && bareHeading(lines, k, tabbed));
      const region = lines.slice(i, j);
      const table = region.filter((l) => l.kind !== 'blank').length >= 2 ? tabTable(region) : null;
      if (table && (table.rows.length >= 2 || table.streamCells?.length)) blocks.push(table);
      else pushParagraphs(blocks, region);
      i = j;
      continue;
    }
    if (line.kind === 'pipe') {
      const j = extendPipeRegion(lines, i);
      // «工作任务\n|\n具体要求\n|»: a cell's text stands on the line before the «|» that ends it.
      let from = i;
      if (/^[|｜\s]*$/.test(line.text) && blocks.length > 0) {
        const prev = blocks[blocks.length - 1]!;
        const before = i > 0 ? lines[i - 1]! : null;
        if (
          prev.kind === 'paragraph' &&
          before &&
          before.kind === 'text' &&
          prev.span.end === before.start + before.text.trimEnd().length
        ) {
          blocks.pop();
          from = i - 1;
        }
      }
      const region = lines.slice(from, j);
      const table = pipeTable(region, text);
      if (table && (table.rows.length >= 2 || table.streamCells?.length)) blocks.push(table);
      else pushParagraphs(blocks, region);
      i = j;
      continue;
    }
    const glued = line.kind === 'text' ? runTogetherTable(lines, i) : null;
    if (glued) {
      blocks.push(...glued.blocks);
      i = glued.next;
      continue;
    }
    const bare = bareLineTable(lines, i) ?? spaceColumnTable(lines, i) ?? numberedSpaceRows(lines, i);
    if (bare) {
      blocks.push(bare.table);
      i = bare.next;
      continue;
    }
    pushParagraphs(blocks, [line]);
    i++;
  }
  const notices = viewer.dropped.length
    ? [{ code: 'viewer-pages', message: `文本取自文档分享网站的阅读页，已去除：${viewer.dropped.join('；')}` }]
    : [];
  return { text, blocks, format: 'txt', notices };
}

/**
 * Extends a region over lines that `inside` accepts and blank lines between them; trailing blanks excluded.
 * `heading(k)` admits a line between rows that heads the rows after it (a section row printed bare).
 */
function extendRegion(
  lines: readonly Line[],
  i: number,
  inside: (l: Line) => boolean,
  heading: (k: number) => boolean = () => false,
): number {
  let j = i;
  let lastInside = i;
  while (j < lines.length) {
    const l = lines[j]!;
    if (inside(l)) lastInside = j;
    else if (heading(j)) lastInside = j;
    else if (l.kind !== 'blank') break;
    j++;
  }
  return lastInside + 1;
}

/** A pipe region also takes text lines that a later «|» closes (a wrapped cell), up to two lines ahead. */
function extendPipeRegion(lines: readonly Line[], i: number): number {
  let j = i;
  let lastPipe = i;
  while (j < lines.length) {
    const l = lines[j]!;
    if (l.kind === 'pipe') {
      lastPipe = j;
      j++;
      continue;
    }
    if (l.kind === 'blank') {
      j++;
      continue;
    }
    let k = j;
    let seen = 0;
    while (k < lines.length && seen < 2 && lines[k]!.kind !== 'pipe') {
      if (lines[k]!.kind !== 'blank') seen++;
      k++;
    }
    if (k < lines.length && lines[k]!.kind === 'pipe' && seen <= 2) {
      j = k;
      continue;
    }
    break;
  }
  return lastPipe + 1;
}

/**
 * A section or group heading printed without the table's separators between two of its rows
 * («一、优化营商环境» among tab or pipe rows): short, labelled, and followed by a row of the table.
 */
function bareHeading(lines: readonly Line[], k: number, inside: (l: Line) => boolean): boolean {
  if (!headingLine(lines[k]!)) return false;
  // A section heading and its first group may stand together: a few lines ahead, never a scan.
  for (let n = k + 1; n < Math.min(lines.length, k + 5); n++) {
    const l = lines[n]!;
    if (inside(l)) return true;
    if (l.kind !== 'blank' && !headingLine(l)) return false;
  }
  return false;
}

function headingLine(l: Line): boolean {
  if (l.kind !== 'text') return false;
  const t = l.text.trim();
  if (t.length > 60 || /[。；;]$/.test(t)) return false;
  const label = readLabel(t);
  return label !== null && (label.kind === 'section' || label.kind === 'group');
}

function pushParagraphs(blocks: Block[], lines: readonly Line[]): void {
  for (const l of lines) {
    const t = l.text;
    const lead = t.length - t.trimStart().length;
    const trimmed = t.trim();
    if (trimmed === '') continue;
    const p: Paragraph = {
      kind: 'paragraph',
      text: trimmed,
      span: { start: l.start + lead, end: l.start + lead + trimmed.length },
    };
    blocks.push(p);
  }
}
