import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { config } from '../../config.js';
import { isAppError } from '../../domain/errors.js';
import { recordSsoFailure, signInWithIdentity } from '../../services/sso-accounts.js';
import { beginFlow, FLOW_MINUTES, takeFlow } from '../../services/sso-flows.js';
import { requestOrigin } from '../client-address.js';
import type { AppEnv, ServerDeps } from '../context.js';
import { SESSION_COOKIE } from '../middleware/session.js';
import { route, z } from '../route.js';
import { CasRefusal, casLoginUrl, validateTicket } from '../sso/cas.js';
import { finishOidc, startOidc } from '../sso/oidc.js';
import { TrustedProxies } from '../trusted-proxies.js';

const tag = '登录';
const FLOW_COOKIE = 'tz_sso';

/** What the login page offers: the answer of GET /api/sso. */
export const SsoOptions = z
  .object({
    oidc: z.boolean().openapi({ description: 'OpenID Connect 统一身份认证已配置' }),
    cas: z.boolean().openapi({ description: 'CAS 统一身份认证已配置' }),
    localPasswords: z.boolean().openapi({ description: '是否接受用户名密码登录' }),
  })
  .openapi('SsoOptions');

/** Why a sign-on came back to the login page: a code the page turns into a sentence (never text from the URL). */
type Failure = 'state' | 'failed' | 'denied' | 'off';

/**
 * Single sign-on: GET …/login sends the browser to the identity provider, which sends it back to
 * …/callback; a good answer opens a session like a password login and goes to the application, anything
 * else goes back to the login page with a failure code. The flow cookie is SameSite=Lax: the IdP's redirect
 * back is a cross-site navigation, which a Strict cookie would not survive.
 */
export function registerSso(app: OpenAPIHono<AppEnv>, deps: ServerDeps): void {
  app.openapi(
    route({ method: 'get', path: '/api/sso', tag, summary: '可用的登录方式（统一身份认证、用户名密码）' }),
    (c) => {
      const sso = config().sso;
      return c.json(SsoOptions.parse({ oidc: !!sso.oidc, cas: !!sso.cas, localPasswords: sso.localPasswords }), 200);
    },
  );

  const back = (c: Context<AppEnv>, failure: Failure) => c.redirect(`/login?sso=${failure}`, 302);
  const startFlow = async (c: Context<AppEnv>, protocol: string, secrets: Parameters<typeof beginFlow>[3]) => {
    const token = await beginFlow(deps.store, deps.now(), protocol, secrets);
    setCookie(c, FLOW_COOKIE, token, {
      httpOnly: true,
      sameSite: 'Lax',
      secure: deps.secureCookies,
      path: '/api/sso',
      maxAge: FLOW_MINUTES * 60,
    });
  };
  /** Ends a sign-on: a session on success, the login page with a code (and an audit line) otherwise. */
  const finish = async (
    c: Context<AppEnv>,
    protocol: 'oidc' | 'cas',
    prove: () => Promise<{ issuer: string; subject: string; displayName: string | null }>,
  ) => {
    const origin = requestOrigin(c, deps.proxies ?? TrustedProxies.none());
    const address = origin.address;
    deleteCookie(c, FLOW_COOKIE, { path: '/api/sso' });
    try {
      const who = await prove();
      const s = await signInWithIdentity(deps.store, deps.now(), { ...who, protocol, address });
      setCookie(c, SESSION_COOKIE, s.token, {
        httpOnly: true,
        sameSite: 'Strict',
        secure: deps.secureCookies || origin.https,
        path: '/',
      });
      return c.redirect('/', 302);
    } catch (e) {
      if (isAppError(e)) return back(c, 'denied'); // already audited where it was refused
      const failure: Failure = e instanceof FlowMissing ? 'state' : 'failed';
      await recordSsoFailure(deps.store, deps.now(), { protocol, address, reason: (e as Error).message });
      return back(c, failure);
    }
  };

  app.get('/api/sso/oidc/login', async (c) => {
    const cfg = config().sso.oidc;
    if (!cfg) return back(c, 'off');
    try {
      const { url, secrets } = await startOidc(cfg);
      await startFlow(c, 'oidc', secrets);
      return c.redirect(url.href, 302);
    } catch (e) {
      await recordSsoFailure(deps.store, deps.now(), {
        protocol: 'oidc',
        address: requestOrigin(c, deps.proxies ?? TrustedProxies.none()).address,
        reason: `discovery: ${(e as Error).message}`,
      });
      return back(c, 'failed');
    }
  });

  app.get('/api/sso/oidc/callback', async (c) => {
    const cfg = config().sso.oidc;
    if (!cfg) return back(c, 'off');
    const secrets = await takeFlow(deps.store, deps.now(), 'oidc', getCookie(c, FLOW_COOKIE));
    return finish(c, 'oidc', async () => {
      if (!secrets) throw new FlowMissing();
      // openid-client checks the state too; checked here first so that a forged callback is named as such.
      if (c.req.query('state') !== secrets.state) throw new FlowMissing('state does not match the sign-on begun');
      return finishOidc(cfg, new URL(c.req.url).search, secrets);
    });
  });

  app.get('/api/sso/cas/login', async (c) => {
    const cfg = config().sso.cas;
    if (!cfg) return back(c, 'off');
    // CAS carries no state: the flow cookie ties the ticket to the browser that asked for it.
    await startFlow(c, 'cas', { state: 'cas', nonce: null, codeVerifier: null });
    return c.redirect(casLoginUrl(cfg), 302);
  });

  app.get('/api/sso/cas/callback', async (c) => {
    const cfg = config().sso.cas;
    if (!cfg) return back(c, 'off');
    const secrets = await takeFlow(deps.store, deps.now(), 'cas', getCookie(c, FLOW_COOKIE));
    const ticket = c.req.query('ticket');
    return finish(c, 'cas', async () => {
      if (!secrets) throw new FlowMissing();
      if (!ticket || ticket.length > 256) throw new CasRefusal('INVALID_REQUEST', 'no ticket');
      const person = await validateTicket(cfg, ticket);
      const subject = cfg.attribute ? person.attributes[cfg.attribute] : person.user;
      if (!subject) throw new CasRefusal('NO_ATTRIBUTE', `CAS answer lacks attribute ${cfg.attribute}`);
      const displayName = person.attributes.displayName ?? person.attributes.cn ?? person.attributes.name ?? null;
      return { issuer: cfg.baseUrl, subject, displayName };
    });
  });
}

/** The callback does not belong to a sign-on begun here (no cookie, used already, expired, another state). */
class FlowMissing extends Error {
  constructor(why = 'no sign-on under way for this browser') {
    super(why);
  }
}
