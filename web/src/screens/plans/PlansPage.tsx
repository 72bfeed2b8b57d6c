import { Button, Card, Empty, Progress, Space, Table } from 'antd';
import { Link } from 'react-router-dom';
import { plans as plansApi } from '../../api/endpoints';
import type { PlanListing } from '../../api/types';
import { useSession } from '../../auth/session';
import { LoadError } from '../../components/ErrorResult';
import { formatDate, percent } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { PlanStateTag } from '../../components/StateTag';
import { useLoad } from '../../hooks/useLoad';
import { zh } from '../../i18n/zh';

const t = zh.plans;

/** 方案台账: the stored plans, newest first; a draft opens in review, a confirmed plan as its ledger. */
export function PlansPage() {
  const { session } = useSession();
  const office = session?.actor.role === 'office';
  // Drafts are the office's; a leader could not open one.
  const { data, error, loading, reload } = useLoad(
    () => plansApi.list().then((all) => (office ? all : all.filter((p) => p.state !== 'draft'))),
    `plans:${office}`,
  );
  if (error) return <LoadError error={error} onRetry={reload} />;

  return (
    <>
      <PageHeader
        title={t.title}
        testId="plans-page"
        extra={
          office ? (
            <Link to="/import">
              <Button type="primary">{t.importFirst}</Button>
            </Link>
          ) : null
        }
      />
      <Card>
        <Table<PlanListing>
          rowKey="id"
          loading={loading}
          dataSource={data ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: zh.common.total }}
          locale={{ emptyText: <Empty description={t.empty} /> }}
          columns={[
            {
              title: t.columns.title,
              dataIndex: 'title',
              render: (_v, p) => (
                <Link to={`/plans/${p.id}`} data-testid="plan-link">
                  {p.title ?? t.untitled}
                </Link>
              ),
            },
            { title: t.columns.issuer, dataIndex: 'issuer', width: 220 },
            { title: t.columns.year, dataIndex: 'year', width: 80 },
            {
              title: t.columns.state,
              dataIndex: 'state',
              width: 110,
              render: (_v, p) => (
                <Space size={4}>
                  <PlanStateTag state={p.state} />
                  {p.revision > 1 ? <span className="tz-muted">{t.revision(p.revision)}</span> : null}
                </Space>
              ),
            },
            { title: t.columns.tasks, dataIndex: 'tasks', width: 80, align: 'right' },
            { title: t.columns.assignments, dataIndex: 'assignments', width: 80, align: 'right' },
            {
              title: t.columns.progress,
              width: 180,
              render: (_v, p) => (
                <Progress
                  percent={percent(p.done, p.assignments)}
                  size="small"
                  format={() => `${p.done}/${p.assignments}`}
                />
              ),
            },
            { title: t.columns.createdAt, dataIndex: 'createdAt', width: 120, render: (v: string) => formatDate(v) },
            {
              title: zh.common.actions,
              width: 140,
              render: (_v, p) => (
                <Space>
                  <Link to={`/plans/${p.id}`}>{p.state === 'draft' ? t.review : t.openLedger}</Link>
                  {office && p.state !== 'draft' ? (
                    <Link to={`/plans/${p.id}/review`}>{zh.review.openReview}</Link>
                  ) : null}
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </>
  );
}
