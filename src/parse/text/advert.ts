/**
 * Text that web mirrors inject into a copied plan (adverts for betting sites and the like), judged by its
 * shape rather than by words: a web address, a lower-case run of letters and digits glued to Chinese text
 * (the address or code of a site, «yh8899»), or a contact handle (QQ / 微信 and an account). Government text
 * writes Latin letters as upper-case abbreviations (5G, PM2.5, ISO9001) and names no chat accounts.
 * Returns the first such fragment, or null.
 */
const URL = /(?:https?:\/\/|www\.)[\w.-]+|\b[a-z0-9-]{2,}\.(?:com|net|cc|vip|top|xyz|app|me|io|tv)\b/i;
const CODE = /[a-z0-9]{5,}/g;
const CJK = /[\u3400-\u9fff]/;
const CONTACT = /(?:QQ|qq|微信|VX|vx|加微|客服)(?:号|群)?[:：]?\s*[A-Za-z0-9_-]{5,}/;

export function advertIn(text: string): string | null {
  // Most task texts hold no Latin letter at all: then none of the shapes can be there.
  if (!/[A-Za-z]/.test(text)) return null;
  const m = URL.exec(text) ?? CONTACT.exec(text);
  return m ? m[0] : glued(text);
}

/** A lower-case run of letters and digits glued to Chinese on either side («yd222云顶»). */
function glued(text: string): string | null {
  for (const m of text.matchAll(CODE)) {
    const code = m[0];
    // Both letters and digits, lower case: a site's code, not a unit of measure («km2») or a model («5G»).
    if (!/[a-z]{2}/.test(code) || !/\d{2}/.test(code)) continue;
    const before = text[m.index - 1] ?? '';
    const after = text[m.index + code.length] ?? '';
    if (CJK.test(before) || CJK.test(after) || (m.index === 0 && after === '')) return code;
  }
  return null;
}
