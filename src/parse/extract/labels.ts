import { fold, foldCode } from '../../domain/fold.js';
import { foldSlice } from '../text/fold-slice.js';
import { anyNumber, chineseNumber } from './numerals.js';

/**
 * Outline labels as the genre prints them, top level first:
 *   section  一、 一. 第一部分            group  （一） (一)
 *   item     1. 1、 1． （as printed）    sub    （1） (1) ①
 */
export type LabelKind = 'section' | 'group' | 'item' | 'sub';

export interface Label {
  kind: LabelKind;
  value: number;
  /** The label exactly as printed, e.g. "（一）" or "12." */
  printed: string;
  /** Offset just after the label and any spaces following it. */
  end: number;
}

const CN = '[一二三四五六七八九十百零〇两]';
// Each pattern is anchored at the scan position and bounded, so matching stays linear on any input.
const SECTION = new RegExp(`(${CN}{1,4})(?:、|\\.(?![0-9]))`, 'y');
const SECTION_PART = new RegExp(`第(${CN}{1,4})(?:部分|章|篇|项)[、.:\\s]?`, 'y');
const GROUP = new RegExp(`\\((${CN}{1,4})\\)[、.]?`, 'y');
// A digit right after the dot makes a decimal (2.18万亿), unless a year follows: «39.2022年底前，…».
const ITEM = /(\d{1,3})(?:[.、](?![.、\d])|[.、](?=\d{4}年))/y;
const SUB = /\((\d{1,3})\)[、.]?|([\u2460-\u2473])/y;
// «01 项目名称：…»: a number set off by a space, when a field label follows.
const ITEM_SPACED = /(\d{1,3})[ \t\u3000]+(?=[^\s:：,，。;；、]{2,10}[:：])/y;

/**
 * Reads the label at `pos` of `s` (leading spaces skipped). `s` may be raw; it is folded here.
 * Pass `folded` when the caller already has the folded text to avoid folding again.
 */
export function readLabel(s: string, pos = 0, folded?: string): Label | null {
  if (folded === undefined && !mayOpenLabel(s, pos)) return null;
  // A label is short: fold only the start (padded with the original offsets) unless the caller has it.
  const f = folded ?? (pos === 0 ? foldSlice(s, 0, 24) : ' '.repeat(pos) + foldSlice(s, pos, pos + 24));
  let i = pos;
  while (i < f.length && (f[i] === ' ' || f[i] === '\t' || f[i] === '\u3000')) i++;
  const at = (re: RegExp): RegExpExecArray | null => {
    re.lastIndex = i;
    return re.exec(f);
  };
  let m = at(GROUP);
  if (m) return make('group', chineseNumber(m[1]!), s, i, m[0].length);
  m = at(SUB);
  if (m) {
    const value = m[1] ? Number.parseInt(m[1], 10) : m[2]!.charCodeAt(0) - 0x2460 + 1;
    return make('sub', value, s, i, m[0].length);
  }
  m = at(SECTION);
  if (m) return make('section', chineseNumber(m[1]!), s, i, m[0].length);
  m = at(SECTION_PART);
  if (m) return make('section', chineseNumber(m[1]!), s, i, m[0].length);
  m = at(ITEM) ?? at(ITEM_SPACED);
  if (m) return make('item', Number.parseInt(m[1]!, 10), s, i, m[0].length);
  return null;
}

// The numerals a section label may open with (folded: 兩 reads as 两).
const CN_CODES = new Set(Array.from('一二三四五六七八九十百零〇两', (c) => c.charCodeAt(0)));

/**
 * Whether the first printed character at `pos` could open any label: «(», a digit, a circled digit, 第 or a
 * Chinese numeral. Most texts have no label, and this answers without folding or allocating.
 */
function mayOpenLabel(s: string, pos: number): boolean {
  const end = Math.min(s.length, pos + 24);
  let i = pos;
  while (i < end && isLabelSpace(foldCode(s.charCodeAt(i)))) i++;
  if (i >= end) return false;
  const c = foldCode(s.charCodeAt(i));
  return c === 0x28 || (c >= 0x30 && c <= 0x39) || (c >= 0x2460 && c <= 0x2473) || c === 0x7b2c || CN_CODES.has(c);
}

function isLabelSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x3000;
}

function make(kind: LabelKind, value: number, s: string, start: number, len: number): Label | null {
  if (!Number.isFinite(value)) return null;
  let end = start + len;
  while (end < s.length && (s[end] === ' ' || s[end] === '\t' || s[end] === '\u3000')) end++;
  return { kind, value, printed: s.slice(start, start + len).trim(), end };
}

/** "（一）" from any printed group label, as the gold format and the plan JSON give it. */
export function groupLabel(value: number, printed: string): string {
  const inner = fold(printed).replace(/[()、.\s]/g, '');
  return `（${inner || String(value)}）`;
}

/** "一" from a printed section label (一、 / 第一部分). */
export function sectionLabel(printed: string): string {
  return fold(printed)
    .replace(/^第/, '')
    .replace(/(部分|章|篇|项)?[、.:\s]*$/, '');
}

/** Digits of an item label ("12." → "12"). */
export function itemNumber(printed: string): string {
  return fold(printed).replace(/\D/g, '');
}

/** A bare number cell of a table (序号 column): "1", "12", "1." */
export function bareNumber(s: string): number | null {
  const t = fold(s).trim();
  if (!/^\d{1,3}[.、]?$/.test(t)) return null;
  const n = anyNumber(t.replace(/[.、]$/, ''));
  return Number.isFinite(n) ? n : null;
}
