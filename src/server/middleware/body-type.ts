import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../../domain/errors.js';
import type { AppEnv } from '../context.js';
import { isUpload, MAX_JSON_BODY } from '../upload-guard.js';

/**
 * Every request that changes something and is not an upload carries JSON, and a small body: anything else
 * is refused with 415/413 and a Chinese message before a handler sees it (the upload guard takes uploads).
 */
export function jsonBodies(): MiddlewareHandler<AppEnv> {
  const limit = bodyLimit({
    maxSize: MAX_JSON_BODY,
    onError: () => {
      throw new AppError('file-too-large', `请求内容过大，上限为 ${MAX_JSON_BODY / 1048576} MB`);
    },
  });
  return async (c, next) => {
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS' || isUpload(method, c.req.path)) return next();
    if (hasBody(c.req.raw)) {
      const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (type !== 'application/json')
        throw new AppError('format-unsupported', '请求内容须为 JSON（Content-Type: application/json）');
    }
    return limit(c, next);
  };
}

/**
 * Whether the request carries content. The Node adapter gives every POST a body stream, even an empty one,
 * so a declared length of 0 means none: a POST with nothing to send (confirm, send the digest) has no type to
 * check. Without length or chunking (requests made in-process) the body itself says.
 */
function hasBody(req: Request): boolean {
  const length = req.headers.get('content-length');
  if (length !== null) return Number(length) > 0;
  return req.headers.has('transfer-encoding') || req.body !== null;
}
