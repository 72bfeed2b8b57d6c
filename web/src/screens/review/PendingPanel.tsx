import { AimOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Checkbox, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { errorMessage } from '../../api/client';
import { plans } from '../../api/endpoints';
import type { PendingChoice, PlanTask, Unit } from '../../api/types';
import { RoleMark } from '../../components/StateTag';
import { zh } from '../../i18n/zh';
import { NewUnitForm } from './NewUnitForm';

const t = zh.review;

/**
 * What import left to the office: «有关单位» to name, a group without members, a unit the directory lacks.
 * Each row chooses units from the directory (the suggestions first) and hands them to the server; a name
 * the directory lacks is, by default, kept as the chosen unit's alias, or added as a new unit (新建单位).
 */
export function PendingPanel(props: {
  pending: PendingChoice[];
  tasks: PlanTask[];
  units: Unit[] | undefined;
  editable: boolean;
  onLocate: (taskId: number) => void;
  onChanged: () => void;
}) {
  const bySeq = useMemo(() => new Map(props.tasks.map((x) => [x.id, x])), [props.tasks]);
  return (
    <Table<PendingChoice>
      size="small"
      rowKey="id"
      dataSource={props.pending}
      pagination={props.pending.length > 10 ? { pageSize: 10 } : false}
      data-testid="pending-table"
      columns={[
        {
          title: zh.ledger.columns.number,
          width: 90,
          render: (_v, c) => {
            const task = bySeq.get(c.taskId);
            return task ? t.seqLabel(task.seq, task.number) : null;
          },
        },
        {
          title: zh.fields.units,
          render: (_v, c) => (
            <Space size={4} wrap>
              <RoleMark role={c.role} withLabel />
              <Typography.Text strong>{c.printed}</Typography.Text>
              <Tag color="orange">{zh.pendingKinds[c.kind]}</Tag>
            </Space>
          ),
        },
        {
          title: zh.common.actions,
          width: '55%',
          render: (_v, c) => (
            <div style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }}>
              <Button icon={<AimOutlined />} onClick={() => props.onLocate(c.taskId)} aria-label={t.locate} />
              {props.editable ? <Chooser choice={c} units={props.units} onDone={props.onChanged} /> : null}
            </div>
          ),
        },
      ]}
    />
  );
}

function Chooser({ choice, units, onDone }: { choice: PendingChoice; units: Unit[] | undefined; onDone: () => void }) {
  const { message } = App.useApp();
  const [value, setValue] = useState<string[]>([]);
  const [alias, setAlias] = useState(true);
  const [creating, setCreating] = useState(false);
  const [busy, setBusy] = useState(false);
  const unknown = choice.kind === 'unknown';
  const options = useMemo(() => {
    const suggested = new Set(choice.suggestions.map((s) => s.unitId));
    const rest = (units ?? []).filter((u) => u.active && !suggested.has(u.id));
    return [
      ...(choice.suggestions.length
        ? [{ label: t.suggestions, options: choice.suggestions.map((s) => ({ label: s.name, value: s.unitId })) }]
        : []),
      { label: zh.units.title, options: rest.map((u) => ({ label: u.name, value: u.id })) },
    ];
  }, [choice, units]);

  const submit = async () => {
    setBusy(true);
    try {
      const r = await plans.choose(choice.id, value, unknown ? alias : undefined);
      message.success(r.alias ? t.aliasRecorded(r.alias) : t.chosen(r.assignments));
      if (r.alsoSettled) message.info(t.alsoSettled(r.alsoSettled));
      onDone();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ flex: 1, display: 'flex', flexDirection: 'column', gap: 4 }}>
      <Space.Compact style={{ width: '100%' }}>
        <Select
          mode="multiple"
          style={{ flex: 1, minWidth: 240 }}
          placeholder={t.choosePlaceholder}
          options={options}
          value={value}
          onChange={setValue}
          loading={!units}
          showSearch={{ optionFilterProp: 'label' }}
          maxTagCount="responsive"
        />
        <Button type="primary" disabled={value.length === 0} loading={busy} onClick={submit}>
          {t.chooseSubmit}
        </Button>
        {unknown ? (
          <Button icon={<PlusOutlined />} data-testid="new-unit" onClick={() => setCreating(true)}>
            {t.newUnit}
          </Button>
        ) : null}
      </Space.Compact>
      {unknown ? (
        <Tooltip title={t.aliasHelp(choice.printed)}>
          <Checkbox
            checked={alias}
            disabled={value.length > 1}
            onChange={(e) => setAlias(e.target.checked)}
            data-testid="record-alias"
          >
            {t.aliasOption}
          </Checkbox>
        </Tooltip>
      ) : null}
      {creating ? (
        <NewUnitForm
          choice={choice}
          units={units}
          onClose={() => setCreating(false)}
          onDone={() => {
            setCreating(false);
            onDone();
          }}
        />
      ) : null}
    </div>
  );
}
