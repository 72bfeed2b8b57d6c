import { Alert, App, Button, DatePicker, Form, Input } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { assignments } from '../../api/endpoints';
import { zh } from '../../i18n/zh';

const t = zh.extension;

/** 申请延期: a later date and the reason; the office decides. */
export function ExtensionForm({ assignmentId, onDone }: { assignmentId: number; onDone: () => void }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (v: { requestedDue: Dayjs; reason: string }) => {
    setBusy(true);
    setError(null);
    try {
      await assignments.requestExtension(assignmentId, v.requestedDue.format('YYYY-MM-DD'), v.reason.trim());
      message.success(t.done);
      onDone();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form layout="vertical" onFinish={submit} data-testid="extension-form">
      {error ? <Alert type="error" showIcon title={error} className="tz-gap" /> : null}
      <Form.Item label={t.requestedDue} name="requestedDue" rules={[{ required: true, message: zh.common.required }]}>
        <DatePicker disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
      </Form.Item>
      <Form.Item
        label={t.reason}
        name="reason"
        rules={[{ required: true, whitespace: true, message: zh.common.required }]}
      >
        <Input.TextArea autoSize={{ minRows: 3 }} maxLength={2000} showCount />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>
        {t.submit}
      </Button>
    </Form>
  );
}
