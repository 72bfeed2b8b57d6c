import type { AssignmentState, DueStatus } from '../api/types';
import { zh } from '../i18n/zh';
import { LIGHT_COLORS, type Light, lightOf } from './lights';

export { LIGHT_COLORS, type Light, lightOf } from './lights';

export function Dot({ light, size = 10 }: { light: Light; size?: number }) {
  return (
    <span
      className={`tz-light tz-light-${light}`}
      data-light={light}
      style={{ width: size, height: size, background: LIGHT_COLORS[light] }}
    />
  );
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
  // A native title, not an antd Tooltip: a ledger shows hundreds of lights, and a Tooltip each made the page
  // take seconds to render.
  const label = zh.lights.tooltip(props.unit, zh.states[props.state], due);
  return (
    <span data-testid="state-light" data-light={light} title={label} role="img" aria-label={label}>
      <Dot light={light} />
    </span>
  );
}

export function LightLegend() {
  const items: Light[] = ['green', 'blue', 'yellow', 'red', 'grey'];
  return (
    <span className="tz-legend">
      {zh.lights.legend}
      {items.map((l) => (
        <span key={l} className="tz-legend-item">
          <Dot light={l} /> {zh.lights[l]}
        </span>
      ))}
    </span>
  );
}
