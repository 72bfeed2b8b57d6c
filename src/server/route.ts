import { createRoute, z } from '@hono/zod-openapi';

/**
 * Routes are declared once, with their request schemas (validated) and a line of description (the OpenAPI
 * document at /api/openapi.json); answers are JSON shaped by the services.
 */
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

// Validation messages in Chinese, like every other answer (the field is named by the default hook in app.ts).
z.config(z.locales.zhCN());

const Answer = z.unknown().openapi('Answer');
const Problem = z
  .object({
    error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }),
  })
  .openapi('Problem');
const problem = (description: string) => ({ content: { 'application/json': { schema: Problem } }, description });
const responses = {
  200: { content: { 'application/json': { schema: Answer } }, description: '成功' },
  400: problem('请求无效'),
  401: problem('未登录'),
  403: problem('无权限'),
  404: problem('不存在'),
  409: problem('状态不允许'),
};

type Body<J, F> = J extends z.ZodType
  ? { content: { 'application/json': { schema: J } }; required: true }
  : F extends z.ZodType
    ? { content: { 'multipart/form-data': { schema: F } }; required: true }
    : undefined;

export function route<
  P extends z.ZodObject | undefined = undefined,
  Q extends z.ZodObject | undefined = undefined,
  J extends z.ZodType | undefined = undefined,
  F extends z.ZodObject | undefined = undefined,
>(spec: { method: Method; path: string; tag: string; summary: string; params?: P; query?: Q; json?: J; form?: F }) {
  const body = spec.json
    ? { content: { 'application/json': { schema: spec.json } }, required: true }
    : spec.form
      ? { content: { 'multipart/form-data': { schema: spec.form } }, required: true }
      : undefined;
  return createRoute({
    method: spec.method,
    path: spec.path,
    tags: [spec.tag],
    summary: spec.summary,
    request: { params: spec.params as P, query: spec.query as Q, body: body as Body<J, F> },
    responses,
  });
}

export const IdParam = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .openapi({ param: { name: 'id', in: 'path' }, example: 1 }),
});
export const UnitIdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'unit:潮州市财政局' }),
});
export const Paging = {
  limit: z.coerce.number().int().min(1).max(5000).optional(),
  offset: z.coerce.number().int().min(0).optional(),
};
export const FileField = z.any().openapi({ type: 'string', format: 'binary' });
export { z };
