import type { OpenAPIHono } from '@hono/zod-openapi';
import type { HeadOptions } from '../../services/document-data.js';
import { type DocumentRequest, issueDocument } from '../../services/issue-document.js';
import { type AppEnv, type ServerDeps, serviceContext } from '../context.js';
import { route, z } from '../route.js';

const tag = '公文';
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** The office's documents as downloads: one route, the kind and its parameters in the query. */
export function registerDocuments(app: OpenAPIHono<AppEnv>, deps: ServerDeps): void {
  app.openapi(
    route({
      method: 'get',
      path: '/api/documents/{kind}',
      tag,
      summary: '生成公文：任务提示单、催办单、季度通报、年报落实情况、回头看（DOCX；表格类亦可 XLSX）',
      params: z.object({
        kind: z
          .enum(['tishidan', 'cuiban', 'tongbao', 'nianbao', 'huitoukan'])
          .openapi({ param: { name: 'kind', in: 'path' } }),
      }),
      query: z.object({
        plan: z.coerce.number().int().positive().optional(),
        unit: z.string().max(200).optional(),
        from: Day.optional(),
        to: Day.optional(),
        quarter: z
          .string()
          .regex(/^\d{4}-?Q[1-4]$/i)
          .optional(),
        previousPlan: z.coerce.number().int().positive().optional(),
        format: z.enum(['docx', 'xlsx']).default('docx'),
        issuer: z.string().max(100).optional(),
        docNumber: z.string().max(100).optional(),
        addressee: z.string().max(500).optional(),
        date: Day.optional(),
      }),
    }),
    async (c) => {
      const ctx = serviceContext(c, deps);
      const { kind } = c.req.valid('param');
      const q = c.req.valid('query');
      const head: HeadOptions = {
        ...(q.issuer ? { issuer: q.issuer } : {}),
        ...(q.docNumber ? { docNumber: q.docNumber } : {}),
        ...(q.addressee ? { addressee: q.addressee } : {}),
        ...(q.date ? { date: q.date } : {}),
      };
      const plan = q.plan ?? 0;
      const quarter = /^(\d{4})-?Q([1-4])$/i.exec(q.quarter ?? '');
      const req: DocumentRequest =
        kind === 'tishidan'
          ? {
              kind,
              planId: plan,
              ...(q.from ? { from: q.from } : {}),
              ...(q.to ? { to: q.to } : {}),
              ...(q.unit ? { unitId: q.unit } : {}),
              head,
            }
          : kind === 'cuiban'
            ? { kind, unitId: q.unit ?? '', ...(q.plan ? { planId: q.plan } : {}), head }
            : kind === 'tongbao'
              ? {
                  kind,
                  planId: plan,
                  year: Number(quarter?.[1] ?? 0),
                  quarter: Number(quarter?.[2] ?? 1) as 1 | 2 | 3 | 4,
                  head,
                }
              : kind === 'nianbao'
                ? { kind, planId: plan, head }
                : { kind, planId: plan, ...(q.previousPlan ? { previousPlanId: q.previousPlan } : {}), head };
      const doc = await issueDocument(ctx, req, q.format);
      return c.body(doc.bytes as Uint8Array<ArrayBuffer>, 200, {
        'Content-Type': doc.mime,
        'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(doc.fileName)}`,
      }) as never;
    },
  );
}
