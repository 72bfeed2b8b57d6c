import { writeFile } from 'node:fs/promises';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { findUnit } from '../../services/directory.js';
import type { HeadOptions } from '../../services/document-data.js';
import {
  type DocumentFormat,
  type DocumentRequest,
  documentFigures,
  issueDocument,
} from '../../services/issue-document.js';
import { withStore } from '../service-context.js';
import { isoDate, positiveInt } from './ledger.js';

/**
 * `taizhang doc …`: the documents the office issues, written as files (DOCX in the 公文 layout; XLSX where a
 * table is the point). The file is named after the document's title unless -o says otherwise.
 */
interface Common {
  format: DocumentFormat;
  output?: string;
  asOf?: string;
  issuer?: string;
  docNumber?: string;
  addressee?: string;
  date?: string;
  letterhead: boolean;
  json?: boolean;
}

const quarter = (v: string): { year: number; quarter: 1 | 2 | 3 | 4 } => {
  const m = /^(\d{4})-?Q([1-4])$/i.exec(v.trim());
  if (!m) throw new InvalidArgumentError('格式如 2022Q3');
  return { year: Number(m[1]), quarter: Number(m[2]) as 1 | 2 | 3 | 4 };
};

function common(cmd: Command, formats: readonly DocumentFormat[], figures = false): Command {
  if (figures) cmd.option('--json', '不生成文件，输出文书所述的全部数字（JSON）');
  return cmd
    .addOption(new Option('--format <format>', '文件格式').choices(formats).default('docx'))
    .option('-o, --output <file>', '输出文件（默认以文件标题命名，存于当前目录）')
    .option('--as-of <date>', '统计截至日（默认：统计期末，统计期未结束时为今天）', isoDate)
    .option('--issuer <name>', '发文机关署名（默认：方案所属地的政务公开办公室）')
    .option('--doc-number <text>', '发文字号，如 潮府办〔2022〕12号')
    .option('--addressee <text>', '主送机关')
    .option('--date <date>', '成文日期（默认今天）', isoDate)
    .option('--no-letterhead', '不排红色版头（发文机关标志）');
}

function head(o: Common): HeadOptions {
  return {
    ...(o.issuer ? { issuer: o.issuer } : {}),
    ...(o.docNumber ? { docNumber: o.docNumber } : {}),
    ...(o.addressee ? { addressee: o.addressee } : {}),
    ...(o.date ? { date: o.date } : {}),
    ...(o.letterhead ? {} : { mark: null }),
  };
}

async function issue(o: Common, build: (unit: (ref: string) => Promise<string>) => Promise<DocumentRequest>) {
  if (o.json) {
    const figures = await withStore(
      async (ctx) => documentFigures(ctx, await build((ref) => findUnit(ctx, ref))),
      o.asOf,
    );
    process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
    return;
  }
  const doc = await withStore(async (ctx) => {
    const req = await build((ref) => findUnit(ctx, ref));
    return issueDocument(ctx, req, o.format);
  }, o.asOf);
  const file = o.output ?? doc.fileName;
  await writeFile(file, doc.bytes);
  process.stdout.write(`已生成 ${file}（${Math.max(1, Math.round(doc.bytes.length / 1024))} KB）\n`);
}

export function registerDoc(program: Command): void {
  const doc = program.command('doc').description('生成公文：任务提示单、催办单、季度通报、年报落实情况、回头看');

  common(
    doc.command('tishidan').description('任务提示单：某时段的任务清单（工作任务/具体要求/责任单位/完成情况/备注）'),
    ['docx', 'xlsx'],
  )
    .requiredOption('--plan <id>', '方案编号', positiveInt)
    .option('--from <date>', '时段起（与 --to 同用）', isoDate)
    .option('--to <date>', '时段止', isoDate)
    .option('--unit <unit>', '只列该单位的任务')
    .action((o: Common & { plan: number; from?: string; to?: string; unit?: string }) =>
      issue(o, async (unit) => ({
        kind: 'tishidan',
        planId: o.plan,
        ...(o.from ? { from: o.from } : {}),
        ...(o.to ? { to: o.to } : {}),
        ...(o.unit ? { unitId: await unit(o.unit) } : {}),
        head: head(o),
      })),
    );

  common(doc.command('cuiban').description('催办单：一个单位的逾期未办结任务'), ['docx'], true)
    .requiredOption('--unit <unit>', '责任单位（编号、全称或别名）')
    .option('--plan <id>', '只列该方案的任务', positiveInt)
    .option('--reply-by <date>', '报送期限（默认 5 个工作日后）', isoDate)
    .action((o: Common & { unit: string; plan?: number; replyBy?: string }) =>
      issue(o, async (unit) => ({
        kind: 'cuiban',
        unitId: await unit(o.unit),
        ...(o.plan !== undefined ? { planId: o.plan } : {}),
        ...(o.replyBy ? { replyBy: o.replyBy } : {}),
        ...(o.asOf ? { asOf: o.asOf } : {}),
        head: head(o),
      })),
    );

  common(
    doc.command('tongbao').description('季度通报：分领域、分单位的完成数和按时完成率，按时完成和滞后的单位'),
    ['docx', 'xlsx'],
    true,
  )
    .requiredOption('--plan <id>', '方案编号', positiveInt)
    .requiredOption('--quarter <quarter>', '季度，如 2022Q3', quarter)
    .action((o: Common & { plan: number; quarter: ReturnType<typeof quarter> }) =>
      issue(o, async () => ({
        kind: 'tongbao',
        planId: o.plan,
        ...o.quarter,
        ...(o.asOf ? { asOf: o.asOf } : {}),
        head: head(o),
      })),
    );

  common(doc.command('nianbao').description('年报“年度政务公开重点工作任务落实情况”：叙述和分领域表'), ['docx'], true)
    .requiredOption('--plan <id>', '方案编号', positiveInt)
    .action((o: Common & { plan: number }) =>
      issue(o, async () => ({
        kind: 'nianbao',
        planId: o.plan,
        ...(o.asOf ? { asOf: o.asOf } : {}),
        head: head(o),
      })),
    );

  common(doc.command('huitoukan').description('回头看：上一年度同一发文机关方案中未办结的任务及其办理经过'), [
    'docx',
    'xlsx',
  ])
    .requiredOption('--plan <id>', '本年度方案编号', positiveInt)
    .option('--from-plan <id>', '上一年度方案编号（同一地区有多个方案时指定）', positiveInt)
    .action((o: Common & { plan: number; fromPlan?: number }) =>
      issue(o, async () => ({
        kind: 'huitoukan',
        planId: o.plan,
        ...(o.fromPlan !== undefined ? { previousPlanId: o.fromPlan } : {}),
        head: head(o),
      })),
    );
}
