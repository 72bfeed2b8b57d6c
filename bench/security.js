// Security figures: login time for unknown vs known names (should be equal), a 100k-row unit directory
// sheet posted by the admin (refused in the worker while /api/health answers), a 50 MB .txt plan (peak RSS).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strToU8, zipSync } from 'fflate';
import { createAccount } from '../dist/services/accounts.js';
import { openStore } from '../dist/store/store.js';
import { median, table } from './support.js';

const PASSWORD = 'Bench-pass-2024';
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const operator = { id: 'cli:bench', name: 'bench', role: 'operator', unitId: null };

function workbook(rows) {
  const cells = [];
  for (let r = 1; r <= rows; r++)
    cells.push(
      `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>单位</t></is></c><c r="B${r}" t="inlineStr"><is><t>u${r}</t></is></c></row>`,
    );
  const x = (s) => strToU8(`<?xml version="1.0" encoding="UTF-8"?>${s}`);
  return zipSync({
    '[Content_Types].xml': x(
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>',
    ),
    '_rels/.rels': x(
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    ),
    'xl/workbook.xml': x(
      '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>',
    ),
    'xl/_rels/workbook.xml.rels': x(
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    ),
    'xl/worksheets/sheet1.xml': x(
      `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${cells.join('')}</sheetData></worksheet>`,
    ),
  });
}

export async function benchSecurity() {
  const dataDir = mkdtempSync(join(tmpdir(), 'tz-bench-sec-'));
  const store = await openStore({ dataDir });
  const ctx = { store, actor: operator, now: () => new Date() };
  const N = 15;
  for (let i = 0; i < N; i++)
    await createAccount(ctx, { username: `known${i}`, displayName: `k${i}`, role: 'leader', password: PASSWORD });
  await createAccount(ctx, { username: 'office', displayName: 'o', role: 'office', password: PASSWORD });
  await createAccount(ctx, { username: 'admin', displayName: 'a', role: 'admin', password: PASSWORD });
  await store.close();
  // The server in a process of its own, so that its peak memory (VmHWM) is its own.
  const child = spawn(
    process.execPath,
    [join(root, 'bin/taizhang.js'), 'serve', '--port', String(31000 + Math.floor(Math.random() * 2000))],
    {
      env: {
        ...process.env,
        TAIZHANG_DATA: dataDir,
        DATABASE_URL: '',
        TAIZHANG_TRUST_PROXY: '1',
        TAIZHANG_REMINDERS: 'off',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const base = await new Promise((ok) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /(http:\/\/\S+\/)/.exec(out);
      if (m) ok(m[1]);
    });
  });
  const peakRss = () =>
    Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
  const url = (p) => new URL(p, base).href;
  let ip = 0;
  const login = async (username, password) => {
    const t = performance.now();
    const r = await fetch(url('/api/session'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.7.${ip >> 8}.${ip++ & 255}` },
      body: JSON.stringify({ username, password }),
    });
    const body = await r.json();
    return {
      ms: performance.now() - t,
      status: r.status,
      body,
      cookie: (r.headers.get('set-cookie') ?? '').split(';')[0],
    };
  };
  const known = [];
  const unknown = [];
  for (let i = 0; i < N; i++) {
    known.push((await login(`known${i}`, 'Wrong-guess-123')).ms);
    unknown.push((await login(`nobody${i}`, 'Wrong-guess-123')).ms);
  }
  const mk = median(known);
  const mu = median(unknown);
  table(
    ['login (wrong password)', 'median ms', 'ratio'],
    [
      ['known name (baseline)', mk.toFixed(0), '1.00'],
      ['unknown name', mu.toFixed(0), (mu / mk).toFixed(2)],
    ],
  );

  const session = async (u) => {
    const r = await login(u, PASSWORD);
    return { cookie: r.cookie, csrf: r.body.csrf };
  };
  const post = async (s, path, form) =>
    fetch(url(path), { method: 'POST', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf }, body: form });
  const health = async () => {
    const t = performance.now();
    await (await fetch(url('/api/health'))).arrayBuffer();
    return performance.now() - t;
  };
  const baseHealth = median(await Promise.all([health(), health(), health()]));
  const admin = await session('admin');
  const sheet = workbook(100_000);
  const f = new FormData();
  f.append('file', new File([sheet], 'units.xlsx'));
  let worst = 0;
  let polling = true;
  const poll = (async () => {
    while (polling) {
      worst = Math.max(worst, await health());
      await new Promise((ok) => setTimeout(ok, 50));
    }
  })();
  const t0 = performance.now();
  const r = await post(admin, '/api/units/import', f);
  const importMs = performance.now() - t0;
  polling = false;
  await poll;
  const answer = await r.json();

  const office = await session('office');
  const line =
    '一、全面公开财政预决算信息，推进政务公开标准化建设。（县财政局牵头，县审计局配合，2023年9月底前完成）\n';
  const big = line.repeat(Math.ceil((50 * 1048576) / Buffer.byteLength(line)));
  const rssBefore = peakRss();
  const pf = new FormData();
  pf.append('file', new File([big], 'big.txt'));
  const t1 = performance.now();
  const plan = await post(office, '/api/plans', pf);
  const planMs = performance.now() - t1;
  const planAnswer = await plan.json();
  const peak = peakRss();
  table(
    ['hostile upload', 'status', 'ms', 'figure'],
    [
      [
        '100k-row XLSX, admin',
        r.status,
        importMs.toFixed(0),
        `health worst ${worst.toFixed(0)} ms (idle ${baseHealth.toFixed(0)} ms); ${answer.error?.message ?? ''}`,
      ],
      [
        '50 MB .txt plan, office',
        plan.status,
        planMs.toFixed(0),
        `server peak RSS ${(peak / 1048576).toFixed(0)} MB (peak before ${(rssBefore / 1048576).toFixed(0)} MB); ${planAnswer.error?.message ?? `${planAnswer.tasks} tasks`}`,
      ],
    ],
  );
  child.kill();
  await new Promise((ok) => child.once('exit', ok));
  rmSync(dataDir, { recursive: true, force: true });
}
