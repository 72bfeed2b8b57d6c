import { typed, typesCompatible } from './names.js';

/**
 * How two names of the same place can be the same unit. The genre abbreviates by keeping the first
 * character of each word of a name — 发展和改革 → 发改, 人力资源和社会保障 → 人社, 住房和城乡建设 → 住建,
 * 卫生健康 → 卫健, 市场监督管理 → 市场监管, 政务服务数据管理 → 政数 — or by dropping a trailing part
 * (自然资源和规划 → 自然资源). That is one rule, applied to any name, not a list of a city's units:
 * the short stem is a subsequence of the long one whose characters each start a word of it (words
 * counted two characters at a time once connectors are removed) or continue the word the previous one
 * started, and the first character is the name's first. The types must agree (局 = 局), or be related
 * types, at a lower confidence (委 for 局).
 */
export interface NameMatch {
  confidence: number;
  reason: 'abbreviation' | 'abbreviation-type' | 'typo';
}

const CONNECTORS = /[和与及暨]/g;

export function sameUnitName(a: string, b: string): NameMatch | null {
  if (a === b) return { confidence: 1, reason: 'abbreviation' };
  const ta = typed(a);
  const tb = typed(b);
  const types = typesCompatible(ta.type, tb.type);
  if (types === 'different') return null;
  const [short, long] = ta.stem.length <= tb.stem.length ? [ta.stem, tb.stem] : [tb.stem, ta.stem];
  if (short.length === 0) return null;
  if (isAbbreviation(short, long.replace(CONNECTORS, ''))) {
    return types === 'same'
      ? { confidence: 0.9, reason: 'abbreviation' }
      : { confidence: 0.75, reason: 'abbreviation-type' };
  }
  // A one-character slip in a longer name (釆/采, 市/县 typos are not: the level is compared elsewhere).
  if (types === 'same' && short.length >= 4 && long.length === short.length && differences(short, long) === 1) {
    return { confidence: 0.8, reason: 'typo' };
  }
  return null;
}

function isAbbreviation(short: string, long: string): boolean {
  if (short.length === long.length) return short === long;
  if (short.length < 2 && long.length > 3) return false;
  let j = 0;
  let prev = -2;
  for (let i = 0; i < short.length; i++) {
    const c = short[i]!;
    let found = -1;
    for (let k = j; k < long.length; k++) {
      if (long[k] !== c) continue;
      // A word start (even offset) or the character right after the last one matched.
      if (k % 2 === 0 || k === prev + 1) {
        found = k;
        break;
      }
    }
    if (found < 0) return false;
    // Abbreviations keep a name's first character: 发改 for 发展和改革, never 改 alone.
    if (i === 0 && found !== 0) return false;
    prev = found;
    j = found + 1;
  }
  return true;
}

function differences(a: string, b: string): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) d++;
  return d;
}
