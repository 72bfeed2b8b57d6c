import { Alert, App, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { Link, Navigate, useNavigate } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import { session as sessionApi } from '../../api/endpoints';
import { homeOf, useSession } from '../../auth/session';
import { Loading } from '../../components/Loading';
import { zh } from '../../i18n/zh';
import { AuthCard } from './AuthCard';

export function ChangePasswordPage() {
  const { session, loading, passwordChanged } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (loading) return <Loading />;
  if (!session) return <Navigate to="/login" replace />;

  const onFinish = async (v: { current: string; next: string }) => {
    setBusy(true);
    setError(null);
    try {
      await sessionApi.changePassword(v.current, v.next);
      passwordChanged();
      message.success(zh.changePassword.done);
      navigate(homeOf(session.actor.role), { replace: true });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthCard title={zh.changePassword.title}>
      {session.mustChangePassword ? (
        <Alert type="warning" showIcon title={zh.changePassword.mustChange} style={{ marginBottom: 16 }} />
      ) : null}
      <Form layout="vertical" onFinish={onFinish} requiredMark={false} data-testid="password-form">
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
        <Form.Item
          label={zh.changePassword.current}
          name="current"
          rules={[{ required: true, message: zh.common.required }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          label={zh.changePassword.next}
          name="next"
          extra={zh.changePassword.policy}
          rules={[{ required: true, message: zh.common.required }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          label={zh.changePassword.repeat}
          name="repeat"
          dependencies={['next']}
          rules={[
            { required: true, message: zh.common.required },
            ({ getFieldValue }) => ({
              validator: (_r, value) =>
                !value || value === getFieldValue('next')
                  ? Promise.resolve()
                  : Promise.reject(new Error(zh.changePassword.mismatch)),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy}>
          {zh.common.submit}
        </Button>
      </Form>
      {session.mustChangePassword ? null : (
        <div className="tz-auth-foot">
          <Link to={homeOf(session.actor.role)}>{zh.common.back}</Link>
        </div>
      )}
    </AuthCard>
  );
}
