import { LockOutlined, SafetyCertificateOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Divider, Form, Input } from 'antd';
import { useEffect, useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import { session as sessionApi, setup, sso } from '../../api/endpoints';
import type { SsoOptions } from '../../api/types';
import { homeOf, useSession } from '../../auth/session';
import { zh } from '../../i18n/zh';
import { AuthCard } from './AuthCard';

export function LoginPage() {
  const { session, signedIn } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [ways, setWays] = useState<SsoOptions | null>(null);
  // A failed sign-on comes back as a code; its sentence is ours, never text taken from the address bar.
  const ssoFailure = zh.login.ssoErrors[params.get('sso') ?? ''] ?? null;

  useEffect(() => {
    sso.options().then(setWays, () => setWays({ oidc: false, cas: false, localPasswords: true }));
  }, []);

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

  const anySso = !!ways && (ways.oidc || ways.cas);
  // The SSO buttons are plain navigations: the server sends the browser on to the identity provider.
  const ssoButtons = anySso ? (
    <div data-testid="sso-buttons">
      {ways.oidc ? (
        <Button type="primary" block size="large" icon={<SafetyCertificateOutlined />} href="/api/sso/oidc/login">
          {zh.login.sso}
        </Button>
      ) : null}
      {ways.cas ? (
        <Button
          type={ways.oidc ? 'default' : 'primary'}
          block
          size="large"
          icon={<SafetyCertificateOutlined />}
          href="/api/sso/cas/login"
          style={ways.oidc ? { marginTop: 8 } : undefined}
        >
          {ways.oidc ? zh.login.ssoCas : zh.login.sso}
        </Button>
      ) : null}
    </div>
  ) : null;

  return (
    <AuthCard title={zh.login.title}>
      {ssoFailure ? <Alert type="error" showIcon title={ssoFailure} style={{ marginBottom: 16 }} /> : null}
      {ssoButtons}
      {ways && !ways.localPasswords ? (
        <Alert type="info" showIcon title={zh.login.passwordsOff} style={{ marginTop: 16 }} />
      ) : null}
      {anySso && ways.localPasswords ? <Divider plain>{zh.login.or}</Divider> : null}
      <Form
        layout="vertical"
        onFinish={onFinish}
        requiredMark={false}
        data-testid="login-form"
        hidden={!ways?.localPasswords}
      >
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
