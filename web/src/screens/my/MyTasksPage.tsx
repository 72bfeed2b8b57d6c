import { Button, Card, Checkbox, Empty, Space, Spin, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { Link } from 'react-router-dom';
import { ledger } from '../../api/endpoints';
import type { AssignmentState, LedgerRow } from '../../api/types';
import { LoadError } from '../../components/ErrorResult';
import { PageHeader } from '../../components/PageHeader';
import { LightLegend, StateLight } from '../../components/StateLight';
import { RoleMark, StateTag } from '../../components/StateTag';
import { useLoad } from '../../hooks/useLoad';
import { zh } from '../../i18n/zh';
import { ReminderInbox } from './ReminderInbox';
import type { DrawerTarget } from './ReportDrawer';

// The forms (upload, date picker) load when first opened, not with the list.
const ReportDrawer = lazy(() => import('./ReportDrawer').then((m) => ({ default: m.ReportDrawer })));

const t = zh.my;
const STATES: AssignmentState[] = ['not_started', 'in_progress', 'submitted', 'done', 'returned'];
const PAGE = 20;

/**
 * 我的任务: the unit's assignments across the plans in force, one card each (read on a phone as well as on a
 * desk), with where each stands, why it was returned, which period a report counts for, and what to do.
 */
export function MyTasksPage() {
  const [states, setStates] = useState<AssignmentState[]>([]);
  const [overdue, setOverdue] = useState(false);
  const [page, setPage] = useState(1);
  const [target, setTarget] = useState<{ a: DrawerTarget; tab: 'report' | 'extension' } | null>(null);
  const query = {
    state: states.join(',') || undefined,
    overdue: overdue || undefined,
    limit: PAGE,
    offset: (page - 1) * PAGE,
  };
  const { data, error, loading, reload } = useLoad(() => ledger.mine(query), JSON.stringify(query));
  if (error) return <LoadError error={error} onRetry={reload} />;
  const open = (r: LedgerRow, tab: 'report' | 'extension') =>
    setTarget({
      a: { id: r.assignmentId, periodic: r.periodic, ongoing: r.ongoing, period: r.period ?? null, text: r.text },
      tab,
    });
  const rows = data?.rows ?? [];

  return (
    <div data-testid="my-tasks">
      <PageHeader title={t.title} sub={t.intro} />
      <ReminderInbox />
      <Card size="small" className="tz-gap">
        <div className="tz-my-filters">
          <fieldset className="tz-my-filter">
            <legend className="tz-my-legend">{t.filterState}</legend>
            <Checkbox.Group
              value={states}
              onChange={(v) => {
                setStates(v as AssignmentState[]);
                setPage(1);
              }}
              options={STATES.map((s) => ({ value: s, label: zh.states[s], className: 'tz-target' }))}
            />
          </fieldset>
          <Checkbox
            className="tz-target"
            checked={overdue}
            onChange={(e) => {
              setOverdue(e.target.checked);
              setPage(1);
            }}
          >
            {t.overdueOnly}
          </Checkbox>
        </div>
        <LightLegend />
      </Card>
      {loading && rows.length === 0 ? <Spin className="tz-loading" /> : null}
      {!loading && rows.length === 0 ? <Empty description={t.empty} /> : null}
      <div className="tz-my-list" data-testid="my-task-list">
        {rows.map((r) => (
          <Card key={r.assignmentId} size="small" className="tz-my-card" data-testid="my-task-card">
            <Typography.Text type="secondary" className="tz-small tz-my-plan">
              {r.planTitle} · {zh.review.seqLabel(r.seq, r.number)}
            </Typography.Text>
            <Link to={`/tasks/${r.taskId}`} data-testid="my-task-link" className="tz-my-text">
              <Typography.Paragraph ellipsis={{ rows: 3 }} style={{ margin: 0 }}>
                {r.text}
              </Typography.Paragraph>
            </Link>
            <div className="tz-my-meta">
              <RoleMark role={r.role} withLabel />
              <Space size={6}>
                <StateLight unit={r.unitName} state={r.state} dueStatus={r.dueStatus} due={r.due} ongoing={r.ongoing} />
                <StateTag state={r.state} />
              </Space>
              <span>
                {r.due ?? r.deadlineText ?? zh.common.dash}{' '}
                <Typography.Text type={r.dueStatus === 'overdue' ? 'danger' : 'secondary'} className="tz-small">
                  {zh.due[r.dueStatus]}
                </Typography.Text>
              </span>
            </div>
            {r.period ? <div className="tz-small tz-muted">{t.period(r.period)}</div> : null}
            {r.state === 'returned' && r.returnReason ? (
              <Typography.Paragraph
                type="danger"
                className="tz-small"
                style={{ margin: 0 }}
                data-testid="return-reason"
              >
                {t.returnReason(r.returnReason)}
              </Typography.Paragraph>
            ) : null}
            {r.state !== 'done' ? (
              <div className="tz-my-actions">
                {r.state !== 'submitted' ? (
                  <Button type="primary" onClick={() => open(r, 'report')} data-testid="open-report">
                    {t.report}
                  </Button>
                ) : null}
                <Button onClick={() => open(r, 'extension')} data-testid="open-extension">
                  {t.extension}
                </Button>
              </div>
            ) : null}
          </Card>
        ))}
      </div>
      {data && data.total > PAGE ? (
        <div className="tz-pager tz-gap-top" data-testid="my-pager">
          <Button disabled={page === 1} onClick={() => setPage(page - 1)}>
            {zh.common.prevPage}
          </Button>
          <span>{zh.common.pageOf(page, Math.ceil(data.total / PAGE), data.total)}</span>
          <Button disabled={page * PAGE >= data.total} onClick={() => setPage(page + 1)} data-testid="my-next-page">
            {zh.common.nextPage}
          </Button>
        </div>
      ) : null}
      {target ? (
        <Suspense fallback={<Spin className="tz-loading" />}>
          <ReportDrawer
            assignment={target.a}
            tab={target.tab}
            onClose={() => setTarget(null)}
            onDone={() => {
              setTarget(null);
              reload();
            }}
          />
        </Suspense>
      ) : null}
    </div>
  );
}
