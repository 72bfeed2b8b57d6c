// The web server under load: the demo (five plans, simulated progress) on embedded SQLite, served by a
// child process (`taizhang serve --demo`), driven by autocannon from this process. Figures: requests per
// second and p99 latency for the main read endpoints, each beside /api/health measured in the same run
// (the framework's own floor). Target for the ledger page: ≥ 2,000 req/s at p99 < 50 ms on 2 cores.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { login, started, table } from './support.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export async function benchWeb() {
  for (const workers of [1, 2]) await benchWith(workers);
}

async function benchWith(workers) {
  const data = mkdtempSync(join(tmpdir(), 'tz-bench-web-'));
  const port = 3900 + Math.floor(Math.random() * 90);
  const args = ['serve', '--demo', '--port', String(port), '--workers', String(workers)];
  const server = spawn(process.execPath, [join(root, 'bin/taizhang.js'), ...args], {
    env: { ...process.env, TAIZHANG_DATA: data, DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const out = await started(server);
    const base = `http://127.0.0.1:${port}`;
    const office = await login(base, out, 'office');
    const unit = await login(base, out, 'czj');
    const plan = (await (await fetch(`${base}/api/plans`, { headers: { cookie: office } })).json())[0].id;
    const targets = [
      ['/api/health（基线）', '/api/health', null],
      ['台账页 /api/ledger', `/api/ledger?plan=${plan}&limit=50`, office],
      ['我的任务 /api/my/assignments', '/api/my/assignments', unit],
      ['总览 /api/dashboard', `/api/dashboard?plan=${plan}`, office],
    ];
    const rows = [];
    let baseline = null;
    for (const [name, path, cookie] of targets) {
      const r = await autocannon({
        url: base + path,
        connections: 20,
        duration: 8,
        headers: cookie ? { cookie } : {},
      });
      if (r.non2xx > 0) throw new Error(`${path}: ${r.non2xx} non-2xx answers`);
      baseline ??= r.requests.average;
      rows.push([name, Math.round(r.requests.average), r.latency.p99, (r.requests.average / baseline).toFixed(2)]);
    }
    console.log(
      `\n== web: autocannon, 20 connections × 8 s, demo data on SQLite, server with ${workers} worker process(es)`,
    );
    table(['接口', 'req/s', 'p99 ms', '÷ health'], rows);
    const ledger = rows[1];
    console.log(`台账页目标 ≥ 2000 req/s 且 p99 < 50 ms：${ledger[1] >= 2000 && ledger[2] < 50 ? '达到' : '未达到'}`);
  } finally {
    server.kill('SIGTERM');
    await new Promise((ok) => server.once('exit', ok));
    rmSync(data, { recursive: true, force: true });
  }
}
