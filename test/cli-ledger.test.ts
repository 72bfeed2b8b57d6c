import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COUNTY_PLAN } from './support/ledger.js';
import { repoRoot } from './support/paths.js';

/** The ledger commands end to end on an embedded SQLite store in a temporary data directory. */
const bin = join(repoRoot, 'bin/taizhang.js');
const work = mkdtempSync(join(tmpdir(), 'tz-cli-ledger-'));
const env = { ...process.env, TAIZHANG_DATA: join(work, 'data'), DATABASE_URL: '' };
const run = (args: string[], data = env.TAIZHANG_DATA) =>
  spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: work, env: { ...env, TAIZHANG_DATA: data } });

describe('taizhang ledger commands', () => {
  const plan = join(work, 'plan.txt');
  writeFileSync(plan, COUNTY_PLAN);
  writeFileSync(join(work, 'evidence.txt'), '已在县政府门户网站公开。');

  it('imports the directory and a plan, printing the review summary', () => {
    expect(run(['units', 'import', join(repoRoot, 'demo/directory.csv')]).stdout).toMatch(/已导入单位 \d+ 个/);
    const r = run(['import', plan]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('方案 #1：庆元县2023年政务公开工作要点分工方案');
    expect(r.stdout).toContain('任务 6 项，分工 20 条');
    expect(r.stdout).toMatch(/「各有关单位」须指定具体单位（第 6 项）/);
    expect(r.stdout).toContain('taizhang plan confirm 1');
    expect(run(['plan', 'choose', '1', '--task', '6', '--units', '庆元县财政局']).status).toBe(0);
    expect(run(['plan', 'confirm', '1']).stdout).toContain('已下达');
  });

  it('lists the ledger with filters and reports progress with a file', () => {
    const all = run(['ledger', '--plan', '1', '--as-of', '2023-07-01']);
    expect(all.status, all.stderr).toBe(0);
    expect(all.stdout).toContain('★庆元县财政局');
    expect(all.stdout).toContain('（共 21 条）');
    const overdue = run(['ledger', '--overdue', '--unit', '县府办', '--as-of', '2023-07-01']);
    expect(overdue.stdout).toMatch(/政策文件同步解读.*逾期/);
    expect(overdue.stdout).toContain('（共 1 条）');
    const json = JSON.parse(run(['ledger', '--unit', '庆元县财政局', '--json']).stdout);
    const taskId = json.rows[0].taskId;
    const p = run(['progress', String(taskId), '--text', '已公开', '--complete', '--file', 'evidence.txt']);
    expect(p.status, p.stderr).toBe(0);
    expect(p.stdout).toContain('已完成待审核');
    expect(run(['review', String(taskId), '--accept']).stdout).toContain('已办结');
    expect(run(['ledger', '--state', '已办结']).stdout).toContain('（共 1 条）');
  });

  it('names the problem and exits 1 on bad input, 2 on usage errors', () => {
    const missing = run(['progress', '999', '--text', 'x']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('任务 999 不存在');
    const noText = run(['progress', '1', '--unit', '县财政局', '--text', ' ']);
    expect(noText.status).toBe(1);
    expect(noText.stderr).toContain('进展情况（text）不能为空');
    expect(run(['ledger', '--state', '完成了']).status).toBe(2);
    expect(run(['ledger', '--due-within', 'soon']).status).toBe(2);
  });

  it('verifies the audit chain, backs up and restores into a fresh data directory', () => {
    expect(run(['audit', 'verify']).stdout).toMatch(/审计日志完整：\d+ 条记录/);
    const file = join(work, 'backup.zip');
    // The plan's source file and the evidence file.
    expect(run(['backup', file]).stdout).toMatch(/已备份到 .*2 个文件/);
    const fresh = join(work, 'restored');
    // The audit key is never in a backup: moving a ledger carries it, or the restore says which file to bring.
    const refused = run(['restore', file], join(work, 'restored-without-key'));
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('audit.key');
    mkdirSync(fresh);
    copyFileSync(join(env.TAIZHANG_DATA, 'audit.key'), join(fresh, 'audit.key'));
    const r = run(['restore', file], fresh);
    expect(r.status, r.stderr).toBe(0);
    expect(run(['ledger', '--state', 'done'], fresh).stdout).toContain('（共 1 条）');
    expect(run(['db', 'migrate'], fresh).stdout).toContain('已是最新版本');
    expect(run(['restore', file], fresh).stderr).toContain('只能恢复到空数据库');
  });
});
