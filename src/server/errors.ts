import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type ErrorCode, isAppError } from '../domain/errors.js';
import { uploadOverflowed } from './upload-guard.js';

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
  'too-many': 429,
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
  // A body cut off by the upload guard surfaces as whatever the form parser made of it.
  if (uploadOverflowed(c.req.raw))
    return c.json({ error: { code: 'file-too-large', message: '上传内容过大，已停止接收' } }, 413);
  const status = (e as { status?: number }).status;
  if (status === 413) return c.json({ error: { code: 'file-too-large', message: '上传内容过大' } }, 413);
  // Hono's own refusals (a body that is not the JSON or form it claims to be) are the client's error.
  if (e instanceof HTTPException && e.status < 500) {
    const message = /json/i.test(e.message)
      ? '请求内容不是有效的 JSON'
      : /formdata/i.test(e.message)
        ? '上传的表单内容无效或不完整'
        : '请求无效';
    return c.json({ error: { code: 'invalid-input', message } }, e.status === 413 ? 413 : 400);
  }
  console.error('internal error', e);
  return c.json(
    { error: { code: 'internal', message: '服务器内部错误，请稍后重试；如持续出现请联系系统管理员' } },
    500,
  );
}
