/**
 * Text copied from a document-sharing site's viewer: each page is one long line opened by its page number
 * («1、», «2、» …), so the numbers cut sentences and even words in two, and the site's own lines (the file
 * name, «…由会员分享,可在线阅读…») stand before the first page. Recognised by shape: the only lines that open
 * with «N、» number 1, 2, 3 … in order, every page before a mark is long, and most pages end mid-sentence
 * (an outline's items end theirs). The marks are removed and the pages joined; the site's lines before the
 * first page are dropped. Linear in the text.
 */
export interface ViewerCleanup {
  text: string;
  /** What was removed, for the plan's warnings. */
  dropped: string[];
}

const MARK = /^(\d{1,3})、/;
const FILE_NAME = /\.(?:docx?|wps|pdf|xlsx?|pptx?|txt)\b/i;
const SENTENCE_END = /[。；;！!？?）)」』”"]$/;
const MIN_PAGE = 80;

export function joinViewerPages(text: string): ViewerCleanup {
  if (text.indexOf('1、') < 0) return { text, dropped: [] };
  const lines = text.split('\n');
  const marks: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = MARK.exec(lines[i]!);
    if (!m) continue;
    if (Number(m[1]) !== marks.length + 1) return { text, dropped: [] };
    marks.push(i);
  }
  if (marks.length < 2) return { text, dropped: [] };
  let cut = 0;
  for (let k = 1; k < marks.length; k++) {
    const before = lastContent(lines, marks[k - 1]!, marks[k]!);
    if (before === null || before.length < MIN_PAGE) return { text, dropped: [] };
    if (!SENTENCE_END.test(before.trimEnd())) cut++;
  }
  if (cut * 2 < marks.length - 1) return { text, dropped: [] };

  const dropped: string[] = [];
  const out: string[] = [];
  const first = marks[0]!;
  for (let i = 0; i < first; i++) {
    if (FILE_NAME.test(lines[i]!)) dropped.push(lines[i]!.trim());
    else out.push(lines[i]!);
  }
  const isMark = new Set(marks);
  for (let i = first; i < lines.length; i++) {
    const line = lines[i]!;
    if (!isMark.has(i)) {
      out.push(line);
      continue;
    }
    const body = line.replace(MARK, '');
    // Page 1 opens a line; later pages continue the sentence the page break cut.
    if (i === first || out.length === 0) out.push(body);
    else out[out.length - 1] += body;
  }
  dropped.push(`页码标记 ${marks.length} 处`);
  return { text: out.join('\n'), dropped };
}

/** The last non-blank line in [from, to), or null. */
function lastContent(lines: readonly string[], from: number, to: number): string | null {
  for (let i = to - 1; i >= from; i--) if (lines[i]!.trim() !== '') return lines[i]!;
  return null;
}

// «…如下:一、切实加强…», «…工作机制。二、深化…», «…(市食安办负责)二、深化…»: a section label run on after
// a sentence, a colon or an item's closing annotation.
const INLINE_SECTION = /([。；;：:)）])([一二三四五六七八九十]{1,3}、)/g;
const LONG_LINE = 150;

/**
 * Lines of flattened text that run several sections together: each section label that follows the end of a
 * sentence or a colon starts a line of its own, as it did in the plan. Only long lines are looked at (a
 * flattened page); a short line with «：一、» is left as printed.
 */
export function breakRunOnSections(text: string): string {
  if (text.indexOf('、') < 0) return text;
  let changed = false;
  const lines = text.split('\n').map((line) => {
    if (line.length < LONG_LINE) return line;
    const next = line.replace(INLINE_SECTION, '$1\n$2');
    if (next !== line) changed = true;
    return next;
  });
  return changed ? lines.join('\n') : text;
}
