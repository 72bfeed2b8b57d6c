import { Alert, Button, Card, Col, Descriptions, Result, Row, Space, Statistic, Tag, Typography } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import type { ImportSummary } from '../../api/types';
import { PlanStateTag } from '../../components/StateTag';
import { zh } from '../../i18n/zh';
import { warningKey } from '../review/segments';
import { RevisionReview } from '../revision/RevisionReview';

const t = zh.importPlan;

/** What the import did: counts, units added to the directory, what is left to settle, warnings, the diff. */
export function ImportSummaryView({ summary: s, onAnother }: { summary: ImportSummary; onAnother: () => void }) {
  const next = `/plans/${s.planId}`;
  const navigate = useNavigate();
  if (s.pendingRevision)
    return (
      <div data-testid="import-summary">
        <RevisionReview revision={s.pendingRevision} onDone={() => navigate(next)} />
        <Button onClick={onAnother}>{t.another}</Button>
      </div>
    );
  return (
    <div data-testid="import-summary">
      <Result
        status={s.unchanged ? 'info' : 'success'}
        title={t.done(s.title ?? zh.plans.untitled)}
        subTitle={s.unchanged ? t.unchanged : s.diff ? t.revised(s.diff.fromRevision, s.diff.toRevision) : undefined}
        extra={
          <Space>
            <Link to={next}>
              <Button type="primary" data-testid="go-review">
                {s.state === 'draft' ? t.goReview : t.goLedger}
              </Button>
            </Link>
            <Button onClick={onAnother}>{t.another}</Button>
          </Space>
        }
      />
      <Card className="tz-gap">
        <Row gutter={16}>
          <Col xs={12} md={4}>
            <Statistic title={t.stats.tasks} value={s.tasks} />
          </Col>
          <Col xs={12} md={5}>
            <Statistic title={t.stats.assignments} value={s.assignments} />
          </Col>
          <Col xs={12} md={5}>
            <Statistic title={t.stats.units} value={s.units} />
          </Col>
          <Col xs={12} md={5}>
            <Statistic title={t.stats.pending} value={s.pending.length} />
          </Col>
          <Col xs={12} md={5}>
            <Statistic title={t.stats.warnings} value={s.warnings.length} />
          </Col>
        </Row>
        <Descriptions
          className="tz-gap-top"
          size="small"
          column={{ xs: 1, md: 3 }}
          items={[
            {
              key: 'i',
              label: t.issuerLabel,
              children: s.issuerInferred ? t.issuerWithHow(s.issuer.name, s.issuerInferred) : s.issuer.name,
            },
            { key: 'y', label: t.yearLabel, children: s.year },
            { key: 's', label: t.stateLabel, children: <PlanStateTag state={s.state} /> },
          ]}
        />
      </Card>
      {s.diff ? (
        <Card title={t.diffTitle} className="tz-gap" size="small">
          <Row gutter={16}>
            <Col span={5}>
              <Statistic title={t.diffAdded} value={s.diff.added.length} />
            </Col>
            <Col span={5}>
              <Statistic title={t.diffRemoved} value={s.diff.removed.length} />
            </Col>
            <Col span={5}>
              <Statistic title={t.diffChanged} value={s.diff.changed.length} />
            </Col>
            <Col span={4}>
              <Statistic title={t.diffUnchanged} value={s.diff.unchanged} />
            </Col>
            <Col span={5}>
              <Statistic title={t.diffKeptReports} value={s.diff.keptReports} />
            </Col>
          </Row>
          <ul className="tz-diff">
            {s.diff.added.map((x) => (
              <li key={`a${x.taskId}`}>
                <Tag color="green">{t.diffAdded}</Tag>
                {zh.revision.item(x.seq)}
                {x.text}
              </li>
            ))}
            {s.diff.changed.map((x) => (
              <li key={`c${x.taskId}`}>
                <Tag color="blue">{t.diffChanged}</Tag>
                {x.fields.map((f) => zh.fields[f]).join(zh.common.listJoin)} · {zh.revision.item(x.seq)}
                {x.text}
              </li>
            ))}
            {s.diff.removed.map((x) => (
              <li key={`r${x.taskId}`}>
                <Tag color="red">{t.diffRemoved}</Tag>
                {zh.revision.removedItem(x.seq)}
                {x.text}
                {x.reports ? <Typography.Text type="warning">{t.diffRemovedReports(x.reports)}</Typography.Text> : null}
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
      {s.directoryAdded.length ? (
        <Card title={t.directoryAdded} size="small" className="tz-gap">
          <Typography.Paragraph type="secondary">{t.directoryAddedHelp}</Typography.Paragraph>
          <div data-testid="directory-added">
            {s.directoryAdded.map((n) => (
              <Tag key={n}>{n}</Tag>
            ))}
          </div>
        </Card>
      ) : null}
      {s.divisionsAdded ? (
        <Card
          title={t.divisionsAdded(s.divisionsAdded.government, s.divisionsAdded.units.length)}
          size="small"
          className="tz-gap"
        >
          <Typography.Paragraph type="secondary">
            {t.divisionsAddedHelp(s.divisionsAdded.source, s.divisionsAdded.code)}
          </Typography.Paragraph>
          <div data-testid="divisions-added">
            {s.divisionsAdded.units.map((n) => (
              <Tag key={n}>{n}</Tag>
            ))}
          </div>
        </Card>
      ) : null}
      {s.pending.length ? (
        <Card title={t.pendingTitle} size="small" className="tz-gap">
          <ul className="tz-diff">
            {s.pending.map((p) => (
              <li key={`${p.taskId}-${p.printed}`}>
                <Tag color="orange">{zh.pendingKinds[p.kind]}</Tag>
                {t.pendingRow(p.taskSeq, p.printed)}
                {p.suggestions.length ? (
                  <span className="tz-muted">
                    {' '}
                    {zh.review.suggestions}
                    {p.suggestions.join(zh.common.listJoin)}
                  </span>
                ) : null}
                {p.standardName ? <span className="tz-muted"> {t.standardName(p.standardName)}</span> : null}
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
      {s.warnings.length ? (
        <Card title={t.warningsTitle} size="small" className="tz-gap">
          <Space orientation="vertical" style={{ width: '100%' }}>
            {s.warnings.map((w) => (
              <Alert
                key={warningKey(w)}
                type="warning"
                title={`${zh.warningCodes[w.code as keyof typeof zh.warningCodes] ?? w.code}${w.task ? ` · ${w.task}` : ''}`}
                description={w.message}
              />
            ))}
          </Space>
        </Card>
      ) : null}
    </div>
  );
}
