import { existsSync, mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { serve } from '@hono/node-server';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/server/app.js';
import { createAccount } from '../src/services/accounts.js';
import { findAssignment } from '../src/services/find-assignment.js';
import { hashBytes } from '../src/store/blobs.js';
import type { DiskBlobStore } from '../src/store/files/disk.js';
import { openStore, type Store } from '../src/store/store.js';
import { sweepOrphanFiles } from '../src/store/sweep.js';
import { importConfirmed } from './support/confirmed.js';
import { COUNTY_PLAN, contextFor, loadDemoDirectory, operator } from './support/ledger.js';

/** Every upload through one guard: permission and size settled before the body is read, sheets in the worker. */
const PASSWORD = 'Good-pass-2024';

/** A workbook of `rows` rows built directly (exceljs would take long to write it): 100k rows zip to ~500 KB. */
function bigWorkbook(rows: number): Uint8Array {
  const cells: string[] = [];
  for (let r = 1; r <= rows; r++)
    cells.push(
      `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>单位</t></is></c><c r="B${r}" t="inlineStr"><is><t>u${r}</t></is></c></row>`,
    );
  const sheet = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${cells.join('')}</sheetData></worksheet>`;
  return zipSync({
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    ),
    '_rels/.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    ),
    'xl/workbook.xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="单位目录" sheetId="1" r:id="rId1"/></sheets></workbook>',
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    ),
    'xl/worksheets/sheet1.xml': strToU8(sheet),
  });
}

/** A body that sends its first bytes and then never ends: a handler that waited for it would never answer. */
function endlessBody(): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(ctl) {
      ctl.enqueue(strToU8('--x\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\n\r\nPK'));
    },
  });
}

describe('uploads', () => {
  let store: Store;
  let app: ReturnType<typeof createApp>;
  const as = new Map<string, { cookie: string; csrf: string }>();

  const post = (
    user: string,
    path: string,
    body: NonNullable<RequestInit['body']>,
    headers: Record<string, string> = {},
  ) => {
    const s = as.get(user)!;
    return app.request(path, {
      method: 'POST',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...headers },
      body,
      duplex: 'half',
    } as RequestInit);
  };
  const form = (bytes: Uint8Array, name: string) => {
    const f = new FormData();
    f.append('file', new File([bytes as Uint8Array<ArrayBuffer>], name));
    return f;
  };
  const message = async (r: Response) => ((await r.json()) as { error: { message: string } }).error.message;

  beforeAll(async () => {
    store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), 'tz-uploads-')) });
    await loadDemoDirectory(store);
    const ctx = contextFor(store, operator);
    await createAccount(ctx, { username: 'office', displayName: '公开办', role: 'office', password: PASSWORD });
    await createAccount(ctx, {
      username: 'finance',
      displayName: '财政局',
      role: 'unit',
      unitId: 'unit:庆元县财政局',
      password: PASSWORD,
    });
    await createAccount(ctx, { username: 'admin', displayName: '管理员', role: 'admin', password: PASSWORD });
    app = createApp({ store, now: () => new Date(), secureCookies: false, webRoot: null, setupToken: null });
    for (const u of ['office', 'finance', 'admin']) {
      const r = await app.request('/api/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: u, password: PASSWORD }),
      });
      as.set(u, {
        cookie: (r.headers.get('set-cookie') ?? '').split(';')[0]!,
        csrf: ((await r.json()) as { csrf: string }).csrf,
      });
    }
  });
  afterAll(async () => store?.close());

  it('refuses a unit user before reading the body (the body never ends)', async () => {
    const r = await post('finance', '/api/units/import', endlessBody(), {
      'content-type': 'multipart/form-data; boundary=x',
    });
    expect(r.status).toBe(403);
    expect(await message(r)).toMatch(/没有权限/);
    const sheet = await post('finance', '/api/units/import', form(bigWorkbook(100_000), 'units.xlsx'));
    expect(sheet.status).toBe(403);
  });

  it('refuses by Content-Length before reading, and a body that grows past the limit while it streams', async () => {
    const declared = await post('admin', '/api/units/import', endlessBody(), {
      'content-type': 'multipart/form-data; boundary=x',
      'content-length': String(500 * 1024 * 1024),
    });
    expect(declared.status).toBe(413);
    expect(await message(declared)).toMatch(/上限为 11 MB/);
    let sent = 0;
    const growing = new ReadableStream<Uint8Array>({
      pull(ctl) {
        sent += 1 << 20;
        ctl.enqueue(new Uint8Array(1 << 20).fill(0x41));
        if (sent > 64 << 20) ctl.close();
      },
    });
    const streamed = await post('admin', '/api/units/import', growing, {
      'content-type': 'multipart/form-data; boundary=x',
    });
    expect(streamed.status).toBe(413);
    expect(sent).toBeLessThan(20 << 20);
  });

  it('reads a 100k-row sheet in the worker and refuses it by its row count, the server answering meanwhile', async () => {
    const pending = post('admin', '/api/units/import', form(bigWorkbook(100_000), 'units.xlsx'));
    const health = await app.request('/api/health');
    expect(health.status).toBe(200);
    const r = await pending;
    expect(r.status).toBe(413);
    expect(await message(r)).toMatch(/units\.xlsx 的工作表行数过多（100000 行，上限为 50000 行）/);
  });

  it('refuses a filled 台账 sheet far longer than any export by its row count, before exceljs reads it', async () => {
    const r = await post('office', '/api/ledger-sheets/preview', form(bigWorkbook(100_000), 'ledger.xlsx'));
    expect(r.status).toBe(413);
    expect(await message(r)).toMatch(/行数超过上限（20000 行）/);
  });

  it('refuses a wrong Content-Type with 415 and a Chinese message', async () => {
    const upload = await post('office', '/api/plans', 'plain text', { 'content-type': 'text/plain' });
    expect(upload.status).toBe(415);
    expect(await message(upload)).toMatch(/multipart\/form-data/);
    const json = await app.request('/api/session', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'username=a&password=b',
    });
    expect(json.status).toBe(415);
    expect(await message(json)).toMatch(/JSON/);
    const broken = await app.request('/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"username": ',
    });
    expect(broken.status).toBe(400);
    expect(await message(broken)).toBe('请求内容不是有效的 JSON');
  });

  it('writes a unit directory CSV whose cells cannot run as formulas, and reads it back the same', async () => {
    const s = as.get('admin')!;
    const name = '=HYPERLINK("http://example.invalid","点我")';
    const saved = await app.request(`/api/units/${encodeURIComponent('unit:formula')}`, {
      method: 'PUT',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ name, aliases: ['+1', '@sum'], kind: 'department', level: 'county' }),
    });
    expect(saved.status, await saved.clone().text()).toBe(200);
    const csv = await (await app.request('/api/units/export?format=csv', { headers: { cookie: s.cookie } })).text();
    const line = csv.split('\n').find((l) => l.includes('unit:formula'))!;
    expect(line).toContain(`"'=HYPERLINK(""http://example.invalid"",""点我"")"`);
    expect(line).not.toMatch(/,=|,\+|,@/);
    const back = await post('admin', '/api/units/import', form(strToU8(csv), 'units.csv'));
    expect(back.status).toBe(200);
    const units = (await (await app.request('/api/units', { headers: { cookie: s.cookie } })).json()) as {
      units: { id: string; name: string }[];
    };
    expect(units.units.find((u) => u.id === 'unit:formula')?.name).toBe(name);
  });

  it('explains a bad request in Chinese, naming the field', async () => {
    const s = as.get('admin')!;
    const r = await app.request('/api/accounts', {
      method: 'POST',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'x1', displayName: '某', role: 'superuser', password: 'Whatever-2024!' }),
    });
    expect(r.status).toBe(400);
    const text = await message(r);
    expect(text).toMatch(/^请求参数无效：username（/);
    expect(text).not.toMatch(/Too small|Invalid|expected/i);
  });

  it('leaves no file behind when a report is refused, and sweeps files a killed process left', async () => {
    const ctx = contextFor(store, operator);
    const plan = await importConfirmed(ctx, strToU8(COUNTY_PLAN), { name: 'plan.txt' });
    const task = await store.db
      .selectFrom('tasks')
      .select('id')
      .where('plan_id', '=', plan.planId)
      .where('text', 'like', '全面公开%')
      .executeTakeFirstOrThrow();
    const assignment = await findAssignment(ctx, Number(task.id), 'unit:庆元县财政局');
    const report = (text: string, file: string) => {
      const f = new FormData();
      f.append('text', text);
      f.append('claim', 'complete');
      f.append('files', new File([file], 'evidence.txt'));
      return post('finance', `/api/assignments/${assignment}/reports`, f);
    };
    expect((await report('已完成', '第一份佐证')).status).toBe(200);
    const refused = await report('再报一次', '第二份佐证，不该留下');
    expect(refused.status).toBe(409);
    const disk = store.blobs as DiskBlobStore;
    const second = hashBytes(strToU8('第二份佐证，不该留下'));
    expect(existsSync(disk.pathOf(second))).toBe(false);
    expect(existsSync(disk.pathOf(hashBytes(strToU8('第一份佐证'))))).toBe(true);

    // What a killed process leaves: a stored file no row refers to, and a half-written one.
    const orphan = disk.pathOf(hashBytes(strToU8('孤儿文件')));
    mkdirSync(dirname(orphan), { recursive: true });
    writeFileSync(orphan, '孤儿文件');
    writeFileSync(`${orphan}.1.2.tmp`, '孤');
    const hourAgo = new Date(Date.now() - 2 * 3_600_000);
    utimesSync(orphan, hourAgo, hourAgo);
    utimesSync(`${orphan}.1.2.tmp`, hourAgo, hourAgo);
    expect(await sweepOrphanFiles(store, new Date())).toBe(2);
    expect(existsSync(orphan)).toBe(false);
    expect(existsSync(disk.pathOf(hashBytes(strToU8('第一份佐证'))))).toBe(true);
  });

  it('takes a POST with nothing to send over a real connection (the Node adapter gives it an empty body stream)', async () => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    try {
      const { port } = server.address() as AddressInfo;
      const s = as.get('office')!;
      const r = await fetch(`http://127.0.0.1:${port}/api/reminders/digest`, {
        method: 'POST',
        headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      });
      expect(r.status, await r.clone().text()).toBe(200);
      const typed = await fetch(`http://127.0.0.1:${port}/api/reminders/digest`, {
        method: 'POST',
        headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'text/plain' },
        body: 'x',
      });
      expect(typed.status).toBe(415);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('answers a wrong Content-Type on every route that takes a body with 415/4xx in Chinese, never 500', async () => {
    const doc = (await (await app.request('/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const wrong: string[] = [];
    let tried = 0;
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const method of Object.keys(methods)) {
        if (method === 'get') continue;
        const concrete = path.replace(/\{[^}]+\}/g, '1');
        for (const user of ['office', 'admin', null] as const) {
          const s = user ? as.get(user)! : null;
          const r = await app.request(concrete, {
            method: method.toUpperCase(),
            headers: {
              'content-type': 'text/xml',
              ...(s ? { cookie: s.cookie, 'x-csrf-token': s.csrf } : {}),
            },
            body: '<x>1</x>',
          });
          tried++;
          const body = (await r.json()) as { error?: { message: string } };
          if (r.status >= 500 || !/[\u4e00-\u9fff]/.test(body.error?.message ?? ''))
            wrong.push(
              `${method.toUpperCase()} ${concrete} as ${user ?? 'anonymous'}: ${r.status} ${body.error?.message}`,
            );
        }
      }
    }
    expect(tried).toBeGreaterThan(60);
    expect(wrong).toEqual([]);
  });

  it('refuses a plan of 20 MB of plain text with the reason, before decoding it', async () => {
    const line = strToU8('（一）推进政务公开工作。（县财政局牵头）\n');
    const big = new Uint8Array(20 * 1024 * 1024);
    for (let at = 0; at + line.length <= big.length; at += line.length) big.set(line, at);
    const r = await post('office', '/api/plans', form(big, 'big.txt'));
    expect(r.status).toBe(413);
    expect(await message(r)).toMatch(/big\.txt 是 20 MB 的纯文本，超过上限 16 MB/);
  });

  it('answers a page nested 200,000 deep with a clear refusal', async () => {
    const depth = 200_000;
    const html = `<html><body>${'<div>'.repeat(depth)}县财政局牵头${'</div>'.repeat(depth)}</body></html>`;
    const r = await post('office', '/api/plans', form(strToU8(html), 'deep.html'));
    expect(r.status).toBe(422);
    expect(await message(r)).toMatch(/deep\.html 的网页标签嵌套超过 1000 层/);
  });
});
