import type { OpenAPIHono } from '@hono/zod-openapi';
import { ASSIGNMENT_STATES } from '../../domain/assignment.js';
import { AppError } from '../../domain/errors.js';
import { overview } from '../../services/dashboard.js';
import { listLedger } from '../../services/list-ledger.js';
import { taskDetail } from '../../services/task-detail.js';
import { type AppEnv, type ServerDeps, serviceContext } from '../context.js';
import { IdParam, Paging, route, z } from '../route.js';

const tag = '台账';
const flag = z.enum(['true', 'false', '1', '0']).optional();
const on = (v: string | undefined) => v === 'true' || v === '1';

const LedgerQuery = z.object({
  plan: z.coerce.number().int().positive().optional(),
  unit: z.string().max(200).optional(),
  state: z
    .string()
    .max(200)
    .optional()
    .openapi({ description: '逗号分隔：not_started,in_progress,submitted,done,returned' }),
  dueWithin: z.coerce
    .number()
    .int()
    .min(0)
    .max(3660)
    .optional()
    .openapi({ description: '天数：在此期限内到期（含逾期）' }),
  overdue: flag,
  drafts: flag,
  ...Paging,
});

export function registerLedger(app: OpenAPIHono<AppEnv>, deps: ServerDeps): void {
  app.openapi(
    route({
      method: 'get',
      path: '/api/ledger',
      tag,
      summary: '台账：按方案、单位、状态、时限筛选',
      query: LedgerQuery,
    }),
    async (c) => {
      const q = c.req.valid('query');
      const states = q.state ? q.state.split(',').filter(Boolean) : undefined;
      for (const s of states ?? [])
        if (!(ASSIGNMENT_STATES as readonly string[]).includes(s))
          throw new AppError('invalid-input', `未知的状态（state）：${s}`);
      const result = await listLedger(serviceContext(c, deps), {
        ...(q.plan !== undefined ? { planId: q.plan } : {}),
        ...(q.unit ? { unitId: q.unit } : {}),
        ...(states ? { states: states as never } : {}),
        ...(q.dueWithin !== undefined ? { dueWithinDays: q.dueWithin } : {}),
        overdue: on(q.overdue),
        includeDrafts: on(q.drafts),
        ...(q.limit !== undefined ? { limit: q.limit } : {}),
        ...(q.offset !== undefined ? { offset: q.offset } : {}),
      });
      return c.json(result, 200);
    },
  );

  app.openapi(
    route({
      method: 'get',
      path: '/api/my/assignments',
      tag,
      summary: '我的任务（单位用户）',
      query: LedgerQuery.pick({ state: true, overdue: true, dueWithin: true, limit: true, offset: true }),
    }),
    async (c) => {
      const ctx = serviceContext(c, deps);
      if (ctx.actor.role !== 'unit') throw new AppError('forbidden', '「我的任务」只供单位用户使用');
      const q = c.req.valid('query');
      const states = q.state ? q.state.split(',').filter(Boolean) : undefined;
      return c.json(
        await listLedger(ctx, {
          ...(states ? { states: states as never } : {}),
          ...(q.dueWithin !== undefined ? { dueWithinDays: q.dueWithin } : {}),
          overdue: on(q.overdue),
          returnedFirst: true,
          limit: q.limit ?? 500,
          ...(q.offset !== undefined ? { offset: q.offset } : {}),
        }),
        200,
      );
    },
  );

  app.openapi(
    route({ method: 'get', path: '/api/tasks/{id}', tag, summary: '任务详情与历史', params: IdParam }),
    async (c) => c.json(await taskDetail(serviceContext(c, deps), c.req.valid('param').id), 200),
  );

  app.openapi(
    route({
      method: 'get',
      path: '/api/dashboard',
      tag: '总览',
      summary: '总览：完成情况、逾期与即将到期、趋势',
      query: z.object({ plan: z.coerce.number().int().positive().optional() }),
    }),
    async (c) => c.json(await overview(serviceContext(c, deps), c.req.valid('query').plan), 200),
  );
}
