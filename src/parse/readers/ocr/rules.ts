import type { Rule } from '../geometry.js';
import type { Gray } from './gray.js';

/**
 * Ruling lines read off a page image: long horizontal and vertical runs of dark pixels. A table's borders
 * are the longest straight dark runs on a page; strokes of characters are shorter than a character. Runs
 * on neighbouring pixel rows (a line 2–3 pixels thick) are one line. Found lines are returned in pixels,
 * and erased from the image handed to the recogniser, which otherwise reads border crossings as glyphs.
 */
export interface PixelRule extends Rule {
  /** Thickness in pixels. */
  width: number;
}

const DARK = 140;
// Pixels of paper a scanned line may skip and still be one line.
const GAP = 3;
// Thicker than this is a filled area or a stamp, not a rule.
const MAX_WIDTH = 6;

/** Rules at least `minLength` pixels long (about 8 mm of the page is a good minimum). */
export function findPixelRules(g: Gray, minLength: number): PixelRule[] {
  const along = (axis: 'h' | 'v') => {
    const n = axis === 'h' ? g.height : g.width;
    const m = axis === 'h' ? g.width : g.height;
    const at =
      axis === 'h'
        ? (i: number, j: number) => g.data[i * g.width + j]!
        : (i: number, j: number) => g.data[j * g.width + i]!;
    // Runs per scan line, then runs on consecutive scan lines that overlap merged into one thick line.
    const open: { from: number; to: number; first: number; last: number }[] = [];
    const done: PixelRule[] = [];
    for (let i = 0; i <= n; i++) {
      const runs: [number, number][] = [];
      if (i < n) {
        let start = -1;
        let lastDark = -1;
        for (let j = 0; j < m; j++) {
          if (at(i, j) < DARK) {
            if (start < 0) start = j;
            else if (j - lastDark > GAP + 1) {
              if (lastDark - start + 1 >= minLength) runs.push([start, lastDark]);
              start = j;
            }
            lastDark = j;
          }
        }
        if (start >= 0 && lastDark - start + 1 >= minLength) runs.push([start, lastDark]);
      }
      for (let k = open.length - 1; k >= 0; k--) {
        const o = open[k]!;
        const hit = runs.findIndex(([a, b]) => a <= o.to && b >= o.from);
        if (hit >= 0) {
          const [a, b] = runs[hit]!;
          o.from = Math.min(o.from, a);
          o.to = Math.max(o.to, b);
          o.last = i;
          runs.splice(hit, 1);
        } else {
          open.splice(k, 1);
          const width = o.last - o.first + 1;
          if (width <= MAX_WIDTH) done.push({ axis, at: (o.first + o.last) / 2, from: o.from, to: o.to, width });
        }
      }
      for (const [a, b] of runs) open.push({ from: a, to: b, first: i, last: i });
    }
    return done;
  };
  return [...along('h'), ...along('v')];
}

/** The image with the rules painted white (one pixel beyond their width, for anti-aliased edges). */
export function eraseRules(g: Gray, rules: readonly PixelRule[]): Gray {
  const data = Uint8Array.from(g.data);
  for (const r of rules) {
    const half = r.width / 2 + 1;
    const lo = Math.max(0, Math.floor(r.at - half));
    const hi = Math.min((r.axis === 'h' ? g.height : g.width) - 1, Math.ceil(r.at + half));
    for (let i = lo; i <= hi; i++) {
      for (let j = Math.max(0, r.from - 1); j <= Math.min((r.axis === 'h' ? g.width : g.height) - 1, r.to + 1); j++) {
        data[r.axis === 'h' ? i * g.width + j : j * g.width + i] = 255;
      }
    }
  }
  return { width: g.width, height: g.height, data };
}
