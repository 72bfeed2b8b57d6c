import { AimOutlined, EditOutlined } from '@ant-design/icons';
import { Button, Card, Space, Tag, Tooltip, Typography } from 'antd';
import { memo } from 'react';
import type { PendingChoice, PlanAssignment, PlanTask, PlanWarning } from '../../api/types';
import { RoleMark, StateTag } from '../../components/StateTag';
import { zh } from '../../i18n/zh';
import { warningKey } from './segments';

const t = zh.review;

interface Props {
  task: PlanTask;
  selected: boolean;
  showStates: boolean;
  editable: boolean;
  warnings: PlanWarning[];
  pending: PendingChoice[];
  onSelect: (id: number) => void;
  onEdit: (task: PlanTask) => void;
}

/** One parsed task: where it sits, what it asks, who does it by when, and what the parser was unsure of. */
export const TaskCard = memo(function TaskCard(p: Props) {
  const { task } = p;
  const place = [task.section, task.group].filter(Boolean).join(' / ');
  return (
    <Card
      size="small"
      id={`task-card-${task.id}`}
      data-testid="task-card"
      data-task-id={task.id}
      className={p.selected ? 'tz-task-card tz-task-card-selected' : 'tz-task-card'}
      onClick={() => p.onSelect(task.id)}
      title={
        <Space size={6} wrap>
          <Typography.Text strong>{t.seqLabel(task.seq, task.number)}</Typography.Text>
          {place ? <Typography.Text type="secondary">{place}</Typography.Text> : null}
        </Space>
      }
      extra={
        <Space size={0}>
          <Tooltip title={t.locate}>
            <Button
              type="text"
              size="small"
              icon={<AimOutlined />}
              aria-label={t.locate}
              onClick={(e) => {
                e.stopPropagation();
                p.onSelect(task.id);
              }}
            />
          </Tooltip>
          {p.editable ? (
            <Button
              type="link"
              size="small"
              icon={<EditOutlined />}
              data-testid="edit-task"
              onClick={(e) => {
                e.stopPropagation();
                p.onEdit(task);
              }}
            >
              {zh.common.edit}
            </Button>
          ) : null}
        </Space>
      }
    >
      {task.name ? (
        <div className="tz-field">
          <span className="tz-field-label">{zh.fields.name}</span>
          <span>{task.name}</span>
        </div>
      ) : null}
      <div className="tz-field">
        <span className="tz-field-label tz-mark-text">{zh.fields.text}</span>
        <span data-testid="task-text">{task.text}</span>
      </div>
      <div className="tz-field">
        <span className="tz-field-label tz-mark-units">{zh.fields.units}</span>
        <span data-testid="task-units">{task.unitsText ?? zh.common.dash}</span>
      </div>
      <div className="tz-field">
        <span className="tz-field-label tz-mark-deadline">{zh.fields.deadline}</span>
        <span data-testid="task-deadline">
          {task.deadlineText ?? zh.common.dash}
          {task.deadlineDue && task.deadlineDue !== task.deadlineText ? (
            <Typography.Text type="secondary"> {zh.common.paren(task.deadlineDue)}</Typography.Text>
          ) : null}
          {task.deadlineSource && task.deadlineSource !== 'deadline' ? (
            <Typography.Text type="warning" data-testid="task-deadline-source">
              {' '}
              {zh.common.paren(t.deadlineSource[task.deadlineSource] ?? task.deadlineSource)}
            </Typography.Text>
          ) : null}
        </span>
      </div>
      <div className="tz-field">
        <span className="tz-field-label">{t.assignments}</span>
        <div className="tz-assignments" data-testid="task-assignments">
          {task.assignments.length === 0 ? <Typography.Text type="warning">{t.noAssignments}</Typography.Text> : null}
          {task.assignments.map((a) => (
            <span key={a.id} className="tz-assignment">
              <RoleMark role={a.role} />
              {a.unitName}
              {a.viaGroup && a.printed ? (
                <span className="tz-muted">{zh.common.paren(t.viaGroup(a.printed))}</span>
              ) : null}
              <WeakMatch assignment={a} />
              {p.showStates ? <StateTag state={a.state} /> : null}
            </span>
          ))}
        </div>
      </div>
      {p.pending.length || p.warnings.length ? (
        <div className="tz-task-flags">
          {p.pending.map((c) => (
            <Tag key={`p${c.id}`} color="orange">
              {zh.common.labelled(zh.pendingKinds[c.kind], c.printed)}
            </Tag>
          ))}
          {p.warnings.map((w) => (
            <Tooltip key={warningKey(w)} title={w.message}>
              <Tag color="gold">{zh.warningCodes[w.code as keyof typeof zh.warningCodes] ?? w.code}</Tag>
            </Tooltip>
          ))}
        </div>
      ) : null}
    </Card>
  );
});

/**
 * A unit matched from the printed name by less than its full name or an alias (an abbreviation of another
 * type, a one-character slip, a reorganised unit's successor): flagged with how and how surely, to check.
 * Members of a group, and units the office chose, were not matched by name and carry nothing.
 */
function WeakMatch({ assignment: a }: { assignment: PlanAssignment }) {
  if (a.viaGroup || a.confidence === null || !a.printed) return null;
  if (a.confidence >= 1 && a.reason !== 'successor') return null;
  const reason = t.matchReasons[a.reason ?? ''] ?? a.reason ?? '';
  return (
    <Tooltip title={t.matchTip(a.printed, reason, a.confidence)}>
      <Tag color="gold" className="tz-weak-match" data-testid="weak-match">
        {t.weakMatch}
      </Tag>
    </Tooltip>
  );
}
