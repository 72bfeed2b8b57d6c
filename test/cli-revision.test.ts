import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COUNTY_PLAN } from './support/ledger.js';
import { repoRoot } from './support/paths.js';

/** A revision of an issued plan through the CLI: it waits for review and changes nothing until confirmed. */
const bin = join(repoRoot, 'bin/taizhang.js');
const work = mkdtempSync(join(tmpdir(), 'tz-cli-revision-'));
const env = { ...process.env, TAIZHANG_DATA: join(work, 'data'), DATABASE_URL: '' };
const run = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: work, env });

const REVISED = COUNTY_PLAN.replace('\t2.做好项目信息公开。\t县发改局、县住建局\t长期推进\n', '')
  .replace('县财政局\t2023年6月底前', '县财政局\t长期推进')
  .concat('\n三、保障\t7.建立政务公开任务台账。\t县府办\t2023年12月底前');

describe('taizhang revision of an issued plan', () => {
  writeFileSync(join(work, 'plan.txt'), COUNTY_PLAN);
  writeFileSync(join(work, 'plan-v2.txt'), REVISED);

  it('refuses to confirm a plan with something unsettled, listing it, until the office settles it', () => {
    expect(run(['units', 'import', join(repoRoot, 'demo/directory.csv')]).status).toBe(0);
    expect(run(['import', 'plan.txt']).status).toBe(0);
    const refused = run(['plan', 'confirm', '1']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('第6项「各有关单位」须指定具体单位');
    expect(run(['plan', 'checklist', '1']).stdout).toContain('第 6 项：「各有关单位」须指定具体单位');
    const chosen = run(['plan', 'choose', '1', '--task', '6', '--units', '庆元县财政局,庆元县教育局']);
    expect(chosen.status, chosen.stderr).toBe(0);
    expect(run(['plan', 'checklist', '1']).stdout).toContain('没有须先处理的事项');
    expect(run(['plan', 'confirm', '1']).stdout).toContain('已下达');
  });

  it('keeps the live ledger unchanged until the revision is confirmed with a reason', () => {
    const before = run(['ledger', '--plan', '1', '--json']).stdout;
    expect(JSON.parse(before).rows.length).toBe(22);
    const r = run(['import', 'plan-v2.txt']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('修订稿（plan-v2.txt）待公开办确认，现行台账未作任何改动');
    expect(r.stdout).toContain('新增 1 项，删除 1 项，修改 1 项');
    expect(r.stdout).toContain('完成时限：2023年6月底前 → 长期推进');
    // 长期推进 reports each quarter: the finance bureau's one dated item becomes four quarterly ones (plus its
    // 年报 share); the removed task's two units lose theirs. The 2023 plan is all overdue today: reminders alike.
    expect(r.stdout).toContain('庆元县财政局：考核 2 → 5，提醒 2 → 5');
    expect(r.stdout).toContain('庆元县发改局：考核 4 → 0，提醒 4 → 0');
    expect(r.stdout).not.toContain('庆元县司法局：');
    expect(run(['ledger', '--plan', '1', '--json']).stdout).toBe(before);
    expect(run(['plans']).stdout).toContain('第1版');
    // Importing the same file again changes nothing either.
    expect(run(['import', 'plan-v2.txt']).stdout).toContain('与已导入的文件完全相同');
    expect(run(['revision', 'show', '1']).stdout).toContain('修订稿（plan-v2.txt）');

    expect(run(['revision', 'confirm', '1']).status).toBe(2);
    const ok = run(['revision', 'confirm', '1', '--reason', '市里调整了财政任务时限']);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('已修订为第 2 版');
    const after = JSON.parse(run(['ledger', '--plan', '1', '--json']).stdout);
    expect(after.rows.some((x: { text: string }) => x.text.startsWith('建立政务公开任务台账'))).toBe(true);
    expect(after.rows.some((x: { text: string }) => x.text.startsWith('做好项目信息公开'))).toBe(false);
    expect(run(['revision', 'show', '1']).stdout).toContain('没有待确认的修订稿');
    expect(run(['audit', 'verify']).status).toBe(0);
  });
});

describe('taizhang import: the issuer when the plan names none', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tz-cli-issuer-'));
  const env2 = { ...process.env, TAIZHANG_DATA: join(dir, 'data'), DATABASE_URL: '' };
  const run2 = (args: string[]) =>
    spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: dir, env: env2 });
  const body = COUNTY_PLAN.replace('庆元县2023年政务公开工作要点分工方案', '2023年政务公开工作要点分工方案');

  it('takes it from the covering notice, and asks for it (naming how) when nothing says', () => {
    expect(run2(['units', 'import', join(repoRoot, 'demo/directory.csv')]).status).toBe(0);
    writeFileSync(join(dir, 'bare.txt'), body);
    const bare = run2(['import', 'bare.txt']);
    expect(bare.status).toBe(1);
    expect(bare.stderr).toContain('请从单位目录中选择发文机关（命令行用 --issuer）');
    const notice =
      '庆元县人民政府办公室关于印发2023年政务公开工作要点分工方案的通知\n各乡镇人民政府，县政府各部门：\n  现将方案印发给你们，请认真贯彻执行。\n\n';
    writeFileSync(join(dir, 'notice.txt'), notice + body);
    const r = run2(['import', 'notice.txt']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('发文机关：庆元县人民政府（方案未写明，按印发通知推定）');
  });
});
