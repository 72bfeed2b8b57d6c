import { CheckCircleOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Col,
  Collapse,
  Descriptions,
  Empty,
  Input,
  Popconfirm,
  Row,
  Space,
  Typography,
} from 'antd';
import { useCallback, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import { directory, plans } from '../../api/endpoints';
import type { PlanDetail, PlanTask, PlanWarning } from '../../api/types';
import { PageHeader } from '../../components/PageHeader';
import { PlanStateTag } from '../../components/StateTag';
import { useLoad } from '../../hooks/useLoad';
import { zh } from '../../i18n/zh';
import { PendingPanel } from './PendingPanel';
import { PlanDetailsEditor } from './PlanDetailsEditor';
import { ScanPage, scannedPage } from './ScanPage';
import { SourcePane } from './SourcePane';
import { taskForWarning, warningKey } from './segments';
import { TaskAdder } from './TaskAdder';
import { TaskCard } from './TaskCard';
import { TaskEditor } from './TaskEditor';

const t = zh.review;

/**
 * 方案核对: the parsed plan beside its source text. The office checks each task against where it was printed,
 * corrects what the parser got wrong, settles the pending choices and confirms the plan.
 */
export function ReviewPage({ plan, reload }: { plan: PlanDetail; reload: () => void }) {
  const { message } = App.useApp();
  const [selected, setSelected] = useState<number | null>(null);
  const [scrollTick, setScrollTick] = useState(0);
  const [editing, setEditing] = useState<PlanTask | null>(null);
  const [editingPlan, setEditingPlan] = useState(false);
  const [adding, setAdding] = useState(false);
  const [filter, setFilter] = useState('');
  const [busy, setBusy] = useState(false);
  const editable = plan.state !== 'archived';
  // A task read from a scanned page: its page image, boxed, stands above the text it was read into.
  const selectedTask = plan.tasks.find((x) => x.id === selected);
  const scannedTask = selectedTask && scannedPage(selectedTask) !== null ? selectedTask : null;
  // What blocks the confirm, asked again whenever the plan changes (a choice made, a task edited).
  const fingerprint = `${plan.pending.length}:${plan.tasks.map((x) => `${x.id}.${x.text.length}.${x.assignments.length}`).join(',')}`;
  const checklist = useLoad(
    () => (plan.state === 'draft' ? plans.checklist(plan.id) : Promise.resolve({ blockers: [] })),
    `checklist:${plan.id}:${plan.state}:${fingerprint}`,
  );
  const blockers = checklist.data?.blockers ?? [];
  const units = useLoad(
    () => (plan.pending.length ? directory.get() : Promise.resolve(undefined)),
    `units:${plan.pending.length}`,
  );

  const warningsByTask = useMemo(() => {
    const m = new Map<number, PlanWarning[]>();
    for (const w of plan.warnings) {
      const task = taskForWarning(plan.tasks, w);
      if (task) m.set(task.id, [...(m.get(task.id) ?? []), w]);
    }
    return m;
  }, [plan]);
  const pendingByTask = useMemo(() => {
    const m = new Map<number, PlanDetail['pending']>();
    for (const c of plan.pending) m.set(c.taskId, [...(m.get(c.taskId) ?? []), c]);
    return m;
  }, [plan]);
  const visible = useMemo(() => {
    const q = filter.trim();
    if (!q) return plan.tasks;
    return plan.tasks.filter((x) => x.text.includes(q) || (x.unitsText ?? '').includes(q) || x.number === q);
  }, [plan, filter]);

  /** From the list: select and scroll the source. */
  const locate = useCallback((id: number) => {
    setSelected(id);
    setScrollTick((n) => n + 1);
  }, []);
  /** From the source: select and bring the card into view. */
  const list = useRef<HTMLDivElement>(null);
  const showCard = useCallback((id: number) => {
    const card = document.getElementById(`task-card-${id}`);
    if (card && list.current) list.current.scrollTo({ top: Math.max(0, card.offsetTop - 8), behavior: 'smooth' });
  }, []);
  const pickFromSource = useCallback(
    (id: number) => {
      setSelected(id);
      showCard(id);
    },
    [showCard],
  );
  /** From the pending items or the warnings above: both panes go to the task, and the panes into view. */
  const focusTask = useCallback(
    (id: number) => {
      locate(id);
      showCard(id);
      list.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
    },
    [locate, showCard],
  );

  const act = async (fn: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await fn();
      message.success(done);
      reload();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const taskWarnings = plan.warnings.filter((w) => !taskForWarning(plan.tasks, w));
  const panels = [
    ...(plan.pending.length
      ? [
          {
            key: 'pending',
            label: t.pendingTitle(plan.pending.length),
            children: (
              <>
                <Typography.Paragraph type="secondary">{t.pendingHelp}</Typography.Paragraph>
                <PendingPanel
                  pending={plan.pending}
                  tasks={plan.tasks}
                  units={units.data?.units}
                  editable={editable}
                  onLocate={focusTask}
                  onChanged={reload}
                />
              </>
            ),
          },
        ]
      : []),
    ...(plan.warnings.length
      ? [
          {
            key: 'warnings',
            label: t.warningsTitle(plan.warnings.length),
            children: (
              <ul className="tz-warnings" data-testid="warnings">
                {plan.warnings.map((w) => {
                  const task = taskForWarning(plan.tasks, w);
                  return (
                    <li key={warningKey(w)}>
                      <Typography.Text type="warning">
                        {zh.warningCodes[w.code as keyof typeof zh.warningCodes] ?? w.code}
                      </Typography.Text>{' '}
                      {task ? (
                        <Button type="link" size="small" onClick={() => focusTask(task.id)}>
                          {t.seqLabel(task.seq, task.number)}
                        </Button>
                      ) : null}
                      {w.message}
                    </li>
                  );
                })}
              </ul>
            ),
          },
        ]
      : []),
  ];

  return (
    <div data-testid="review-page">
      <PageHeader
        title={plan.title ?? zh.plans.untitled}
        sub={
          <Space wrap>
            <PlanStateTag state={plan.state} />
            <span>{t.title}</span>
            {plan.published ? <span className="tz-muted">{zh.ledger.published}</span> : null}
          </Space>
        }
        extra={
          <Space wrap>
            {editable ? (
              <Button icon={<EditOutlined />} onClick={() => setEditingPlan(true)} data-testid="edit-plan">
                {t.editPlan}
              </Button>
            ) : null}
            {plan.state === 'draft' ? (
              <Popconfirm
                title={t.confirm}
                description={<div style={{ maxWidth: 320 }}>{t.confirmQuestion}</div>}
                okText={zh.common.ok}
                cancelText={zh.common.cancel}
                disabled={blockers.length > 0 || !checklist.data}
                onConfirm={() => act(() => plans.confirm(plan.id), t.confirmed).then(checklist.reload)}
              >
                <Button
                  type="primary"
                  icon={<CheckCircleOutlined />}
                  loading={busy}
                  disabled={blockers.length > 0 || !checklist.data}
                  title={blockers.length ? t.pendingBlocking(blockers.length) : undefined}
                  data-testid="confirm-plan"
                >
                  {t.confirm}
                </Button>
              </Popconfirm>
            ) : (
              <Link to={`/plans/${plan.id}`}>
                <Button>{t.backToLedger}</Button>
              </Link>
            )}
          </Space>
        }
      />
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2, xl: 4 }}
        className="tz-meta"
        items={[
          { key: 'issuer', label: zh.importPlan.issuerLabel, children: plan.issuer ?? zh.common.dash },
          { key: 'doc', label: zh.publicPage.docNumber, children: plan.docNumber ?? zh.common.dash },
          { key: 'year', label: zh.importPlan.yearLabel, children: plan.year ?? zh.common.dash },
          { key: 'date', label: t.issueDate, children: plan.issueDate ?? zh.common.dash },
          { key: 'source', label: t.source, children: plan.sourceName ?? plan.sourceFormat },
        ]}
      />
      {plan.state === 'draft' && blockers.length ? (
        <Alert
          type="warning"
          className="tz-gap"
          data-testid="confirm-checklist"
          title={t.checklistTitle(blockers.length)}
          description={
            <>
              <Typography.Paragraph type="secondary">{t.checklistHelp}</Typography.Paragraph>
              <ul className="tz-checklist">
                {blockers.slice(0, 50).map((b) => (
                  <li key={`${b.kind}-${b.taskId}-${b.detail ?? ''}`}>
                    <span>{t.checklistItem(b.seq, b.message)}</span>
                    <Button size="small" type="link" onClick={() => focusTask(b.taskId)}>
                      {t.checklistGo}
                    </Button>
                  </li>
                ))}
              </ul>
            </>
          }
        />
      ) : null}
      {panels.length ? <Collapse size="small" items={panels} className="tz-review-panels" /> : null}
      {taskWarnings.length === 0 && plan.pending.length === 0 && plan.state === 'draft' ? (
        <Alert type="success" showIcon title={t.intro} className="tz-gap" />
      ) : (
        <Typography.Paragraph type="secondary" className="tz-gap">
          {t.intro}
        </Typography.Paragraph>
      )}
      <Row gutter={16}>
        <Col xs={24} lg={11}>
          <div className="tz-pane-head">
            <Typography.Text strong>{t.tasks(plan.tasks.length)}</Typography.Text>
            {editable ? (
              <Button size="small" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="add-task">
                {t.addTask}
              </Button>
            ) : null}
            <Input.Search
              allowClear
              size="small"
              placeholder={t.filterTasks}
              onSearch={setFilter}
              style={{ maxWidth: 240 }}
            />
          </div>
          <div className="tz-pane tz-task-list" data-testid="task-list" ref={list}>
            {visible.length === 0 ? <Empty description={t.noTasks} /> : null}
            {visible.map((task) => (
              <TaskCard
                key={task.id}
                task={task}
                selected={task.id === selected}
                showStates={plan.state !== 'draft'}
                editable={editable}
                warnings={warningsByTask.get(task.id) ?? []}
                pending={pendingByTask.get(task.id) ?? []}
                onSelect={locate}
                onEdit={setEditing}
              />
            ))}
          </div>
        </Col>
        <Col xs={24} lg={13}>
          <div className="tz-pane-head">
            <Typography.Text strong>{t.source}</Typography.Text>
            <span className="tz-legend">
              {t.legend}
              <span className="tz-src-text tz-legend-item">{zh.fields.text}</span>
              <span className="tz-src-units tz-legend-item">{zh.fields.units}</span>
              <span className="tz-src-deadline tz-legend-item">{zh.fields.deadline}</span>
              <span className="tz-src-status tz-legend-item">{zh.fields.status}</span>
              <span className="tz-src-note tz-legend-item">{zh.fields.note}</span>
            </span>
          </div>
          <div className="tz-pane">
            {scannedTask ? <ScanPage planId={plan.id} task={scannedTask} /> : null}
            <SourcePane
              text={plan.sourceText}
              tasks={plan.tasks}
              warnings={plan.warnings}
              selected={selected}
              scrollTick={scrollTick}
              onSelect={pickFromSource}
            />
          </div>
        </Col>
      </Row>
      <TaskEditor
        task={editing}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          reload();
        }}
      />
      <PlanDetailsEditor
        plan={plan}
        open={editingPlan}
        onClose={() => setEditingPlan(false)}
        onSaved={() => {
          setEditingPlan(false);
          reload();
        }}
      />
      <TaskAdder
        planId={plan.id}
        tasks={plan.tasks}
        open={adding}
        onClose={() => setAdding(false)}
        onSaved={() => {
          setAdding(false);
          reload();
        }}
      />
    </div>
  );
}
