import { SendOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Popconfirm, Typography } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { reminders } from '../../api/endpoints';
import type { DigestRun } from '../../api/types';
import { zh } from '../../i18n/zh';

const t = zh.supervision;

/** 本周到期提醒: one digest per unit and week; the answer says who got one and who already had it. */
export function DigestCard({ onSent }: { onSent: () => void }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [run, setRun] = useState<DigestRun | null>(null);

  const send = async () => {
    setBusy(true);
    try {
      const r = await reminders.sendDigest();
      setRun(r);
      message.success(t.digestDone(r.units, r.skipped));
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
      }
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: run ? 12 : 0 }}>
        {t.digestHelp}
      </Typography.Paragraph>
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
