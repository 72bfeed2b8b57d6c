import { timingSafeEqual } from 'node:crypto';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { AppError } from '../../domain/errors.js';
import { createFirstAdmin, hasAccounts } from '../../services/accounts.js';
import type { AppEnv, ServerDeps } from '../context.js';
import { route, z } from '../route.js';

const tag = '初始设置';

export function registerSetup(app: OpenAPIHono<AppEnv>, deps: ServerDeps & { setupToken: string | null }): void {
  app.openapi(route({ method: 'get', path: '/api/setup', tag, summary: '是否需要初始设置' }), async (c) =>
    c.json({ needed: !(await hasAccounts(deps.store)) }, 200),
  );
  app.openapi(
    route({
      method: 'post',
      path: '/api/setup',
      tag,
      summary: '创建第一个系统管理员（凭服务器控制台打印的一次性设置码）',
      json: z.object({
        token: z.string().min(1).max(200),
        username: z.string().min(3).max(32),
        displayName: z.string().min(1).max(50),
        password: z.string().min(1).max(128),
      }),
    }),
    async (c) => {
      const body = c.req.valid('json');
      const expected = deps.setupToken;
      const ok =
        !!expected &&
        body.token.length === expected.length &&
        timingSafeEqual(Buffer.from(body.token), Buffer.from(expected));
      if (!ok) throw new AppError('forbidden', '设置码不正确（见服务器启动时控制台的提示）');
      await createFirstAdmin(deps.store, deps.now(), {
        username: body.username,
        displayName: body.displayName,
        password: body.password,
      });
      deps.setupToken = null;
      return c.json({ ok: true }, 200);
    },
  );
}
