/**
 * A 公文 title broken by hand (GB/T 9704-2012 §7.3.1: 回行时要做到词意完整，排列对称，长短适宜，间距恰当；梯形或菱形):
 * only between words — never «重点工/作任务» — into lines as even as the words allow, the upper lines no shorter
 * than the lower (an inverted trapezoid). Words are read with a small vocabulary of the genre; a break is allowed
 * where a vocabulary word, a number with its unit, or punctuation ends or begins, never between two characters
 * the vocabulary does not know.
 */
const WORDS = [
  '关于',
  '印发',
  '人民政府',
  '办公室',
  '政务公开',
  '信息公开',
  '政府信息',
  '重点工作',
  '工作要点',
  '工作任务',
  '重点',
  '工作',
  '任务',
  '落实',
  '情况',
  '通报',
  '通知',
  '意见',
  '方案',
  '分工',
  '要点',
  '清单',
  '提示单',
  '催办单',
  '回头看',
  '考核',
  '结果',
  '年度',
  '季度',
  '上半年',
  '下半年',
  '未完成',
  '事项',
  '年度报告',
  '分解',
  '责任',
  '单位',
  '推进',
  '开展',
  '进一步',
  '加强',
  '做好',
  '的',
  '和',
  '及',
  '与',
].sort((a, b) => b.length - a.length);

const DATE = /^(?:\d{4}年(?:度)?(?:第[一二三四]季度|\d{1,2}(?:—\d{1,2})?月|[上下]半年)?|第[一二三四]季度)/;
const PUNCT = /^[《》（）()、，“”"：:]/;

/** Tokens: vocabulary words, dates, punctuation, and single unknown characters. */
function tokens(s: string): { text: string; known: boolean }[] {
  const out: { text: string; known: boolean }[] = [];
  let i = 0;
  while (i < s.length) {
    const rest = s.slice(i);
    const date = DATE.exec(rest)?.[0];
    const word = date ?? WORDS.find((w) => rest.startsWith(w)) ?? PUNCT.exec(rest)?.[0];
    if (word) {
      out.push({ text: word, known: true });
      i += word.length;
    } else {
      out.push({ text: s[i]!, known: false });
      i++;
    }
  }
  return out;
}

/** Display width: CJK 1, ASCII ½. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += ch.charCodeAt(0) < 0x2e80 ? 0.5 : 1;
  return w;
}

export function titleLines(text: string, perLine: number): string[] {
  if (width(text) <= perLine) return [text];
  const toks = tokens(text);
  // Break positions (after token k) where a word ends or begins.
  const allowed: number[] = [];
  for (let k = 0; k < toks.length - 1; k++) {
    if (toks[k]!.known || toks[k + 1]!.known) allowed.push(k);
    // An opening bracket stays with what follows; a closing one with what precedes.
    if (/^[《（(“]$/.test(toks[k]!.text) || /^[》）)”、，：]$/.test(toks[k + 1]!.text)) allowed.pop();
  }
  const n = Math.ceil(width(text) / perLine);
  const widths = toks.map((t) => width(t.text));
  const prefix = [0];
  for (const w of widths) prefix.push(prefix.at(-1)! + w);
  const total = prefix.at(-1)!;
  // Choose n−1 breaks (increasing) minimising unevenness, every line within perLine, upper lines ≥ lower.
  let best: { cost: number; cuts: number[] } | null = null;
  const search = (from: number, left: number, cuts: number[]) => {
    if (left === 0) {
      const edges = [0, ...cuts.map((c) => prefix[c + 1]!), total];
      const lens = edges.slice(1).map((e, i) => e - edges[i]!);
      if (lens.some((l) => l > perLine || l === 0)) return;
      const mean = total / lens.length;
      let cost = lens.reduce((s, l) => s + (l - mean) ** 2, 0);
      // Prefer the inverted trapezoid: a lower line longer than the one above costs a little.
      for (let i = 1; i < lens.length; i++) if (lens[i]! > lens[i - 1]!) cost += 0.5 + (lens[i]! - lens[i - 1]!);
      if (!best || cost < best.cost) best = { cost, cuts: [...cuts] };
      return;
    }
    for (const k of allowed) if (k >= from) search(k + 1, left - 1, [...cuts, k]);
  };
  if (n <= 4 && allowed.length <= 80) search(0, n - 1, []);
  if (!best) return [text];
  const lines: string[] = [];
  let start = 0;
  for (const c of (best as { cuts: number[] }).cuts) {
    lines.push(
      toks
        .slice(start, c + 1)
        .map((t) => t.text)
        .join(''),
    );
    start = c + 1;
  }
  lines.push(
    toks
      .slice(start)
      .map((t) => t.text)
      .join(''),
  );
  return lines;
}
