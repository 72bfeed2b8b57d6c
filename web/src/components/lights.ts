import type { AssignmentState, DueStatus } from '../api/types';

export type Light = 'green' | 'blue' | 'yellow' | 'red' | 'grey';

export const LIGHT_COLORS: Record<Light, string> = {
  green: '#52c41a',
  blue: '#1677ff',
  yellow: '#faad14',
  red: '#f5222d',
  grey: '#bfbfbf',
};

export const LIGHTS: readonly Light[] = ['green', 'blue', 'yellow', 'red', 'grey'];

/** Green 已办结, red overdue, yellow due within 7 days, blue under way (or ongoing work), grey not started. */
export function lightOf(state: AssignmentState, due: DueStatus, ongoing = false): Light {
  if (state === 'done') return 'green';
  if (due === 'overdue') return 'red';
  if (due === 'due-soon') return 'yellow';
  if (state === 'not_started' && !ongoing) return 'grey';
  return 'blue';
}
