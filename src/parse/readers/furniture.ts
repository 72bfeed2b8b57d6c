import type { PageLayout } from './page-layout.js';

/**
 * Page furniture: running heads and feet that the page layout repeats (the issuer's name, a confidentiality
 * mark, 「- 3 -」 page numbers). Only lines in the top or bottom margin band are considered, and only
 * when they are page numbers or recur at the same place on most pages, so body text that happens to
 * repeat is kept.
 */
const BAND = 0.12;
// Same place: tops within this many points.
const SAME_PLACE = 4;
const PAGE_NUMBER = /^(?:[-—–－‒―~·]*\d+[-—–－‒―~·]*|第\d+页(?:共\d+页)?|共\d+页第\d+页|\d+\/\d+|page\d+(?:of\d+)?)$/i;

export function dropFurniture(pages: PageLayout[]): void {
  const inBand = (p: PageLayout, top: number, bottom: number): 'head' | 'foot' | null =>
    bottom <= p.height * BAND ? 'head' : top >= p.height * (1 - BAND) ? 'foot' : null;
  // Candidates by text (digits folded, so 「第 3 页」 and 「第 4 页」 are one) and band.
  const groups = new Map<string, { page: number; top: number }[]>();
  for (const p of pages) {
    for (const l of p.lines) {
      const band = inBand(p, l.top, l.bottom);
      if (!band) continue;
      const key = `${band}:${fold(l.text)}`;
      const g = groups.get(key) ?? [];
      groups.set(key, g);
      g.push({ page: p.page, top: l.top });
    }
  }
  const need = Math.max(2, Math.ceil(pages.length * 0.5));
  const repeated = new Set<string>();
  for (const [key, hits] of groups) {
    const tops = hits.map((h) => h.top).sort((a, b) => a - b);
    const mid = tops[Math.floor(tops.length / 2)]!;
    const pagesAtPlace = new Set(hits.filter((h) => Math.abs(h.top - mid) <= SAME_PLACE).map((h) => h.page));
    if (pagesAtPlace.size >= need) repeated.add(key);
  }
  for (const p of pages) {
    p.lines = p.lines.filter((l) => {
      const band = inBand(p, l.top, l.bottom);
      if (!band) return true;
      const compact = l.text.replace(/\s+/g, '');
      return !PAGE_NUMBER.test(compact) && !repeated.has(`${band}:${fold(l.text)}`);
    });
  }
}

function fold(text: string): string {
  return text.replace(/\s+/g, '').replace(/\d+/g, '#');
}
