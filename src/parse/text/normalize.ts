/**
 * Turns decoded text into the parser's source text: the text every span points into. Only artefacts that
 * carry no meaning are removed here (line-ending variants, zero-width characters, markdown bold markers,
 * pinyin glosses that some converters add after a character: «區(qū)»). Everything else stays verbatim.
 */
export function normalizeSource(raw: string): string {
  // One scan finds which artefacts occur: most texts have none, and each replace is a pass over all of it.
  const seen = scan(raw);
  let s = seen & CR ? raw.replace(/\r\n?/g, '\n') : raw;
  if (seen & ZERO_WIDTH) s = s.replace(/[\u200b-\u200d\u2060\ufeff]/g, '');
  // Removing zero-width characters can bring two stars together.
  if (seen & (STARS | ZERO_WIDTH) && s.indexOf('**') >= 0) s = s.replace(/\*\*/g, '');
  if (seen & TONE) s = stripPinyinGlosses(s);
  return s;
}

const CR = 1;
const ZERO_WIDTH = 2;
const STARS = 4;
const TONE = 8;

function scan(s: string): number {
  let seen = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x0d) seen |= CR;
    else if (c === 0x2a) {
      if (s.charCodeAt(i + 1) === 0x2a) seen |= STARS;
    } else if (c >= 0xe0 && c <= 0x1dc) {
      if (isToneMark(c)) seen |= TONE;
    } else if ((c >= 0x200b && c <= 0x200d) || c === 0x2060 || c === 0xfeff) seen |= ZERO_WIDTH;
  }
  return seen;
}

const TONE_MARKS = 'āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ';

function isToneMark(c: number): boolean {
  return TONE_MARKS.indexOf(String.fromCharCode(c)) >= 0;
}

// A gloss: one bracketed run of lowercase pinyin, with at least one tone mark, right after a Han character.
const GLOSS = /(?<=[\u3400-\u9fff])[(（][a-zü]{0,6}[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{0,6}[)）]/g;

function stripPinyinGlosses(s: string): string {
  return s.replace(GLOSS, '');
}
