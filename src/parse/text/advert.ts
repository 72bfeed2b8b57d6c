/**
 * Text that web mirrors inject into a copied plan (adverts for betting sites and the like), judged by its
 * shape rather than by words: a web address, a lower-case run of letters and digits glued to Chinese text
 * (the address or code of a site, «yh8899»), or a contact handle (QQ / 微信 and an account). Government text
 * writes Latin letters as upper-case abbreviations (5G, PM2.5, ISO9001) and names no chat accounts.
 */
const URL = /(?:https?:\/\/|www\.)[\w.-]+|\b[a-z0-9-]{2,}\.(?:com|net|cc|vip|top|xyz|app|me|io|tv)\b/gi;
const CODE = /[a-z0-9]{5,}/g;
const CJK = /[\u3400-\u9fff]/;
const CONTACT = /(?:QQ|qq|微信|VX|vx|加微|客服)(?:号|群)?[:：]?\s*[A-Za-z0-9_-]{5,}/g;
/** How far an advert's Chinese words may run after its code before the «…的» that ties it into the sentence. */
const TAIL_MAX = 12;

interface Span {
  start: number;
  end: number;
}

/** The first advert fragment in the text, or null. */
export function advertIn(text: string): string | null {
  const first = advertSpans(text)[0];
  return first ? text.slice(first.start, first.end) : null;
}

/** Where the adverts are: addresses, contact handles and glued site codes, in text order. */
function advertSpans(text: string): Span[] {
  // Most task texts hold no Latin letter at all: then none of the shapes can be there.
  if (!/[A-Za-z]/.test(text)) return [];
  const spans: Span[] = [];
  for (const re of [URL, CONTACT])
    for (const m of text.matchAll(re)) spans.push({ start: m.index, end: m.index + m[0].length });
  for (const m of text.matchAll(CODE)) {
    const code = m[0];
    // Both letters and digits, lower case: a site's code, not a unit of measure («km2») or a model («5G»).
    if (!/[a-z]{2}/.test(code) || !/\d{2}/.test(code)) continue;
    const before = text[m.index - 1] ?? '';
    const after = text[m.index + code.length] ?? '';
    if (CJK.test(before) || CJK.test(after) || (m.index === 0 && after === ''))
      spans.push({ start: m.index, end: m.index + code.length });
  }
  return spans.sort((a, b) => a.start - b.start);
}

/**
 * The text with its adverts taken out, for what the ledger stores, documents print and the public sees (the
 * parse keeps the text as printed, flagged). A glued code takes with it the Chinese words it heads up to a
 * «的» close behind (`yd222云顶线路检测中心的联系方式` → `联系方式`): the fragment is inserted whole into a
 * sentence, and 的 is where it rejoins it. Without such a 的 only the code goes, and the office sees the
 * rest flagged in review.
 */
export function withoutAdverts(text: string): { text: string; removed: string[] } {
  const spans = advertSpans(text);
  if (spans.length === 0) return { text, removed: [] };
  let out = '';
  let at = 0;
  const removed: string[] = [];
  for (const s of spans) {
    if (s.start < at) continue;
    let end = s.end;
    for (let i = end; i < text.length && i - s.end <= TAIL_MAX; i++) {
      const ch = text[i]!;
      if (ch === '的') {
        end = i + 1;
        break;
      }
      if (!CJK.test(ch)) break;
    }
    out += text.slice(at, s.start);
    removed.push(text.slice(s.start, end));
    at = end;
  }
  return { text: out + text.slice(at), removed };
}
