import type { OpenAPIHono } from '@hono/zod-openapi';
import { auditLog } from '../../services/audit-log.js';
import { checkAuditLog } from '../../services/verify-audit.js';
import { type AppEnv, type ServerDeps, serviceContext } from '../context.js';
import { Paging, route, z } from '../route.js';

const tag = '审计';

export function registerAudit(app: OpenAPIHono<AppEnv>, deps: ServerDeps): void {
  app.openapi(
    route({
      method: 'get',
      path: '/api/audit',
      tag,
      summary: '审计日志',
      query: z.object({
        action: z.string().max(100).optional(),
        entity: z.string().max(100).optional(),
        actor: z.string().max(200).optional(),
        ...Paging,
      }),
    }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json(
        await auditLog(serviceContext(c, deps), {
          ...(q.action ? { action: q.action } : {}),
          ...(q.entity ? { entity: q.entity } : {}),
          ...(q.actor ? { actor: q.actor } : {}),
          ...(q.limit !== undefined ? { limit: q.limit } : {}),
          ...(q.offset !== undefined ? { offset: q.offset } : {}),
        }),
        200,
      );
    },
  );
  app.openapi(route({ method: 'get', path: '/api/audit/verify', tag, summary: '校验审计日志哈希链' }), async (c) =>
    c.json(await checkAuditLog(serviceContext(c, deps)), 200),
  );
}
