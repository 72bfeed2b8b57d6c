import { Alert, App, Button, Card, Form, InputNumber } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { accounts } from '../../api/endpoints';
import type { Settings } from '../../api/types';
import { LoadError } from '../../components/ErrorResult';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { useLoad } from '../../hooks/useLoad';
import { zh } from '../../i18n/zh';

const t = zh.settings;

/** 安全设置: password policy, lockout after failed logins, idle session timeout. */
export function SettingsPage() {
  const { message } = App.useApp();
  const { data, error, reload } = useLoad(accounts.settings, 'settings');
  const [busy, setBusy] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  if (error) return <LoadError error={error} onRetry={reload} />;
  if (!data) return <Loading />;

  const save = async (v: Settings) => {
    setBusy(true);
    setSaveError(null);
    try {
      await accounts.saveSettings(v);
      message.success(t.saved);
      reload();
    } catch (e) {
      setSaveError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="settings-page">
      <PageHeader title={t.title} />
      <Card>
        <Form layout="vertical" initialValues={data} onFinish={save} style={{ maxWidth: 480 }}>
          {saveError ? <Alert type="error" showIcon title={saveError} className="tz-gap" /> : null}
          <Form.Item label={t.minLength} name={['passwordPolicy', 'minLength']} rules={[{ required: true }]}>
            <InputNumber min={8} max={64} />
          </Form.Item>
          <Form.Item
            label={t.minClasses}
            name={['passwordPolicy', 'minClasses']}
            extra={t.minClassesHelp}
            rules={[{ required: true }]}
          >
            <InputNumber min={1} max={4} />
          </Form.Item>
          <Form.Item label={t.maxFailedLogins} name="maxFailedLogins" rules={[{ required: true }]}>
            <InputNumber min={3} max={20} />
          </Form.Item>
          <Form.Item label={t.maxFailedLoginsPerAddress} name="maxFailedLoginsPerAddress" rules={[{ required: true }]}>
            <InputNumber min={10} max={1000} />
          </Form.Item>
          <Form.Item label={t.lockMinutes} name="lockMinutes" rules={[{ required: true }]}>
            <InputNumber min={1} max={1440} />
          </Form.Item>
          <Form.Item label={t.sessionIdleMinutes} name="sessionIdleMinutes" rules={[{ required: true }]}>
            <InputNumber min={5} max={120} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            {zh.common.save}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
