import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { type DialectName, lockAuditChain } from './dialect.js';
import type { Database } from './schema.js';

/**
 * The audit log: who did what, when, with the record before and after, written in the same transaction as
 * the change itself. Each event's hash covers its content and the previous event's hash, so editing,
 * removing or reordering any event breaks the chain from there on (`taizhang audit verify`). The database
 * refuses updates and deletes of the log as well (migration 0002).
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

export async function appendAudit(
  trx: Transaction<Database>,
  dialect: DialectName,
  at: string,
  entries: readonly AuditEntry[],
): Promise<void> {
  if (entries.length === 0) return;
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
    const hash = eventHash(row);
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

export function eventHash(e: HashedFields): string {
  const content = JSON.stringify([
    e.id,
    e.at,
    e.actor,
    e.action,
    e.entity,
    e.entity_id,
    e.before_json,
    e.after_json,
    e.prev_hash,
  ]);
  return createHash('sha256').update(content).digest('hex');
}

export interface AuditVerification {
  ok: boolean;
  events: number;
  /** The last event's hash: kept outside the database, it also shows whether events were cut off the end. */
  head: string;
  /** The first event that does not follow from the one before it. */
  brokenAt: { id: number; reason: string } | null;
}

/** Walks the whole chain in id order, in pages, so memory stays flat however long the log is. */
export async function verifyAudit(db: Kysely<Database>): Promise<AuditVerification> {
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
      if (e.prev_hash !== prev)
        return {
          ok: false,
          events,
          head: prev,
          brokenAt: { id, reason: '与上一条记录的链接不符（有记录被删除、插入或调换）' },
        };
      if (eventHash({ ...e, id }) !== e.hash)
        return { ok: false, events, head: prev, brokenAt: { id, reason: '记录内容与其校验值不符（记录被修改）' } };
      prev = e.hash;
      lastId = id;
    }
  }
  return { ok: true, events, head: prev, brokenAt: null };
}
