import { DownloadOutlined, PlusOutlined, SettingOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Select, Space, Table, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import { directory, plans as plansApi, scores } from '../../api/endpoints';
import type { UnitScore } from '../../api/types';
import { useSession } from '../../auth/session';
import { LoadError } from '../../components/ErrorResult';
import { PageHeader } from '../../components/PageHeader';
import { planLabel } from '../../components/planLabel';
import { useLoad } from '../../hooks/useLoad';
import { zh } from '../../i18n/zh';
import { AdjustmentModal, type AdjustTarget } from './AdjustmentModal';
import { PeriodPicker } from './PeriodPicker';
import { defaultYear, formatPeriod, type Period, parsePeriod } from './period';
import { RulesDrawer } from './RulesDrawer';
import { ScoreLines } from './ScoreLines';

const t = zh.scores;

const adjustmentsOf = (u: UnitScore) =>
  u.card.lines.filter((l) => l.source.kind === 'adjustment').reduce((s, l) => s + l.points, 0);

/**
 * 考核: each unit's score for a year or a quarter with every point's reason and source; the office adds
 * 加减分 and edits the rules, leaders read. Units stay in name order as the API gives them: a result, not a
 * ranking.
 */
export function ScoresPage() {
  const { session } = useSession();
  const { message } = App.useApp();
  const office = session?.actor.role === 'office';
  const [exporting, setExporting] = useState(false);
  const [params, setParams] = useSearchParams();
  const plans = useLoad(plansApi.list, 'plans');
  const thisYear = new Date().getFullYear();
  const inForce = useMemo(() => (plans.data ?? []).filter((p) => p.state !== 'draft'), [plans.data]);
  const period: Period = parsePeriod(params.get('period')) ?? {
    year: defaultYear(
      inForce.map((p) => p.year),
      thisYear,
    ),
    quarter: null,
  };
  const planId = Number(params.get('plan')) || undefined;
  const years = useMemo(() => {
    const ys = new Set<number>([thisYear, period.year, ...inForce.flatMap((p) => (p.year ? [p.year] : []))]);
    return [...ys].sort((a, b) => b - a);
  }, [inForce, thisYear, period.year]);
  const periodText = formatPeriod(period);
  // Wait for the plans before the default period is known, so the first request is the right one.
  const ready = params.get('period') !== null || plans.data !== undefined || plans.error !== undefined;
  const report = useLoad(
    () => (ready ? scores.list({ period: periodText, plan: planId }) : new Promise<never>(() => {})),
    `scores:${ready}:${periodText}:${planId ?? ''}`,
  );
  const [adjusting, setAdjusting] = useState<AdjustTarget | null>(null);
  const units = useLoad(() => (office ? directory.get() : Promise.resolve(null)), `directory:${office}`);
  const activeUnits = useMemo(() => (units.data?.units ?? []).filter((u) => u.active), [units.data]);
  const [rulesOpen, setRulesOpen] = useState(false);

  const set = (next: { period?: Period; plan?: number }) => {
    const p = next.period ?? period;
    const plan = 'plan' in next ? next.plan : planId;
    setParams({ period: formatPeriod(p), ...(plan ? { plan: String(plan) } : {}) });
  };

  return (
    <div data-testid="scores-page">
      <PageHeader
        title={t.title}
        sub={report.data ? t.asOf(report.data.period, report.data.asOf) : t.intro}
        extra={
          <Space wrap>
            {!office ? <Tag>{zh.ledger.readOnly}</Tag> : null}
            {office ? (
              <Button icon={<PlusOutlined />} onClick={() => setAdjusting('pick')} data-testid="adjust-any">
                {t.adjust}
              </Button>
            ) : null}
            <Button
              icon={<DownloadOutlined />}
              loading={exporting}
              disabled={!report.data}
              onClick={async () => {
                setExporting(true);
                try {
                  await scores.download({ period: periodText, plan: planId });
                } catch (e) {
                  message.error(errorMessage(e));
                } finally {
                  setExporting(false);
                }
              }}
              data-testid="export-scores"
            >
              {t.exportXlsx}
            </Button>
            <Button icon={<SettingOutlined />} onClick={() => setRulesOpen(true)} data-testid="open-rules">
              {t.rules}
            </Button>
          </Space>
        }
      />
      <Card className="tz-gap" size="small">
        <Space wrap size="large">
          <PeriodPicker value={period} years={years} onChange={(p) => set({ period: p })} />
          <Space>
            <span>{t.plan}</span>
            <Select
              style={{ width: 360 }}
              value={planId ?? 0}
              onChange={(v: number) => set({ plan: v || undefined })}
              options={[{ value: 0, label: t.allPlans }, ...inForce.map((p) => ({ value: p.id, label: planLabel(p) }))]}
              data-testid="scores-plan"
            />
          </Space>
        </Space>
      </Card>
      {report.error ? <LoadError error={report.error} onRetry={report.reload} /> : null}
      <Card>
        <Table<UnitScore>
          rowKey="unitId"
          loading={report.loading}
          dataSource={report.data?.units ?? []}
          pagination={{ pageSize: 50, hideOnSinglePage: true, showTotal: zh.common.total }}
          locale={{ emptyText: <Empty description={t.empty} /> }}
          expandable={{ expandedRowRender: (u) => <ScoreLines lines={u.card.lines} /> }}
          data-testid="scores-table"
          columns={[
            { title: t.columns.unit, dataIndex: 'unitName' },
            {
              title: t.columns.score,
              width: 90,
              align: 'right',
              render: (_v, u) => (
                <strong data-testid="unit-score" data-unit={u.unitName}>
                  {u.card.score}
                </strong>
              ),
            },
            {
              title: t.columns.rate,
              width: 110,
              align: 'right',
              render: (_v, u) =>
                u.card.onTimeRate === null ? zh.common.dash : t.rateValue((u.card.onTimeRate * 100).toFixed(1)),
            },
            { title: t.columns.due, width: 90, align: 'right', render: (_v, u) => u.card.due },
            { title: t.columns.onTime, width: 90, align: 'right', render: (_v, u) => u.card.onTime },
            { title: t.columns.late, width: 90, align: 'right', render: (_v, u) => u.card.late },
            { title: t.columns.overdue, width: 100, align: 'right', render: (_v, u) => u.card.overdue },
            {
              title: t.columns.adjust,
              width: 90,
              align: 'right',
              render: (_v, u) => {
                const n = adjustmentsOf(u);
                return n ? t.signed(n) : zh.common.dash;
              },
            },
            ...(office
              ? [
                  {
                    title: t.columns.actions,
                    width: 100,
                    render: (_v: unknown, u: UnitScore) => (
                      <Button size="small" onClick={() => setAdjusting(u)} data-testid="adjust-score">
                        {t.adjust}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <AdjustmentModal
        target={adjusting}
        units={activeUnits}
        period={periodText}
        onClose={() => setAdjusting(null)}
        onSaved={() => {
          setAdjusting(null);
          report.reload();
        }}
      />
      <RulesDrawer
        open={rulesOpen}
        editable={office}
        onClose={() => setRulesOpen(false)}
        onSaved={() => {
          setRulesOpen(false);
          report.reload();
        }}
      />
    </div>
  );
}
