import { readFileSync } from 'node:fs';
import { type Command, InvalidArgumentError } from 'commander';
import { AppError } from '../../domain/errors.js';
import { findUnit } from '../../services/directory.js';
import { PLATFORMS, type Platform } from '../../services/robot-platforms.js';
import { drainOutbox } from '../../services/robot-sender.js';
import { addRobot, listRobots, removeRobot, testRobot } from '../../services/robots.js';
import { withStore } from '../service-context.js';
import { positiveInt } from './ledger.js';

/**
 * `taizhang robots add|list|remove|test|send`. The webhook address (a credential in itself) and the signing
 * secret are read from files or standard input, never from the command line, where `ps` and the shell's
 * history would keep them.
 */
const platform = (v: string): Platform => {
  if (!(PLATFORMS as readonly string[]).includes(v)) throw new InvalidArgumentError(`可选：${PLATFORMS.join(' | ')}`);
  return v as Platform;
};

function readSecretFile(file: string, what: string): string {
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (e) {
    throw new AppError('file-unreadable', `${what}文件 ${file} 无法读取（${(e as NodeJS.ErrnoException).code ?? e}）`);
  }
  const value = text.trim();
  if (!value) throw new AppError('invalid-input', `${what}文件 ${file} 是空的`);
  return value;
}

export function registerRobots(program: Command): void {
  const robots = program
    .command('robots')
    .description('群机器人（钉钉、企业微信、飞书）：催办、退回与每周提醒发到单位或方案的工作群');
  robots
    .command('add')
    .description('添加群机器人（指定 --unit 或 --plan 之一）')
    .requiredOption('--platform <platform>', `平台：${PLATFORMS.join(' | ')}`, platform)
    .requiredOption('--name <name>', '名称（如：财政局工作群）')
    .requiredOption('--webhook-file <file>', 'Webhook 地址所在文件（- 为标准输入）；地址本身即凭据，不在命令行中给出')
    .option('--secret-file <file>', '签名密钥所在文件（钉钉「加签」、飞书「签名校验」；企业微信没有）')
    .option('--unit <unit>', '单位（编号、全称或别名）')
    .option('--plan <id>', '方案编号', positiveInt)
    .option('--disabled', '先不启用')
    .action(
      async (o: {
        platform: Platform;
        name: string;
        webhookFile: string;
        secretFile?: string;
        unit?: string;
        plan?: number;
        disabled?: boolean;
      }) => {
        if (o.webhookFile === '-' && o.secretFile === '-')
          throw new AppError('invalid-input', '地址与密钥不能都从标准输入读取');
        const webhookUrl = readSecretFile(o.webhookFile, 'Webhook 地址');
        const secret = o.secretFile ? readSecretFile(o.secretFile, '签名密钥') : null;
        const r = await withStore(async (ctx) =>
          addRobot(ctx, {
            name: o.name,
            platform: o.platform,
            webhookUrl,
            secret,
            unitId: o.unit ? await findUnit(ctx, o.unit) : null,
            planId: o.plan ?? null,
            enabled: !o.disabled,
          }),
        );
        process.stdout.write(
          `已添加机器人 #${r.id}「${r.name}」（${r.platformLabel}，${r.unitName ?? `方案 ${r.planId}`}）：${r.webhookUrl}${r.signed ? '，已设签名密钥' : ''}\n`,
        );
      },
    );
  robots
    .command('list', { isDefault: true })
    .description('列出群机器人（地址与密钥已遮蔽）与发送情况')
    .option('--json', '以 JSON 输出')
    .action(async (o: { json?: boolean }) => {
      const list = await withStore((ctx) => listRobots(ctx));
      if (o.json) {
        process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
        return;
      }
      if (!list.length) process.stdout.write('尚未配置群机器人\n');
      for (const r of list) {
        const d = r.deliveries;
        process.stdout.write(
          `#${r.id} ${r.name}（${r.platformLabel}${r.enabled ? '' : '，已停用'}）→ ${r.scope === 'unit' ? (r.unitName ?? r.unitId) : `方案 ${r.planId}${r.planTitle ? `《${r.planTitle}》` : ''}`}\n` +
            `    ${r.webhookUrl}${r.signed ? '（已签名）' : ''}\n` +
            `    已发送 ${d.sent}，待发送 ${d.pending}，放弃 ${d.failed}${d.lastError ? `；最近的错误：${d.lastError}` : ''}\n`,
        );
      }
    });
  robots
    .command('remove')
    .description('删除群机器人（发送记录保留，地址与密钥清除）')
    .argument('<id>', '机器人编号', positiveInt)
    .action(async (id: number) => {
      await withStore((ctx) => removeRobot(ctx, id));
      process.stdout.write(`已删除机器人 #${id}\n`);
    });
  robots
    .command('test')
    .description('发送一条测试消息，显示平台的应答')
    .argument('<id>', '机器人编号', positiveInt)
    .action(async (id: number) => {
      const r = await withStore((ctx) => testRobot(ctx, id));
      if (!r.ok) throw new AppError('busy', `测试消息未送达：${r.error}`);
      process.stdout.write(`测试消息已送达机器人 #${id}\n`);
    });
  robots
    .command('send')
    .description('立即发送待发的消息（服务未运行或设置了 TAIZHANG_ROBOTS=off 时使用，可放入 cron）')
    .action(async () => {
      const r = await withStore((ctx) => drainOutbox(ctx.store, () => new Date()));
      process.stdout.write(`已发送 ${r.sent} 条；${r.retrying} 条未送达、稍后重试；${r.failed} 条放弃\n`);
    });
}
