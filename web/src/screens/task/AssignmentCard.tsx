import { LinkOutlined, PaperClipOutlined } from '@ant-design/icons';
import { Card, Descriptions, Empty, Space, Tag, Timeline, Typography } from 'antd';
import type { ReactNode } from 'react';
import { evidenceUrl } from '../../api/endpoints';
import type { AssignmentView, Report } from '../../api/types';
import { formatDate, formatTime } from '../../components/format';
import { RoleMark, StateTag } from '../../components/StateTag';
import { zh } from '../../i18n/zh';

const t = zh.task;
const EVENT = { report: '#1677ff', done: '#52c41a', returned: '#f5222d', extension: '#fa8c16', other: '#8c8c8c' };

/** One unit's share of a task in a card of its own (a unit user's view, or a task with few units). */
export function AssignmentCard({ a, actions }: { a: AssignmentView; actions?: ReactNode }) {
  return (
    <Card
      size="small"
      className="tz-assignment-card"
      data-testid="assignment-card"
      data-unit={a.unitName}
      title={
        <Space wrap>
          <RoleMark role={a.role} withLabel />
          <Typography.Text strong>{a.unitName}</Typography.Text>
          <StateTag state={a.state} />
        </Space>
      }
      extra={actions}
    >
      <AssignmentBody a={a} />
    </Card>
  );
}

/** Where one unit's share stands: due date, periods, and its reports, reviews and 延期 requests in time order. */
export function AssignmentBody({ a }: { a: AssignmentView }) {
  const events = [
    ...a.reports.map((r) => ({
      at: r.createdAt,
      node: <ReportItem r={r} />,
      color: r.claim === 'complete' ? 'green' : 'blue',
    })),
    ...a.reviews.map((r) => ({
      at: r.createdAt,
      color: r.decision === 'return' ? EVENT.returned : r.decision === 'accept' ? EVENT.done : EVENT.other,
      node: (
        <div>
          <Typography.Text strong>{t.reviewDecisions[r.decision] ?? r.decision}</Typography.Text>
          <span className="tz-muted"> {t.reportBy(r.reviewer, formatTime(r.createdAt))}</span>
          {r.reason ? <div>{zh.common.labelled(t.reasonLabel, r.reason)}</div> : null}
        </div>
      ),
    })),
    ...a.extensions.map((x) => ({
      at: x.createdAt,
      color: EVENT.extension,
      node: (
        <div>
          <Typography.Text strong>{t.extensions}</Typography.Text> <Tag>{t.extensionStates[x.state] ?? x.state}</Tag>
          <span className="tz-muted">{formatTime(x.createdAt)}</span>
          <div>{t.extensionLine(x.requestedDue, x.reason)}</div>
          {x.decisionNote ? <div className="tz-muted">{x.decisionNote}</div> : null}
        </div>
      ),
    })),
  ].sort((x, y) => x.at.localeCompare(y.at));

  return (
    <div className="tz-assignment-body" data-testid="assignment-body" data-unit={a.unitName}>
      <Descriptions
        size="small"
        column={{ xs: 1, md: 3 }}
        items={[
          { key: 'due', label: t.due, children: dueNow(a) ?? zh.lights.noDue },
          ...(a.ongoing ? [{ key: 'ongoing', label: t.ongoing, children: zh.common.yes }] : []),
          ...(a.periodic ? [{ key: 'periodic', label: t.periodic, children: zh.common.yes }] : []),
        ]}
      />
      {a.periods.length ? (
        <div className="tz-periods">
          <span className="tz-field-label">{t.periods}</span>
          {a.periods.map((p) => (
            <Tag key={p.id} color={p.reportedAt ? 'green' : undefined}>
              {p.label} · {p.due}
              {p.reportedAt ? ` · ${t.periodReported(formatDate(p.reportedAt))}` : ''}
            </Tag>
          ))}
        </div>
      ) : null}
      <div className="tz-field-label tz-gap-sm">{t.reports}</div>
      {events.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.noReports} />
      ) : (
        <Timeline
          items={events.map((e, i) => ({
            key: i,
            icon: <span className="tz-tl-dot" style={{ borderColor: e.color }} />,
            content: e.node,
          }))}
        />
      )}
    </div>
  );
}

/** The date that matters now: the assignment's own, or for periodic work the first period not yet reported. */
export function dueNow(a: AssignmentView): string | null {
  const d = a.periodic ? (a.periods.find((p) => !p.reportedAt)?.due ?? null) : a.due;
  return d ? formatDate(d) : null;
}

function ReportItem({ r }: { r: Report }) {
  return (
    <div data-testid="report">
      <Space wrap>
        <Tag color={r.claim === 'complete' ? 'green' : 'blue'}>{t.claim[r.claim] ?? r.claim}</Tag>
        <span className="tz-muted">{t.reportBy(r.author, formatTime(r.createdAt))}</span>
        {r.period ? <span className="tz-muted">{t.period(r.period)}</span> : null}
      </Space>
      <div className="tz-report-text" data-testid="report-text">
        {r.text}
      </div>
      {r.evidence.length ? (
        <div className="tz-evidence" data-testid="evidence">
          {r.evidence.map((e) =>
            e.kind === 'link' && e.url ? (
              <a key={e.id} href={e.url} target="_blank" rel="noopener noreferrer">
                <LinkOutlined /> {e.url}
              </a>
            ) : (
              <a key={e.id} href={evidenceUrl(e.id)} download={e.name ?? undefined} data-testid="evidence-file">
                <PaperClipOutlined /> {e.name ?? t.evidence}
                {e.size !== null ? <span className="tz-muted"> {zh.common.paren(zh.common.bytes(e.size))}</span> : null}
              </a>
            ),
          )}
        </div>
      ) : null}
    </div>
  );
}
