import type { OpenAPIHono } from '@hono/zod-openapi';
import { addRobot, listRobots, removeRobot, testRobot } from '../../services/robots.js';
import { type AppEnv, type ServerDeps, serviceContext } from '../context.js';
import { IdParam, route, z } from '../route.js';

const tag = '群机器人';

/** The office's group robots; addresses and secrets go in and never come back whole. */
export function registerRobots(app: OpenAPIHono<AppEnv>, deps: ServerDeps): void {
  app.openapi(
    route({ method: 'get', path: '/api/robots', tag, summary: '群机器人列表（地址与密钥已遮蔽）与发送情况' }),
    async (c) => c.json(await listRobots(serviceContext(c, deps)), 200),
  );
  app.openapi(
    route({
      method: 'post',
      path: '/api/robots',
      tag,
      summary: '添加群机器人（钉钉、企业微信或飞书；某单位或某方案）',
      json: z
        .object({
          name: z.string().min(1).max(100),
          platform: z.enum(['dingtalk', 'wecom', 'feishu']),
          webhookUrl: z.string().min(1).max(1000),
          secret: z.string().max(500).nullable().optional(),
          unitId: z.string().min(1).max(200).nullable().optional(),
          planId: z.number().int().positive().nullable().optional(),
          enabled: z.boolean().optional(),
        })
        .strict(),
    }),
    async (c) => c.json(await addRobot(serviceContext(c, deps), c.req.valid('json')), 200),
  );
  app.openapi(
    route({
      method: 'delete',
      path: '/api/robots/{id}',
      tag,
      summary: '删除群机器人（发送记录保留）',
      params: IdParam,
    }),
    async (c) => {
      await removeRobot(serviceContext(c, deps), c.req.valid('param').id);
      return c.json({ ok: true }, 200);
    },
  );
  app.openapi(
    route({
      method: 'post',
      path: '/api/robots/{id}/test',
      tag,
      summary: '发送一条测试消息，返回平台的应答',
      params: IdParam,
    }),
    async (c) => c.json(await testRobot(serviceContext(c, deps), c.req.valid('param').id), 200),
  );
}
