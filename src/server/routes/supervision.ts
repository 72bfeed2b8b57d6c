import type { OpenAPIHono } from '@hono/zod-openapi';
import { carryOver } from '../../services/carry-over.js';
import { cascadePlan } from '../../services/cascade-plan.js';
import { coverage } from '../../services/coverage.js';
import { removeTask } from '../../services/edit-task.js';
import { exportScores } from '../../services/export-scores.js';
import { mailerFromEnv } from '../../services/mailer.js';
import { overdueByUnit } from '../../services/overdue-work.js';
import { authorize } from '../../services/policy.js';
import { rollUp } from '../../services/roll-up.js';
import { addScoreAdjustment, scoreUnits, scoringRules, updateScoringRules } from '../../services/score-units.js';
import { digestStatus, sendDigests } from '../../services/send-reminders.js';
import { markReminderRead, unitReminders, urgeUnit } from '../../services/urge-unit.js';
import { type AppEnv, type ServerDeps, serviceContext } from '../context.js';
import { IdParam, route, UnitIdParam, z } from '../route.js';

const tag = '督办与考核';
const Period = z.string().regex(/^\d{4}(?:-Q[1-4])?$/);

export function registerSupervision(app: OpenAPIHono<AppEnv>, deps: ServerDeps): void {
  app.openapi(
    route({
      method: 'get',
      path: '/api/overdue',
      tag,
      summary: '各单位逾期事项数（逾期未完成的任务与未报送的进展逐期计，与催办一致）',
      query: z.object({ plan: z.coerce.number().int().positive().optional() }),
    }),
    async (c) => c.json(await overdueByUnit(serviceContext(c, deps), c.req.valid('query').plan), 200),
  );
  app.openapi(
    route({
      method: 'post',
      path: '/api/reminders/digest',
      tag,
      summary: '发送本周到期提醒（每单位一份汇总，同一周不重复）',
    }),
    async (c) => c.json(await sendDigests(serviceContext(c, deps), await mailerFromEnv()), 200),
  );
  app.openapi(
    route({
      method: 'get',
      path: '/api/reminders/digest',
      tag,
      summary: '本周提醒：已发送几个单位，还有几个单位待发送',
    }),
    async (c) => c.json(await digestStatus(serviceContext(c, deps)), 200),
  );
  app.openapi(
    route({
      method: 'get',
      path: '/api/reminders',
      tag,
      summary: '提醒与催办记录（单位用户看本单位）',
      query: z.object({ unit: z.string().max(200).optional() }),
    }),
    async (c) => c.json(await unitReminders(serviceContext(c, deps), c.req.valid('query').unit), 200),
  );
  app.openapi(
    route({ method: 'post', path: '/api/reminders/{id}/read', tag, summary: '标记提醒已读', params: IdParam }),
    async (c) => {
      await markReminderRead(serviceContext(c, deps), c.req.valid('param').id);
      return c.json({ ok: true }, 200);
    },
  );
  app.openapi(
    route({
      method: 'post',
      path: '/api/units/{id}/urge',
      tag,
      summary: '催办一个单位的逾期事项',
      params: UnitIdParam,
      json: z.object({
        planId: z.number().int().positive().optional(),
        note: z.string().max(2000).optional(),
        /** What would be recorded, recording nothing: the dialog states the same count the record will. */
        dryRun: z.boolean().optional(),
      }),
    }),
    async (c) =>
      c.json(await urgeUnit(serviceContext(c, deps), { unitId: c.req.valid('param').id, ...c.req.valid('json') }), 200),
  );

  app.openapi(
    route({
      method: 'get',
      path: '/api/scores',
      tag,
      summary: '考核得分（按单位名称排列）',
      query: z.object({
        period: Period,
        plan: z.coerce.number().int().positive().optional(),
        unit: z.string().max(200).optional(),
      }),
    }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json(
        await scoreUnits(serviceContext(c, deps), {
          period: q.period,
          ...(q.plan ? { planId: q.plan } : {}),
          ...(q.unit ? { unitId: q.unit } : {}),
        }),
        200,
      );
    },
  );
  app.openapi(
    route({
      method: 'get',
      path: '/api/scores.xlsx',
      tag,
      summary: '导出考核结果（Excel：汇总与得分明细）',
      query: z.object({
        period: Period,
        plan: z.coerce.number().int().positive().optional(),
        unit: z.string().max(200).optional(),
      }),
    }),
    async (c) => {
      const q = c.req.valid('query');
      const f = await exportScores(serviceContext(c, deps), {
        period: q.period,
        ...(q.plan ? { planId: q.plan } : {}),
        ...(q.unit ? { unitId: q.unit } : {}),
      });
      return c.body(f.bytes as Uint8Array<ArrayBuffer>, 200, {
        'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(f.fileName)}`,
      }) as never;
    },
  );
  app.openapi(
    route({
      method: 'post',
      path: '/api/scores/adjustments',
      tag,
      summary: '加减分（须写明理由）',
      json: z.object({
        unitId: z.string().min(1).max(200),
        period: Period,
        points: z.number(),
        reason: z.string().min(1).max(500),
      }),
    }),
    async (c) => c.json({ id: await addScoreAdjustment(serviceContext(c, deps), c.req.valid('json')) }, 200),
  );
  app.openapi(route({ method: 'get', path: '/api/scoring-rules', tag, summary: '考核规则' }), async (c) => {
    const ctx = serviceContext(c, deps);
    authorize(ctx.actor, 'dashboard.read');
    return c.json(await scoringRules(ctx), 200);
  });
  app.openapi(
    route({
      method: 'put',
      path: '/api/scoring-rules',
      tag,
      summary: '修改考核规则',
      json: z.object({
        full: z.number().optional(),
        onTimeWeight: z.number().optional(),
        overduePerItem: z.number().optional(),
        overdueCap: z.number().optional(),
        latePerItem: z.number().optional(),
        lateCap: z.number().optional(),
        annualReportWords: z.array(z.string().min(1).max(20)).max(10).optional(),
        annualReportPoints: z.number().optional(),
      }),
    }),
    async (c) => c.json(await updateScoringRules(serviceContext(c, deps), c.req.valid('json')), 200),
  );

  app.openapi(
    route({
      method: 'post',
      path: '/api/plans/{id}/cascade',
      tag,
      summary: '分解出某单位的方案',
      params: IdParam,
      json: z.object({ unitId: z.string().min(1).max(200) }),
    }),
    async (c) =>
      c.json(
        await cascadePlan(serviceContext(c, deps), {
          fromPlanId: c.req.valid('param').id,
          unitId: c.req.valid('json').unitId,
        }),
        200,
      ),
  );
  app.openapi(
    route({
      method: 'post',
      path: '/api/plans/{id}/roll-up',
      tag,
      summary: '分解方案的进展汇总到上级方案',
      params: IdParam,
    }),
    async (c) => c.json(await rollUp(serviceContext(c, deps), c.req.valid('param').id), 200),
  );
  app.openapi(
    route({
      method: 'get',
      path: '/api/plans/{id}/coverage',
      tag,
      summary: '对照上级方案的覆盖检查',
      params: IdParam,
      query: z.object({ higher: z.coerce.number().int().positive().optional() }),
    }),
    async (c) => {
      const higher = c.req.valid('query').higher;
      return c.json(
        await coverage(serviceContext(c, deps), {
          planId: c.req.valid('param').id,
          ...(higher ? { higherPlanId: higher } : {}),
        }),
        200,
      );
    },
  );
  app.openapi(
    route({
      method: 'post',
      path: '/api/plans/{id}/carry-over',
      tag,
      summary: '回头看：转入上年度未完成任务',
      params: IdParam,
      json: z.object({
        fromPlanId: z.number().int().positive(),
        /** The new deadline as a plan would print it (default: 年底前 of the plan's year). */
        deadlineText: z.string().max(100).optional(),
      }),
    }),
    async (c) => {
      const { fromPlanId, deadlineText } = c.req.valid('json');
      return c.json(
        await carryOver(serviceContext(c, deps), {
          fromPlanId,
          toPlanId: c.req.valid('param').id,
          ...(deadlineText ? { deadlineText } : {}),
        }),
        200,
      );
    },
  );
  app.openapi(
    route({
      method: 'delete',
      path: '/api/tasks/{id}',
      tag: '方案',
      summary: '删除任务（保留记录）',
      params: IdParam,
      json: z.object({ reason: z.string().min(1).max(500) }),
    }),
    async (c) => {
      await removeTask(serviceContext(c, deps), c.req.valid('param').id, c.req.valid('json').reason);
      return c.json({ ok: true }, 200);
    },
  );
}
