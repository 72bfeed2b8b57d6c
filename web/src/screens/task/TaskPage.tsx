import { Button, Card, Collapse, Descriptions, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ledger } from '../../api/endpoints';
import type { AssignmentView, CarriedFrom } from '../../api/types';
import { useSession } from '../../auth/session';
import { LoadError, NotFound } from '../../components/ErrorResult';
import { formatTime } from '../../components/format';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { StateTag } from '../../components/StateTag';
import { useLoad } from '../../hooks/useLoad';
import { zh } from '../../i18n/zh';
import { ReportDrawer } from '../my/ReportDrawer';
import { AssignmentList } from './AssignmentList';
import { HistoryTable } from './HistoryTable';
import { ReviewActions } from './ReviewActions';

const t = zh.task;

/** /tasks/:id — one task with every unit's share; the office reviews here, a unit reports on its own share. */
export function TaskPage() {
  const id = Number(useParams().id);
  const valid = Number.isInteger(id) && id > 0;
  const { session } = useSession();
  const role = session?.actor.role;
  const { data, error, reload } = useLoad(
    () => (valid ? ledger.task(id) : Promise.reject(new Error('bad id'))),
    `task:${id}`,
  );
  const [reporting, setReporting] = useState<AssignmentView | null>(null);
  if (!valid) return <NotFound />;
  if (error) return <LoadError error={error} onRetry={reload} />;
  if (!data) return <Loading />;
  const live = data.planState === 'confirmed';
  const back = role === 'unit' ? '/my' : `/plans/${data.planId}`;

  const actionsFor = (a: AssignmentView) => {
    if (!live) return null;
    if (role === 'office') return <ReviewActions assignment={a} onDone={reload} />;
    if (role === 'unit' && a.state !== 'done' && a.state !== 'submitted')
      return (
        <Button type="primary" size="small" onClick={() => setReporting(a)} data-testid="report-here">
          {t.reportHere}
        </Button>
      );
    return null;
  };

  return (
    <div data-testid="task-page">
      <PageHeader
        title={data.number ? t.titleWithNumber(data.number) : t.title}
        sub={
          role === 'unit' ? (
            <span>{data.planTitle}</span>
          ) : (
            <Link to={`/plans/${data.planId}`}>{data.planTitle ?? zh.plans.untitled}</Link>
          )
        }
        extra={
          <Link to={back}>
            <Button>{role === 'unit' ? t.backToMine : t.backToLedger}</Button>
          </Link>
        }
      />
      <Card className="tz-gap">
        <Descriptions
          column={1}
          size="small"
          items={[
            ...(data.section
              ? [{ key: 's', label: t.section, children: [data.section, data.group].filter(Boolean).join(' / ') }]
              : []),
            ...(data.name ? [{ key: 'n', label: zh.fields.name, children: data.name }] : []),
            {
              key: 't',
              label: t.text,
              children: (
                <Typography.Paragraph style={{ margin: 0 }} data-testid="task-detail-text">
                  {data.text}
                </Typography.Paragraph>
              ),
            },
            { key: 'u', label: t.units, children: data.unitsText ?? zh.common.dash },
            { key: 'd', label: t.deadline, children: data.deadlineText ?? zh.common.dash },
          ]}
        />
      </Card>
      {data.carriedFrom ? <CarriedCard from={data.carriedFrom} /> : null}
      <Typography.Title level={5}>{t.assignments}</Typography.Title>
      <AssignmentList assignments={data.assignments} actionsFor={actionsFor} />
      <Collapse
        className="tz-gap-top"
        items={[
          {
            key: 'h',
            label: `${t.history}${zh.common.paren(String(data.history.length))}`,
            children: <HistoryTable history={data.history} />,
          },
        ]}
      />
      <ReportDrawer
        assignment={reporting ? { id: reporting.id, periodic: reporting.periodic, text: data.text } : null}
        onClose={() => setReporting(null)}
        onDone={() => {
          setReporting(null);
          reload();
        }}
      />
    </div>
  );
}

/** 回头看: where each unit had got to on last year's task, with a link to its full record. */
function CarriedCard({ from }: { from: CarriedFrom }) {
  return (
    <Card
      size="small"
      className="tz-gap"
      title={t.carried}
      extra={
        <Link to={`/tasks/${from.taskId}`}>{t.carriedFrom(from.planTitle ?? zh.plans.untitled, from.number)}</Link>
      }
      data-testid="carried-from"
    >
      {from.deadlineText ? (
        <Typography.Paragraph type="secondary">{t.carriedDeadline(from.deadlineText)}</Typography.Paragraph>
      ) : null}
      <Descriptions
        column={1}
        size="small"
        items={from.assignments.map((a, i) => ({
          key: String(i),
          label: a.unitName,
          children: (
            <span>
              <StateTag state={a.state} />
              {a.lastReport ? (
                <Typography.Text>
                  {zh.common.labelled(t.lastReport, a.lastReport.text)}
                  {zh.common.paren(formatTime(a.lastReport.createdAt))}
                </Typography.Text>
              ) : (
                <Typography.Text type="secondary">{t.noReports}</Typography.Text>
              )}
            </span>
          ),
        }))}
      />
    </Card>
  );
}
