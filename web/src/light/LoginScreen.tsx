/** @jsxImportSource preact */
import { useEffect, useState } from 'preact/hooks';
import { errorMessage } from '../api/client';
import { session as sessionApi } from '../api/endpoints';
import type { SsoOptions } from '../api/types';
import { safeNext } from '../auth/home';
import { zhCore as zh } from '../i18n/zh-core';
import { go, landingOf } from './boot';
import { Logo } from './Logo';
import type { LoginChecks } from './login-data';

const t = zh.login;
type Field = 'username' | 'password';

/**
 * 用户登录: the form is drawn at once and enabled when the server has said who is here (someone signed in is
 * sent on), which ways of signing in it offers, and that it is set up.
 */
export function LoginScreen({ checks }: { checks: Promise<LoginChecks> }) {
  const params = new URLSearchParams(window.location.search);
  const next = safeNext(params.get('next'));
  // A failed sign-on comes back as a code; its sentence is ours, never text taken from the address bar.
  const ssoFailure = t.ssoErrors[params.get('sso') ?? ''] ?? null;
  const [ways, setWays] = useState<SsoOptions | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [missing, setMissing] = useState<Field[]>([]);

  useEffect(() => {
    void checks.then((c) => {
      if (c.setupNeeded) return go('/setup');
      if (c.session) return go(landingOf(c.session, next));
      setWays(c.ways);
    });
  }, [checks, next]);

  const onSubmit = async (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const username = String(form.get('username') ?? '').trim();
    const password = String(form.get('password') ?? '');
    const empty = (
      [
        ['username', username],
        ['password', password],
      ] as const
    )
      .filter(([, v]) => !v)
      .map(([k]) => k);
    setMissing(empty);
    if (empty.length) return;
    setBusy(true);
    setError(null);
    try {
      const s = await sessionApi.login(username, password);
      go(landingOf(s, next));
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  const anySso = !!ways && (ways.oidc || ways.cas);
  const input = (name: Field, autoComplete: string) => {
    const wrong = missing.includes(name);
    const common = {
      id: `lt-${name}`,
      name,
      autoComplete,
      autoFocus: name === 'username',
      'aria-invalid': wrong,
      'aria-describedby': wrong ? `lt-${name}-missing` : undefined,
      class: 'lt-input',
    };
    return (
      <div class="lt-field">
        <label for={`lt-${name}`}>{t[name]}</label>
        {name === 'password' ? <input type="password" {...common} /> : <input type="text" {...common} />}
        {wrong ? (
          <div id={`lt-${name}-missing`} class="lt-field-error">
            {zh.common.required}
          </div>
        ) : null}
      </div>
    );
  };

  return (
    <div class="tz-auth">
      <div class="tz-auth-brand">
        <Logo size={40} />
        <h1 class="tz-auth-title lt-auth-title">{zh.app.name}</h1>
      </div>
      <section class="lt-card tz-auth-card">
        <h2 class="lt-card-title">{t.title}</h2>
        <div class="lt-card-body">
          {ssoFailure ? (
            <div class="lt-alert lt-alert-error" role="alert">
              {ssoFailure}
            </div>
          ) : null}
          {anySso ? (
            <div data-testid="sso-buttons" class="lt-stack">
              {ways.oidc ? (
                <a class="lt-btn lt-btn-primary lt-btn-block" href="/api/sso/oidc/login">
                  {t.sso}
                </a>
              ) : null}
              {ways.cas ? (
                <a class={`lt-btn lt-btn-block${ways.oidc ? '' : ' lt-btn-primary'}`} href="/api/sso/cas/login">
                  {ways.oidc ? t.ssoCas : t.sso}
                </a>
              ) : null}
            </div>
          ) : null}
          {ways && !ways.localPasswords ? <div class="lt-alert lt-alert-info">{t.passwordsOff}</div> : null}
          {anySso && ways.localPasswords ? <div class="lt-divider">{t.or}</div> : null}
          <form data-testid="login-form" onSubmit={onSubmit} noValidate hidden={!!ways && !ways.localPasswords}>
            {error ? (
              <div class="lt-alert lt-alert-error" role="alert">
                {error}
              </div>
            ) : null}
            {input('username', 'username')}
            {input('password', 'current-password')}
            <button type="submit" class="lt-btn lt-btn-primary lt-btn-block" disabled={!ways || busy} aria-busy={busy}>
              {t.submit}
            </button>
          </form>
          <div class="tz-auth-foot">
            <a href="/public">{t.publicLink}</a>
          </div>
        </div>
      </section>
    </div>
  );
}
