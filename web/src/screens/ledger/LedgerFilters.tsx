import { Button, Form, Select } from 'antd';
import { useMemo } from 'react';
import type { AssignmentState, PlanDetail } from '../../api/types';
import { byPinyin } from '../../api/unit-order';
import { zh } from '../../i18n/zh';

export type DueFilter = 'all' | 'overdue' | '7' | '30';

export interface LedgerFilterValues {
  unit?: string;
  states: AssignmentState[];
  due: DueFilter;
}

const STATES: AssignmentState[] = ['not_started', 'in_progress', 'submitted', 'done', 'returned'];
const f = zh.ledger.filters;

/** Filters by unit (those the plan assigns), state and due window; applied at once. */
export function LedgerFilters({
  plan,
  value,
  onChange,
  withDue = true,
}: {
  plan: PlanDetail;
  withDue?: boolean;
  value: LedgerFilterValues;
  onChange: (v: LedgerFilterValues) => void;
}) {
  const units = useMemo(() => {
    const m = new Map<string, string>();
    for (const t of plan.tasks) for (const a of t.assignments) m.set(a.unitId, a.unitName);
    return [...m].map(([id, name]) => ({ value: id, label: name })).sort((a, b) => byPinyin(a.label, b.label));
  }, [plan]);

  return (
    <Form layout="inline" className="tz-filters" data-testid="ledger-filters">
      <Form.Item label={f.unit}>
        <Select
          allowClear
          style={{ width: 240 }}
          placeholder={zh.common.all}
          options={units}
          value={value.unit}
          showSearch={{ optionFilterProp: 'label' }}
          onChange={(unit?: string) => onChange({ ...value, unit })}
          data-testid="filter-unit"
        />
      </Form.Item>
      <Form.Item label={f.state}>
        <Select
          mode="multiple"
          allowClear
          style={{ minWidth: 200 }}
          placeholder={zh.common.all}
          options={STATES.map((s) => ({ value: s, label: zh.states[s] }))}
          value={value.states}
          onChange={(states: AssignmentState[]) => onChange({ ...value, states })}
          data-testid="filter-state"
        />
      </Form.Item>
      <Form.Item label={f.due} hidden={!withDue}>
        <Select<DueFilter>
          style={{ width: 200 }}
          value={value.due}
          options={[
            { value: 'all', label: f.dueAll },
            { value: 'overdue', label: f.overdue },
            { value: '7', label: f.due7 },
            { value: '30', label: f.due30 },
          ]}
          onChange={(due) => onChange({ ...value, due })}
          data-testid="filter-due"
        />
      </Form.Item>
      <Form.Item>
        <Button onClick={() => onChange({ states: [], due: 'all' })}>{zh.common.reset}</Button>
      </Form.Item>
    </Form>
  );
}
