import { writeFile } from 'node:fs/promises';
import { basename, resolve as resolvePath } from 'node:path';
import type { Command } from 'commander';
import { AppError } from '../../domain/errors.js';
import type { DirectoryData } from '../../domain/unit.js';
import { KIND_LABELS } from '../../domain/unit.js';
import { parsePlan } from '../../parse/index.js';
import { exportDirectory, importDirectory } from '../../services/directory.js';
import { readDirectorySheet } from '../../services/directory-file.js';
import { suggestDirectory } from '../../units/bootstrap.js';
import { Directory } from '../../units/directory.js';
import { directoryToCsv, directoryToXlsx, ruleText } from '../../units/exchange.js';
import { resolveName } from '../../units/resolve.js';
import { readInput } from '../read-input.js';
import { withStore } from '../service-context.js';

export const DEMO_DIRECTORY = resolvePath(import.meta.dirname, '../../../demo/directory.csv');

export async function readDirectoryFile(file: string): Promise<DirectoryData> {
  const bytes = await readInput(file);
  return readDirectorySheet(bytes, basename(file));
}

export async function writeDirectoryFile(file: string, dir: DirectoryData): Promise<void> {
  await writeFile(file, /\.xlsx$/i.test(file) ? await directoryToXlsx(dir) : directoryToCsv(dir));
}

export function registerUnits(program: Command): void {
  const units = program.command('units').description('单位目录：建议、解析、导入导出');
  registerUnitStore(units);

  units
    .command('suggest')
    .description('从一个或多个方案中归纳出单位目录建议（同一单位的不同写法归为一类）')
    .argument('<plans...>', '方案文件')
    .option('-o, --out <file>', '把建议目录写入 CSV 或 XLSX 文件，供确认后导入')
    .action(async (files: string[], opts: { out?: string }) => {
      const plans = [];
      for (const f of files) plans.push(await parsePlan(await readInput(f), { name: basename(f) }));
      const s = suggestDirectory(plans);
      const lines: string[] = [`单位 ${s.clusters.length} 个，群组 ${s.groups.length} 个`, ''];
      for (const c of s.clusters) {
        const forms = c.printed.filter((p) => p !== c.unit.name);
        lines.push(`${c.unit.name}（${KIND_LABELS[c.unit.kind]}）${forms.length ? `  ← ${forms.join('、')}` : ''}`);
      }
      lines.push('', '群组：');
      for (const g of s.groups) lines.push(`${g.name}  ${ruleText(g.rule)}`);
      process.stdout.write(`${lines.join('\n')}\n`);
      if (opts.out) {
        await writeDirectoryFile(opts.out, s.directory);
        process.stdout.write(`已写入 ${opts.out}\n`);
      }
    });

  units
    .command('resolve')
    .description('把方案中的单位写法解析到目录中的单位或群组')
    .argument('<names...>', '单位名称（按方案中的写法）')
    .requiredOption('--in <unit>', '方案的发文机关（目录中的编号或名称），如 潮州市人民政府')
    .option('--directory <file>', '单位目录 CSV/XLSX 文件（默认：演示目录）')
    .action(async (names: string[], opts: { in: string; directory?: string }) => {
      const data = await readDirectoryFile(opts.directory ?? DEMO_DIRECTORY);
      const dir = new Directory(data);
      const byName = dir.named(opts.in).flatMap((e) => (e.kind === 'unit' ? [e.unit] : []));
      const jurisdiction = dir.units.get(opts.in) ?? byName[0];
      if (!jurisdiction) throw new AppError('not-found', `目录中没有发文机关「${opts.in}」`);
      const ctx = { jurisdictionId: jurisdiction.id };
      for (const n of names) {
        const r = resolveName(dir, n, ctx);
        if (r.kind === 'unit') {
          process.stdout.write(
            `${n}\t→ ${r.unit.name}\t${reasonText(r.reason)} ${Math.round(r.confidence * 100)}%${r.abolished ? `（原 ${r.abolished.name} 已撤销）` : ''}\n`,
          );
        } else if (r.kind === 'group') {
          const m =
            r.members === null
              ? '待指定成员'
              : `${r.members.length} 个成员：${r.members.map((u) => u.name).join('、')}`;
          process.stdout.write(`${n}\t→ 群组（${ruleText(r.rule)}）\t${m}\n`);
        } else {
          const s = r.suggestions.map((x) => `${x.unit.name} ${Math.round(x.confidence * 100)}%`).join('、');
          process.stdout.write(`${n}\t→ 未找到${s ? `；可能是：${s}` : ''}\n`);
        }
      }
    });
}

export function registerUnitStore(units: Command): void {
  units
    .command('import')
    .description('把单位目录（CSV 或 XLSX）导入台账；同编号的单位与群组更新，其余新增')
    .argument('<file>', '单位目录文件（表头：类型,编号,名称,别名,单位类别,层级,上级编号,状态,继任编号,成员规则）')
    .action(async (file: string) => {
      const data = await readDirectoryFile(file);
      const r = await withStore((ctx) => importDirectory(ctx, data));
      process.stdout.write(`已导入单位 ${r.units} 个、群组 ${r.groups} 个\n`);
    });
  units
    .command('export')
    .description('把台账中的单位目录导出为 CSV 或 XLSX')
    .argument('<file>', '输出文件（.csv 或 .xlsx）')
    .action(async (file: string) => {
      const data = await withStore((ctx) => exportDirectory(ctx));
      await writeDirectoryFile(file, data);
      process.stdout.write(`已导出单位 ${data.units.length} 个、群组 ${data.groups.length} 个到 ${file}\n`);
    });
}

function reasonText(reason: string): string {
  return (
    (
      {
        exact: '全称',
        alias: '别名',
        relative: '按层级补全',
        abbreviation: '简称',
        'abbreviation-type': '简称（机构类型不同）',
        typo: '疑似错字',
        successor: '机构改革后继任',
      } as Record<string, string>
    )[reason] ?? reason
  );
}
