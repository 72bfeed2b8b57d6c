import { maxOf, minOf } from '../../domain/arrays.js';
import type { Rule } from './geometry.js';

/**
 * Tables rebuilt from ruling lines. Lines are merged (a border drawn in pieces, double strokes), grouped
 * into connected nets of crossing lines, and each net with at least two rows and columns becomes a grid:
 * its column and row boundaries are where its lines run, and two neighbouring grid positions belong to one
 * merged cell when the line between them is missing.
 */
export interface GridCell {
  row: number;
  col: number;
  rowspan: number;
  colspan: number;
}

export interface Grid {
  /** Column boundaries, left to right (n + 1 for n columns). */
  xs: number[];
  /** Row boundaries, top to bottom. */
  ys: number[];
  /** Every grid position belongs to exactly one cell; cells in row-major order of their top-left corner. */
  cells: GridCell[];
}

// Lines this close are one line (double borders, rounding in the writer).
const SAME_LINE = 2;
// Ends this close touch (a border drawn cell by cell, lines that stop short of the frame).
const TOUCH = 3;
// Boundaries closer than this are one boundary (no real row or column is this thin).
const MIN_TRACK = 4;
// A separator counts as drawn when lines cover this share of it.
const DRAWN = 0.6;
// Beyond this many lines, or grid positions, a page is a drawing (or hostile), not a table.
const MAX_RULES = 4000;
const MAX_POSITIONS = 40_000;

interface Line {
  axis: 'h' | 'v';
  at: number;
  from: number;
  to: number;
}

export function findGrids(rules: readonly Rule[]): Grid[] {
  if (rules.length > MAX_RULES) return [];
  const h = mergeLines(rules.filter((r) => r.axis === 'h'));
  const v = mergeLines(rules.filter((r) => r.axis === 'v'));
  const grids: Grid[] = [];
  for (const net of nets(h, v)) {
    const g = gridOf(net.h, net.v);
    if (g) grids.push(g);
  }
  return grids.sort((a, b) => a.ys[0]! - b.ys[0]!);
}

/** Collinear pieces joined: sorted by position, then by start, extended while they touch. */
function mergeLines(rules: readonly Rule[]): Line[] {
  const sorted = [...rules].sort((a, b) => a.at - b.at || a.from - b.from);
  const groups: Rule[][] = [];
  for (const r of sorted) {
    const g = groups[groups.length - 1];
    if (g && r.at - g[g.length - 1]!.at <= SAME_LINE) g.push(r);
    else groups.push([r]);
  }
  const out: Line[] = [];
  for (const g of groups) {
    const at = g.reduce((s, r) => s + r.at, 0) / g.length;
    g.sort((a, b) => a.from - b.from);
    let cur: Line | null = null;
    for (const r of g) {
      if (cur && r.from <= cur.to + TOUCH) cur.to = Math.max(cur.to, r.to);
      else {
        if (cur) out.push(cur);
        cur = { axis: r.axis, at, from: r.from, to: r.to };
      }
    }
    if (cur) out.push(cur);
  }
  return out;
}

function crosses(h: Line, v: Line): boolean {
  return v.at >= h.from - TOUCH && v.at <= h.to + TOUCH && h.at >= v.from - TOUCH && h.at <= v.to + TOUCH;
}

/** Connected groups of crossing horizontal and vertical lines. */
function nets(h: Line[], v: Line[]): { h: Line[]; v: Line[] }[] {
  const parent = Array.from({ length: h.length + v.length }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  for (let i = 0; i < h.length; i++) {
    for (let j = 0; j < v.length; j++) {
      if (crosses(h[i]!, v[j]!)) parent[find(i)] = find(h.length + j);
    }
  }
  const groups = new Map<number, { h: Line[]; v: Line[] }>();
  const at = (root: number) => {
    const g = groups.get(root) ?? { h: [], v: [] };
    groups.set(root, g);
    return g;
  };
  h.forEach((l, i) => {
    at(find(i)).h.push(l);
  });
  v.forEach((l, j) => {
    at(find(h.length + j)).v.push(l);
  });
  return [...groups.values()].filter((g) => g.h.length >= 2 && g.v.length >= 2);
}

/** Positions within MIN_TRACK of each other collapsed to their mean. */
function boundaries(values: number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const out: number[][] = [];
  for (const x of sorted) {
    const g = out[out.length - 1];
    if (g && x - g[g.length - 1]! < MIN_TRACK) g.push(x);
    else out.push([x]);
  }
  return out.map((g) => g.reduce((s, x) => s + x, 0) / g.length);
}

/** The lines lying at each boundary. */
function linesAt(lines: readonly Line[], bounds: readonly number[]): Line[][] {
  return bounds.map((b) => lines.filter((l) => Math.abs(l.at - b) <= MIN_TRACK));
}

/** Share of [from, to] covered by lines. */
function coverage(lines: readonly Line[], from: number, to: number): number {
  const len = to - from;
  if (len <= 0) return 1;
  let covered = 0;
  for (const l of lines) covered += Math.max(0, Math.min(l.to, to) - Math.max(l.from, from));
  return covered / len;
}

function gridOf(h: Line[], v: Line[]): Grid | null {
  const xs = boundaries(v.map((l) => l.at));
  const ys = boundaries(h.map((l) => l.at));
  // A frame open at a side (no outer border) still has its lines' ends there.
  const left = minOf(h.map((l) => l.from));
  const right = maxOf(h.map((l) => l.to));
  const top = minOf(v.map((l) => l.from));
  const bottom = maxOf(v.map((l) => l.to));
  if (left < xs[0]! - MIN_TRACK * 2) xs.unshift(left);
  if (right > xs[xs.length - 1]! + MIN_TRACK * 2) xs.push(right);
  if (top < ys[0]! - MIN_TRACK * 2) ys.unshift(top);
  if (bottom > ys[ys.length - 1]! + MIN_TRACK * 2) ys.push(bottom);
  const cols = xs.length - 1;
  const rows = ys.length - 1;
  if (cols < 1 || rows < 1 || rows * cols > MAX_POSITIONS) return null;
  const vAt = linesAt(v, xs);
  const hAt = linesAt(h, ys);
  // Union grid positions whose separating line is missing.
  const parent = Array.from({ length: rows * cols }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (c + 1 < cols && coverage(vAt[c + 1]!, ys[r]!, ys[r + 1]!) < DRAWN) {
        parent[find(r * cols + c)] = find(r * cols + c + 1);
      }
      if (r + 1 < rows && coverage(hAt[r + 1]!, xs[c]!, xs[c + 1]!) < DRAWN) {
        parent[find(r * cols + c)] = find((r + 1) * cols + c);
      }
    }
  }
  return { xs, ys, cells: cellsOf(rows, cols, find) };
}

/**
 * Cells from the grouped positions. A group that is not a rectangle (lines missing in an L shape) cannot be
 * one cell: its positions are then cells of their own rather than guessing which line was meant.
 */
function cellsOf(rows: number, cols: number, find: (i: number) => number): GridCell[] {
  const box = new Map<number, { r0: number; c0: number; r1: number; c1: number; n: number }>();
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const k = find(r * cols + c);
      const b = box.get(k);
      if (!b) box.set(k, { r0: r, c0: c, r1: r, c1: c, n: 1 });
      else {
        b.r1 = Math.max(b.r1, r);
        b.c0 = Math.min(b.c0, c);
        b.c1 = Math.max(b.c1, c);
        b.n++;
      }
    }
  }
  const cells: GridCell[] = [];
  for (const b of box.values()) {
    const rowspan = b.r1 - b.r0 + 1;
    const colspan = b.c1 - b.c0 + 1;
    if (rowspan * colspan === b.n) cells.push({ row: b.r0, col: b.c0, rowspan, colspan });
    else {
      for (let r = b.r0; r <= b.r1; r++) {
        for (let c = b.c0; c <= b.c1; c++) {
          if (box.get(find(r * cols + c)) === b) cells.push({ row: r, col: c, rowspan: 1, colspan: 1 });
        }
      }
    }
  }
  return cells.sort((a, b) => a.row - b.row || a.col - b.col);
}
