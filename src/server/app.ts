import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { OpenAPIHono } from '@hono/zod-openapi';
import { AppError, isAppError } from '../domain/errors.js';
import { recordRefusal } from '../services/audit-log.js';
import type { AppEnv, ServerDeps } from './context.js';
import { errorResponse } from './errors.js';
import { answerCache } from './middleware/answer-cache.js';
import { jsonBodies } from './middleware/body-type.js';
import { auditDownloads } from './middleware/download-audit.js';
import { securityHeaders } from './middleware/security.js';
import { sessionMiddleware } from './middleware/session.js';
import { registerAccounts } from './routes/accounts.js';
import { registerAssignments } from './routes/assignments.js';
import { registerAudit } from './routes/audit.js';
import { registerDirectory } from './routes/directory.js';
import { registerDocuments } from './routes/documents.js';
import { registerHealth } from './routes/health.js';
import { registerLedger } from './routes/ledger.js';
import { registerLedgerSheets } from './routes/ledger-sheets.js';
import { registerPlans } from './routes/plans.js';
import { registerPublic } from './routes/public.js';
import { registerRobots } from './routes/robots.js';
import { registerSession } from './routes/session.js';
import { registerSetup } from './routes/setup.js';
import { registerSso } from './routes/sso.js';
import { registerSupervision } from './routes/supervision.js';
import { immutableAssets } from './static-assets.js';
import { registerUploadGuards } from './upload-guard.js';

/**
 * The front end's paths served by the light page (web/light.html), each with the API requests its script makes
 * first: named in the page as preloads, the browser sends them with the script instead of after it has run.
 * The addresses must be the ones the script asks for, to the byte (test/browser-phone.test.ts counts them).
 */
export const LIGHT_PAGES: Record<string, readonly string[]> = {
  '/login': ['/api/session', '/api/sso', '/api/setup'],
  '/my': ['/api/session', '/api/my/assignments?limit=20&offset=0', '/api/reminders'],
};

function withPreloads(html: string, urls: readonly string[]): string {
  const links = urls.map((u) => `<link rel="preload" as="fetch" href="${u}" crossorigin="anonymous" />`).join('');
  return html.replace('</head>', `${links}</head>`);
}

/**
 * The HTTP application: a JSON API over the services (validated by schema, described at
 * /api/openapi.json), sessions and CSRF as middleware, one error mapping, and the built front end.
 */
export type AppDeps = ServerDeps & { setupToken: string | null };

export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const issue = result.error.issues[0];
        const field = issue?.path.join('.') || result.target;
        throw new AppError('invalid-input', `请求参数无效：${field}（${issue?.message ?? '格式不符'}）`);
      }
    },
  });
  app.onError(async (e, c) => {
    // Refusals are audited: who asked for what they may not have.
    const actor = c.get('actor');
    if (actor && isAppError(e) && e.code === 'forbidden')
      await recordRefusal(deps.store, actor, deps.now(), {
        method: c.req.method,
        path: c.req.path,
        reason: e.userMessage,
      }).catch(() => {});
    return errorResponse(e, c);
  });
  app.use('*', securityHeaders());
  app.use('/api/*', jsonBodies());
  app.use('/api/*', sessionMiddleware(deps));
  app.use('/api/*', auditDownloads(deps));
  app.use('/api/*', answerCache(deps));
  // Uploads: permission, type and size settled before any of the body is read.
  registerUploadGuards(app);

  // The balancer's probes, before the front end's catch-all route.
  registerHealth(app, deps);

  app.get('/api/health', (c) => c.json({ ok: true }));
  registerSession(app, deps);
  registerSetup(app, deps);
  registerSso(app, deps);
  registerPlans(app, deps);
  registerLedger(app, deps);
  registerAssignments(app, deps);
  registerDirectory(app, deps);
  registerAccounts(app, deps);
  registerAudit(app, deps);
  registerPublic(app, deps);
  registerSupervision(app, deps);
  registerRobots(app, deps);
  registerLedgerSheets(app, deps);
  registerDocuments(app, deps);
  app.doc31('/api/openapi.json', { openapi: '3.1.0', info: { title: 'taizhang 台账 API', version: '1' } });
  app.all('/api/*', (c) => c.json({ error: { code: 'not-found', message: '没有这个接口' } }, 404));

  if (deps.webRoot && existsSync(join(deps.webRoot, 'index.html'))) {
    const root = deps.webRoot;
    const index = readFileSync(join(root, 'index.html'), 'utf8');
    app.use('/assets/*', immutableAssets(root));
    app.use(
      '/assets/*',
      serveStatic({ root, onFound: (_p, c) => c.header('Cache-Control', 'public, max-age=31536000, immutable') }),
    );
    app.use('/favicon.svg', serveStatic({ root }));
    // The login page and a unit's 我的任务 are a light page of their own (no React, no antd), so the screens
    // most people open first are usable at once; every other client-side route loads the full application.
    const lightPath = join(root, 'light.html');
    const light = existsSync(lightPath) ? readFileSync(lightPath, 'utf8') : index;
    for (const [path, requests] of Object.entries(LIGHT_PAGES)) {
      const page = withPreloads(light, requests);
      app.get(path, (c) => c.html(page));
    }
    app.get('*', (c) => c.html(index));
  } else {
    app.get('/', (c) => c.text('前端尚未构建：请先运行 npm run build', 503));
  }
  return app;
}
