import { Alert, App, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import { setup } from '../../api/endpoints';
import { zh } from '../../i18n/zh';
import { AuthCard } from './AuthCard';

interface SetupForm {
  token: string;
  username: string;
  displayName: string;
  password: string;
}

export function SetupPage() {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onFinish = async (v: SetupForm) => {
    setBusy(true);
    setError(null);
    try {
      await setup.create({ ...v, token: v.token.trim(), username: v.username.trim() });
      message.success(zh.setup.done);
      navigate('/login', { replace: true });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const required = [{ required: true, message: zh.common.required }];
  return (
    <AuthCard title={zh.setup.title}>
      <Alert type="info" showIcon title={zh.setup.intro} style={{ marginBottom: 16 }} />
      <Form layout="vertical" onFinish={onFinish} requiredMark={false}>
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
        <Form.Item label={zh.setup.token} name="token" rules={required}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item label={zh.setup.username} name="username" rules={required} extra={zh.accounts.form.usernameHelp}>
          <Input autoComplete="username" />
        </Form.Item>
        <Form.Item label={zh.setup.displayName} name="displayName" rules={required}>
          <Input />
        </Form.Item>
        <Form.Item label={zh.setup.password} name="password" rules={required} extra={zh.changePassword.policy}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy}>
          {zh.setup.submit}
        </Button>
      </Form>
    </AuthCard>
  );
}
