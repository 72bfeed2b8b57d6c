import { Card, Empty, Select, Space } from 'antd';
import { reminders } from '../../api/endpoints';
import type { Unit } from '../../api/types';
import { LoadError } from '../../components/ErrorResult';
import { ReminderList } from '../../components/ReminderList';
import { useLoad } from '../../hooks/useLoad';
import { zh } from '../../i18n/zh';

const t = zh.supervision;

/** 提醒与催办记录 of one unit, as the unit received them (the API keeps them per unit). */
export function ReminderHistory({
  units,
  unitId,
  onUnit,
  version,
}: {
  units: Unit[];
  unitId: string | null;
  onUnit: (id: string | null) => void;
  /** Bumped after a digest or a 催办, so the list reloads. */
  version: number;
}) {
  const list = useLoad(
    () => (unitId ? reminders.list(unitId) : Promise.resolve([])),
    `reminders:${unitId ?? ''}:${version}`,
  );
  return (
    <Card
      title={t.historyTitle}
      size="small"
      data-testid="reminder-history"
      extra={
        <Space>
          <span>{t.historyUnit}</span>
          <Select
            style={{ width: 280 }}
            allowClear
            placeholder={t.historyPick}
            value={unitId ?? undefined}
            onChange={(v: string | undefined) => onUnit(v ?? null)}
            showSearch={{ optionFilterProp: 'label' }}
            options={units.map((u) => ({ value: u.id, label: u.name }))}
            data-testid="history-unit"
          />
        </Space>
      }
    >
      {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      {unitId ? (
        <ReminderList items={list.data ?? []} loading={list.loading} empty={t.emptyHistory} />
      ) : (
        <Empty description={t.historyHint} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      )}
    </Card>
  );
}
