/**
 * Turns decoded text into the parser's source text: the text every span points into. Only artefacts that
 * carry no meaning are removed here (line-ending variants, zero-width characters, markdown bold markers,
 * pinyin glosses that some converters add after a character: «區(qū)»). Everything else stays verbatim.
 */
export function normalizeSource(raw: string): string {
  let s = raw.indexOf('\r') >= 0 ? raw.replace(/\r\n?/g, '\n') : raw;
  s = s.replace(/[\u200b-\u200d\u2060\ufeff]/g, '');
  if (s.indexOf('**') >= 0) s = s.replace(/\*\*/g, '');
  if (/[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]/.test(s)) s = stripPinyinGlosses(s);
  return s;
}

// A gloss: one bracketed run of lowercase pinyin, with at least one tone mark, right after a Han character.
const GLOSS = /(?<=[\u3400-\u9fff])[(（][a-zü]{0,6}[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{0,6}[)）]/g;

function stripPinyinGlosses(s: string): string {
  return s.replace(GLOSS, '');
}
