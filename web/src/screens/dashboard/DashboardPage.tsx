import { Card, Col, Empty, Row, Select, Space, Statistic } from 'antd';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { ledger, plans as plansApi } from '../../api/endpoints';
import { Chart } from '../../components/Chart';
import { LoadError } from '../../components/ErrorResult';
import { percent } from '../../components/format';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { planLabel } from '../../components/planLabel';
import { LIGHT_COLORS } from '../../components/StateLight';
import { useLoad } from '../../hooks/useLoad';
import { zh } from '../../i18n/zh';
import { sectionChart, trendChart, unitChart } from './charts';

const t = zh.dashboard;

/** 总览: where the plans in force stand today, for the office and the leaders. */
export function DashboardPage() {
  const [params, setParams] = useSearchParams();
  const planId = Number(params.get('plan')) || undefined;
  const plans = useLoad(plansApi.list, 'plans');
  const overview = useLoad(() => ledger.dashboard(planId), `dashboard:${planId ?? ''}`);
  const confirmed = useMemo(() => (plans.data ?? []).filter((p) => p.state === 'confirmed'), [plans.data]);
  const o = overview.data;
  const options = useMemo(
    () =>
      o
        ? { section: sectionChart(o, plans.data ?? [], planId !== undefined), unit: unitChart(o), trend: trendChart(o) }
        : null,
    [o, plans.data, planId],
  );

  if (overview.error) return <LoadError error={overview.error} onRetry={overview.reload} />;
  const totals = o?.totals;
  const stat = (key: keyof NonNullable<typeof totals>, color?: string) => (
    <Col xs={12} md={6} xl={3} key={key}>
      <Card size="small">
        <Statistic
          title={t.totals[key]}
          value={totals?.[key] ?? 0}
          styles={color ? { content: { color } } : undefined}
        />
      </Card>
    </Col>
  );

  return (
    <div data-testid="dashboard-page">
      <PageHeader
        title={t.title}
        sub={o ? t.asOf(o.asOf) : null}
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
              data-testid="dashboard-plan"
            />
          </Space>
        }
      />
      {!o || !options ? (
        <Loading />
      ) : (
        <>
          <Row gutter={[12, 12]} className="tz-gap">
            {stat('assignments')}
            {stat('periodic')}
            <Col xs={12} md={6} xl={3}>
              <Card size="small">
                <Statistic
                  title={t.rate}
                  value={percent(o.totals.deliverablesDone, o.totals.deliverables)}
                  suffix="%"
                />
              </Card>
            </Col>
            {stat('done', LIGHT_COLORS.green)}
            {stat('submitted')}
            {stat('inProgress', LIGHT_COLORS.blue)}
            {stat('notStarted')}
            {stat('overdue', LIGHT_COLORS.red)}
            {stat('dueSoon', LIGHT_COLORS.yellow)}
          </Row>
          <Row gutter={[12, 12]}>
            <Col xs={24} xl={12}>
              <Card title={t.bySection} size="small">
                {o.bySection.length ? (
                  <Chart
                    option={options.section}
                    height={Math.max(280, o.bySection.length * 28 + 60)}
                    testId="chart-sections"
                  />
                ) : (
                  <Empty description={t.empty} />
                )}
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card title={t.trend} size="small">
                <Chart option={options.trend} height={300} testId="chart-trend" />
              </Card>
            </Col>
            <Col span={24}>
              <Card title={t.byUnit} size="small">
                {o.byUnit?.length ? (
                  <Chart option={options.unit} height={Math.max(280, o.byUnit.length * 24 + 60)} testId="chart-units" />
                ) : (
                  <Empty description={planId ? t.empty : t.byUnitHint} />
                )}
              </Card>
            </Col>
          </Row>
        </>
      )}
    </div>
  );
}
