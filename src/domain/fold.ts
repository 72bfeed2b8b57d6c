import hkVariants from 'opencc-js/dict/HKVariantsRev';
import stCharacters from 'opencc-js/dict/STCharacters';
import tsCharacters from 'opencc-js/dict/TSCharacters';
import twVariants from 'opencc-js/dict/TWVariantsRev';

/**
 * A length-preserving "matching view" of text: traditional characters folded to simplified, full-width
 * ASCII to half-width, odd spaces to a plain space. Every rule of the parser matches on the folded view and
 * cuts from the original text at the same offsets, so output keeps what the document printed.
 */
const table = buildTable();

function buildTable(): Uint16Array {
  const t = new Uint16Array(0x10000);
  for (let i = 0; i < t.length; i++) t[i] = i;
  for (let c = 0xff01; c <= 0xff5e; c++) t[c] = c - 0xfee0;
  for (const c of [0x3000, 0x00a0, 0x2002, 0x2003, 0x2009, 0x202f, 0x205f]) t[c] = 0x20;
  // Small form variants (﹒﹐﹑﹔﹕) that some converters print in labels and lists.
  const small: [number, string][] = [
    [0xfe50, ','],
    [0xfe51, '、'],
    [0xfe52, '.'],
    [0xfe54, ';'],
    [0xfe55, ':'],
    [0xfe56, '?'],
    [0xfe57, '!'],
    [0xfe5d, '〔'],
    [0xfe5e, '〕'],
  ];
  for (const [c, to] of small) t[c] = to.charCodeAt(0);
  // Dashes and brackets that converters emit in place of the ASCII or usual CJK ones.
  t[0xfe59] = 0x28; // ﹙
  t[0xfe5a] = 0x29; // ﹚
  addPairs(t, tsCharacters);
  // These three list `target source…`: the variant forms fold to the first, then on to simplified.
  for (const dict of [stCharacters, twVariants, hkVariants]) addReversePairs(t, dict);
  return t;
}

function addPairs(t: Uint16Array, dict: string): void {
  for (const pair of dict.split('|')) {
    const sp = pair.indexOf(' ');
    if (sp < 0) continue;
    const from = pair.slice(0, sp);
    const to = pair.slice(sp + 1).split(' ')[0] ?? '';
    // Only single BMP characters keep the view length-preserving.
    if (from.length !== 1 || to.length !== 1) continue;
    const f = from.charCodeAt(0);
    const target = to.charCodeAt(0);
    // Variant tables map rare forms to common ones; never undo a fold already made.
    if (t[f] === f) t[f] = t[target] ?? target;
  }
}

function addReversePairs(t: Uint16Array, dict: string): void {
  for (const pair of dict.split('|')) {
    const forms = pair.split(' ');
    const simp = forms[0] ?? '';
    if (simp.length !== 1) continue;
    const s = simp.charCodeAt(0);
    for (const trad of forms.slice(1)) {
      if (trad.length !== 1) continue;
      const c = trad.charCodeAt(0);
      if (t[c] === c && c !== s) t[c] = t[s] ?? s;
    }
  }
}

const decoder = new TextDecoder('utf-16le');

/** Folds `s` for matching; the result has exactly the same length and offsets as `s`. */
export function fold(s: string): string {
  const n = s.length;
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (table[c] !== c) break;
    i++;
  }
  if (i === n) return s;
  if (n < 64) {
    let out = s.slice(0, i);
    for (; i < n; i++) out += String.fromCharCode(table[s.charCodeAt(i)]!);
    return out;
  }
  const out = new Uint16Array(n);
  for (let k = 0; k < n; k++) out[k] = table[s.charCodeAt(k)]!;
  return decoder.decode(out);
}

/** Folds one character code. */
export function foldCode(c: number): number {
  return table[c]!;
}
