import type { OpenAPIHono } from '@hono/zod-openapi';
import { AppError } from '../../domain/errors.js';
import { exportDirectory, groupMemberCounts, importDirectory, saveGroup, saveUnit } from '../../services/directory.js';
import { readDirectorySheet } from '../../services/directory-file.js';
import { directoryToCsv, directoryToXlsx } from '../../units/exchange.js';
import { type AppEnv, type ServerDeps, serviceContext } from '../context.js';
import { FileField, route, UnitIdParam, z } from '../route.js';
import { uploadedFiles } from '../uploads.js';

const tag = '单位目录';
const UnitBody = z.object({
  name: z.string().min(1).max(100),
  aliases: z.array(z.string().min(1).max(100)).max(50).default([]),
  kind: z.enum(['government', 'department', 'section', 'institution', 'enterprise', 'party', 'other']),
  level: z.enum(['province', 'city', 'county', 'township', 'section']),
  parentId: z.string().max(200).nullable().default(null),
  active: z.boolean().default(true),
  successorId: z.string().max(200).nullable().default(null),
});
const Kind = z.enum(['government', 'department', 'section', 'institution', 'enterprise', 'party', 'other']);
const UnitId = z.string().min(1).max(200);
const GroupRuleBody = z.discriminatedUnion('type', [
  z.object({ type: z.literal('members'), memberIds: z.array(UnitId).max(5000) }),
  z.object({ type: z.literal('children'), parentId: UnitId, kinds: z.array(Kind).max(7).optional() }),
  z.object({
    type: z.literal('level'),
    jurisdictionId: UnitId,
    level: z.enum(['province', 'city', 'county', 'township', 'section']),
    kinds: z.array(Kind).max(7),
    withCommittees: z.boolean().optional(),
  }),
  z.object({ type: z.literal('choose') }),
]);
const GroupBody = z.object({
  name: z.string().max(100),
  aliases: z.array(z.string().max(100)).max(50).default([]),
  rule: GroupRuleBody,
});

export function registerDirectory(app: OpenAPIHono<AppEnv>, deps: ServerDeps): void {
  app.openapi(route({ method: 'get', path: '/api/units', tag, summary: '单位目录（单位与群组）' }), async (c) => {
    const ctx = serviceContext(c, deps);
    const data = await exportDirectory(ctx);
    return c.json({ ...data, memberCounts: await groupMemberCounts(ctx) }, 200);
  });

  app.openapi(
    route({
      method: 'post',
      path: '/api/unit-groups',
      tag,
      summary: '新增单位群组',
      json: GroupBody.extend({ id: z.string().max(200).optional() }),
    }),
    async (c) => {
      const { id, ...body } = c.req.valid('json');
      const groupId = id?.trim() || `group:${body.name.trim()}`;
      await saveGroup(serviceContext(c, deps), { id: groupId, ...body }, { create: true });
      return c.json({ id: groupId }, 200);
    },
  );

  app.openapi(
    route({
      method: 'put',
      path: '/api/unit-groups/{id}',
      tag,
      summary: '修改单位群组（名称、别名、成员规则）',
      params: UnitIdParam,
      json: GroupBody,
    }),
    async (c) => {
      const id = c.req.valid('param').id;
      await saveGroup(serviceContext(c, deps), { id, ...c.req.valid('json') }, { create: false });
      return c.json({ id }, 200);
    },
  );

  app.openapi(
    route({
      method: 'put',
      path: '/api/units/{id}',
      tag,
      summary: '新增或修改单位',
      params: UnitIdParam,
      json: UnitBody,
    }),
    async (c) => {
      await saveUnit(serviceContext(c, deps), { id: c.req.valid('param').id, ...c.req.valid('json') });
      return c.json({ ok: true }, 200);
    },
  );

  app.openapi(
    route({
      method: 'post',
      path: '/api/units/import',
      tag,
      summary: '导入单位目录（CSV 或 XLSX）',
      form: z.object({ file: FileField }),
    }),
    async (c) => {
      const ctx = serviceContext(c, deps);
      const [file] = await uploadedFiles((await c.req.parseBody({ all: true })).file, {
        max: 1,
        maxBytes: 10 * 1024 * 1024,
      });
      if (!file) throw new AppError('invalid-input', '请选择单位目录文件（file）');
      const data = await readDirectorySheet(file.bytes, file.name);
      return c.json(await importDirectory(ctx, data), 200);
    },
  );

  app.openapi(
    route({
      method: 'get',
      path: '/api/units/export',
      tag,
      summary: '导出单位目录',
      query: z.object({ format: z.enum(['csv', 'xlsx']).default('xlsx') }),
    }),
    async (c) => {
      const data = await exportDirectory(serviceContext(c, deps));
      const xlsx = c.req.valid('query').format === 'xlsx';
      const bytes = xlsx ? await directoryToXlsx(data) : new TextEncoder().encode(directoryToCsv(data));
      return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
        'Content-Type': xlsx
          ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
          : 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(`单位目录.${xlsx ? 'xlsx' : 'csv'}`)}`,
      }) as never;
    },
  );
}
