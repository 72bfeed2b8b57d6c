import type { Transaction } from 'kysely';
import type { Database } from '../store/schema.js';
import type { RobotMessage } from './robot-platforms.js';

/**
 * Putting a message in the group robots' outbox, inside the transaction of the event it tells of: it is sent
 * only if the event commits, and sending (robot-sender.ts) never holds up the user's request. One row per
 * robot, under a key made of the kind, the subject, the period and the robot: the same event enqueued again
 * — a 催办 pressed twice on one day for the same items, two servers sending one week's digest — adds nothing.
 */
export type RobotMessageKind = 'digest' | 'urge' | 'returned' | 'test';

export interface RobotEvent {
  kind: RobotMessageKind;
  /** What the message is about, stable across repeats (e.g. `unit:…` and the items it lists). */
  subject: string;
  /** The period it belongs to (ISO week for digests, the day for 催办), or null for one-off events. */
  period: string | null;
  /** Robots of this unit receive it… */
  unitId: string;
  /** …and those of these plans. */
  planIds: readonly number[];
  message: RobotMessage;
  at: string;
}

/** Enqueues the message for every enabled robot of the unit and the plans; returns how many rows were new. */
export async function enqueueRobotMessage(trx: Transaction<Database>, event: RobotEvent): Promise<number> {
  const plans = [...new Set(event.planIds)];
  const robots = await trx
    .selectFrom('robots')
    .select('id')
    .where('enabled', '=', 1)
    .where('removed_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb.and([eb('scope', '=', 'unit'), eb('unit_id', '=', event.unitId)]),
        ...(plans.length ? [eb.and([eb('scope', '=', 'plan'), eb('plan_id', 'in', plans)])] : []),
      ]),
    )
    .orderBy('id')
    .execute();
  let added = 0;
  for (const r of robots) {
    const res = await trx
      .insertInto('robot_deliveries')
      .values({
        robot_id: Number(r.id),
        kind: event.kind,
        idempotency_key: deliveryKey(event, Number(r.id)),
        body_json: JSON.stringify(event.message),
        status: 'pending',
        attempts: 0,
        next_attempt_at: event.at,
        last_error: null,
        created_at: event.at,
        sent_at: null,
      })
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .executeTakeFirst();
    added += Number(res.numInsertedOrUpdatedRows ?? 0n);
  }
  return added;
}

export function deliveryKey(event: Pick<RobotEvent, 'kind' | 'subject' | 'period'>, robotId: number): string {
  return `${event.kind}|${event.subject}|${event.period ?? '-'}|robot:${robotId}`;
}
