import { Tag } from 'antd';
import type { AssignmentState, PlanState, UnitRole } from '../api/types';
import { zh } from '../i18n/zh';

const STATE_COLORS: Record<AssignmentState, string> = {
  not_started: 'default',
  in_progress: 'processing',
  submitted: 'gold',
  done: 'success',
  returned: 'error',
};

export function StateTag({ state }: { state: AssignmentState }) {
  return (
    <Tag color={STATE_COLORS[state]} data-testid="state-tag">
      {zh.states[state]}
    </Tag>
  );
}

const PLAN_COLORS: Record<PlanState, string> = { draft: 'orange', confirmed: 'blue', archived: 'default' };

export function PlanStateTag({ state }: { state: PlanState }) {
  return <Tag color={PLAN_COLORS[state]}>{zh.planStates[state]}</Tag>;
}

/** ★牵头 ☆配合 ●负责 */
export function RoleMark({ role, withLabel = false }: { role: UnitRole; withLabel?: boolean }) {
  const mark = zh.unitRoles[`${role}Mark`];
  return (
    <span className={`tz-role tz-role-${role}`} title={zh.unitRoles[role]}>
      {mark}
      {withLabel ? zh.unitRoles[role] : null}
    </span>
  );
}
