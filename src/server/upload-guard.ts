import type { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { AppError } from '../domain/errors.js';
import { type Action, authorize } from '../services/policy.js';
import type { AppEnv } from './context.js';
import { Unauthenticated } from './errors.js';

/**
 * The one path every upload takes, before any of its body is read: the caller's permission for what the
 * upload is for, a multipart body, a size limit checked from Content-Length and again while the body
 * streams in, and a budget of bytes all uploads in flight share, so that a few large posts at once cannot
 * exhaust the server's memory. Limits per route sit here, beside each other.
 */
export interface UploadRoute {
  method: 'POST' | 'PUT';
  path: string;
  action: Action;
  maxBytes: number;
}

const MB = 1024 * 1024;
/** Multipart framing and form fields around the files. */
const FRAMING = MB;
export const MAX_EVIDENCE_FILES = 10;
export const MAX_EVIDENCE_BYTES = 20 * MB;

export const UPLOAD_ROUTES: readonly UploadRoute[] = [
  { method: 'POST', path: '/api/plans', action: 'plan.import', maxBytes: 64 * MB + FRAMING },
  {
    method: 'POST',
    path: '/api/assignments/:id/reports',
    action: 'assignment.report',
    maxBytes: MAX_EVIDENCE_FILES * MAX_EVIDENCE_BYTES + FRAMING,
  },
  { method: 'POST', path: '/api/units/import', action: 'directory.edit', maxBytes: 10 * MB + FRAMING },
  { method: 'POST', path: '/api/ledger-sheets/preview', action: 'ledger.read', maxBytes: 10 * MB + FRAMING },
  { method: 'POST', path: '/api/ledger-sheets/apply', action: 'assignment.report', maxBytes: 10 * MB + FRAMING },
];

/** Bytes of upload bodies held at once across all requests of this process. */
export const UPLOAD_BUDGET = 320 * MB;
let inFlight = 0;
/** Requests whose body passed the limit while streaming (the form parser then fails in its own words). */
const overflowed = new WeakSet<Request>();
export const uploadOverflowed = (req: Request): boolean => overflowed.has(req);

const isUpload = (method: string, path: string): boolean =>
  UPLOAD_ROUTES.some((r) => r.method === method && matches(r.path, path));

function matches(pattern: string, path: string): boolean {
  const re = new RegExp(`^${pattern.replace(/:[a-z]+/g, '[^/]+')}$`);
  return re.test(path);
}

const tooLarge = (max: number) => new AppError('file-too-large', `上传内容过大，此处上限为 ${Math.floor(max / MB)} MB`);

function guard(route: UploadRoute): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const actor = c.get('actor');
    if (!actor) throw new Unauthenticated();
    authorize(actor, route.action);
    const type = c.req.header('content-type') ?? '';
    if (!/^multipart\/form-data\s*;/i.test(type))
      throw new AppError('format-unsupported', '上传须以 multipart/form-data 表单提交（Content-Type 不符）');
    const declared = c.req.header('content-length');
    const length = declared === undefined ? null : Number(declared);
    if (length !== null && !(Number.isFinite(length) && length >= 0))
      throw new AppError('invalid-input', 'Content-Length 无效');
    if (length !== null && length > route.maxBytes) throw tooLarge(route.maxBytes);
    // Without a length the whole allowance is reserved; the stream is cut off when it passes it.
    const reserve = length ?? route.maxBytes;
    if (inFlight + reserve > UPLOAD_BUDGET) throw new AppError('busy', '服务器正在处理其他上传，请稍后重试');
    inFlight += reserve;
    try {
      const body = c.req.raw.body;
      if (body) {
        let seen = 0;
        let replaced: Request | null = null;
        const limited = body.pipeThrough(
          new TransformStream<Uint8Array, Uint8Array>({
            transform(chunk, ctl) {
              seen += chunk.byteLength;
              if (seen > route.maxBytes) {
                if (replaced) overflowed.add(replaced);
                ctl.error(tooLarge(route.maxBytes));
              } else ctl.enqueue(chunk);
            },
          }),
        );
        replaced = new Request(c.req.raw, { body: limited, duplex: 'half' } as RequestInit);
        c.req.raw = replaced;
      }
      await next();
    } finally {
      inFlight -= reserve;
    }
  };
}

export function registerUploadGuards(app: OpenAPIHono<AppEnv>): void {
  for (const r of UPLOAD_ROUTES) app.on(r.method, r.path, guard(r));
}

/** The limit for every other request body: JSON is small. */
export const MAX_JSON_BODY = 4 * MB;
export { isUpload };
