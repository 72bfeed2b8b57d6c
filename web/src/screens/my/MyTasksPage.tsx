import { Button, Card, Empty, Form, Select, Space, Switch, Table, Typography } from 'antd';
import { useState } from 'react';
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
import { type DrawerTarget, ReportDrawer } from './ReportDrawer';

const t = zh.my;
const STATES: AssignmentState[] = ['not_started', 'in_progress', 'submitted', 'done', 'returned'];

/** 我的任务: the unit's assignments across the plans in force, with where each stands and what to do. */
export function MyTasksPage() {
  const [states, setStates] = useState<AssignmentState[]>([]);
  const [overdue, setOverdue] = useState(false);
  const [target, setTarget] = useState<{ a: DrawerTarget; tab: 'report' | 'extension' } | null>(null);
  const query = { state: states.join(',') || undefined, overdue: overdue || undefined };
  const { data, error, loading, reload } = useLoad(() => ledger.mine(query), JSON.stringify(query));
  if (error) return <LoadError error={error} onRetry={reload} />;
  const open = (r: LedgerRow, tab: 'report' | 'extension') =>
    setTarget({ a: { id: r.assignmentId, periodic: r.periodic, text: r.text }, tab });

  return (
    <div data-testid="my-tasks">
      <PageHeader title={t.title} sub={t.intro} />
      <ReminderInbox />
      <Card>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Form layout="inline">
            <Form.Item label={t.filterState}>
              <Select
                mode="multiple"
                allowClear
                style={{ minWidth: 220 }}
                placeholder={zh.common.all}
                value={states}
                onChange={setStates}
                options={STATES.map((s) => ({ value: s, label: zh.states[s] }))}
              />
            </Form.Item>
            <Form.Item label={t.overdueOnly}>
              <Switch checked={overdue} onChange={setOverdue} />
            </Form.Item>
          </Form>
          <LightLegend />
          <Table<LedgerRow>
            rowKey="assignmentId"
            loading={loading}
            dataSource={data?.rows ?? []}
            pagination={{ pageSize: 20, showTotal: zh.common.total, hideOnSinglePage: true }}
            locale={{ emptyText: <Empty description={t.empty} /> }}
            columns={[
              {
                title: t.columns.text,
                render: (_v, r) => (
                  <div>
                    <Typography.Text type="secondary" className="tz-small">
                      {r.planTitle}
                      {r.number ? ` · ${zh.review.seqLabel(r.seq, r.number)}` : ''}
                    </Typography.Text>
                    <Link to={`/tasks/${r.taskId}`} data-testid="my-task-link">
                      <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: 0 }}>
                        {r.text}
                      </Typography.Paragraph>
                    </Link>
                  </div>
                ),
              },
              {
                title: t.columns.role,
                width: 90,
                render: (_v, r) => <RoleMark role={r.role} withLabel />,
              },
              {
                title: t.columns.state,
                width: 150,
                render: (_v, r) => (
                  <Space size={6}>
                    <StateLight
                      unit={r.unitName}
                      state={r.state}
                      dueStatus={r.dueStatus}
                      due={r.due}
                      ongoing={r.ongoing}
                    />
                    <StateTag state={r.state} />
                  </Space>
                ),
              },
              {
                title: t.columns.due,
                width: 150,
                render: (_v, r) => (
                  <div>
                    <div>{r.due ?? r.deadlineText ?? zh.common.dash}</div>
                    <Typography.Text type={r.dueStatus === 'overdue' ? 'danger' : 'secondary'} className="tz-small">
                      {zh.due[r.dueStatus]}
                    </Typography.Text>
                  </div>
                ),
              },
              {
                title: t.columns.actions,
                width: 200,
                render: (_v, r) => (
                  <Space size={4} wrap>
                    {r.state !== 'done' && r.state !== 'submitted' ? (
                      <Button type="primary" size="small" onClick={() => open(r, 'report')} data-testid="open-report">
                        {t.report}
                      </Button>
                    ) : null}
                    {r.state !== 'done' ? (
                      <Button size="small" onClick={() => open(r, 'extension')}>
                        {t.extension}
                      </Button>
                    ) : null}
                  </Space>
                ),
              },
            ]}
          />
        </Space>
      </Card>
      <ReportDrawer
        assignment={target?.a ?? null}
        tab={target?.tab}
        onClose={() => setTarget(null)}
        onDone={() => {
          setTarget(null);
          reload();
        }}
      />
    </div>
  );
}
