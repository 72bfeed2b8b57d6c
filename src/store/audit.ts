import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { maxOf } from '../domain/arrays.js';
import { anchorSigned, auditKeyOf, mac, readAnchors } from './audit-key.js';
import { type DialectName, lockAuditChain } from './dialect.js';
import type { Database } from './schema.js';

/**
 * The audit log: who did what, when, with the record before and after, written in the same transaction as
 * the change itself. Each event's chain value is an HMAC (key outside the database, audit-key.ts) over its
 * content and the previous event's value, so editing, removing or reordering any event breaks the chain
 * from there on, and nobody without the key can recompute it (`taizhang audit verify`); signed anchors of
 * the head, kept outside the database, show events cut off the end. Events written before the key existed
 * keep their plain SHA-256 values and still verify, up to the first anchor. The database refuses updates and
 * deletes of the log as well (migration 0002).
 */
export interface AuditEntry {
  actor: string;
  action: string;
  entity: string;
  entityId: string | number;
  before?: unknown;
  after?: unknown;
}

export const GENESIS = '0'.repeat(64);
/** Chain values made with the key carry this prefix; plain hex values are the older SHA-256 chain. */
const HMAC_PREFIX = 'hmac:';

export async function appendAudit(
  trx: Transaction<Database>,
  dialect: DialectName,
  at: string,
  entries: readonly AuditEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  const key = auditKeyOf(trx as unknown as Kysely<unknown>)?.key;
  if (!key) throw new Error('audit key missing: the store was opened without one');
  await lockAuditChain(trx, dialect);
  const head = await trx
    .selectFrom('audit_events')
    .select(['id', 'hash'])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  let prev = head?.hash ?? GENESIS;
  let id = Number(head?.id ?? 0);
  const rows = entries.map((e) => {
    id += 1;
    const row = {
      id,
      at,
      actor: e.actor,
      action: e.action,
      entity: e.entity,
      entity_id: String(e.entityId),
      before_json: e.before === undefined ? null : JSON.stringify(e.before),
      after_json: e.after === undefined ? null : JSON.stringify(e.after),
      prev_hash: prev,
    };
    const hash = eventMac(key, row);
    prev = hash;
    return { ...row, hash };
  });
  // Ids are assigned here, not by the sequence, because they are part of what the hash covers.
  for (let i = 0; i < rows.length; i += 200)
    await trx
      .insertInto('audit_events')
      .values(rows.slice(i, i + 200))
      .execute();
}

interface HashedFields {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: string;
  before_json: string | null;
  after_json: string | null;
  prev_hash: string;
}

/** The older, keyless chain value (events written before the key existed). */
export function eventHash(e: HashedFields): string {
  return createHash('sha256').update(hashedContent(e)).digest('hex');
}

const hashedContent = (e: HashedFields): string =>
  JSON.stringify([e.id, e.at, e.actor, e.action, e.entity, e.entity_id, e.before_json, e.after_json, e.prev_hash]);

export function eventMac(key: Buffer, e: HashedFields): string {
  return `${HMAC_PREFIX}${mac(key, hashedContent(e))}`;
}

export interface AuditVerification {
  ok: boolean;
  events: number;
  /** The last event's chain value. */
  head: string;
  /** The first event that does not follow from the one before it (id 0: the log as a whole, or its anchors). */
  brokenAt: { id: number; reason: string } | null;
  /** Anchors checked against the chain (null: no anchor file was given). */
  anchors: number | null;
}

/**
 * Walks the whole chain in id order, in pages, so memory stays flat however long the log is. With the
 * anchor file, also: every anchor is signed with the key, the event it names still carries the value it
 * recorded (nothing cut off the end), and no keyless value appears after the first anchor.
 */
export async function verifyAudit(
  db: Kysely<Database>,
  options: { anchorFile?: string } = {},
): Promise<AuditVerification> {
  const audit = auditKeyOf(db as unknown as Kysely<unknown>);
  const key = audit?.key ?? null;
  const anchors = options.anchorFile ? readAnchors(options.anchorFile) : null;
  const fail = (id: number, reason: string, events: number, head: string): AuditVerification => ({
    ok: false,
    events,
    head,
    brokenAt: { id, reason },
    anchors: anchors?.length ?? null,
  });
  if (options.anchorFile && !anchors) return fail(0, `锚点文件缺失：${options.anchorFile}`, 0, GENESIS);
  const expected = new Map<number, string>();
  for (const a of anchors ?? []) {
    if (!key || !anchorSigned(key, a)) return fail(0, '锚点文件中的记录与密钥不符（锚点被改动或密钥不对）', 0, GENESIS);
    expected.set(a.id, a.hash);
  }
  // Keyless values are the older chain: accepted only up to where the key took over, as recorded beside the
  // key file or, for a key from the environment, in the first anchor.
  const keylessUntil =
    audit?.keylessUntil ?? (anchors ? (anchors.find((a) => a.start)?.id ?? 0) : Number.POSITIVE_INFINITY);
  let keyed = false;
  let prev = GENESIS;
  let lastId = 0;
  let events = 0;
  for (;;) {
    const page = await db
      .selectFrom('audit_events')
      .selectAll()
      .where('id', '>', lastId)
      .orderBy('id')
      .limit(5000)
      .execute();
    if (page.length === 0) break;
    for (const e of page) {
      const id = Number(e.id);
      events++;
      if (e.prev_hash !== prev) return fail(id, '与上一条记录的链接不符（有记录被删除、插入或调换）', events, prev);
      if (e.hash.startsWith(HMAC_PREFIX)) {
        if (!key)
          return fail(id, '缺少审计密钥，无法校验（TAIZHANG_AUDIT_KEY 或数据目录中的 audit.key）', events, prev);
        if (eventMac(key, { ...e, id }) !== e.hash)
          return fail(id, '记录内容与其校验值不符（记录被修改，或校验值在没有密钥的情况下被重算）', events, prev);
        keyed = true;
      } else {
        if (keyed || id > keylessUntil) return fail(id, '此处的校验值没有用审计密钥计算（哈希链被重算）', events, prev);
        if (eventHash({ ...e, id }) !== e.hash) return fail(id, '记录内容与其校验值不符（记录被修改）', events, prev);
      }
      const anchored = expected.get(id);
      if (anchored !== undefined && anchored !== e.hash)
        return fail(id, '与锚点记录的校验值不符（记录被改写）', events, prev);
      prev = e.hash;
      lastId = id;
    }
  }
  const furthest = maxOf(expected.keys(), 0);
  if (furthest > lastId)
    return fail(furthest, `锚点记录到第 ${furthest} 条，日志只到第 ${lastId} 条（链尾记录被删除）`, events, prev);
  return { ok: true, events, head: prev, brokenAt: null, anchors: anchors?.length ?? null };
}
