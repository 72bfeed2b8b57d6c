import { fold } from '../../domain/fold.js';
import { readHeader, type UnitColumnRole } from '../layout/header.js';

/**
 * Labelled fields, the form layout of the genre: «责任单位：市公安局», «项目名称：提升县域生态环境»,
 * «实际完成情况：…», or a label alone on its line with the value on the lines below («项目内容：»). The label
 * is judged with the same vocabulary as column headers.
 */
export type FieldRole = 'text' | 'name' | 'units' | 'person' | 'deadline' | 'status' | 'note';

export interface FieldLabel {
  role: FieldRole;
  unitRole: UnitColumnRole | null;
  /** The value printed after the label on the same line ('' when it follows on the next lines). */
  value: string;
}

// A label never opens with a bracket: «(责任单位：…)» is an annotation closing the text above it.
const LABELLED = /^([^\s:：,，。;；、(（[【〔]{1}[^\s:：,，。;；、]{1,9})\s*[:：]\s*/;

export function readFieldLabel(text: string): FieldLabel | null {
  const t = text.trim();
  const m = LABELLED.exec(fold(t));
  const label = m ? t.slice(0, m[1]!.length) : t.length <= 8 ? t : null;
  if (!label) return null;
  const info = readHeader(label);
  if (!info || info.role === 'number') return null;
  const role: FieldRole = info.role === 'textual' ? (/名称|名目/.test(fold(label)) ? 'name' : 'text') : info.role;
  return { role, unitRole: info.unitRole ?? null, value: m ? t.slice(m[0].length).trim() : '' };
}

// Where a run-in field or item begins inside one long line: white space, then a label and a colon, or an
// item number («… 牵头领导:林静国 责任单位:市公安局 2.新增…»).
const BOUNDARY = /\s+(?=(?:\d{1,3}[.、](?!\d)|[^\s:：,，。;；、]{2,10}[:：]))/g;

/**
 * Splits a long line that runs several fields and items together (a newspaper or a flattened web page)
 * into one piece per field or item; returns offsets within `text`. Lines with fewer than two field labels
 * are left whole.
 */
export function splitRunInFields(text: string): { start: number; end: number }[] {
  if (text.length < 60) return [{ start: 0, end: text.length }];
  const cuts: number[] = [];
  let labels = 0;
  BOUNDARY.lastIndex = 0;
  for (let m = BOUNDARY.exec(text); m; m = BOUNDARY.exec(text)) {
    const at = m.index + m[0].length;
    const rest = text.slice(at, at + 14);
    if (/^\d/.test(rest)) cuts.push(at);
    else if (readFieldLabel(rest.split(/[:：]/)[0] + ':')) {
      cuts.push(at);
      labels++;
    }
  }
  if (labels < 2) return [{ start: 0, end: text.length }];
  const out: { start: number; end: number }[] = [];
  let start = 0;
  for (const c of cuts) {
    if (text.slice(start, c).trim()) out.push({ start, end: c });
    start = c;
  }
  out.push({ start, end: text.length });
  return out;
}
