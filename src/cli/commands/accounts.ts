import type { Command } from 'commander';
import { ROLE_LABELS, type Role } from '../../domain/actor.js';
import { AppError } from '../../domain/errors.js';
import { listAccounts, updateAccount, WEB_ROLES } from '../../services/accounts.js';
import { withStore } from '../service-context.js';

/**
 * Accounts from the server's own command line: the way back in when nobody can log in through the web (the
 * identity provider down with local passwords off, the last administrator locked out). The operator holds
 * the database anyway, so its grants take effect at once, audited as the CLI's.
 */
export function registerAccounts(program: Command): void {
  const account = program.command('account').description('账号（服务器本机应急使用：列出、授予角色）');

  account
    .command('list')
    .description('列出账号：用户名、姓名、角色、单位、状态')
    .action(async () => {
      const rows = await withStore((ctx) => listAccounts(ctx));
      for (const a of rows)
        process.stdout.write(
          `${a.username}\t${a.displayName}\t${ROLE_LABELS[a.role]}\t${a.unitName ?? '—'}\t${a.active ? '正常' : a.approvalPending ? '待批准' : '已停用'}\n`,
        );
    });

  account
    .command('grant')
    .description('授予账号角色（如统一身份认证首次登录后待授权的账号），并启用它')
    .argument('<username>', '用户名')
    .requiredOption('--role <role>', `角色：${WEB_ROLES.join(' | ')}`)
    .option('--unit <unitId>', '单位用户的所属单位（单位编号，如 unit:潮州市财政局）')
    .action(async (username: string, o: { role: string; unit?: string }) => {
      if (!(WEB_ROLES as readonly string[]).includes(o.role))
        throw new AppError('invalid-input', `未知的角色「${o.role}」，可选：${WEB_ROLES.join('、')}`);
      const done = await withStore(async (ctx) => {
        const found = (await listAccounts(ctx)).find((a) => a.username === username);
        if (!found) throw new AppError('not-found', `没有用户名为 ${username} 的账号`);
        return updateAccount(ctx, found.id, { role: o.role as Role, unitId: o.unit ?? null, active: true });
      });
      process.stdout.write(
        `已授予 ${done.username}（${done.displayName}）${ROLE_LABELS[done.role]}${done.unitName ? `：${done.unitName}` : ''}\n`,
      );
    });
}
