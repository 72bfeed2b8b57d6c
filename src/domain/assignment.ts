import { AppError } from './errors.js';

/**
 * An assignment is one unit's share of one task, in one role. Its life:
 *
 *   未开始 ──report──▶ 推进中 ──submit──▶ 已完成待审核 ──accept──▶ 已办结
 *      │                  ▲                  │                      │
 *      └─────submit───────┼──────────────────┤ return (退回, reason)  │ reopen (office)
 *                         │                  ▼                      │
 *                         └──report/submit── 退回 ◀────────────────────┘ (reopen → 推进中)
 *
 * A periodic assignment (持续推进, or a recurring deadline such as 每季度) reports once per period and is
 * never submitted for 办结 while periods remain: ongoing work stays open by nature. Overdue and due-soon are
 * not states; they are derived from the due date and today whenever asked (see `dueStatus`).
 */
export type AssignmentState = 'not_started' | 'in_progress' | 'submitted' | 'done' | 'returned';

export const ASSIGNMENT_STATES: readonly AssignmentState[] = [
  'not_started',
  'in_progress',
  'submitted',
  'done',
  'returned',
];

export const STATE_LABELS: Record<AssignmentState, string> = {
  not_started: '未开始',
  in_progress: '推进中',
  submitted: '已完成待审核',
  done: '已办结',
  returned: '退回',
};

/** What a progress report claims: work goes on, or the unit considers its part complete (申请办结). */
export type ProgressClaim = 'in_progress' | 'complete';

export type AssignmentEvent =
  | { type: 'report'; claim: ProgressClaim }
  | { type: 'accept' }
  | { type: 'return'; reason: string }
  | { type: 'reopen'; reason: string };

export interface AssignmentFacts {
  state: AssignmentState;
  /** Reports per period and stays open (持续推进) rather than being submitted once. */
  ongoing: boolean;
  /** Periods still to report, not counting the one this event reports for. */
  periodsLeft: number;
}

export function isAssignmentState(s: string): s is AssignmentState {
  return (ASSIGNMENT_STATES as readonly string[]).includes(s);
}

/** The state after `event`, or an AppError saying in the users' words why the event is not allowed now. */
export function transition(facts: AssignmentFacts, event: AssignmentEvent): AssignmentState {
  const { state } = facts;
  const label = STATE_LABELS[state];
  switch (event.type) {
    case 'report': {
      if (state === 'done') throw refuse(`任务已办结，不能再报送进展；如需继续，请公开办先重新打开`);
      if (state === 'submitted') throw refuse('已申请办结，正在审核中，审核结果出来前不能再报送');
      if (event.claim === 'in_progress') return 'in_progress';
      if (facts.ongoing) throw refuse('持续推进类任务按期报送进展，不申请办结');
      if (facts.periodsLeft > 0)
        throw refuse(`本任务还有 ${facts.periodsLeft} 个报送期未到，报送完最后一期后才能申请办结`);
      return 'submitted';
    }
    case 'accept':
      if (state !== 'submitted') throw refuse(`当前状态为「${label}」，只有「已完成待审核」的任务可以办结`);
      return 'done';
    case 'return':
      if (state !== 'submitted') throw refuse(`当前状态为「${label}」，只有「已完成待审核」的任务可以退回`);
      if (!event.reason.trim()) throw refuse('退回时须写明理由');
      return 'returned';
    case 'reopen':
      if (state !== 'done') throw refuse(`当前状态为「${label}」，只有已办结的任务需要重新打开`);
      if (!event.reason.trim()) throw refuse('重新打开时须写明理由');
      return 'in_progress';
  }
}

function refuse(message: string): AppError {
  return new AppError('conflict', message);
}

/**
 * Where an assignment stands against its deadline on `today`: closed (办结), overdue, due within the warning
 * window, on track, or without a dated deadline. `due` is the date that matters now: the assignment's own due
 * date, or for periodic work the earliest period not yet reported.
 */
export type DueStatus = 'closed' | 'overdue' | 'due-soon' | 'on-track' | 'no-deadline';

export const DUE_STATUS_LABELS: Record<DueStatus, string> = {
  closed: '已办结',
  overdue: '已逾期',
  'due-soon': '即将到期',
  'on-track': '正常推进',
  'no-deadline': '无明确时限',
};

export function dueStatus(state: AssignmentState, due: string | null, today: string, warnDays = 7): DueStatus {
  if (state === 'done') return 'closed';
  if (!due) return 'no-deadline';
  // A submitted assignment waits on the office, not the unit: it is not the unit's overdue.
  if (state === 'submitted') return 'on-track';
  if (due < today) return 'overdue';
  return daysBetween(today, due) <= warnDays ? 'due-soon' : 'on-track';
}

/** Whole days from `a` to `b` (ISO dates). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}
