import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { settleAndConfirmByCli } from './support/confirmed.js';
import { repoRoot, requireShared } from './support/paths.js';

const bin = join(repoRoot, 'bin/taizhang.js');

interface Due {
  text: string;
  date?: string;
  kind: string;
  source: string;
  span?: { start: number; end: number };
}
interface Task {
  id: string;
  text: string;
  note: string | null;
  deadline: { text: string; due: string | null } | null;
  due: Due;
}

function parse(file: string): { title: string; tasks: Task[] } {
  const r = spawnSync(process.execPath, [bin, 'parse', file, '--json'], { encoding: 'utf8', cwd: repoRoot });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

function seed(prefix: string): string {
  const dir = join(requireShared(), 'seeds');
  const name = readdirSync(dir).find((f) => f.startsWith(prefix));
  if (!name) throw new Error(`seed ${prefix} missing in ${dir}`);
  return join(dir, name);
}

describe('the ledger watches the effective deadline, and keeps injected adverts out', () => {
  it('imports seed 002 with every assignment dated, the source recorded, and no advert text', () => {
    const data = mkdtempSync(join(tmpdir(), 'tz-due-ledger-'));
    const env = { ...process.env, TAIZHANG_DATA: data, DATABASE_URL: '' };
    const run = (args: string[]) =>
      spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: repoRoot, env });
    expect(run(['units', 'import', join(repoRoot, 'demo/directory.csv')]).status).toBe(0);
    const imported = run(['import', seed('002_'), '--confirm']);
    // 有关单位 left to choose: stored as a draft, not confirmed, and the command says so (exit 3).
    expect(imported.status, imported.stderr).toBe(3);
    expect(imported.stdout).toContain('未确认下达');
    // The parse still shows what was printed, and flags it.
    expect(imported.stdout).toContain('疑似网站注入的广告内容');
    const again = run(['import', seed('002_'), '--json']);
    expect(again.status, again.stderr).toBe(0);
    const planId = (JSON.parse(again.stdout) as { planId: number }).planId;
    const checklist = run(['plan', 'checklist', String(planId)]);
    const open = [...checklist.stdout.matchAll(/^第 (\d+) 项：「(.+)」须指定具体单位$/gm)];
    expect(open.length, checklist.stdout).toBeGreaterThan(0);
    settleAndConfirmByCli(run, {
      planId,
      issuer: (JSON.parse(again.stdout) as { issuer: { id: string } }).issuer,
      confirmWithheld: open.map((m) => ({ seq: Number(m[1]), detail: m[2]! })),
    });
    const ledger = run(['ledger', '--json', '--limit', '5000']);
    expect(ledger.status, ledger.stderr).toBe(0);
    const rows = (
      JSON.parse(ledger.stdout) as { rows: { text: string; due: string | null; deadlineText: string | null }[] }
    ).rows;
    expect(rows.length).toBeGreaterThan(700);
    for (const r of rows) expect(r.due, r.text.slice(0, 20)).toMatch(/^2022-1[12]-\d\d$/);
    expect(rows.filter((r) => /云顶|线路检测|yd222/.test(r.text))).toEqual([]);
    const reading = rows.find((r) => r.text.includes('政策咨询部门'))!;
    expect(reading.text).toContain('联系人、联系方式');
    expect(reading.deadlineText).toBe('11月底前');
    // Overdue by the effective deadline: nothing of the list had a printed one.
    const overdue = run(['ledger', '--overdue', '--as-of', '2023-01-10', '--json', '--limit', '5000']);
    expect((JSON.parse(overdue.stdout) as { rows: unknown[] }).rows.length).toBe(rows.length);
  }, 60_000);
});

describe('effective deadline (due)', () => {
  it('gives every task of the 宣城 清单 a due date: 备注 first, then the text, then the list period', () => {
    const plan = parse(seed('002_'));
    expect(plan.tasks).toHaveLength(46);
    for (const t of plan.tasks) {
      expect(t.deadline, t.id).toBeNull();
      expect(t.due.date, `${t.id} ${JSON.stringify(t.due)}`).toMatch(/^2022-1[12]-\d\d$/);
    }
    const bySource = (s: string) => plan.tasks.filter((t) => t.due.source === s);
    // Every task whose 备注 carries a deadline takes it, with the note's span.
    const withNotePhrase = plan.tasks.filter((t) => t.note && /底前|月\d+日前/.test(t.note));
    expect(withNotePhrase.length).toBeGreaterThan(0);
    for (const t of withNotePhrase) expect(t.due.source, t.id).toBe('note');
    expect(plan.tasks[0]!.due).toMatchObject({ text: '11月底前完成', date: '2022-11-30', source: 'note' });
    // «年底前以村为单位…公开» in the requirement text.
    expect(bySource('text').every((t) => t.text.includes(t.due.text))).toBe(true);
    // Nothing else printed: the title's 2022年11—12月 ends the list.
    expect(bySource('plan').length).toBeGreaterThan(0);
    for (const t of bySource('plan')) expect(t.due).toMatchObject({ date: '2022-12-31', kind: 'date' });
  });

  it('keeps printed deadlines as the source where the plan has them (seed 000)', () => {
    const plan = parse(seed('000_'));
    const printed = plan.tasks.filter((t) => t.deadline);
    expect(printed.length).toBeGreaterThan(50);
    for (const t of printed) {
      expect(t.due.source, t.id).toBe('deadline');
      expect(t.due.text).toBe(t.deadline!.text);
      expect(t.due.date ?? null).toBe(t.deadline!.due);
    }
    for (const t of plan.tasks.filter((x) => !x.deadline))
      expect(t.due).toMatchObject({ source: 'plan', date: '2022-12-31' });
  });

  it('takes the last date the requirement text commits to, and a quarter list its quarter', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tz-due-'));
    const file = join(dir, 'plan.txt');
    writeFileSync(
      file,
      [
        '某县2023年第三季度政务公开重点任务清单',
        '序号\t工作任务\t责任单位\t备注',
        '1\t于2023年8月底前完成目录梳理，9月15日前建成专栏。\t县政府办\t',
        '2\t更新政策文件库。\t县司法局\t需设立专栏',
      ].join('\n'),
    );
    const plan = parse(file);
    expect(plan.tasks[0]!.due).toMatchObject({ source: 'text', date: '2023-09-15' });
    expect(plan.tasks[1]!.due).toMatchObject({ source: 'plan', date: '2023-09-30' });
  });
});
