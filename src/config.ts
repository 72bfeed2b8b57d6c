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
      trustProxy: env.TAIZHANG_TRUST_PROXY === '1',
      setupToken: env.TAIZHANG_SETUP_TOKEN || null,
    },
    reminders: { enabled: env.TAIZHANG_REMINDERS !== 'off' },
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
    osUser: env.USER ?? 'operator',
  };
}

/** The configuration of this process (read at each call: tests and the CLI set the environment first). */
export function config(): Config {
  return readConfig(process.env);
}
