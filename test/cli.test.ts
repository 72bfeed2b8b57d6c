import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './support/paths.js';

const bin = join(repoRoot, 'bin/taizhang.js');
const run = (args: string[], input?: string) =>
  spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', input, cwd: repoRoot });

const plan = [
  '某县2024年重点任务分工',
  '工作任务\t具体要求\t牵头单位\t完成时限',
  '一、基础\t1.更新目录。\t县政府办\t6月底前',
].join('\n');

describe('taizhang parse', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tz-cli-'));
  const file = join(dir, 'plan.txt');
  writeFileSync(file, plan);

  it('prints the plan JSON with --json', () => {
    const r = run(['parse', file, '--json']);
    expect(r.status).toBe(0);
    const p = JSON.parse(r.stdout);
    expect(p).toMatchObject({
      version: 1,
      title: '某县2024年重点任务分工',
      source: { name: 'plan.txt', format: 'txt' },
    });
    expect(p.tasks[0]).toMatchObject({
      number: '1',
      units: [{ name: '县政府办', role: 'lead' }],
      deadline: { text: '6月底前', due: '2024-06-30' },
    });
  });
  it('prints a readable ledger by default', () => {
    const r = run(['parse', file]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('共 1 项任务');
    expect(r.stdout).toContain('★县政府办');
  });
  it('reads standard input for «-»', () => {
    const r = run(['parse', '-', '--json'], plan);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).tasks).toHaveLength(1);
  });
  it('prints the block model with --blocks', () => {
    const r = run(['parse', file, '--blocks']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/表格 .*tab-rows/);
  });
  it('exits 1 naming the file and the reason when it cannot read it', () => {
    const missing = join(dir, 'missing.txt');
    const r = run(['parse', missing]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(missing);
    expect(r.stderr).toContain('文件不存在');
    const empty = join(dir, 'empty.txt');
    writeFileSync(empty, '');
    const e = run(['parse', empty]);
    expect(e.status).toBe(1);
    expect(e.stderr).toContain('文件为空');
  });
  it('exits 2 on a usage error', () => {
    expect(run(['parse']).status).toBe(2);
    expect(run(['parse', file, '--bogus']).status).toBe(2);
    expect(run(['nonsense']).status).toBe(2);
  });
});
