import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { AppError } from '../../domain/errors.js';
import { awaitsGrant } from '../../services/policy.js';
import { resumeSession } from '../../services/sessions.js';
import type { AppEnv, ServerDeps } from '../context.js';

export const SESSION_COOKIE = 'tz_session';
export const CSRF_HEADER = 'x-csrf-token';

/** Open to anyone: logging in (by password or single sign-on), first-run set-up, the public page, the API description, health. */
const OPEN = [
  /^\/api\/session$/,
  /^\/api\/sso(?:\/|$)/,
  /^\/api\/setup$/,
  /^\/api\/public\//,
  /^\/api\/openapi\.json$/,
  /^\/api\/health$/,
];
/** What a user who must change the password may still do. */
const WHILE_CHANGING = [/^\/api\/session(?:\/password)?$/];

/**
 * Who is asking: the session cookie resolved to an actor (idle sessions end here). Requests that change
 * something must carry the session's CSRF token in a header — a cross-site form cannot set it.
 */
export function sessionMiddleware(deps: ServerDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('actor', null);
    c.set('csrf', null);
    c.set('mustChangePassword', false);
    const token = getCookie(c, SESSION_COOKIE);
    if (token) {
      const s = await resumeSession(deps.store, token, deps.now());
      if (s) {
        c.set('actor', s.actor);
        c.set('csrf', s.csrf);
        c.set('mustChangePassword', s.mustChangePassword);
      }
    }
    const path = c.req.path;
    const open = OPEN.some((re) => re.test(path));
    if (!open && !c.get('actor')) return c.json({ error: { code: 'unauthenticated', message: '请先登录' } }, 401);
    const changes = !['GET', 'HEAD', 'OPTIONS'].includes(c.req.method);
    if (changes && c.get('actor') && c.req.header(CSRF_HEADER) !== c.get('csrf')) {
      throw new AppError('forbidden', '请求缺少有效的安全令牌，请刷新页面后重试');
    }
    const actor = c.get('actor');
    if (actor && awaitsGrant(actor) && !WHILE_CHANGING.some((re) => re.test(path)) && !open) {
      throw new AppError('forbidden', '已登录，等待系统管理员授权');
    }
    if (c.get('mustChangePassword') && !WHILE_CHANGING.some((re) => re.test(path)) && !open) {
      throw new AppError('forbidden', '请先修改初始密码');
    }
    await next();
  };
}
