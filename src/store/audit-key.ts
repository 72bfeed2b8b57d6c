import { createHmac, randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type {
  Kysely,
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import { AppError } from '../domain/errors.js';

/**
 * The audit log's secret and its anchors, both kept outside the database. Each event's chain value is an
 * HMAC under a key the database never holds (TAIZHANG_AUDIT_KEY, or `audit.key` in the data directory,
 * created 0600), so whoever can write the database cannot recompute the chain after an edit. The chain's
 * head is appended, signed, to an anchor file (`audit-anchors.jsonl`) on a schedule: a copy of it taken off
 * the machine shows events cut off the end. The first anchor marks where the older, keyless chain ended.
 */
export const KEY_FILE = 'audit.key';
export const ANCHOR_FILE = 'audit-anchors.jsonl';

/** The key from the environment's value: 64+ hex digits, or any text of 32 characters or more. */
export function keyFromText(text: string, origin: string): Buffer {
  const t = text.trim();
  if (/^[0-9a-f]{64,}$/i.test(t)) return Buffer.from(t, 'hex');
  if (t.length >= 32) return Buffer.from(t, 'utf8');
  throw new AppError('invalid-input', `${origin} 的审计密钥过短：须为 64 位以上十六进制或 32 个字符以上`);
}

export interface AuditKey {
  key: Buffer;
  /**
   * The last event chained without a key (by an earlier release), as recorded beside the key when it was
   * made; null for a key from the environment (then the first anchor, marked `start`, records it).
   */
  keylessUntil: number | null;
  /** The key file was made by this call. */
  created: boolean;
}

/**
 * The configured key, or the data directory's key file, created (0600, atomically) the first time, with
 * the id of the log's last event at that moment: events after it must carry keyed values.
 */
export function loadAuditKey(dataDir: string, configured: string | null | undefined, headId: number): AuditKey {
  if (configured) return { key: keyFromText(configured, 'TAIZHANG_AUDIT_KEY'), keylessUntil: null, created: false };
  const file = join(dataDir, KEY_FILE);
  const created =
    !existsSync(file) && createOnce(file, `${randomBytes(32).toString('hex')}\nkeyless-until ${headId}\n`);
  const [hex = '', boundary = ''] = readFileSync(file, 'utf8').split('\n');
  const until = /^keyless-until (\d+)$/.exec(boundary.trim());
  return { key: keyFromText(hex, file), keylessUntil: until ? Number(until[1]) : 0, created };
}

/** Writes a file only if none is there, without a moment where a half-written one can be read. */
function createOnce(file: string, content: string): boolean {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(tmp, content, { mode: 0o600 });
  try {
    linkSync(tmp, file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    return false;
  } finally {
    unlinkSync(tmp);
  }
}

/** Carries the key with the database handle (and every transaction made from it) to the audit code. */
export class AuditKeyPlugin implements KyselyPlugin {
  constructor(readonly audit: AuditKey) {}
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

export function auditKeyOf(db: Kysely<unknown>): AuditKey | null {
  const plugin = db.getExecutor().plugins.find((p): p is AuditKeyPlugin => p instanceof AuditKeyPlugin);
  return plugin?.audit ?? null;
}

export const mac = (key: Buffer, content: string): string => createHmac('sha256', key).update(content).digest('hex');

export interface Anchor {
  id: number;
  hash: string;
  at: string;
  /** The first anchor of a key from the environment: events up to it may be keyless (older release). */
  start?: boolean;
  mac: string;
}

const anchorMac = (key: Buffer, a: Omit<Anchor, 'mac'>): string =>
  mac(key, `anchor|${a.id}|${a.hash}|${a.at}${a.start ? '|start' : ''}`);

export function readAnchors(file: string): Anchor[] | null {
  if (!existsSync(file)) return null;
  const out: Anchor[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      const a = JSON.parse(line) as Anchor;
      out.push({
        id: Number(a.id),
        hash: String(a.hash),
        at: String(a.at),
        ...(a.start === true ? { start: true } : {}),
        mac: String(a.mac),
      });
    } catch {
      out.push({ id: -1, hash: '', at: '', mac: '' }); // a damaged line fails its signature check
    }
  }
  return out;
}

export const anchorSigned = (key: Buffer, a: Anchor): boolean => a.id >= 0 && anchorMac(key, a) === a.mac;

/** Appends the head, signed, unless it is what the file already ends with. The first call marks the start. */
export function appendAnchor(
  file: string,
  key: Buffer,
  head: { id: number; hash: string },
  at: string,
  start = false,
): boolean {
  const anchors = readAnchors(file);
  const last = anchors?.[anchors.length - 1];
  if (last && last.id === head.id && last.hash === head.hash) return false;
  const a = { ...head, at, ...(start ? { start: true } : {}) };
  const line = `${JSON.stringify({ ...a, mac: anchorMac(key, a) })}\n`;
  if (!anchors) createOnce(file, line);
  else appendFileSync(file, line, { mode: 0o600 });
  return true;
}

/**
 * A short, non-secret fingerprint of the store's audit key, for a backup's manifest: a restore can then say
 * plainly that the key it runs with is not the one the log was chained under.
 */
export function auditKeyFingerprint(db: Kysely<unknown>): string | null {
  const audit = auditKeyOf(db);
  return audit ? mac(audit.key, 'taizhang audit key fingerprint').slice(0, 16) : null;
}
