import type { OpenAPIHono } from '@hono/zod-openapi';
import { AppError } from '../../domain/errors.js';
import { addTask } from '../../services/add-task.js';
import { chooseUnits } from '../../services/choose-units.js';
import { createUnitForPending } from '../../services/create-pending-unit.js';
import { editPlan } from '../../services/edit-plan.js';
import { editTask } from '../../services/edit-task.js';
import { importPlanFile } from '../../services/import-plan.js';
import { listPlans } from '../../services/list-plans.js';
import { planDetail } from '../../services/plan-detail.js';
import { planPageImage } from '../../services/plan-page-image.js';
import { planProgressByUnit } from '../../services/plan-progress.js';
import { confirmRevision, discardRevision, pendingRevision } from '../../services/plan-revision.js';
import { changePlanState, confirmChecklist } from '../../services/plan-state.js';
import { setPublished } from '../../services/public-plans.js';
import { type AppEnv, type ServerDeps, serviceContext } from '../context.js';
import { FileField, IdParam, route, z } from '../route.js';
import { uploadedFiles } from '../uploads.js';

const tag = '方案';
const Role = z.enum(['lead', 'cooperate', 'responsible']);
/** A place in the plan's outline: «一、» + «全面公开»; null for none. */
const Outline = z.object({ label: z.string().max(50).optional(), title: z.string().max(500).optional() }).nullable();

const PageParam = IdParam.extend({
  page: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .openapi({ param: { name: 'page', in: 'path' }, example: 1 }),
});

export function registerPlans(app: OpenAPIHono<AppEnv>, deps: ServerDeps): void {
  app.openapi(route({ method: 'get', path: '/api/plans', tag, summary: '方案列表' }), async (c) =>
    c.json(await listPlans(serviceContext(c, deps)), 200),
  );

  app.openapi(
    route({
      method: 'post',
      path: '/api/plans',
      tag,
      summary: '上传方案文件并导入为草稿（同名方案按修订处理）',
      form: z.object({
        file: FileField,
        issuer: z.string().max(200).optional(),
        revise: z
          .string()
          .regex(/^(?:auto|new|\d+)$/)
          .optional(),
      }),
    }),
    async (c) => {
      const ctx = serviceContext(c, deps);
      const body = await c.req.parseBody({ all: true });
      const [file] = await uploadedFiles(body.file, { max: 1, maxBytes: 64 * 1024 * 1024 });
      if (!file) throw new AppError('invalid-input', '请选择要上传的方案文件（file）');
      const revise =
        typeof body.revise === 'string' && /^\d+$/.test(body.revise)
          ? Number(body.revise)
          : body.revise === 'new'
            ? 'new'
            : 'auto';
      const issuer = typeof body.issuer === 'string' && body.issuer.trim() ? body.issuer.trim() : undefined;
      return c.json(
        await importPlanFile(ctx, file.bytes, { name: file.name, revise, ...(issuer ? { issuer } : {}) }),
        200,
      );
    },
  );

  app.openapi(
    route({
      method: 'get',
      path: '/api/plans/{id}',
      tag,
      summary: '方案详情：任务、字段在原文中的位置、分工、待定事项、解析提示',
      params: IdParam,
    }),
    async (c) => c.json(await planDetail(serviceContext(c, deps), c.req.valid('param').id), 200),
  );

  app.openapi(
    route({
      method: 'get',
      path: '/api/plans/{id}/pages/{page}',
      tag,
      summary: '原文件某页的图像（扫描件复核：任务字段的 page 与 box 指向其中位置）',
      params: PageParam,
    }),
    async (c) => {
      const { id, page } = c.req.valid('param');
      const img = await planPageImage(serviceContext(c, deps), id, page);
      return c.body(img.bytes as Uint8Array<ArrayBuffer>, 200, {
        'Content-Type': img.mime,
        'Cache-Control': 'private, max-age=3600',
      }) as never;
    },
  );

  for (const [step, summary] of [
    ['confirm', '确认下达'],
    ['archive', '归档'],
  ] as const) {
    app.openapi(route({ method: 'post', path: `/api/plans/{id}/${step}`, tag, summary, params: IdParam }), async (c) =>
      c.json({ state: await changePlanState(serviceContext(c, deps), c.req.valid('param').id, step) }, 200),
    );
  }

  app.openapi(
    route({
      method: 'get',
      path: '/api/plans/{id}/checklist',
      tag,
      summary: '确认下达前须处理的事项：待定单位、目录中没有的单位、疑似广告文字、没有责任单位的任务',
      params: IdParam,
    }),
    async (c) => c.json({ blockers: await confirmChecklist(serviceContext(c, deps), c.req.valid('param').id) }, 200),
  );

  app.openapi(
    route({
      method: 'get',
      path: '/api/plans/{id}/revision',
      tag,
      summary: '待确认的修订稿：与现行方案的差异及对考核、提醒的影响',
      params: IdParam,
    }),
    async (c) => c.json({ revision: await pendingRevision(serviceContext(c, deps), c.req.valid('param').id) }, 200),
  );

  const Reason = z.object({ reason: z.string().min(1).max(1000) });
  app.openapi(
    route({
      method: 'post',
      path: '/api/plans/{id}/revision/confirm',
      tag,
      summary: '确认修订（须写明理由）：修订稿生效',
      params: IdParam,
      json: Reason,
    }),
    async (c) =>
      c.json(
        {
          diff: await confirmRevision(serviceContext(c, deps), c.req.valid('param').id, c.req.valid('json').reason),
        },
        200,
      ),
  );

  app.openapi(
    route({
      method: 'post',
      path: '/api/plans/{id}/revision/discard',
      tag,
      summary: '放弃修订稿（须写明理由），方案不变',
      params: IdParam,
      json: Reason,
    }),
    async (c) => {
      await discardRevision(serviceContext(c, deps), c.req.valid('param').id, c.req.valid('json').reason);
      return c.json({ ok: true }, 200);
    },
  );

  app.openapi(
    route({
      method: 'put',
      path: '/api/plans/{id}/published',
      tag,
      summary: '在公开页公开或撤回',
      params: IdParam,
      json: z.object({ published: z.boolean() }),
    }),
    async (c) => {
      await setPublished(serviceContext(c, deps), c.req.valid('param').id, c.req.valid('json').published);
      return c.json({ ok: true }, 200);
    },
  );

  app.openapi(
    route({ method: 'get', path: '/api/plans/{id}/progress', tag, summary: '分单位完成情况', params: IdParam }),
    async (c) => c.json(await planProgressByUnit(serviceContext(c, deps), c.req.valid('param').id), 200),
  );

  app.openapi(
    route({
      method: 'patch',
      path: '/api/tasks/{id}',
      tag,
      summary: '修改任务（具体要求、名称、责任单位、完成时限、章节与分组、序号、完成情况、备注）',
      params: IdParam,
      json: z.object({
        text: z.string().max(5000).optional(),
        name: z.string().max(200).nullable().optional(),
        unitsText: z.string().max(2000).optional(),
        units: z
          .array(z.object({ name: z.string().min(1).max(200), role: Role }))
          .max(500)
          .optional(),
        deadlineText: z.string().max(200).nullable().optional(),
        section: Outline.optional(),
        group: Outline.optional(),
        number: z.string().max(50).nullable().optional(),
        status: z.string().max(2000).nullable().optional(),
        note: z.string().max(2000).nullable().optional(),
      }),
    }),
    async (c) => {
      const patch = c.req.valid('json');
      await editTask(serviceContext(c, deps), c.req.valid('param').id, {
        ...(patch.text !== undefined ? { text: patch.text } : {}),
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.unitsText !== undefined ? { unitsText: patch.unitsText } : {}),
        ...(patch.units !== undefined ? { units: patch.units } : {}),
        ...(patch.deadlineText !== undefined ? { deadlineText: patch.deadlineText } : {}),
        ...(patch.section !== undefined ? { section: patch.section } : {}),
        ...(patch.group !== undefined ? { group: patch.group } : {}),
        ...(patch.number !== undefined ? { number: patch.number } : {}),
        ...(patch.status !== undefined ? { status: patch.status } : {}),
        ...(patch.note !== undefined ? { note: patch.note } : {}),
      });
      return c.json({ ok: true }, 200);
    },
  );

  app.openapi(
    route({
      method: 'patch',
      path: '/api/plans/{id}',
      tag,
      summary: '修改方案信息（标题、发文机关、发文字号、成文日期、年度；改年度或日期时重新计算时限）',
      params: IdParam,
      json: z.object({
        title: z.string().max(500).optional(),
        issuer: z.string().max(200).nullable().optional(),
        docNumber: z.string().max(100).nullable().optional(),
        issueDate: z.string().max(20).nullable().optional(),
        year: z.number().optional(),
        reason: z.string().max(500).optional(),
      }),
    }),
    async (c) => {
      const patch = c.req.valid('json');
      const result = await editPlan(serviceContext(c, deps), c.req.valid('param').id, {
        ...(patch.title !== undefined ? { title: patch.title } : {}),
        ...(patch.issuer !== undefined ? { issuer: patch.issuer } : {}),
        ...(patch.docNumber !== undefined ? { docNumber: patch.docNumber } : {}),
        ...(patch.issueDate !== undefined ? { issueDate: patch.issueDate } : {}),
        ...(patch.year !== undefined ? { year: patch.year } : {}),
        ...(patch.reason !== undefined ? { reason: patch.reason } : {}),
      });
      return c.json(result, 200);
    },
  );

  app.openapi(
    route({
      method: 'post',
      path: '/api/plans/{id}/tasks',
      tag,
      summary: '新增任务（解析遗漏的任务；责任单位按导入规则识别分配）',
      params: IdParam,
      json: z.object({
        text: z.string().max(5000),
        name: z.string().max(200).nullable().optional(),
        section: Outline.optional(),
        group: Outline.optional(),
        number: z.string().max(50).nullable().optional(),
        unitsText: z.string().max(2000).nullable().optional(),
        deadlineText: z.string().max(200).nullable().optional(),
        beforeTaskId: z.number().int().positive().nullable().optional(),
      }),
    }),
    async (c) => {
      const body = c.req.valid('json');
      return c.json(
        await addTask(serviceContext(c, deps), c.req.valid('param').id, {
          text: body.text,
          ...(body.name !== undefined ? { name: body.name } : {}),
          ...(body.section !== undefined ? { section: body.section } : {}),
          ...(body.group !== undefined ? { group: body.group } : {}),
          ...(body.number !== undefined ? { number: body.number } : {}),
          ...(body.unitsText !== undefined ? { unitsText: body.unitsText } : {}),
          ...(body.deadlineText !== undefined ? { deadlineText: body.deadlineText } : {}),
          ...(body.beforeTaskId !== undefined ? { beforeTaskId: body.beforeTaskId } : {}),
        }),
        200,
      );
    },
  );

  app.openapi(
    route({
      method: 'post',
      path: '/api/pending/{id}',
      tag,
      summary: '为「有关单位」等待定事项指定单位',
      params: IdParam,
      json: z.object({
        unitIds: z.array(z.string().min(1).max(200)).min(1).max(500),
        alias: z.boolean().optional(),
      }),
    }),
    async (c) => {
      const { unitIds, alias } = c.req.valid('json');
      const options = alias === undefined ? {} : { alias };
      return c.json(await chooseUnits(serviceContext(c, deps), c.req.valid('param').id, unitIds, options), 200);
    },
  );

  app.openapi(
    route({
      method: 'post',
      path: '/api/pending/{id}/unit',
      tag,
      summary: '为目录中没有的单位新建单位并指定（原文写法记为别名）',
      params: IdParam,
      json: z.object({
        name: z.string().min(1).max(100),
        parentId: z.string().min(1).max(200).nullable(),
        kind: z.enum(['government', 'department', 'section', 'institution', 'enterprise', 'party', 'other']),
      }),
    }),
    async (c) =>
      c.json(await createUnitForPending(serviceContext(c, deps), c.req.valid('param').id, c.req.valid('json')), 200),
  );
}
