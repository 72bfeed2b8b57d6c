import { Alert, App, Button, Card, Form, Input, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { plans } from '../../api/endpoints';
import type { PendingRevision, UnitEffect } from '../../api/types';
import { formatTime } from '../../components/format';
import { zh } from '../../i18n/zh';

const t = zh.revision;

const arrow = (a: number, b: number) => (a === b ? String(a) : `${a} → ${b}`);

/**
 * A revision of an issued plan waiting for the office: what it would change (by 第 N 项, with each changed
 * field before and after), its effect on each unit's 考核 items and reminders, what still blocks it, and the
 * reason asked before it is confirmed or discarded.
 */
export function RevisionReview({ revision: r, onDone }: { revision: PendingRevision; onDone: () => void }) {
  const { message } = App.useApp();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState<'confirm' | 'discard' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const d = r.review.diff;
  const act = async (kind: 'confirm' | 'discard') => {
    if (!reason.trim()) {
      setError(t.reasonRequired);
      return;
    }
    setBusy(kind);
    setError(null);
    try {
      if (kind === 'confirm')
        message.success(t.confirmed((await plans.confirmRevision(r.planId, reason)).diff.toRevision));
      else {
        await plans.discardRevision(r.planId, reason);
        message.success(t.discarded);
      }
      onDone();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <Card title={t.title} className="tz-gap" data-testid="revision-review">
      <Typography.Paragraph>
        {t.intro(r.sourceName, r.createdByName ?? '', formatTime(r.createdAt))}
      </Typography.Paragraph>
      <Typography.Paragraph strong data-testid="revision-summary">
        {t.summary(d.added.length, d.removed.length, d.changed.length, d.unchanged, d.keptReports)}
      </Typography.Paragraph>
      <ul className="tz-diff" data-testid="revision-diff">
        {d.added.map((x) => (
          <li key={`a${x.seq}`}>
            <Tag color="green">{t.added}</Tag>
            {t.item(x.seq)} {x.text}
          </li>
        ))}
        {d.changed.map((x) => (
          <li key={`c${x.taskId}`}>
            <Tag color="blue">{t.changed}</Tag>
            {t.item(x.seq)} {x.text}
            {(x.changes ?? [])
              .filter((c) => c.field !== 'text')
              .map((c) => (
                <div key={c.field} className="tz-muted">
                  {t.change(zh.fields[c.field], c.before, c.after)}
                </div>
              ))}
          </li>
        ))}
        {d.removed.map((x) => (
          <li key={`r${x.taskId}`}>
            <Tag color="red">{t.removed}</Tag>
            {t.removedItem(x.seq)} {x.text}
            {x.reports ? <Typography.Text type="warning">{t.removedReports(x.reports)}</Typography.Text> : null}
          </li>
        ))}
      </ul>
      <Typography.Title level={5}>{t.effectTitle}</Typography.Title>
      {r.review.effect.length ? (
        <Table<UnitEffect>
          size="small"
          rowKey="unitId"
          pagination={false}
          data-testid="revision-effect"
          dataSource={r.review.effect}
          columns={[
            { key: 'u', title: t.effectUnit, dataIndex: 'unitName' },
            { key: 's', title: t.effectScored, render: (_, e) => arrow(e.scoredBefore, e.scoredAfter) },
            { key: 'r', title: t.effectRemind, render: (_, e) => arrow(e.remindBefore, e.remindAfter) },
          ]}
        />
      ) : (
        <Typography.Paragraph type="secondary">{t.effectNone}</Typography.Paragraph>
      )}
      {r.review.blockers.length ? (
        <Alert
          className="tz-gap-top"
          type="warning"
          title={t.blockersTitle(r.review.blockers.length)}
          description={
            <ul className="tz-diff">
              {r.review.blockers.map((b) => (
                <li key={`${b.kind}${b.taskId}${b.detail ?? ''}`}>{zh.review.checklistItem(b.seq, b.message)}</li>
              ))}
            </ul>
          }
        />
      ) : null}
      <Form layout="vertical" className="tz-gap-top">
        <Form.Item label={t.reason} required validateStatus={error ? 'error' : ''} help={error ?? undefined}>
          <Input.TextArea
            rows={2}
            maxLength={1000}
            value={reason}
            placeholder={t.reasonPlaceholder}
            onChange={(e) => setReason(e.target.value)}
            data-testid="revision-reason"
          />
        </Form.Item>
        <Space wrap>
          <Button
            type="primary"
            loading={busy === 'confirm'}
            onClick={() => act('confirm')}
            data-testid="revision-confirm"
          >
            {t.confirm}
          </Button>
          <Button loading={busy === 'discard'} onClick={() => act('discard')} data-testid="revision-discard">
            {t.discard}
          </Button>
        </Space>
      </Form>
    </Card>
  );
}
