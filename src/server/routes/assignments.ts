import { Readable } from 'node:stream';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { AppError } from '../../domain/errors.js';
import { MAX_EVIDENCE_BYTES, MAX_EVIDENCE_FILES } from '../../domain/evidence.js';
import { evidenceFile } from '../../services/evidence-file.js';
import { decideExtension, pendingExtensions, requestExtension } from '../../services/request-extension.js';
import { reviewCompletion } from '../../services/review-completion.js';
import { submitProgress } from '../../services/submit-progress.js';
import { type AppEnv, type ServerDeps, serviceContext } from '../context.js';
import { FileField, IdParam, route, z } from '../route.js';
import { uploadedFiles } from '../uploads.js';

const tag = '报送与审核';

export function registerAssignments(app: OpenAPIHono<AppEnv>, deps: ServerDeps): void {
  app.openapi(
    route({
      method: 'post',
      path: '/api/assignments/{id}/reports',
      tag,
      summary: '报送进展（可附佐证文件与链接；claim=complete 为申请办结）',
      params: IdParam,
      form: z.object({
        text: z.string(),
        claim: z.enum(['in_progress', 'complete']),
        files: FileField.optional(),
        links: z.string().optional(),
      }),
    }),
    async (c) => {
      const ctx = serviceContext(c, deps);
      const body = await c.req.parseBody({ all: true });
      const text = typeof body.text === 'string' ? body.text : '';
      const claim = body.claim === 'complete' ? 'complete' : body.claim === 'in_progress' ? 'in_progress' : null;
      if (!claim) throw new AppError('invalid-input', '报送类型（claim）须为 in_progress 或 complete');
      const files = await uploadedFiles(body.files, { max: MAX_EVIDENCE_FILES, maxBytes: MAX_EVIDENCE_BYTES });
      const links = (Array.isArray(body.links) ? body.links : [body.links])
        .flatMap((l) => (typeof l === 'string' ? l.split(/\s+/) : []))
        .filter(Boolean);
      return c.json(
        await submitProgress(ctx, { assignmentId: c.req.valid('param').id, text, claim, files, links }),
        200,
      );
    },
  );

  app.openapi(
    route({
      method: 'post',
      path: '/api/assignments/{id}/review',
      tag,
      summary: '审核：办结（accept）、退回（return，须写理由）、重新打开（reopen）',
      params: IdParam,
      json: z.object({ decision: z.enum(['accept', 'return', 'reopen']), reason: z.string().max(2000).optional() }),
    }),
    async (c) => {
      const { decision, reason } = c.req.valid('json');
      const ctx = serviceContext(c, deps);
      const id = c.req.valid('param').id;
      const result =
        decision === 'accept'
          ? await reviewCompletion(ctx, id, { decision })
          : await reviewCompletion(ctx, id, { decision, reason: reason ?? '' });
      return c.json(result, 200);
    },
  );

  app.openapi(
    route({
      method: 'post',
      path: '/api/assignments/{id}/extensions',
      tag,
      summary: '申请延期',
      params: IdParam,
      json: z.object({ requestedDue: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), reason: z.string().min(1).max(2000) }),
    }),
    async (c) =>
      c.json(
        await requestExtension(serviceContext(c, deps), {
          assignmentId: c.req.valid('param').id,
          ...c.req.valid('json'),
        }),
        200,
      ),
  );

  app.openapi(route({ method: 'get', path: '/api/extensions', tag, summary: '待审批的延期申请' }), async (c) =>
    c.json(await pendingExtensions(serviceContext(c, deps)), 200),
  );

  app.openapi(
    route({
      method: 'post',
      path: '/api/extensions/{id}/decision',
      tag,
      summary: '审批延期申请',
      params: IdParam,
      json: z.object({ approve: z.boolean(), note: z.string().max(2000).optional() }),
    }),
    async (c) => {
      const { approve, note } = c.req.valid('json');
      return c.json(
        await decideExtension(serviceContext(c, deps), {
          requestId: c.req.valid('param').id,
          approve,
          ...(note ? { note } : {}),
        }),
        200,
      );
    },
  );

  app.openapi(
    route({ method: 'get', path: '/api/evidence/{id}', tag, summary: '下载佐证文件', params: IdParam }),
    async (c) => {
      const f = await evidenceFile(serviceContext(c, deps), c.req.valid('param').id);
      return c.body(Readable.toWeb(f.body) as ReadableStream, 200, {
        'Content-Type': f.mime,
        'Content-Length': String(f.size),
        'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(f.name)}`,
        'Cache-Control': 'private, no-store',
      }) as never;
    },
  );
}
