import type { Kysely, Transaction } from 'kysely';
import { AppError } from '../domain/errors.js';
import { advertIn } from '../parse/text/advert.js';
import type { Database } from '../store/schema.js';

/**
 * What must be settled before a plan (or a revision of it) becomes binding: names the office has not
 * resolved (有关单位 to choose, names the directory lacks, groups without members), text flagged as injected
 * adverts that is still in a task, and tasks left with no responsible unit. Each item names the task by its
 * place in the plan (第 N 项) so the review screen can take the office to it.
 */
export type BlockerKind = 'choose' | 'unknown' | 'no-members' | 'suspicious-text' | 'no-unit';

export interface ConfirmBlocker {
  kind: BlockerKind;
  taskId: number;
  /** 第 N 项 in the plan. */
  seq: number;
  /** The printed unit name, or the flagged words. */
  detail: string | null;
  message: string;
}

const MESSAGES: Record<BlockerKind, (detail: string | null) => string> = {
  choose: (d) => `「${d}」须指定具体单位`,
  unknown: (d) => `单位目录中找不到「${d}」`,
  'no-members': (d) => `群组「${d}」在目录中还没有成员`,
  'suspicious-text': (d) => `任务文字夹杂疑似广告内容「${d}」`,
  'no-unit': () => '没有责任单位',
};

export async function confirmBlockers(trx: Kysely<Database>, planId: number): Promise<ConfirmBlocker[]> {
  const tasks = await trx
    .selectFrom('tasks as t')
    .select((eb) => [
      't.id',
      't.seq',
      't.text',
      eb
        .selectFrom('assignments as a')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('a.task_id', '=', 't.id')
        .where('a.removed_at', 'is', null)
        .as('assigned'),
    ])
    .where('t.plan_id', '=', planId)
    .where('t.removed_at', 'is', null)
    .orderBy('t.seq')
    .execute();
  const pending = await trx
    .selectFrom('pending_choices')
    .select(['task_id', 'printed', 'kind'])
    .where('plan_id', '=', planId)
    .where('resolved_at', 'is', null)
    .execute();
  const pendingByTask = new Map<number, { printed: string; kind: string }[]>();
  for (const p of pending) {
    const list = pendingByTask.get(Number(p.task_id)) ?? [];
    list.push(p);
    pendingByTask.set(Number(p.task_id), list);
  }
  const out: ConfirmBlocker[] = [];
  const add = (kind: BlockerKind, t: { id: number; seq: number }, detail: string | null) =>
    out.push({ kind, taskId: Number(t.id), seq: Number(t.seq), detail, message: MESSAGES[kind](detail) });
  for (const t of tasks) {
    const open = pendingByTask.get(Number(t.id)) ?? [];
    for (const p of open) add(p.kind === 'choose' || p.kind === 'no-members' ? p.kind : 'unknown', t, p.printed);
    // Stored text has the adverts found at import taken out; what is left or typed back in review still blocks.
    const spam = advertIn(t.text);
    if (spam) add('suspicious-text', t, spam);
    if (Number(t.assigned ?? 0) === 0 && open.length === 0) add('no-unit', t, null);
  }
  return out;
}

/** Refuses to make the plan binding while anything is unsettled; the error carries the checklist. */
export async function assertConfirmable(trx: Transaction<Database>, planId: number): Promise<void> {
  const blockers = await confirmBlockers(trx, planId);
  if (blockers.length === 0) return;
  const head = blockers
    .slice(0, 5)
    .map((b) => `第${b.seq}项${b.message}`)
    .join('；');
  throw new AppError(
    'conflict',
    `还有 ${blockers.length} 处须先处理，才能确认下达：${head}${blockers.length > 5 ? ' 等' : ''}`,
    undefined,
    { details: { blockers } },
  );
}

/** The open choice on 第 `seq` 项 (the one named `printed` when the task has several), for the CLI. */
export async function findPendingChoice(
  db: Kysely<Database>,
  planId: number,
  seq: number,
  printed?: string,
): Promise<number> {
  let q = db
    .selectFrom('pending_choices as c')
    .innerJoin('tasks as t', 't.id', 'c.task_id')
    .select(['c.id', 'c.printed'])
    .where('c.plan_id', '=', planId)
    .where('t.seq', '=', seq)
    .where('t.removed_at', 'is', null)
    .where('c.resolved_at', 'is', null);
  if (printed) q = q.where('c.printed', '=', printed);
  const rows = await q.execute();
  if (rows.length === 0)
    throw new AppError('not-found', `方案第 ${seq} 项没有待指定的单位${printed ? `「${printed}」` : ''}`);
  if (rows.length > 1)
    throw new AppError(
      'invalid-input',
      `第 ${seq} 项有多处待指定：${rows.map((r) => `「${r.printed}」`).join('、')}，请用 --name 指明`,
    );
  return Number(rows[0]!.id);
}

/** Every open choice of the plan printed as `printed` (one 「市直有关单位」 on many tasks), in plan order. */
export async function findPendingChoicesNamed(
  db: Kysely<Database>,
  planId: number,
  printed: string,
): Promise<number[]> {
  const rows = await db
    .selectFrom('pending_choices as c')
    .innerJoin('tasks as t', 't.id', 'c.task_id')
    .select('c.id')
    .where('c.plan_id', '=', planId)
    .where('c.printed', '=', printed)
    .where('t.removed_at', 'is', null)
    .where('c.resolved_at', 'is', null)
    .orderBy('t.seq')
    .execute();
  if (rows.length === 0) throw new AppError('not-found', `方案 #${planId} 没有待指定的「${printed}」`);
  return rows.map((r) => Number(r.id));
}
