import { ledger, reminders } from '../api/endpoints';
import type { AssignmentState, LedgerRow, Page, ReminderView, Session } from '../api/types';
import { currentSession } from './boot';

export const PAGE = 20;

export interface MyQuery {
  states: AssignmentState[];
  overdue: boolean;
  page: number;
}

export const FIRST_QUERY: MyQuery = { states: [], overdue: false, page: 1 };

export function assignmentsOf(q: MyQuery): Promise<Page<LedgerRow>> {
  return ledger.mine({
    state: q.states.join(',') || undefined,
    overdue: q.overdue || undefined,
    limit: PAGE,
    offset: (q.page - 1) * PAGE,
  });
}

export interface FirstLoad {
  session: Promise<Session | null>;
  rows: Promise<Page<LedgerRow>>;
  reminders: Promise<ReminderView[]>;
}

/**
 * The three requests 我的任务 needs, sent together as soon as the script runs (not one after another, nor after
 * the first paint). The list's and the inbox's answers are used only once the session is known.
 */
export function startFirstLoad(): FirstLoad {
  const first: FirstLoad = {
    session: currentSession(),
    rows: assignmentsOf(FIRST_QUERY),
    reminders: reminders.list(),
  };
  // Read later; a rejection seen only then must not count as unhandled now.
  first.rows.catch(() => undefined);
  first.reminders.catch(() => undefined);
  return first;
}
