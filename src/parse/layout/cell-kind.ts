import { fold } from '../../domain/fold.js';
import { isDeadlinePhrase } from '../extract/deadline.js';
import { bareNumber, readLabel } from '../extract/labels.js';
import { unitLikeness } from '../extract/units.js';
import { memoByText } from '../text/memo.js';
import { readHeader } from './header.js';

/** What one table cell holds, judged from its content alone. */
export type CellKind =
  | 'empty'
  | 'section'
  | 'group'
  | 'item'
  | 'sub'
  | 'number'
  | 'header'
  | 'deadline'
  | 'status'
  | 'units'
  | 'text'
  | 'short';

const STATUS =
  /^(?:已|未|正在|推进中|进行中|持续推进中|需|待|基本完成|完成$|部分完成|按时序|按计划|滞后|逾期|\d{1,3}(?:\.\d+)?%)/;

export const classifyCell: (text: string) => CellKind = memoByText(classify);

function classify(text: string): CellKind {
  const t = text.trim();
  if (t === '') return 'empty';
  if (bareNumber(t) !== null) return 'number';
  const label = readLabel(t);
  if (label) {
    if (label.kind === 'section') return 'section';
    if (label.kind === 'group') return 'group';
    if (label.kind === 'item') return 'item';
    return 'sub';
  }
  const compactLen = t.length <= 300 ? t.replace(/\s+/g, '').length : t.length;
  if (compactLen <= 14 && readHeader(t)) return 'header';
  // A bare year in a table cell («2024» under 建设时间) is a deadline by the year's end.
  if ((compactLen <= 30 && isDeadlinePhrase(t)) || /^(?:19|20)\d{2}$/.test(t)) return 'deadline';
  if ((compactLen <= 24 || /^\d{1,3}(?:\.\d+)?%/.test(t)) && STATUS.test(fold(t))) return 'status';
  if (compactLen <= 300 && unitLikeness(t) >= 0.75) return 'units';
  if (compactLen >= 20 || /[。;；]$/.test(t)) return 'text';
  return 'short';
}
