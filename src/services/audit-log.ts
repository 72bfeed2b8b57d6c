import type { Actor } from '../domain/actor.js';
import { appendAudit } from '../store/audit.js';
import type { Store } from '../store/store.js';
import { describeEvents } from './audit-sentences.js';
import type { ServiceContext } from './context.js';
import { authorize } from './policy.js';
import { authorNames } from './task-detail.js';

/** The audit log for the auditor (审计员): newest first, filterable by actor, action and entity. */
export interface AuditRow {
  id: number;
  at: string;
  actor: string;
  actorName: string;
  action: string;
  entity: string;
  entityId: string;
  before: unknown;
  after: unknown;
  /** The event as a sentence: time, who (unit and name), what, to what. */
  sentence: string;
  /** The action in Chinese. */
  actionLabel: string;
}

export async function auditLog(
  ctx: ServiceContext,
  filter: { action?: string; entity?: string; actor?: string; limit?: number; offset?: number } = {},
): Promise<{ rows: AuditRow[]; total: number }> {
  authorize(ctx.actor, 'audit.read');
  let q = ctx.store.db.selectFrom('audit_events');
  if (filter.action) q = q.where('action', '=', filter.action);
  if (filter.entity) q = q.where('entity', '=', filter.entity);
  if (filter.actor) q = q.where('actor', '=', filter.actor);
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await q
    .selectAll()
    .orderBy('id', 'desc')
    .limit(Math.min(Math.max(filter.limit ?? 100, 1), 1000))
    .offset(Math.max(filter.offset ?? 0, 0))
    .execute();
  const names = await authorNames(
    ctx,
    rows.map((r) => r.actor),
  );
  const described = await describeEvents(
    ctx.store.db,
    rows.map((r) => ({
      at: r.at,
      actor: r.actor,
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      after: r.after_json ? (JSON.parse(r.after_json) as unknown) : null,
    })),
  );
  return {
    total: Number(total.n),
    rows: rows.map((r, i) => ({
      id: Number(r.id),
      at: r.at,
      actor: r.actor,
      actorName: names.get(r.actor) ?? r.actor,
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      before: r.before_json ? (JSON.parse(r.before_json) as unknown) : null,
      after: r.after_json ? (JSON.parse(r.after_json) as unknown) : null,
      sentence: described[i]!.sentence,
      actionLabel: described[i]!.what,
    })),
  };
}

/**
 * Events that change nothing but the auditor must see: refusals, downloads and exports, backups and
 * restores. Each is one event in a transaction of its own, after the fact.
 */
async function recordEvent(
  store: Store,
  at: Date,
  entry: { actor: string; action: string; entity: string; entityId: string | number; after?: unknown },
): Promise<void> {
  await store.transaction((trx) => appendAudit(trx, store.dialect, at.toISOString(), [entry]));
}

/** A request refused for want of permission (403), with what was asked. */
export function recordRefusal(
  store: Store,
  actor: Actor,
  at: Date,
  request: { method: string; path: string; reason: string },
): Promise<void> {
  return recordEvent(store, at, {
    actor: actor.id,
    action: 'access.refused',
    entity: 'request',
    entityId: `${request.method} ${request.path}`.slice(0, 300),
    after: { reason: request.reason },
  });
}

/** A file handed out: evidence, the 台账 sheet, scores, documents, the unit directory. */
export function recordDownload(
  store: Store,
  actor: Actor,
  at: Date,
  download: { path: string; fileName: string; bytes: number },
): Promise<void> {
  return recordEvent(store, at, {
    actor: actor.id,
    action: 'download',
    entity: 'file',
    entityId: download.path.slice(0, 300),
    after: { fileName: download.fileName, bytes: download.bytes },
  });
}

/**
 * A backup written or a restore completed (for the backup service and CLI to call after the fact): the file,
 * and what it held. A restore is recorded in the restored log, which continues the restored chain.
 */
export function recordBackupEvent(
  store: Store,
  actor: Actor,
  at: Date,
  event: { kind: 'backup' | 'restore'; file: string; detail?: Record<string, unknown> },
): Promise<void> {
  return recordEvent(store, at, {
    actor: actor.id,
    action: event.kind === 'backup' ? 'backup.create' : 'backup.restore',
    entity: 'backup',
    entityId: event.file.slice(0, 300),
    ...(event.detail ? { after: event.detail } : {}),
  });
}
