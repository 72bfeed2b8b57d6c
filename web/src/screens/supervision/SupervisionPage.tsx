import { Alert, Button, Card, Empty, Select, Space, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { directory, ledger, overdue, plans as plansApi } from '../../api/endpoints';
import { useSession } from '../../auth/session';
import { LoadError } from '../../components/ErrorResult';
import { PageHeader } from '../../components/PageHeader';
import { planLabel } from '../../components/planLabel';
import { useLoad } from '../../hooks/useLoad';
import { zh } from '../../i18n/zh';
import { DigestCard } from './DigestCard';
import { dueByUnit, type UnitDue } from './overview';
import { ReminderHistory } from './ReminderHistory';
import { UrgeModal } from './UrgeModal';

const t = zh.supervision;
const LIMIT = 5000;
/** The ledger's own window for «7 日内到期», so the counts agree with the state lights. */
const WINDOW_DAYS = 7;

/** 督办: the weekly digest, each unit's overdue and due-soon work with 催办, and what each unit was sent. */
export function SupervisionPage() {
  // Leaders read 督办 and change nothing: no 催办 or send buttons.
  const readOnly = useSession().session?.actor.role !== 'office';
  const [params, setParams] = useSearchParams();
  const planId = Number(params.get('plan')) || undefined;
  const plans = useLoad(plansApi.list, 'plans');
  const units = useLoad(directory.get, 'directory');
  const due = useLoad(() => ledger.list({ plan: planId, dueWithin: WINDOW_DAYS, limit: LIMIT }), `due:${planId ?? ''}`);
  const counted = useLoad(() => overdue.byUnit(planId), `overdue:${planId ?? ''}`);
  const rows = useMemo(() => dueByUnit(due.data?.rows ?? [], counted.data ?? undefined), [due.data, counted.data]);
  const confirmed = useMemo(() => (plans.data ?? []).filter((p) => p.state === 'confirmed'), [plans.data]);
  const plan = confirmed.find((p) => p.id === planId);
  const [urging, setUrging] = useState<UnitDue | null>(null);
  const [historyUnit, setHistoryUnit] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const activeUnits = useMemo(() => (units.data?.units ?? []).filter((u) => u.active), [units.data]);

  const showHistory = (unitId: string) => {
    setHistoryUnit(unitId);
    document.getElementById('tz-history')?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  };

  return (
    <div data-testid="supervision-page">
      <PageHeader title={t.title} sub={t.intro} />
      <DigestCard onSent={() => setVersion((v) => v + 1)} readOnly={readOnly} />
      <Card
        title={t.overviewTitle}
        size="small"
        className="tz-gap"
        extra={
          <Space>
            <span>{t.plan}</span>
            <Select
              style={{ width: 360 }}
              value={planId ?? 0}
              onChange={(v: number) => setParams(v ? { plan: String(v) } : {})}
              options={[
                { value: 0, label: t.allPlans },
                ...confirmed.map((p) => ({ value: p.id, label: planLabel(p) })),
              ]}
              data-testid="supervision-plan"
            />
          </Space>
        }
      >
        <Typography.Paragraph type="secondary">{t.overviewHelp}</Typography.Paragraph>
        {due.error ? <LoadError error={due.error} onRetry={due.reload} /> : null}
        {due.data && due.data.total > due.data.rows.length ? (
          <Alert type="info" showIcon title={t.truncated(due.data.rows.length, due.data.total)} className="tz-gap" />
        ) : null}
        <Table<UnitDue>
          rowKey="unitId"
          size="middle"
          loading={due.loading}
          dataSource={rows}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: zh.common.total }}
          locale={{ emptyText: <Empty description={t.emptyOverview} /> }}
          data-testid="due-table"
          columns={[
            { title: t.columns.unit, dataIndex: 'unitName' },
            {
              title: t.columns.overdue,
              dataIndex: 'overdue',
              width: 110,
              align: 'right',
              render: (n: number) => (n ? <Typography.Text type="danger">{n}</Typography.Text> : n),
            },
            {
              title: t.columns.dueSoon,
              dataIndex: 'dueSoon',
              width: 140,
              align: 'right',
              render: (n: number) => (n ? <Typography.Text type="warning">{n}</Typography.Text> : n),
            },
            {
              title: t.columns.earliest,
              dataIndex: 'earliest',
              width: 130,
              render: (d: string | null) => d ?? zh.common.dash,
            },
            {
              title: t.columns.actions,
              width: 170,
              render: (_v, u) => (
                <Space size={4}>
                  {readOnly ? null : (
                    <Button
                      size="small"
                      type="primary"
                      danger
                      disabled={u.overdue === 0}
                      title={u.overdue === 0 ? t.noOverdue : undefined}
                      onClick={() => setUrging(u)}
                      data-testid="urge-unit"
                      data-unit={u.unitName}
                    >
                      {t.urge}
                    </Button>
                  )}
                  <Button size="small" onClick={() => showHistory(u.unitId)}>
                    {t.history}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <div id="tz-history">
        <ReminderHistory units={activeUnits} unitId={historyUnit} onUnit={setHistoryUnit} version={version} />
      </div>
      <UrgeModal
        unit={urging}
        plan={plan ? { id: plan.id, title: plan.title ?? String(plan.id) } : null}
        onClose={() => setUrging(null)}
        onUrged={(unitId) => {
          setHistoryUnit(unitId);
          setVersion((v) => v + 1);
        }}
      />
    </div>
  );
}
