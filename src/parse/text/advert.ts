/**
 * Text that web mirrors inject into a copied plan (adverts for betting sites and the like), judged by its
 * shape rather than by words: a web address, a lower-case run of letters and digits glued to Chinese text
 * (the address or code of a site, «yh8899»), or a contact handle (QQ / 微信 and an account). Government text
 * writes Latin letters as upper-case abbreviations (5G, PM2.5, ISO9001) and names no chat accounts.
 * Returns the first such fragment, or null.
 */
const URL = /(?:https?:\/\/|www\.)[\w.-]+|\b[a-z0-9-]{2,}\.(?:com|net|cc|vip|top|xyz|app|me|io|tv)\b/i;
const GLUED_CODE =
  /(?<=[\u3400-\u9fff]|^)(?=[a-z0-9]*[a-z]{2})(?=[a-z0-9]*\d{2})[a-z0-9]{5,}|[a-z0-9]{5,}(?=[\u3400-\u9fff])/;
const CONTACT = /(?:QQ|qq|微信|VX|vx|加微|客服)(?:号|群)?[:：]?\s*[A-Za-z0-9_-]{5,}/;

export function advertIn(text: string): string | null {
  const m = URL.exec(text) ?? CONTACT.exec(text) ?? glued(text);
  return m ? m[0] : null;
}

function glued(text: string): RegExpExecArray | null {
  const m = GLUED_CODE.exec(text);
  // Both letters and digits, lower case: a site's code, not a unit of measure («km2») or a model («5G»).
  return m && /[a-z]{2}/.test(m[0]) && /\d{2}/.test(m[0]) ? m : null;
}
