import { Table, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { StateLight } from '../../components/StateLight';
import { RoleMark } from '../../components/StateTag';
import { zh } from '../../i18n/zh';
import type { LedgerTask } from './group';

const c = zh.ledger.columns;

/** One section's tasks, each with a state light per responsible unit. */
export function SectionTable({ tasks }: { tasks: LedgerTask[] }) {
  return (
    <Table<LedgerTask>
      size="small"
      rowKey="taskId"
      dataSource={tasks}
      pagination={tasks.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      columns={[
        { title: c.number, dataIndex: 'number', width: 70, render: (v: string | null, t) => v ?? t.seq },
        {
          title: c.text,
          dataIndex: 'text',
          render: (v: string, t) => (
            <Link to={`/tasks/${t.taskId}`} className="tz-task-link" data-testid="ledger-task-link">
              <Typography.Paragraph ellipsis={{ rows: 3, expandable: false }} style={{ margin: 0 }}>
                {v}
              </Typography.Paragraph>
            </Link>
          ),
        },
        {
          title: c.units,
          width: '38%',
          render: (_v, t) => (
            <div className="tz-unit-lights">
              {t.rows.map((r) => (
                <span key={r.assignmentId} className="tz-unit-light">
                  <StateLight
                    unit={r.unitName}
                    state={r.state}
                    dueStatus={r.dueStatus}
                    due={r.due}
                    ongoing={r.ongoing}
                  />
                  <RoleMark role={r.role} />
                  {r.unitName}
                </span>
              ))}
            </div>
          ),
        },
        { title: c.deadline, dataIndex: 'deadlineText', width: 130, render: (v: string | null) => v ?? zh.common.dash },
        {
          title: c.actions,
          width: 70,
          render: (_v, t) => <Link to={`/tasks/${t.taskId}`}>{zh.common.detail}</Link>,
        },
      ]}
    />
  );
}
