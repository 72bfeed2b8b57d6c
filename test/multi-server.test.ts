import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAccount } from '../src/services/accounts.js';
import { findAssignment } from '../src/services/find-assignment.js';
import { digestStatus } from '../src/services/send-reminders.js';
import { openStore, type Store } from '../src/store/store.js';
import { importConfirmed } from './support/confirmed.js';
import { COUNTY_PLAN, contextFor, loadDemoDirectory, operator } from './support/ledger.js';
import { repoRoot } from './support/paths.js';
import { describePostgres, dropSchema, TEST_DATABASE_URL, urlForSchema } from './support/stores.js';

/**
 * Two real `taizhang serve` processes (built dist/) on one PostgreSQL schema, each with a data directory of
 * its own, as behind a balancer: a file sent to one is served by the other; started together on a Monday
 * morning they send one digest per unit between them; killing one under a read load leaves the other
 * answering without an error.
 */
const bin = join(repoRoot, 'bin/taizhang.js');
const PASSWORD = 'Good-pass-2024';
const FINANCE = 'unit:庆元县财政局';
// A Monday, a working day, after every deadline of the 2023 plan: every unit has overdue work.
const MONDAY = '2024-03-04';
const MONDAY_MORNING = `${MONDAY}T09:30:00+08:00`;

interface Server {
  name: string;
  child: ChildProcess;
  url: string;
  dataDir: string;
  output: () => string;
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}

/** Resolves when `test` holds for the server's output; fails naming what was awaited and what was printed. */
async function waitFor(server: Server, what: string, test: (out: string) => boolean, ms = 90_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!test(server.output())) {
    if (server.child.exitCode !== null)
      throw new Error(`${server.name} exited (${server.child.exitCode}) before ${what}:\n${server.output()}`);
    if (Date.now() > deadline) throw new Error(`${server.name}: no ${what} within ${ms} ms:\n${server.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function start(name: string, env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), `tz-multi-${name}-`));
  const child = spawn(process.execPath, [bin, 'serve', '--port', String(port), '--host', '127.0.0.1'], {
    cwd: repoRoot,
    env: { ...process.env, ...env, TAIZHANG_DATA: dataDir, TAIZHANG_SMTP_URL: '', TAIZHANG_REMINDERS: 'on' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    out += c.toString();
  });
  return { name, child, url: `http://127.0.0.1:${port}`, dataDir, output: () => out };
}

async function login(server: Server, username: string): Promise<{ cookie: string; csrf: string }> {
  const r = await fetch(`${server.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  expect(r.status, `login ${username} at ${server.name}`).toBe(200);
  return {
    cookie: (r.headers.get('set-cookie') ?? '').split(';')[0]!,
    csrf: ((await r.json()) as { csrf: string }).csrf,
  };
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describePostgres('two taizhang servers on one PostgreSQL', () => {
  const schema = `tz_test_multi_${randomBytes(5).toString('hex')}`;
  const auditKey = randomBytes(32).toString('hex');
  const prepDir = mkdtempSync(join(tmpdir(), 'tz-multi-prep-'));
  let store: Store;
  let a: Server;
  let b: Server;
  let expectedDigests = 0;

  beforeAll(async () => {
    store = await openStore({ dataDir: prepDir, databaseUrl: TEST_DATABASE_URL, schema, auditKey });
    await loadDemoDirectory(store);
    const ctx = contextFor(store, operator, '2023-05-01');
    await importConfirmed(ctx, new TextEncoder().encode(COUNTY_PLAN), { name: 'plan.txt' });
    await createAccount(ctx, { username: 'office', displayName: '公开办', role: 'office', password: PASSWORD });
    await createAccount(ctx, {
      username: 'finance',
      displayName: '财政局联络员',
      role: 'unit',
      unitId: FINANCE,
      password: PASSWORD,
    });
    const status = await digestStatus({ ...contextFor(store, operator), now: () => new Date(MONDAY_MORNING) });
    expectedDigests = status.pending;
    const env = { DATABASE_URL: urlForSchema(schema), TAIZHANG_AUDIT_KEY: auditKey, TAIZHANG_NOW: MONDAY_MORNING };
    // Started together, as a balancer's servers come up after a deployment.
    [a, b] = await Promise.all([start('server A', env), start('server B', env)]);
    const up = (s: Server) => waitFor(s, 'start', (o) => o.includes('台账已启动'));
    await Promise.all([up(a), up(b)]);
  }, 180_000);

  afterAll(async () => {
    for (const s of [a, b]) if (s && s.child.exitCode === null) s.child.kill('SIGKILL');
    await store?.close();
    await dropSchema(schema);
    for (const d of [prepDir, a?.dataDir, b?.dataDir]) if (d) rmSync(d, { recursive: true, force: true });
  });

  it('sends one digest per unit in total when both start on a Monday morning', async () => {
    expect(expectedDigests, 'units with overdue work on the Monday').toBeGreaterThanOrEqual(3);
    // Each server says what it did: sent, found them sent, or found the other sending.
    const decided = (o: string) => /到期提醒：|到期提醒正由另一台服务器发送/.test(o);
    await Promise.all([waitFor(a, 'digest decision', decided), waitFor(b, 'digest decision', decided)]);
    const rows = await store.db
      .selectFrom('reminders')
      .select(['unit_id', 'period'])
      .where('kind', '=', 'digest')
      .execute();
    const perUnit = new Map<string, number>();
    for (const r of rows) perUnit.set(r.unit_id, (perUnit.get(r.unit_id) ?? 0) + 1);
    expect(
      [...perUnit.values()].filter((n) => n > 1),
      'units with more than one digest',
    ).toEqual([]);
    expect(rows.length).toBe(expectedDigests);
    expect(new Set(rows.map((r) => r.period))).toEqual(new Set(['2024-W10']));
  }, 120_000);

  it('serves from one server a 5 MB evidence file sent to the other, byte for byte', async () => {
    const finance = await login(a, 'finance');
    const task = await store.db
      .selectFrom('tasks')
      .select('id')
      .where('text', 'like', '全面公开%')
      .executeTakeFirstOrThrow();
    const assignment = await findAssignment(contextFor(store, operator), Number(task.id), FINANCE);
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(5 * 1024 * 1024), Buffer.from('\n%%EOF\n')]);
    const form = new FormData();
    form.append('text', '已公开，附 5 MB 材料');
    form.append('claim', 'in_progress');
    form.append('files', new File([pdf], '预决算公开材料.pdf'));
    const sent = await fetch(`${a.url}/api/assignments/${assignment}/reports`, {
      method: 'POST',
      headers: { cookie: finance.cookie, 'x-csrf-token': finance.csrf },
      body: form,
    });
    expect(sent.status, await sent.clone().text()).toBe(200);
    const evidence = await store.db
      .selectFrom('evidence')
      .select(['id', 'sha256'])
      .where('kind', '=', 'file')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(evidence.sha256).toBe(sha(pdf));

    const office = await login(b, 'office');
    const got = await fetch(`${b.url}/api/evidence/${evidence.id}`, { headers: { cookie: office.cookie } });
    expect(got.status).toBe(200);
    expect(got.headers.get('content-length')).toBe(String(pdf.length));
    const bytes = Buffer.from(await got.arrayBuffer());
    expect(bytes.length).toBe(pdf.length);
    expect(sha(bytes)).toBe(sha(pdf));
    // Neither server kept the file on its own disk: it lives in the database.
    for (const s of [a, b])
      expect(existsSync(join(s.dataDir, 'files')) ? readdirSync(join(s.dataDir, 'files')) : []).toEqual([]);
  }, 120_000);

  it('keeps answering on one server, without an error, while the other is killed under a read load', async () => {
    const office = await login(b, 'office');
    const paths = ['/api/ledger', '/api/plans', '/api/dashboard'];
    const failures: string[] = [];
    let done = 0;
    let afterKill = 0;
    let killed = false;
    let stop = false;
    const reader = async (n: number): Promise<void> => {
      for (let i = n; !stop; i++) {
        const path = paths[i % paths.length]!;
        try {
          const r = await fetch(`${b.url}${path}`, { headers: { cookie: office.cookie } });
          await r.arrayBuffer();
          if (r.status !== 200) failures.push(`${path}: ${r.status}`);
        } catch (e) {
          failures.push(`${path}: ${(e as Error).message}`);
        }
        done++;
        if (killed) afterKill++;
      }
    };
    const readers = Array.from({ length: 6 }, (_, i) => reader(i));
    while (done < 30) await new Promise((r) => setTimeout(r, 20));
    const exited = new Promise((ok) => a.child.once('exit', ok));
    a.child.kill('SIGKILL');
    await exited;
    killed = true;
    while (afterKill < 120 && failures.length === 0) await new Promise((r) => setTimeout(r, 20));
    stop = true;
    await Promise.all(readers);
    expect(failures).toEqual([]);
    expect(afterKill).toBeGreaterThanOrEqual(120);
    // And it still takes writes: a new session on the survivor.
    expect((await login(b, 'finance')).csrf).toBeTruthy();
  }, 120_000);
});
