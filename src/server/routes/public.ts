import type { OpenAPIHono } from '@hono/zod-openapi';
import { publishedPlans, publishedTasks } from '../../services/public-plans.js';
import type { AppEnv, ServerDeps } from '../context.js';
import { IdParam, route } from '../route.js';

const tag = '公开';

/** The public page's data: no login, no personal data, no internal notes. */
export function registerPublic(app: OpenAPIHono<AppEnv>, deps: ServerDeps): void {
  app.openapi(route({ method: 'get', path: '/api/public/plans', tag, summary: '已公开的方案' }), async (c) =>
    c.json(await publishedPlans({ store: deps.store }), 200),
  );
  app.openapi(
    route({ method: 'get', path: '/api/public/plans/{id}', tag, summary: '公开方案的任务分解与进展', params: IdParam }),
    async (c) => {
      const id = c.req.valid('param').id;
      const plans = await publishedPlans({ store: deps.store });
      const plan = plans.find((p) => p.id === id);
      return c.json({ plan: plan ?? null, tasks: await publishedTasks({ store: deps.store }, id) }, 200);
    },
  );
}
