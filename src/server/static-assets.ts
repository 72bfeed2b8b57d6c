import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { MiddlewareHandler } from 'hono';
import { getMimeType } from 'hono/utils/mime';

/** Larger files are streamed from disk by the next handler instead of being kept. */
const KEEP_AT_MOST = 4 * 1024 * 1024;

/**
 * The built front end's hashed files (web/dist/assets: a file never changes under its name), kept in memory
 * after their first request and answered at once: a page's scripts are not queued behind the database work of
 * the API requests it sent alongside them. Anything not found or too large falls through to the next handler.
 */
export function immutableAssets(root: string): MiddlewareHandler {
  const dir = join(root, 'assets');
  const kept = new Map<string, { body: Uint8Array<ArrayBuffer>; type: string }>();
  return async (c, next) => {
    let name: string;
    try {
      name = decodeURIComponent(c.req.path.slice('/assets/'.length));
    } catch {
      return next();
    }
    const path = normalize(join(dir, name));
    if (!name || !path.startsWith(dir + sep)) return next();
    let file = kept.get(path);
    if (!file) {
      const body = await readFile(path).catch(() => null);
      if (!body || body.length > KEEP_AT_MOST) return next();
      file = {
        body,
        type: getMimeType(path) ?? (extname(path) === '.js' ? 'text/javascript' : 'application/octet-stream'),
      };
      kept.set(path, file);
    }
    c.header('Content-Type', file.type);
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    return c.body(file.body, 200);
  };
}
