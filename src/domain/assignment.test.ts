import { describe, expect, it } from 'vitest';
import { type AssignmentEvent, type AssignmentState, dueStatus, transition } from './assignment.js';
import { AppError } from './errors.js';

const facts = (state: AssignmentState, extra: { ongoing?: boolean; periodsLeft?: number } = {}) => ({
  state,
  ongoing: extra.ongoing ?? false,
  periodsLeft: extra.periodsLeft ?? 0,
});
const report = (claim: 'in_progress' | 'complete'): AssignmentEvent => ({ type: 'report', claim });

describe('assignment state machine', () => {
  // Every state × every event: the allowed transitions, and a refusal (with a reason) for the rest.
  const table: [AssignmentState, AssignmentEvent, AssignmentState | null][] = [
    ['not_started', report('in_progress'), 'in_progress'],
    ['not_started', report('complete'), 'submitted'],
    ['not_started', { type: 'accept' }, null],
    ['not_started', { type: 'return', reason: 'x' }, null],
    ['not_started', { type: 'reopen', reason: 'x' }, null],
    ['in_progress', report('in_progress'), 'in_progress'],
    ['in_progress', report('complete'), 'submitted'],
    ['in_progress', { type: 'accept' }, null],
    ['in_progress', { type: 'return', reason: 'x' }, null],
    ['in_progress', { type: 'reopen', reason: 'x' }, null],
    ['submitted', report('in_progress'), null],
    ['submitted', report('complete'), null],
    ['submitted', { type: 'accept' }, 'done'],
    ['submitted', { type: 'return', reason: '缺材料' }, 'returned'],
    ['submitted', { type: 'reopen', reason: 'x' }, null],
    ['returned', report('in_progress'), 'in_progress'],
    ['returned', report('complete'), 'submitted'],
    ['returned', { type: 'accept' }, null],
    ['returned', { type: 'return', reason: 'x' }, null],
    ['returned', { type: 'reopen', reason: 'x' }, null],
    ['done', report('in_progress'), null],
    ['done', report('complete'), null],
    ['done', { type: 'accept' }, null],
    ['done', { type: 'return', reason: 'x' }, null],
    ['done', { type: 'reopen', reason: '发现遗漏' }, 'in_progress'],
  ];
  for (const [from, event, to] of table) {
    it(`${from} --${event.type}${event.type === 'report' ? `(${event.claim})` : ''}--> ${to ?? 'refused'}`, () => {
      if (to) expect(transition(facts(from), event)).toBe(to);
      else {
        const e = (() => {
          try {
            transition(facts(from), event);
          } catch (x) {
            return x;
          }
        })();
        expect(e).toBeInstanceOf(AppError);
        expect((e as AppError).userMessage.length).toBeGreaterThan(5);
      }
    });
  }

  it('requires reasons for 退回 and reopening', () => {
    expect(() => transition(facts('submitted'), { type: 'return', reason: '  ' })).toThrow(/理由/);
    expect(() => transition(facts('done'), { type: 'reopen', reason: '' })).toThrow(/理由/);
  });

  it('keeps ongoing work open and periodic work open until its last period', () => {
    expect(() => transition(facts('in_progress', { ongoing: true }), report('complete'))).toThrow(/持续推进/);
    expect(transition(facts('in_progress', { ongoing: true }), report('in_progress'))).toBe('in_progress');
    expect(() => transition(facts('in_progress', { periodsLeft: 2 }), report('complete'))).toThrow(/2 个报送期/);
    expect(transition(facts('in_progress', { periodsLeft: 0 }), report('complete'))).toBe('submitted');
  });
});

describe('due status', () => {
  it('is derived from the due date and today', () => {
    expect(dueStatus('in_progress', '2023-06-30', '2023-07-01')).toBe('overdue');
    expect(dueStatus('in_progress', '2023-06-30', '2023-06-30')).toBe('due-soon');
    expect(dueStatus('in_progress', '2023-06-30', '2023-06-23')).toBe('due-soon');
    expect(dueStatus('in_progress', '2023-06-30', '2023-06-22')).toBe('on-track');
    expect(dueStatus('done', '2023-01-01', '2023-07-01')).toBe('closed');
    expect(dueStatus('submitted', '2023-01-01', '2023-07-01')).toBe('on-track');
    expect(dueStatus('not_started', null, '2023-07-01')).toBe('no-deadline');
  });
});
