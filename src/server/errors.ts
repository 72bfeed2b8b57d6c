import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type ErrorCode, isAppError } from '../domain/errors.js';

/** The one place AppErrors become HTTP answers. Anything else is a 500 that never shows its internals. */
const STATUS: Record<ErrorCode | 'unauthenticated', ContentfulStatusCode> = {
  'file-unreadable': 400,
  'file-empty': 400,
  'file-too-large': 413,
  'format-unsupported': 415,
  'format-corrupt': 422,
  'format-encrypted': 422,
  'format-scanned': 422,
  'format-unsafe': 422,
  'invalid-input': 400,
  'not-found': 404,
  forbidden: 403,
  conflict: 409,
  busy: 503,
  'storage-full': 507,
  timeout: 504,
  unauthenticated: 401,
};

export class Unauthenticated extends Error {
  constructor() {
    super('请先登录');
  }
}

export function errorResponse(e: unknown, c: Context): Response {
  if (e instanceof Unauthenticated) return c.json({ error: { code: 'unauthenticated', message: '请先登录' } }, 401);
  if (isAppError(e))
    return c.json(
      { error: { code: e.code, message: e.userMessage, ...(e.details ? { details: e.details } : {}) } },
      STATUS[e.code] ?? 400,
    );
  const status = (e as { status?: number }).status;
  if (status === 413) return c.json({ error: { code: 'file-too-large', message: '上传内容过大' } }, 413);
  console.error('internal error', e);
  return c.json(
    { error: { code: 'internal', message: '服务器内部错误，请稍后重试；如持续出现请联系系统管理员' } },
    500,
  );
}
