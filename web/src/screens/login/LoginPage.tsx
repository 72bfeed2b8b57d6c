import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input } from 'antd';
import { useEffect, useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import { session as sessionApi, setup } from '../../api/endpoints';
import { homeOf, useSession } from '../../auth/session';
import { zh } from '../../i18n/zh';
import { AuthCard } from './AuthCard';

export function LoginPage() {
  const { session, signedIn } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setup.needed().then(
      (r) => {
        if (r.needed) navigate('/setup', { replace: true });
      },
      () => undefined,
    );
  }, [navigate]);

  if (session && !busy) {
    if (session.mustChangePassword) return <Navigate to="/change-password" replace />;
    return <Navigate to={safeNext(params.get('next')) ?? homeOf(session.actor.role)} replace />;
  }

  const onFinish = async (v: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      const s = await sessionApi.login(v.username.trim(), v.password);
      signedIn(s);
      if (s.mustChangePassword) navigate('/change-password', { replace: true });
      else navigate(safeNext(params.get('next')) ?? homeOf(s.actor.role), { replace: true });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthCard title={zh.login.title}>
      <Form layout="vertical" onFinish={onFinish} requiredMark={false} data-testid="login-form">
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
        <Form.Item label={zh.login.username} name="username" rules={[{ required: true, message: zh.common.required }]}>
          <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
        </Form.Item>
        <Form.Item label={zh.login.password} name="password" rules={[{ required: true, message: zh.common.required }]}>
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy}>
          {zh.login.submit}
        </Button>
      </Form>
      <div className="tz-auth-foot">
        <Link to="/public">{zh.login.publicLink}</Link>
      </div>
    </AuthCard>
  );
}

/** Only paths inside this site, never another origin. */
function safeNext(next: string | null): string | null {
  return next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : null;
}
