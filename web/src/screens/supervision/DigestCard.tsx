import { SendOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Popconfirm, Typography } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { reminders } from '../../api/endpoints';
import type { DigestRun, DigestStatus } from '../../api/types';
import { formatTime } from '../../components/format';
import { useLoad } from '../../hooks/useLoad';
import { zh } from '../../i18n/zh';

const t = zh.supervision;

/**
 * 本周到期提醒: one digest per unit and week. On load it says whether this week's have gone out and to how
 * many units a send would still go; after a send, who got one and who already had it.
 */
export function DigestCard({ onSent, readOnly = false }: { onSent: () => void; readOnly?: boolean }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [run, setRun] = useState<DigestRun | null>(null);
  const status = useLoad(() => reminders.digestStatus(), 'digest-status');

  const send = async () => {
    setBusy(true);
    try {
      const r = await reminders.sendDigest();
      setRun(r);
      message.success(t.digestDone(r.units, r.skipped));
      status.reload();
      onSent();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      title={t.digestTitle}
      size="small"
      className="tz-gap"
      extra={
        readOnly ? null : (
          <Popconfirm
            title={t.sendDigest}
            description={t.sendDigestQuestion}
            okText={zh.common.ok}
            cancelText={zh.common.cancel}
            onConfirm={send}
          >
            <Button type="primary" icon={<SendOutlined />} loading={busy} data-testid="send-digest">
              {t.sendDigest}
            </Button>
          </Popconfirm>
        )
      }
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
        {t.digestHelp}
      </Typography.Paragraph>
      {status.data ? <WeekStatus status={status.data} /> : null}
      {run ? (
        <div data-testid="digest-result">
          <Alert
            type={run.units ? 'success' : 'info'}
            showIcon
            title={t.digestDone(run.units, run.skipped)}
            className="tz-gap-sm"
          />
          <Descriptions size="small" bordered column={{ xs: 1, md: 2, xl: 5 }}>
            <Descriptions.Item label={t.digestResult.period}>{run.period}</Descriptions.Item>
            <Descriptions.Item label={t.digestResult.units}>
              <span data-testid="digest-units">{t.unitCount(run.units)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t.digestResult.skipped}>
              <span data-testid="digest-skipped">{t.unitCount(run.skipped)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t.digestResult.items}>{t.itemCount(run.items)}</Descriptions.Item>
            <Descriptions.Item label={t.digestResult.emailed}>{t.unitCount(run.emailed)}</Descriptions.Item>
          </Descriptions>
          {run.failures.length ? (
            <Alert
              type="warning"
              showIcon
              className="tz-gap-top"
              title={t.failures}
              description={run.failures.join(zh.common.listJoin)}
            />
          ) : null}
        </div>
      ) : null}
    </Card>
  );
}

function WeekStatus({ status }: { status: DigestStatus }) {
  const sent = status.sent ? t.digestWeek.sent(status.period, status.sent, formatTime(status.lastSentAt)) : null;
  const pending = status.pending
    ? t.digestWeek.pending(status.pending, status.pendingItems)
    : status.sent
      ? t.digestWeek.nonePending
      : t.digestWeek.nothingDue;
  return (
    <Alert
      type={status.pending ? 'warning' : 'success'}
      showIcon
      className="tz-gap-sm"
      data-testid="digest-status"
      title={[sent, pending].filter(Boolean).join(t.digestWeek.join)}
    />
  );
}
