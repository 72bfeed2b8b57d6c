import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { readiness } from '../../services/readiness.js';
import type { AppEnv, ServerDeps } from '../context.js';

/**
 * For the load balancer: /healthz says the process answers (no database), /readyz that it can serve
 * (database reachable and migrated, file store writable). Outside /api: no session, throttling or audit.
 */
const Alive = z.object({ status: z.literal('ok') }).openapi('Alive');
const Ready = z.object({ status: z.literal('ready') }).openapi('Ready');
const NotReady = z
  .object({ status: z.literal('not-ready'), problems: z.array(z.string()).openapi({ example: ['文件存储不可写'] }) })
  .openapi('NotReady');
const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});

export function registerHealth(app: OpenAPIHono<AppEnv>, deps: ServerDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/healthz',
      tags: ['运行状态'],
      summary: '进程存活（不访问数据库）',
      responses: { 200: json(Alive, '进程在运行') },
    }),
    (c) => {
      c.header('Cache-Control', 'no-store');
      return c.json({ status: 'ok' as const }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/readyz',
      tags: ['运行状态'],
      summary: '可以接收请求（数据库可达且已迁移、文件存储可写）',
      responses: { 200: json(Ready, '就绪'), 503: json(NotReady, '未就绪及原因') },
    }),
    async (c) => {
      c.header('Cache-Control', 'no-store');
      const { problems } = await readiness(deps.store);
      return problems.length
        ? c.json({ status: 'not-ready' as const, problems }, 503)
        : c.json({ status: 'ready' as const }, 200);
    },
  );
}
