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
  mail: { smtpUrl: string | null; from: string };
  readers: { isolated: boolean; soffice: string | null };
  /** The operating-system user, named in the audit log for CLI actions. */
  osUser: string;
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
      trustedProxies: trustedProxies(env),
      setupToken: env.TAIZHANG_SETUP_TOKEN || null,
    },
    reminders: { enabled: env.TAIZHANG_REMINDERS !== 'off' },
    mail: { smtpUrl: env.TAIZHANG_SMTP_URL || null, from: env.TAIZHANG_MAIL_FROM ?? 'taizhang@localhost' },
    readers: { isolated: env.TAIZHANG_READER_ISOLATION !== '0', soffice: env.TAIZHANG_SOFFICE || null },
    osUser: env.USER ?? 'operator',
  };
}

function trustedProxies(env: NodeJS.ProcessEnv): string[] {
  const listed = (env.TAIZHANG_TRUSTED_PROXIES ?? '').split(/[\s,]+/).filter(Boolean);
  return listed.length ? listed : env.TAIZHANG_TRUST_PROXY === '1' ? ['127.0.0.0/8', '::1'] : [];
}

/** The configuration of this process (read at each call: tests and the CLI set the environment first). */
export function config(): Config {
  return readConfig(process.env);
}
