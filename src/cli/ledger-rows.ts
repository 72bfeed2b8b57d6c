import { DUE_STATUS_LABELS, STATE_LABELS } from '../domain/assignment.js';
import type { LedgerRow } from '../services/list-ledger.js';
import { displayWidth, fitWidth, padWidth } from './text-width.js';

const ROLE_MARK = { lead: '★', cooperate: '☆', responsible: '' } as const;
const STATUS_MARK = { overdue: '逾期', 'due-soon': '将到期', 'on-track': '', closed: '', 'no-deadline': '' } as const;

/** Ledger rows for the terminal: task number, requirement, unit (★ lead, ☆ cooperating), state, due. */
export function renderLedgerRows(rows: readonly LedgerRow[], total: number, columns = 120): string {
  if (rows.length === 0) return '没有符合条件的任务。';
  const wId = 6;
  const wUnit = 22;
  const wState = 12;
  const wDue = 18;
  const wText = Math.max(16, columns - wId - wUnit - wState - wDue - 8);
  const head = [
    padWidth('任务', wId),
    padWidth('具体要求', wText),
    padWidth('责任单位', wUnit),
    padWidth('状态', wState),
    '时限',
  ].join('  ');
  const out = [head, '─'.repeat(Math.min(columns, displayWidth(head) + 10))];
  let plan = -1;
  for (const r of rows) {
    if (r.planId !== plan) {
      plan = r.planId;
      out.push(`〔方案 #${r.planId}〕${r.planTitle ?? ''}`);
    }
    const due = r.due
      ? `${r.due}${STATUS_MARK[r.dueStatus] ? ` ${STATUS_MARK[r.dueStatus]}` : ''}`
      : DUE_STATUS_LABELS[r.dueStatus];
    out.push(
      [
        padWidth(String(r.taskId), wId),
        padWidth(fitWidth(`${r.number ? `${r.number}. ` : ''}${r.text.replace(/\s+/g, '')}`, wText), wText),
        padWidth(fitWidth(`${ROLE_MARK[r.role]}${r.unitName}`, wUnit), wUnit),
        padWidth(STATE_LABELS[r.state], wState),
        due,
      ].join('  '),
    );
  }
  if (total > rows.length) out.push(`（共 ${total} 条，显示前 ${rows.length} 条；用 --limit 与 --offset 翻页）`);
  else out.push(`（共 ${total} 条）`);
  return out.join('\n');
}
