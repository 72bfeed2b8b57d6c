import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import type { StoreConfig } from '../src/store/store.js';
import { repoRoot } from './support/paths.js';
import { startOidcProvider } from './support/sso.js';
import { describeEachDialect } from './support/stores.js';

/** `taizhang doctor` on a deployment, through the CLI: what it finds, in Chinese, and its exit status. */
const bin = join(repoRoot, 'bin/taizhang.js');

interface Report {
  ok: boolean;
  checks: { name: string; status: 'ok' | 'warn' | 'fail'; message: string; fix?: string }[];
}

function run(
  args: string[],
  env: Record<string, string>,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((ok) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: '', TAIZHANG_AUDIT_KEY: '', TAIZHANG_SMTP_URL: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => ok({ status, stdout, stderr }));
  });
}

const doctor = async (env: Record<string, string>) => {
  const r = await run(['doctor', '--json'], env);
  const report = JSON.parse(r.stdout) as Report;
  const check = (name: string) => {
    const c = report.checks.find((x) => x.name === name);
    if (!c) throw new Error(`no check named ${name}: ${r.stdout}`);
    return c;
  };
  return { ...r, report, check };
};

/** The environment that points the CLI at a store: its data directory and, on PostgreSQL, its own schema. */
const envOf = (cfg: StoreConfig): Record<string, string> => ({
  TAIZHANG_DATA: cfg.dataDir,
  DATABASE_URL: cfg.databaseUrl ? `${cfg.databaseUrl}?options=-c%20search_path%3D${cfg.schema}` : '',
});

describeEachDialect('taizhang doctor', (f) => {
  let env: Record<string, string>;
  beforeAll(async () => {
    const cfg = f.config();
    env = envOf(cfg);
    const store = await f.open(cfg);
    await store.close();
  });

  it('passes a migrated deployment with a writable data directory, and prints each check', async () => {
    const r = await doctor(env);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.report.ok).toBe(true);
    expect(r.check('数据库')).toMatchObject({ status: 'ok', message: expect.stringMatching(/已迁移到最新版本/) });
    expect(r.check('数据目录').status).toBe('ok');
    expect(r.check('文件存储').status).toBe('ok');
    expect(r.check('磁盘空间').message).toMatch(/可用 [\d.]+ GB/);
    expect(r.check('时钟').message).toMatch(f.dialect === 'postgres' ? /与数据库相差 [\d.]+ 秒/ : /共用时钟/);
    for (const name of ['时区', '审计密钥', 'LibreOffice', 'Tesseract', '反向代理', '邮件服务器']) r.check(name);
    const text = await run(['doctor'], env);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/✓ 正常 {2}数据库：/);
    expect(text.stdout).toMatch(/共 \d+ 项：正常 \d+，注意 \d+，故障 0/);
  });

  it('fails, exit 1, when the file store cannot be written, saying where and what to do', async () => {
    const cfg = f.config();
    await (await f.open(cfg)).close();
    if (f.dialect !== 'sqlite') {
      // With PostgreSQL the files live in the database: the data directory's files/ is not the file store.
      writeFileSync(join(cfg.dataDir, 'files'), 'in the way');
      expect((await doctor(envOf(cfg))).check('文件存储')).toMatchObject({
        status: 'ok',
        message: expect.stringContaining('PostgreSQL'),
      });
      return;
    }
    // A file where the file store's directory should be: nothing can be stored under it (even as root).
    writeFileSync(join(cfg.dataDir, 'files'), 'in the way');
    const r = await doctor(envOf(cfg));
    expect(r.status).toBe(1);
    expect(r.report.ok).toBe(false);
    expect(r.check('文件存储')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining(join(cfg.dataDir, 'files')),
    });
    expect(r.check('文件存储').fix).toMatch(/chown/);
    expect(r.stderr).toContain('部署检查发现 1 项故障');
  });

  it('fails when the data directory cannot be created, and names a trusted proxy it cannot read', async () => {
    const cfg = f.config();
    writeFileSync(join(cfg.dataDir, 'blocker'), '');
    const r = await doctor({
      ...envOf(cfg),
      TAIZHANG_DATA: join(cfg.dataDir, 'blocker', 'data'),
      TAIZHANG_TRUSTED_PROXIES: '10.0.0.0/33',
    });
    expect(r.status).toBe(1);
    expect(r.check('数据目录')).toMatchObject({ status: 'fail', message: expect.stringMatching(/不存在，且无法创建/) });
    expect(r.check('反向代理')).toMatchObject({ status: 'fail', message: expect.stringContaining('「10.0.0.0/33」') });
  });

  if (f.dialect === 'postgres') {
    it('lists the migrations a database lacks', async () => {
      const cfg = f.config(); // a schema nobody has migrated
      mkdirSync(cfg.dataDir, { recursive: true });
      const r = await doctor(envOf(cfg));
      expect(r.status).toBe(1);
      expect(r.check('数据库')).toMatchObject({
        status: 'fail',
        message: expect.stringMatching(/尚未迁移到最新版本，待执行 \d+ 项：0001-ledger、/),
        fix: expect.stringContaining('taizhang db migrate'),
      });
    });

    it('names the host of a DATABASE_URL it cannot reach, and not its password', async () => {
      const r = await doctor({ ...env, DATABASE_URL: 'postgres://taizhang:s3cret-pw@127.0.0.1:9/taizhang' });
      expect(r.status).toBe(1);
      const db = r.check('数据库');
      expect(db).toMatchObject({ status: 'fail', message: expect.stringContaining('127.0.0.1:9/taizhang') });
      expect(db.message).toMatch(/ECONNREFUSED/);
      expect(r.stdout).not.toContain('s3cret-pw');
      expect(r.check('时钟').status).toBe('warn');
    });
  }
});

describeEachDialect('taizhang doctor: single sign-on', (f) => {
  let env: Record<string, string>;
  let provider: { issuer: string; close: () => Promise<void> };
  beforeAll(async () => {
    const cfg = f.config();
    env = envOf(cfg);
    await (await f.open(cfg)).close();
    provider = await startOidcProvider({
      clientId: 'taizhang',
      clientSecret: 'doctor-secret-0123456789',
      redirectUri: 'http://127.0.0.1:9/api/sso/oidc/callback',
      people: [],
    });
    return () => provider.close();
  });

  it('reads a live provider’s discovery document, and fails naming an issuer it cannot reach', async () => {
    const sso = { TAIZHANG_PUBLIC_URL: 'http://127.0.0.1:9', TAIZHANG_OIDC_CLIENT_ID: 'taizhang' };
    const live = await doctor({ ...env, ...sso, TAIZHANG_OIDC_ISSUER: provider.issuer });
    expect(live.check('统一身份认证')).toMatchObject({ status: 'ok' });
    expect(live.check('统一身份认证').message).toContain(provider.issuer);
    const dead = await doctor({ ...env, ...sso, TAIZHANG_OIDC_ISSUER: 'http://127.0.0.1:9/realms/gov' });
    expect(dead.status).toBe(1);
    expect(dead.check('统一身份认证')).toMatchObject({ status: 'fail' });
    expect(dead.check('统一身份认证').message).toContain('127.0.0.1:9/realms/gov');
  });
});
