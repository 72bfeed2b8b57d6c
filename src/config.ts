import { resolve } from 'node:path';

/**
 * Every setting taizhang reads from its environment, read here and nowhere else, so the README's
 * configuration table and `taizhang doctor` have one place to look. A leaf module: it imports nothing of
 * the application, so any layer may ask it.
 */
export interface Config {
  /** Data directory: the SQLite file, stored files (without DATABASE_URL), audit.key. */
  dataDir: string;
  /** PostgreSQL connection string; SQLite when absent. */
  databaseUrl: string | null;
  auditKey: string | null;
  auditAnchorFile: string | null;
  auditAnchorMinutes: number;
  server: {
    port: number;
    host: string;
    workers: string;
    secureCookies: boolean;
    /** Behind a reverse proxy: trust X-Forwarded-For from it (TAIZHANG_TRUST_PROXY=1). */
    trustProxy: boolean;
    /** Set by the cluster primary for its workers. */
    setupToken: string | null;
  };
  reminders: { enabled: boolean };
  mail: { smtpUrl: string | null; from: string };
  readers: { isolated: boolean; soffice: string | null };
  sso: SsoConfig;
  /** The operating-system user, named in the audit log for CLI actions. */
  osUser: string;
}

/** Single sign-on: a province's 统一身份认证 by OpenID Connect or CAS; either, both or neither. */
export interface SsoConfig {
  /** Where taizhang is reached from browsers (TAIZHANG_PUBLIC_URL): the callbacks are derived from it. */
  publicUrl: string | null;
  oidc: {
    issuer: string;
    clientId: string;
    clientSecret: string | null;
    /** The registered redirect URI; `${publicUrl}/api/sso/oidc/callback` unless set. */
    redirectUrl: string;
    scopes: string;
    /** The claim that names the account at the IdP: preferred_username by default, or sub. */
    claim: string;
  } | null;
  cas: {
    /** The CAS server's base, e.g. https://cas.example.gov.cn/cas (…/login, …/serviceValidate below it). */
    baseUrl: string;
    version: 2 | 3;
    /** The service URL CAS sends the ticket to; `${publicUrl}/api/sso/cas/callback` unless set. */
    serviceUrl: string;
    /** A CAS 3.0 attribute naming the account instead of cas:user. */
    attribute: string | null;
  } | null;
  /** Local passwords accepted at the login form (TAIZHANG_LOCAL_PASSWORDS=off switches them off). */
  localPasswords: boolean;
}

const trimSlash = (u: string): string => u.replace(/\/+$/, '');

function readSso(env: NodeJS.ProcessEnv): SsoConfig {
  const publicUrl = env.TAIZHANG_PUBLIC_URL ? trimSlash(env.TAIZHANG_PUBLIC_URL) : null;
  const derived = (path: string, explicit: string | undefined): string | null =>
    explicit || (publicUrl ? `${publicUrl}${path}` : null);
  const oidcRedirect = derived('/api/sso/oidc/callback', env.TAIZHANG_OIDC_REDIRECT_URL);
  const casService = derived('/api/sso/cas/callback', env.TAIZHANG_CAS_SERVICE_URL);
  // A half-configured protocol (no callback to come back to) is off; `taizhang doctor` can say why.
  const oidc =
    env.TAIZHANG_OIDC_ISSUER && env.TAIZHANG_OIDC_CLIENT_ID && oidcRedirect
      ? {
          issuer: env.TAIZHANG_OIDC_ISSUER,
          clientId: env.TAIZHANG_OIDC_CLIENT_ID,
          clientSecret: env.TAIZHANG_OIDC_CLIENT_SECRET || null,
          redirectUrl: oidcRedirect,
          scopes: env.TAIZHANG_OIDC_SCOPES || 'openid profile',
          claim: env.TAIZHANG_OIDC_CLAIM || 'preferred_username',
        }
      : null;
  const cas =
    env.TAIZHANG_CAS_URL && casService
      ? {
          baseUrl: trimSlash(env.TAIZHANG_CAS_URL),
          version: env.TAIZHANG_CAS_VERSION === '2' ? (2 as const) : (3 as const),
          serviceUrl: casService,
          attribute: env.TAIZHANG_CAS_ATTRIBUTE || null,
        }
      : null;
  // Passwords can only be switched off when some SSO is there to log in with (else nobody could).
  const localPasswords = env.TAIZHANG_LOCAL_PASSWORDS !== 'off' || (!oidc && !cas);
  return { publicUrl, oidc, cas, localPasswords };
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    dataDir: resolve(env.TAIZHANG_DATA ?? '.data'),
    databaseUrl: env.DATABASE_URL || null,
    auditKey: env.TAIZHANG_AUDIT_KEY || null,
    auditAnchorFile: env.TAIZHANG_AUDIT_ANCHORS ? resolve(env.TAIZHANG_AUDIT_ANCHORS) : null,
    auditAnchorMinutes: Number(env.TAIZHANG_AUDIT_ANCHOR_MINUTES ?? 10) || 10,
    server: {
      port: Number(env.PORT ?? 3000),
      host: env.HOST ?? '127.0.0.1',
      workers: env.TAIZHANG_WORKERS ?? '1',
      secureCookies: env.TAIZHANG_SECURE_COOKIES === '1',
      trustProxy: env.TAIZHANG_TRUST_PROXY === '1',
      setupToken: env.TAIZHANG_SETUP_TOKEN || null,
    },
    reminders: { enabled: env.TAIZHANG_REMINDERS !== 'off' },
    mail: { smtpUrl: env.TAIZHANG_SMTP_URL || null, from: env.TAIZHANG_MAIL_FROM ?? 'taizhang@localhost' },
    readers: { isolated: env.TAIZHANG_READER_ISOLATION !== '0', soffice: env.TAIZHANG_SOFFICE || null },
    sso: readSso(env),
    osUser: env.USER ?? 'operator',
  };
}

/** The configuration of this process (read at each call: tests and the CLI set the environment first). */
export function config(): Config {
  return readConfig(process.env);
}
