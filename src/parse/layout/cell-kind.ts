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

const TASK_VERB =
  /^(?:推行|推进|推动|加强|做好|建立|健全|完善|开展|提高|提升|加快|严格|确保|强化|深化|落实|实施|完成|压缩|新建|改造|打造|培育|组织|制定|出台|优化|规范|持续|全面|积极|认真|切实|进一步)/;

const QUANTITY = /\d+(?:\.\d+)?\s*(?:个|条|座|所|处|家|户|项|台|辆|万|亿|元|吨|公里|千米|平方米|亩|%)/;

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
  // A cell that opens with a task's verb, or counts things («建设3个…产业园»), is a requirement however its clauses end («推行…一网通办，压缩开办»).
  if (compactLen <= 300 && !TASK_VERB.test(t) && !QUANTITY.test(t) && unitLikeness(t) >= 0.75) return 'units';
  if (compactLen >= 20 || /[。;；]$/.test(t)) return 'text';
  return 'short';
}
