import { Alert, App, Button, Card, Collapse, Empty, Popconfirm, Progress, Space, Spin, Tag } from 'antd';
import { type ReactNode, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import { ledger, plans } from '../../api/endpoints';
import type { PlanDetail } from '../../api/types';
import { useSession } from '../../auth/session';
import { LoadError } from '../../components/ErrorResult';
import { percent } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { LightLegend } from '../../components/StateLight';
import { PlanStateTag } from '../../components/StateTag';
import { useLoad } from '../../hooks/useLoad';
import { zh } from '../../i18n/zh';
import { groupLedger, rowsFromPlan } from './group';
import { LedgerFilters, type LedgerFilterValues } from './LedgerFilters';
import { SectionTable } from './SectionTable';

const t = zh.ledger;
const LIMIT = 5000;

/** 方案台账: a confirmed plan's tasks by section, each unit's share with its state light. `tools`: the office's. */
export function LedgerPage({ plan, reload, tools }: { plan: PlanDetail; reload: () => void; tools?: ReactNode }) {
  const { session } = useSession();
  const { message } = App.useApp();
  const office = session?.actor.role === 'office';
  const [filters, setFilters] = useState<LedgerFilterValues>({ states: [], due: 'all' });
  const [busy, setBusy] = useState(false);
  const query = {
    plan: plan.id,
    unit: filters.unit,
    state: filters.states.join(',') || undefined,
    overdue: filters.due === 'overdue' ? true : undefined,
    dueWithin: filters.due === '7' ? 7 : filters.due === '30' ? 30 : undefined,
    limit: LIMIT,
  };
  const archived = plan.state === 'archived';
  const rows = useLoad(
    () =>
      archived
        ? Promise.resolve({ rows: rowsFromPlan(plan, filters.unit, filters.states), total: 0 })
        : ledger.list(query),
    `${JSON.stringify(query)}|${plan.state}`,
  );
  const sections = useMemo(() => groupLedger(rows.data?.rows ?? []), [rows.data]);
  const done = plan.tasks.reduce((n, x) => n + x.assignments.filter((a) => a.state === 'done').length, 0);
  const all = plan.tasks.reduce((n, x) => n + x.assignments.length, 0);

  const act = async (fn: () => Promise<unknown>, ok: string) => {
    setBusy(true);
    try {
      await fn();
      message.success(ok);
      reload();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="ledger-page">
      <PageHeader
        title={plan.title ?? zh.plans.untitled}
        sub={
          <Space wrap>
            <PlanStateTag state={plan.state} />
            {plan.published ? <Tag color="green">{t.published}</Tag> : null}
            {!office ? <Tag>{t.readOnly}</Tag> : null}
            <span className="tz-muted">{plan.issuer}</span>
          </Space>
        }
        extra={
          <Space wrap>
            <Link to={`/dashboard?plan=${plan.id}`}>
              <Button>{t.dashboard}</Button>
            </Link>
            {office ? (
              <>
                <Link to={`/plans/${plan.id}/review`}>
                  <Button>{zh.review.openReview}</Button>
                </Link>
                {plan.state === 'confirmed' ? (
                  <Button
                    loading={busy}
                    data-testid="toggle-publish"
                    onClick={() =>
                      act(
                        () => plans.publish(plan.id, !plan.published),
                        plan.published ? t.withdrawnDone : t.publishedDone,
                      )
                    }
                  >
                    {plan.published ? t.withdraw : t.publish}
                  </Button>
                ) : null}
                {plan.state === 'confirmed' ? (
                  <Popconfirm
                    title={t.archive}
                    description={t.archiveQuestion}
                    okText={zh.common.ok}
                    cancelText={zh.common.cancel}
                    onConfirm={() => act(() => plans.archive(plan.id), t.archived)}
                  >
                    <Button danger loading={busy}>
                      {t.archive}
                    </Button>
                  </Popconfirm>
                ) : null}
              </>
            ) : null}
          </Space>
        }
      />
      {tools}
      <Card className="tz-gap">
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Progress percent={percent(done, all)} format={() => `${done}/${all}`} />
          <LedgerFilters plan={plan} value={filters} onChange={setFilters} withDue={!archived} />
          <LightLegend />
        </Space>
      </Card>
      {rows.error ? <LoadError error={rows.error} onRetry={rows.reload} /> : null}
      {rows.data && rows.data.total > rows.data.rows.length ? (
        <Alert type="info" showIcon title={t.truncated(rows.data.rows.length, rows.data.total)} className="tz-gap" />
      ) : null}
      <Spin spinning={rows.loading}>
        {sections.length === 0 && !rows.loading ? (
          <Card>
            <Empty description={t.empty} />
          </Card>
        ) : (
          <Collapse
            className="tz-sections"
            defaultActiveKey={sections.map((s) => s.key)}
            key={sections.map((s) => s.key).join('|')}
            items={sections.map((s) => ({
              key: s.key,
              label: (
                <Space>
                  <strong>{s.title ?? t.noSection}</strong>
                  <span className="tz-muted">{t.sectionStats(s.tasks.length, s.done, s.total)}</span>
                </Space>
              ),
              children: <SectionTable tasks={s.tasks} />,
            }))}
          />
        )}
      </Spin>
    </div>
  );
}
