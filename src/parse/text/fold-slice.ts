import { foldCode } from '../../domain/fold.js';

const codes: number[] = [];

/**
 * `fold(s.slice(from, to))` for a short window (a label, a text's last characters), built in one go:
 * folding a short string appends char by char, and these windows are taken for every cell and record.
 */
export function foldSlice(s: string, from: number, to: number): string {
  const end = Math.min(s.length, to);
  codes.length = 0;
  let changed = false;
  for (let i = from; i < end; i++) {
    const c = s.charCodeAt(i);
    const f = foldCode(c);
    if (f !== c) changed = true;
    codes.push(f);
  }
  return changed ? String.fromCharCode(...codes) : s.slice(from, end);
}
