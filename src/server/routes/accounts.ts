import type { OpenAPIHono } from '@hono/zod-openapi';
import { createAccount, decideAccount, listAccounts, pendingAccounts, updateAccount } from '../../services/accounts.js';
import { authorize } from '../../services/policy.js';
import { readSettings, updateSettings } from '../../services/settings.js';
import { type AppEnv, type ServerDeps, serviceContext } from '../context.js';
import { IdParam, route, z } from '../route.js';

const tag = '账号与设置';
const Role = z.enum(['admin', 'office', 'unit', 'leader', 'auditor']);

export function registerAccounts(app: OpenAPIHono<AppEnv>, deps: ServerDeps): void {
  app.openapi(route({ method: 'get', path: '/api/accounts', tag, summary: '账号列表' }), async (c) =>
    c.json(await listAccounts(serviceContext(c, deps)), 200),
  );

  app.openapi(
    route({
      method: 'post',
      path: '/api/accounts',
      tag,
      summary: '新建账号',
      json: z.object({
        username: z.string().min(3).max(32),
        displayName: z.string().min(1).max(50),
        role: Role,
        unitId: z.string().max(200).nullable().optional(),
        password: z.string().min(1).max(128),
        mustChangePassword: z.boolean().optional(),
      }),
    }),
    async (c) => c.json(await createAccount(serviceContext(c, deps), c.req.valid('json')), 200),
  );

  app.openapi(
    route({
      method: 'patch',
      path: '/api/accounts/{id}',
      tag,
      summary: '修改账号：姓名、角色、单位、停用、重置密码、解锁',
      params: IdParam,
      json: z.object({
        displayName: z.string().min(1).max(50).optional(),
        role: Role.optional(),
        unitId: z.string().max(200).nullable().optional(),
        active: z.boolean().optional(),
        password: z.string().min(1).max(128).optional(),
        unlock: z.boolean().optional(),
      }),
    }),
    async (c) =>
      c.json(await updateAccount(serviceContext(c, deps), c.req.valid('param').id, c.req.valid('json')), 200),
  );

  app.openapi(
    route({
      method: 'get',
      path: '/api/accounts/pending',
      tag,
      summary: '待审批的公开办、审计员账号（审计员、公开办）',
    }),
    async (c) => c.json(await pendingAccounts(serviceContext(c, deps)), 200),
  );

  app.openapi(
    route({
      method: 'post',
      path: '/api/accounts/{id}/approval',
      tag,
      summary: '批准或拒绝系统管理员建立、启用的公开办、审计员账号',
      params: IdParam,
      json: z.object({ approve: z.boolean() }),
    }),
    async (c) => {
      await decideAccount(serviceContext(c, deps), c.req.valid('param').id, c.req.valid('json').approve);
      return c.json({ ok: true }, 200);
    },
  );

  app.openapi(
    route({ method: 'get', path: '/api/settings', tag, summary: '安全设置（密码策略、锁定、超时）' }),
    async (c) => {
      authorize(serviceContext(c, deps).actor, 'settings.manage');
      return c.json(await readSettings(deps.store.db), 200);
    },
  );

  app.openapi(
    route({
      method: 'put',
      path: '/api/settings',
      tag,
      summary: '修改安全设置',
      json: z.object({
        passwordPolicy: z.object({ minLength: z.number().int(), minClasses: z.number().int() }).optional(),
        maxFailedLogins: z.number().int().optional(),
        maxFailedLoginsPerAddress: z.number().int().optional(),
        lockMinutes: z.number().int().optional(),
        sessionIdleMinutes: z.number().int().optional(),
      }),
    }),
    async (c) => c.json(await updateSettings(serviceContext(c, deps), c.req.valid('json')), 200),
  );
}
