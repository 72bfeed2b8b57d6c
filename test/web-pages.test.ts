import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../src/server/start.js';
import { repoRoot } from './support/paths.js';

/**
 * Which page the server gives each front-end path, over real HTTP with the built front end (web/dist): the
 * login page and 我的任务 get the light page with their first API requests named as preloads; every other path
 * the full application; a path that is neither gets the application (which shows 没有找到).
 */
type Server = Awaited<ReturnType<typeof startServer>>;

describe('front-end pages', () => {
  let server: Server;
  beforeAll(async () => {
    server = await startServer({
      port: 0,
      host: '127.0.0.1',
      demo: false,
      store: { dataDir: join(mkdtempSync(join(tmpdir(), 'tz-pages-')), 'data') },
      reminders: false,
      webRoot: join(repoRoot, 'web/dist'),
      log: () => {},
    });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  const page = async (path: string) => {
    const res = await fetch(new URL(path, server.url));
    expect(res.status, path).toBe(200);
    expect(res.headers.get('content-type'), path).toContain('text/html');
    const html = await res.text();
    const scripts = [...html.matchAll(/<script type="module"[^>]*src="([^"]+)"/g)].map((m) => m[1]);
    const preloads = [...html.matchAll(/<link rel="preload" as="fetch" href="([^"]+)"/g)].map((m) =>
      String(m[1]).replaceAll('&amp;', '&'),
    );
    return { scripts, preloads };
  };

  it('gives the login page and 我的任务 the light page, each with its own first requests', async () => {
    const login = await page('/login?next=%2Fplans');
    expect(login.scripts).toHaveLength(1);
    expect(login.scripts[0]).toMatch(/^\/assets\/light-/);
    expect(login.preloads.sort()).toEqual(['/api/session', '/api/setup', '/api/sso']);

    const my = await page('/my');
    expect(my.scripts).toEqual(login.scripts);
    expect(my.preloads).toContain('/api/session');
    expect(my.preloads).toContain('/api/reminders');
    expect(my.preloads.filter((p) => p.startsWith('/api/my/assignments?'))).toHaveLength(1);
  });

  it('gives every other path the full application, without preloads', async () => {
    for (const path of ['/', '/plans', '/plans/3', '/tasks/12', '/my/extra', '/public', '/no-such-screen']) {
      const p = await page(path);
      expect(p.scripts, path).toHaveLength(1);
      expect(p.scripts[0], path).toMatch(/^\/assets\/index-/);
      expect(p.preloads, path).toEqual([]);
    }
  });

  it('serves the light page script as an immutable asset', async () => {
    const { scripts } = await page('/login');
    const res = await fetch(new URL(String(scripts[0]), server.url));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('immutable');
    expect(res.headers.get('content-type')).toContain('javascript');
    const body = await res.text();
    expect(body.length).toBeGreaterThan(1000);
    // Kept in memory after the first answer: the same bytes again, from the file on disk.
    const again = await fetch(new URL(String(scripts[0]), server.url));
    expect(await again.text()).toBe(body);
    expect(body).toBe(readFileSync(join(repoRoot, 'web/dist', String(scripts[0])), 'utf8'));
  });

  it('never answers a path outside the assets with a file', async () => {
    for (const path of [
      '/assets/..%2F..%2F..%2Fpackage.json',
      '/assets/..%5C..%5C..%5Cpackage.json',
      '/assets/%E0%A4%A',
    ]) {
      const res = await fetch(new URL(path, server.url));
      const text = await res.text();
      expect(text, path).not.toContain('"name": "taizhang"');
      expect(res.headers.get('cache-control') ?? '', path).not.toContain('immutable');
    }
    const missing = await fetch(new URL('/assets/no-such-file.js', server.url));
    expect(missing.headers.get('content-type')).not.toContain('javascript');
  });
});
