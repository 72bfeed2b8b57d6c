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
const MARKS = /^(\d{1,3})、/gm;
const FILE_NAME = /\.(?:docx?|wps|pdf|xlsx?|pptx?|txt)\b/i;
const SENTENCE_END = /[。；;！!？?）)」』”"]$/;
const MIN_PAGE = 80;

export function joinViewerPages(text: string): ViewerCleanup {
  // Judged on the marks' offsets first: the lines are cut only for a text that has the viewer's shape.
  const offsets: number[] = [];
  for (const m of text.matchAll(MARKS)) {
    if (Number(m[1]) !== offsets.length + 1) return { text, dropped: [] };
    offsets.push(m.index);
  }
  if (offsets.length < 2) return { text, dropped: [] };
  let cut = 0;
  for (let k = 1; k < offsets.length; k++) {
    const before = text.slice(offsets[k - 1]!, offsets[k]!).trimEnd();
    const last = before.slice(before.lastIndexOf('\n') + 1);
    if (last.length < MIN_PAGE) return { text, dropped: [] };
    if (!SENTENCE_END.test(last)) cut++;
  }
  if (cut * 2 < offsets.length - 1) return { text, dropped: [] };

  const lines = text.split('\n');
  const marks: number[] = [];
  for (let i = 0; i < lines.length; i++) if (MARK.test(lines[i]!)) marks.push(i);
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

// «…如下:一、切实加强…», «…工作机制。二、深化…», «…(市食安办负责)二、深化…»: a section label run on after
// a sentence, a colon or an item's closing annotation.
const INLINE_SECTION = /([。：:)）])([一二三四五六七八九十]{1,3}、)/g;
const LONG_LINE = 150;

/**
 * Lines of flattened text that run several sections together: each section label that follows the end of a
 * sentence or a colon starts a line of its own, as it did in the plan. Only long lines are looked at (a
 * flattened page); a short line with «：一、» is left as printed.
 */
export function breakRunOnSections(text: string): string {
  // The line around each match is measured once per line, so a long line with many labels stays linear.
  let lineStart = -1;
  let lineEnd = -1;
  return text.replace(INLINE_SECTION, (all: string, stop: string, label: string, at: number) => {
    if (at >= lineEnd) {
      lineStart = text.lastIndexOf('\n', at) + 1;
      const e = text.indexOf('\n', at);
      lineEnd = e < 0 ? text.length : e;
    }
    return lineEnd - lineStart >= LONG_LINE ? `${stop}\n${label}` : all;
  });
}
