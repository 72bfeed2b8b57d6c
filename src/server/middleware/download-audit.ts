import type { MiddlewareHandler } from 'hono';
import { recordDownload } from '../../services/audit-log.js';
import type { AppEnv, ServerDeps } from '../context.js';

/**
 * Every file the API hands out as an attachment — evidence, the 台账 sheet, scores, documents, the unit
 * directory — is recorded for the auditor: who, which, when. One place, so a new download is never missed.
 */
export function auditDownloads(deps: ServerDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const actor = c.get('actor');
    const disposition = c.res.headers.get('content-disposition') ?? '';
    if (!actor || c.res.status !== 200 || !/^attachment/i.test(disposition)) return;
    const name = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
    await recordDownload(deps.store, actor, deps.now(), {
      path: c.req.path,
      fileName: name ? decodeURIComponent(name) : '',
      bytes: Number(c.res.headers.get('content-length') ?? 0),
    });
  };
}
