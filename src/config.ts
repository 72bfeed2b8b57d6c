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
  /**
   * Stored files in an S3-compatible object store (TAIZHANG_S3_URL,
   * `s3://KEY:SECRET@host[:port]/bucket[/prefix]?region=…&forcePathStyle=1`; `s3+http://` without TLS).
   * Without it files live in PostgreSQL when DATABASE_URL is set, else under the data directory.
   */
  s3Url: string | null;
  /**
   * For tests and drills only: the server's clock starts at this instant (TAIZHANG_NOW, ISO 8601) and runs
   * on from there, so a «Monday 09:30» can be staged. Null: the real clock.
   */
  clockStart: Date | null;
  auditKey: string | null;
  auditAnchorFile: string | null;
  auditAnchorMinutes: number;
  server: {
    port: number;
    host: string;
    workers: string;
    secureCookies: boolean;
    /**
     * The reverse proxies whose X-Forwarded-For/-Proto/-Host are believed: addresses and CIDR ranges
     * (TAIZHANG_TRUSTED_PROXIES, separated by commas or spaces). TAIZHANG_TRUST_PROXY=1, the older switch,
     * means a proxy on this machine (loopback). Empty: no proxy, the socket's peer is the client.
     */
    trustedProxies: string[];
    /** Set by the cluster primary for its workers. */
    setupToken: string | null;
  };
  reminders: { enabled: boolean };
  /**
   * Where users reach taizhang (TAIZHANG_PUBLIC_URL, e.g. https://taizhang.example.gov.cn/): the link back in
   * group-robot messages. Without it messages carry no link, since the server cannot know its public name
   * behind a proxy.
   */
  publicUrl: string | null;
  /**
   * Group robots (钉钉, 企业微信, 飞书): this process drains their outbox after each event and every
   * `drainSeconds` (TAIZHANG_ROBOTS=off leaves the outbox to another process; TAIZHANG_ROBOT_DRAIN_SECONDS).
   */
  robots: { enabled: boolean; drainSeconds: number };
  mail: { smtpUrl: string | null; from: string };
  readers: {
    isolated: boolean;
    soffice: string | null;
    /**
     * OCR of image-only PDF pages and PNG/JPEG photos with tesseract (chi_sim) and poppler's pdftoppm:
     * TAIZHANG_OCR=off disables it; TAIZHANG_TESSERACT / TAIZHANG_PDFTOPPM name the binaries when not on
     * PATH; TAIZHANG_OCR_DPI is the resolution PDF pages are rasterised at (default 200: a 150-dpi scan
     * upsampled to it reads markedly better, bold headings above all).
     */
    ocr: { enabled: boolean; tesseract: string | null; pdftoppm: string | null; dpi: number };
  };
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
    s3Url: env.TAIZHANG_S3_URL || null,
    clockStart: clockStart(env.TAIZHANG_NOW),
    auditKey: env.TAIZHANG_AUDIT_KEY || null,
    auditAnchorFile: env.TAIZHANG_AUDIT_ANCHORS ? resolve(env.TAIZHANG_AUDIT_ANCHORS) : null,
    auditAnchorMinutes: Number(env.TAIZHANG_AUDIT_ANCHOR_MINUTES ?? 10) || 10,
    server: {
      port: Number(env.PORT ?? 3000),
      host: env.HOST ?? '127.0.0.1',
      workers: env.TAIZHANG_WORKERS ?? '1',
      secureCookies: env.TAIZHANG_SECURE_COOKIES === '1',
      trustedProxies: trustedProxies(env),
      setupToken: env.TAIZHANG_SETUP_TOKEN || null,
    },
    reminders: { enabled: env.TAIZHANG_REMINDERS !== 'off' },
    publicUrl: env.TAIZHANG_PUBLIC_URL ? env.TAIZHANG_PUBLIC_URL.replace(/\/+$/, '') : null,
    robots: {
      enabled: env.TAIZHANG_ROBOTS !== 'off',
      drainSeconds: Number(env.TAIZHANG_ROBOT_DRAIN_SECONDS ?? 60) || 60,
    },
    mail: { smtpUrl: env.TAIZHANG_SMTP_URL || null, from: env.TAIZHANG_MAIL_FROM ?? 'taizhang@localhost' },
    readers: {
      isolated: env.TAIZHANG_READER_ISOLATION !== '0',
      soffice: env.TAIZHANG_SOFFICE || null,
      ocr: {
        enabled: env.TAIZHANG_OCR !== 'off',
        tesseract: env.TAIZHANG_TESSERACT || null,
        pdftoppm: env.TAIZHANG_PDFTOPPM || null,
        dpi: Math.min(600, Math.max(72, Number(env.TAIZHANG_OCR_DPI ?? 200) || 200)),
      },
    },
    sso: readSso(env),
    osUser: env.USER ?? 'operator',
  };
}

function clockStart(text: string | undefined): Date | null {
  if (!text) return null;
  const at = new Date(text);
  if (Number.isNaN(at.getTime())) throw new Error(`TAIZHANG_NOW 不是有效的时间（ISO 8601）：${text}`);
  return at;
}

/** The clock of this process: the real one, or one started at TAIZHANG_NOW (tests and drills). */
export function clockOf(c: Config, started = Date.now()): () => Date {
  const start = c.clockStart;
  if (!start) return () => new Date();
  const offset = start.getTime() - started;
  return () => new Date(Date.now() + offset);
}

function trustedProxies(env: NodeJS.ProcessEnv): string[] {
  const listed = (env.TAIZHANG_TRUSTED_PROXIES ?? '').split(/[\s,]+/).filter(Boolean);
  return listed.length ? listed : env.TAIZHANG_TRUST_PROXY === '1' ? ['127.0.0.0/8', '::1'] : [];
}

/** The configuration of this process (read at each call: tests and the CLI set the environment first). */
export function config(): Config {
  return readConfig(process.env);
}
