import { Table } from 'antd';
import type { TaskView } from '../../api/types';
import { formatTime } from '../../components/format';
import { zh } from '../../i18n/zh';

type Entry = TaskView['history'][number];

/** The audit trail of the task and its assignments, oldest first. */
export function HistoryTable({ history }: { history: TaskView['history'] }) {
  return (
    <Table<Entry>
      size="small"
      rowKey={(h, i) => `${h.at}-${i}`}
      dataSource={history}
      pagination={history.length > 10 ? { pageSize: 10 } : false}
      locale={{ emptyText: zh.task.noHistory }}
      columns={[
        { title: zh.audit.columns.at, dataIndex: 'at', width: 160, render: (v: string) => formatTime(v) },
        { title: zh.audit.columns.actor, dataIndex: 'actor', width: 180 },
        {
          title: zh.audit.columns.action,
          dataIndex: 'action',
          width: 140,
          render: (v: string) => zh.audit.actions[v] ?? v,
        },
        {
          title: zh.audit.columns.detail,
          dataIndex: 'after',
          render: (v: unknown) => (v ? <code className="tz-json">{JSON.stringify(v)}</code> : null),
        },
      ]}
    />
  );
}
