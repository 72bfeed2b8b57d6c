/**
 * Text a web mirror of a government page injected into the plan (gambling adverts, «yd222云顶线路检测中心»):
 * the parser flags it (`suspicious-text`); the ledger stores the task without it, so it never reaches a
 * document or the public page unless the office puts it back in review. The run removed is the advert's
 * words with the Latin letters and digits glued before them and the noun and 的 that close them.
 */
export const INJECTED = /买球|投注|博彩|娱乐城|棋牌|线路检测|百家乐|赌场|真人视讯|官网唯一|欧洲杯|世界杯|彩票|云顶/;

const INJECTED_ALL = new RegExp(INJECTED.source, 'g');
const LEAD = /[A-Za-z0-9._-]{0,24}$/;
const TAIL = /^(?:中心|平台|官网|网址|入口|链接|网站|娱乐)?的?/;

/** The text without its injected runs, and the runs removed (for the record). */
export function withoutInjected(text: string): { text: string; removed: string[] } {
  if (!INJECTED.test(text)) return { text, removed: [] };
  const runs: { start: number; end: number }[] = [];
  INJECTED_ALL.lastIndex = 0;
  for (let m = INJECTED_ALL.exec(text); m; m = INJECTED_ALL.exec(text)) {
    let start = m.index;
    const end = m.index + m[0].length;
    const last = runs.at(-1);
    // Advert words a character or two apart are one advert.
    if (last && start - last.end <= 2) {
      last.end = end;
      continue;
    }
    start -= LEAD.exec(text.slice(Math.max(0, start - 24), start))?.[0].length ?? 0;
    runs.push({ start, end });
  }
  for (const r of runs) r.end += TAIL.exec(text.slice(r.end))?.[0].length ?? 0;
  let out = '';
  let at = 0;
  for (const r of runs) {
    out += text.slice(at, r.start);
    at = r.end;
  }
  out += text.slice(at);
  // A requirement that was nothing but the advert stays as printed: the office decides in review.
  if (out.trim().length < 4) return { text, removed: [] };
  return { text: out, removed: runs.map((r) => text.slice(r.start, r.end)) };
}
