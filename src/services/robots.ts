import { AppError } from '../domain/errors.js';
import { appendAudit } from '../store/audit.js';
import { isoNow, type ServiceContext } from './context.js';
import { authorize } from './policy.js';
import { testMessage } from './robot-messages.js';
import { PLATFORM_LABELS, PLATFORMS, type Platform } from './robot-platforms.js';
import { drainOutbox, nudgeRobots, type Post } from './robot-sender.js';

/**
 * The office's group robots: added for one unit or one plan, listed, removed, tested. The webhook address
 * and the signing secret are secrets (whoever has them can post to the group): once saved they are shown
 * only masked, and never written to the audit log.
 */
export interface RobotInput {
  name: string;
  platform: Platform;
  webhookUrl: string;
  secret?: string | null;
  unitId?: string | null;
  planId?: number | null;
  enabled?: boolean;
}

export interface RobotView {
  id: number;
  name: string;
  platform: Platform;
  platformLabel: string;
  /** Masked: host and path shown, tokens cut to their first characters. */
  webhookUrl: string;
  /** Whether a signing secret is set (never the secret). */
  signed: boolean;
  scope: 'unit' | 'plan';
  unitId: string | null;
  unitName: string | null;
  planId: number | null;
  planTitle: string | null;
  enabled: boolean;
  createdAt: string;
  /** The outbox for this robot: messages sent, waiting (to be tried again) and given up. */
  deliveries: { sent: number; pending: number; failed: number; lastError: string | null; lastSentAt: string | null };
}

/** Shows enough of a secret-bearing address to recognise it: host, path, and the first four characters of each token. */
export function maskWebhook(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return '（地址无效）';
  }
  const cut = (v: string) => (v.length <= 4 ? '****' : `${v.slice(0, 4)}****`);
  const path = url.pathname
    .split('/')
    .map((seg) => (seg.length >= 16 ? cut(seg) : seg))
    .join('/');
  const query = [...url.searchParams].map(([k, v]) => `${k}=${cut(v)}`).join('&');
  return `${url.protocol}//${url.host}${path}${query ? `?${query}` : ''}`;
}

export function maskSecret(secret: string | null): string | null {
  return secret ? `${secret.slice(0, 4)}****` : null;
}

/**
 * Only HTTPS leaves the machine: the address and the secret must not cross a network in clear. Plain HTTP is
 * allowed to this machine only (a local relay, or the tests' receiver).
 */
function checkWebhook(platform: Platform, raw: string): string {
  const value = raw.trim();
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AppError('invalid-input', `机器人地址无效：${maskWebhook(value)}`);
  }
  const local = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local))
    throw new AppError('invalid-input', '机器人地址须以 https:// 开头（仅本机地址可用 http://）');
  if (url.username || url.password) throw new AppError('invalid-input', '机器人地址不能含用户名或密码');
  if (platform === 'dingtalk' && !url.searchParams.get('access_token'))
    throw new AppError(
      'invalid-input',
      '钉钉机器人地址应含 access_token（形如 https://oapi.dingtalk.com/robot/send?access_token=…）',
    );
  if (platform === 'wecom' && !url.searchParams.get('key'))
    throw new AppError(
      'invalid-input',
      '企业微信机器人地址应含 key（形如 https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…）',
    );
  if (platform === 'feishu' && !/\/hook\/[^/]+$/.test(url.pathname))
    throw new AppError('invalid-input', '飞书机器人地址应形如 https://open.feishu.cn/open-apis/bot/v2/hook/…');
  return value;
}

export async function addRobot(ctx: ServiceContext, input: RobotInput): Promise<RobotView> {
  authorize(ctx.actor, 'robot.manage');
  if (!PLATFORMS.includes(input.platform)) throw new AppError('invalid-input', `不支持的平台：${input.platform}`);
  const name = input.name.trim();
  if (!name || name.length > 100) throw new AppError('invalid-input', '机器人名称须为 1 到 100 个字');
  const webhookUrl = checkWebhook(input.platform, input.webhookUrl);
  const secret = input.secret?.trim() || null;
  if (secret && input.platform === 'wecom')
    throw new AppError('invalid-input', '企业微信群机器人没有签名密钥：地址中的 key 即是凭据，请勿填写密钥');
  if (secret && secret.length > 500) throw new AppError('invalid-input', '签名密钥过长');
  const unitId = input.unitId ?? null;
  const planId = input.planId ?? null;
  if ((unitId === null) === (planId === null))
    throw new AppError('invalid-input', '机器人须指定一个单位或一个方案（二者选一）');
  if (unitId) {
    const u = await ctx.store.db.selectFrom('units').select('id').where('id', '=', unitId).executeTakeFirst();
    if (!u) throw new AppError('not-found', `没有这个单位：${unitId}`);
  }
  if (planId) {
    const p = await ctx.store.db.selectFrom('plans').select('id').where('id', '=', planId).executeTakeFirst();
    if (!p) throw new AppError('not-found', `没有这个方案：${planId}`);
  }
  const at = isoNow(ctx);
  const id = await ctx.store.transaction(async (trx) => {
    const row = await trx
      .insertInto('robots')
      .values({
        name,
        platform: input.platform,
        webhook_url: webhookUrl,
        secret,
        scope: unitId ? 'unit' : 'plan',
        unit_id: unitId,
        plan_id: planId,
        enabled: input.enabled === false ? 0 : 1,
        created_by: ctx.actor.id,
        created_at: at,
        removed_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // The masked address only: the audit log is read by the auditor, who must not be able to post to the group.
    await appendAudit(trx, ctx.store.dialect, at, [
      {
        actor: ctx.actor.id,
        action: 'robot.add',
        entity: 'robot',
        entityId: Number(row.id),
        after: {
          name,
          platform: input.platform,
          webhook: maskWebhook(webhookUrl),
          signed: secret !== null,
          unitId,
          planId,
          enabled: input.enabled !== false,
        },
      },
    ]);
    return Number(row.id);
  });
  return (await listRobots(ctx)).find((r) => r.id === id)!;
}

export async function listRobots(ctx: ServiceContext): Promise<RobotView[]> {
  authorize(ctx.actor, 'robot.manage');
  const rows = await ctx.store.db
    .selectFrom('robots as r')
    .leftJoin('units as u', 'u.id', 'r.unit_id')
    .leftJoin('plans as p', 'p.id', 'r.plan_id')
    .select([
      'r.id',
      'r.name',
      'r.platform',
      'r.webhook_url',
      'r.secret',
      'r.scope',
      'r.unit_id',
      'u.name as unit_name',
      'r.plan_id',
      'p.title as plan_title',
      'r.enabled',
      'r.created_at',
    ])
    .where('r.removed_at', 'is', null)
    .orderBy('r.id')
    .execute();
  const counts = await ctx.store.db
    .selectFrom('robot_deliveries')
    .select(['robot_id', 'status', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.max('sent_at').as('last')])
    .groupBy(['robot_id', 'status'])
    .execute();
  const lastErrors = await ctx.store.db
    .selectFrom('robot_deliveries')
    .select(['robot_id', 'last_error', 'id'])
    .where('last_error', 'is not', null)
    .orderBy('id', 'desc')
    .limit(500)
    .execute();
  return rows.map((r) => {
    const mine = counts.filter((c) => Number(c.robot_id) === Number(r.id));
    const n = (s: string[]) => mine.filter((c) => s.includes(c.status)).reduce((t, c) => t + Number(c.n), 0);
    const sent = mine.find((c) => c.status === 'sent');
    return {
      id: Number(r.id),
      name: r.name,
      platform: r.platform as Platform,
      platformLabel: PLATFORM_LABELS[r.platform as Platform] ?? r.platform,
      webhookUrl: maskWebhook(r.webhook_url),
      signed: r.secret !== null,
      scope: r.scope as 'unit' | 'plan',
      unitId: r.unit_id,
      unitName: r.unit_name ?? null,
      planId: r.plan_id === null ? null : Number(r.plan_id),
      planTitle: r.plan_title ?? null,
      enabled: r.enabled === 1,
      createdAt: r.created_at,
      deliveries: {
        sent: n(['sent']),
        pending: n(['pending', 'sending']),
        failed: n(['failed']),
        lastError: lastErrors.find((e) => Number(e.robot_id) === Number(r.id))?.last_error ?? null,
        lastSentAt: (sent?.last as string | null | undefined) ?? null,
      },
    };
  });
}

export async function removeRobot(ctx: ServiceContext, id: number): Promise<void> {
  authorize(ctx.actor, 'robot.manage');
  const at = isoNow(ctx);
  await ctx.store.transaction(async (trx) => {
    const r = await trx
      .selectFrom('robots')
      .select(['id', 'name', 'platform', 'removed_at'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!r) throw new AppError('not-found', `没有这个机器人：${id}`);
    if (r.removed_at) return; // removed already: asking again is no error
    // The row stays (the record of what was sent names it); the address and secret go.
    await trx
      .updateTable('robots')
      .set({ removed_at: at, enabled: 0, secret: null, webhook_url: '' })
      .where('id', '=', id)
      .execute();
    await appendAudit(trx, ctx.store.dialect, at, [
      {
        actor: ctx.actor.id,
        action: 'robot.remove',
        entity: 'robot',
        entityId: id,
        before: { name: r.name, platform: r.platform },
      },
    ]);
  });
}

export interface RobotTestResult {
  ok: boolean;
  error: string | null;
}

/**
 * Sends a test message now and says what the platform answered. Each test is its own delivery (keyed by the
 * moment), so pressing it twice tests twice.
 */
export async function testRobot(ctx: ServiceContext, id: number, post?: Post): Promise<RobotTestResult> {
  authorize(ctx.actor, 'robot.manage');
  const r = await ctx.store.db
    .selectFrom('robots')
    .selectAll()
    .where('id', '=', id)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  if (!r) throw new AppError('not-found', `没有这个机器人：${id}`);
  if (!r.enabled) throw new AppError('conflict', '机器人已停用，请先启用再测试');
  const at = isoNow(ctx);
  const deliveryId = await ctx.store.transaction(async (trx) => {
    const res = await trx
      .insertInto('robot_deliveries')
      .values({
        robot_id: Number(r.id),
        kind: 'test',
        idempotency_key: `test|${at}|${ctx.actor.id}|robot:${r.id}`,
        body_json: JSON.stringify(testMessage(r.name, at)),
        status: 'pending',
        attempts: 0,
        next_attempt_at: at,
        last_error: null,
        created_at: at,
        sent_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(res.id);
  });
  // Sent here rather than in the background: the office is waiting for the answer.
  await drainOutbox(ctx.store, ctx.now, post);
  const d = await ctx.store.db
    .selectFrom('robot_deliveries')
    .select(['status', 'last_error'])
    .where('id', '=', deliveryId)
    .executeTakeFirstOrThrow();
  if (d.status !== 'sent') {
    // A test is not retried: the office reads the error and fixes the address or the secret.
    await ctx.store.db.updateTable('robot_deliveries').set({ status: 'failed' }).where('id', '=', deliveryId).execute();
  }
  nudgeRobots(ctx.store);
  return { ok: d.status === 'sent', error: d.last_error };
}
