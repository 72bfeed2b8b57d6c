import { Space, Table, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { AssignmentView } from '../../api/types';
import { formatTime } from '../../components/format';
import { RoleMark, StateTag } from '../../components/StateTag';
import { zh } from '../../i18n/zh';
import { AssignmentBody, AssignmentCard, dueNow } from './AssignmentCard';

const t = zh.task;

/**
 * Every unit's share of the task. A few units get a card each; a task given to dozens of units (市直各单位)
 * gets a table, one row per unit, expanded to its reports on demand (those waiting for review start open).
 */
export function AssignmentList({
  assignments,
  actionsFor,
}: {
  assignments: AssignmentView[];
  actionsFor: (a: AssignmentView) => ReactNode;
}) {
  if (assignments.length <= 3)
    return (
      <Space orientation="vertical" style={{ width: '100%' }} size="middle">
        {assignments.map((a) => (
          <AssignmentCard key={a.id} a={a} actions={actionsFor(a)} />
        ))}
      </Space>
    );
  return (
    <Table<AssignmentView>
      rowKey="id"
      size="small"
      dataSource={assignments}
      pagination={assignments.length > 30 ? { pageSize: 30, showSizeChanger: false } : false}
      expandable={{
        expandedRowRender: (a) => <AssignmentBody a={a} />,
        defaultExpandedRowKeys: assignments.filter((a) => a.state === 'submitted').map((a) => a.id),
      }}
      data-testid="assignment-table"
      columns={[
        { title: t.role, dataIndex: 'role', width: 80, render: (_v, a) => <RoleMark role={a.role} withLabel /> },
        {
          title: zh.ledger.filters.unit,
          dataIndex: 'unitName',
          render: (v: string) => <Typography.Text strong>{v}</Typography.Text>,
        },
        { title: t.state, dataIndex: 'state', width: 120, render: (_v, a) => <StateTag state={a.state} /> },
        { title: t.due, dataIndex: 'due', width: 120, render: (_v, a) => dueNow(a) ?? zh.lights.noDue },
        {
          title: t.reports,
          width: 170,
          render: (_v, a) => {
            const last = a.reports.at(-1);
            return last ? `${a.reports.length} · ${formatTime(last.createdAt)}` : zh.common.dash;
          },
        },
        { title: zh.common.actions, width: 170, render: (_v, a) => actionsFor(a) },
      ]}
    />
  );
}
