/** @jsxImportSource preact */
import type { AssignmentState, DueStatus, UnitRole } from '../api/types';
import { LIGHT_COLORS, LIGHTS, type Light, lightOf } from '../components/lights';
import { zhCore as zh } from '../i18n/zh-core';

/** The ledger's marks (state light, state tag, role) as plain markup, drawn as the full application draws them. */
function Dot({ light }: { light: Light }) {
  return <span class={`tz-light tz-light-${light}`} data-light={light} style={{ background: LIGHT_COLORS[light] }} />;
}

export function StateLight(props: {
  unit: string;
  state: AssignmentState;
  dueStatus: DueStatus;
  due: string | null;
  ongoing?: boolean;
}) {
  const light = lightOf(props.state, props.dueStatus, props.ongoing);
  const due = props.due ? `${zh.lights.dueOn(props.due)} ${zh.due[props.dueStatus]}` : zh.due[props.dueStatus];
  const label = zh.lights.tooltip(props.unit, zh.states[props.state], due);
  return (
    <span data-testid="state-light" data-light={light} title={label} role="img" aria-label={label}>
      <Dot light={light} />
    </span>
  );
}

export function LightLegend() {
  return (
    <span class="tz-legend">
      {zh.lights.legend}
      {LIGHTS.map((l) => (
        <span key={l} class="tz-legend-item">
          <Dot light={l} /> {zh.lights[l]}
        </span>
      ))}
    </span>
  );
}

export function StateTag({ state }: { state: AssignmentState }) {
  return (
    <span class={`lt-tag lt-tag-${state}`} data-testid="state-tag">
      {zh.states[state]}
    </span>
  );
}

/** ★牵头 ☆配合 ●负责 */
export function RoleMark({ role }: { role: UnitRole }) {
  return (
    <span class={`tz-role tz-role-${role}`} title={zh.unitRoles[role]}>
      {zh.unitRoles[`${role}Mark`]}
      {zh.unitRoles[role]}
    </span>
  );
}
