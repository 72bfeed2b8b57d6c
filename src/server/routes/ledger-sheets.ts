import type { OpenAPIHono } from '@hono/zod-openapi';
import { AppError } from '../../domain/errors.js';
import { exportLedgerSheet } from '../../services/export-ledger.js';
import { applyLedgerSheet, previewLedgerSheet } from '../../services/import-ledger-sheet.js';
import { type AppEnv, type ServerDeps, serviceContext } from '../context.js';
import { FileField, IdParam, route, z } from '../route.js';
import { uploadedFiles } from '../uploads.js';

const tag = 'Excel 台账';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function registerLedgerSheets(app: OpenAPIHono<AppEnv>, deps: ServerDeps): void {
  app.openapi(
    route({
      method: 'get',
      path: '/api/plans/{id}/ledger.xlsx',
      tag,
      summary: '导出 Excel 台账（单位填写完成情况、备注后可导回）',
      params: IdParam,
      query: z.object({ unit: z.string().max(200).optional() }),
    }),
    async (c) => {
      const unit = c.req.valid('query').unit;
      const f = await exportLedgerSheet(serviceContext(c, deps), {
        planId: c.req.valid('param').id,
        ...(unit ? { unitId: unit } : {}),
      });
      return c.body(f.bytes as Uint8Array<ArrayBuffer>, 200, {
        'Content-Type': XLSX,
        'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(f.fileName)}`,
      }) as never;
    },
  );

  const sheet = async (field: unknown) => {
    const [file] = await uploadedFiles(field, { max: 1, maxBytes: 10 * 1024 * 1024 });
    if (!file) throw new AppError('invalid-input', '请选择填好的 Excel 台账文件（file）');
    return file;
  };

  app.openapi(
    route({
      method: 'post',
      path: '/api/ledger-sheets/preview',
      tag,
      summary: '导入前预览：修改与冲突',
      form: z.object({ file: FileField }),
    }),
    async (c) => {
      const ctx = serviceContext(c, deps);
      const file = await sheet((await c.req.parseBody({ all: true })).file);
      return c.json(await previewLedgerSheet(ctx, file.bytes, { name: file.name }), 200);
    },
  );

  app.openapi(
    route({
      method: 'post',
      path: '/api/ledger-sheets/apply',
      tag,
      summary: '应用接受的修改（冲突须逐项确认覆盖）',
      form: z.object({
        file: FileField,
        accept: z.string().openapi({ description: 'all，或以逗号分隔的修改编号' }),
        force: z.string().optional(),
      }),
    }),
    async (c) => {
      const ctx = serviceContext(c, deps);
      const body = await c.req.parseBody({ all: true });
      const file = await sheet(body.file);
      const list = (v: unknown) =>
        typeof v === 'string'
          ? v
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean)
          : [];
      const accept = body.accept === 'all' ? 'all' : list(body.accept);
      return c.json(await applyLedgerSheet(ctx, file.bytes, { accept, force: list(body.force), name: file.name }), 200);
    },
  );
}
