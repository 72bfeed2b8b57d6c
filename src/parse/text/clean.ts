/**
 * Cleans the text of one cell or paragraph: HTML left in by a converter (<p>, <br>, &nbsp;) becomes plain
 * text with paragraph breaks as newlines; runs of spaces collapse. Offsets are not kept: callers keep the
 * raw span of the whole cell.
 */
const ENTITIES: Record<string, string> = {
  nbsp: ' ',
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  ldquo: '“',
  rdquo: '”',
  middot: '·',
  mdash: '—',
  hellip: '…',
};

// Most cells need nothing but a trim: test for the rare cases before splitting into lines.
const NEEDS_WORK = /[<&\n\t\u3000\u00a0]| {2}/;

export function cleanCellText(raw: string): string {
  if (!NEEDS_WORK.test(raw)) return raw.trim();
  let s = raw;
  if (s.indexOf('<') >= 0) {
    s = s.replace(/<\s*(?:br|\/p|\/div|\/li|\/tr)\s*\/?>/gi, '\n').replace(/<\/?[a-zA-Z][^<>]{0,200}>/g, '');
  }
  if (s.indexOf('&') >= 0) {
    s = s.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (m, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number.parseInt(e.slice(1), 10);
        return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : m;
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    });
  }
  return s
    .split('\n')
    .map((l) => l.replace(/[ \t\u3000\u00a0]+/g, ' ').trim())
    .filter((l) => l !== '')
    .join('\n');
}
