import type { OpenAPIHono } from '@hono/zod-openapi';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { ROLE_LABELS } from '../../domain/actor.js';
import { changeOwnPassword } from '../../services/accounts.js';
import { login, logout } from '../../services/sessions.js';
import { requestOrigin } from '../client-address.js';
import { type AppEnv, type ServerDeps, serviceContext } from '../context.js';
import { Unauthenticated } from '../errors.js';
import { SESSION_COOKIE } from '../middleware/session.js';
import { route, z } from '../route.js';
import { TrustedProxies } from '../trusted-proxies.js';

const tag = '登录';

export function registerSession(app: OpenAPIHono<AppEnv>, deps: ServerDeps): void {
  app.openapi(route({ method: 'get', path: '/api/session', tag, summary: '当前用户与安全令牌' }), (c) => {
    const actor = c.get('actor');
    if (!actor) throw new Unauthenticated();
    return c.json(
      {
        actor: { ...actor, roleLabel: ROLE_LABELS[actor.role] },
        csrf: c.get('csrf'),
        mustChangePassword: c.get('mustChangePassword'),
      },
      200,
    );
  });

  app.openapi(
    route({
      method: 'post',
      path: '/api/session',
      tag,
      summary: '登录',
      json: z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(128) }),
    }),
    async (c) => {
      const { username, password } = c.req.valid('json');
      const origin = requestOrigin(c, deps.proxies ?? TrustedProxies.none());
      const s = await login(deps.store, username, password, deps.now(), { address: origin.address });
      setCookie(c, SESSION_COOKIE, s.token, {
        httpOnly: true,
        sameSite: 'Strict',
        // Secure when configured, or when a trusted proxy says the client came over HTTPS.
        secure: deps.secureCookies || origin.https,
        path: '/',
      });
      return c.json(
        {
          actor: { ...s.actor, roleLabel: ROLE_LABELS[s.actor.role] },
          csrf: s.csrf,
          mustChangePassword: s.mustChangePassword,
        },
        200,
      );
    },
  );

  app.openapi(route({ method: 'delete', path: '/api/session', tag, summary: '退出登录' }), async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await logout(deps.store, token, deps.now());
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.json({ ok: true }, 200);
  });

  app.openapi(
    route({
      method: 'post',
      path: '/api/session/password',
      tag,
      summary: '修改本人密码',
      json: z.object({ current: z.string().min(1).max(128), next: z.string().min(1).max(128) }),
    }),
    async (c) => {
      const { current, next } = c.req.valid('json');
      await changeOwnPassword(serviceContext(c, deps), current, next, getCookie(c, SESSION_COOKIE) ?? null);
      return c.json({ ok: true }, 200);
    },
  );
}
