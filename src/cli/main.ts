import { Command, CommanderError } from 'commander';
import { isAppError } from '../domain/errors.js';
import { auditCliExport } from './audit-exports.js';
import { registerAccounts } from './commands/accounts.js';
import { registerAdmin } from './commands/admin.js';
import { registerDemo } from './commands/demo.js';
import { registerDoc } from './commands/doc.js';
import { registerDoctor } from './commands/doctor.js';
import { registerExcel } from './commands/excel.js';
import { registerLedger } from './commands/ledger.js';
import { registerParse } from './commands/parse.js';
import { registerProgress } from './commands/progress.js';
import { registerRobots } from './commands/robots.js';
import { registerServe } from './commands/serve.js';
import { registerSupervise } from './commands/supervise.js';
import { registerUnits } from './commands/units.js';

/**
 * The `taizhang` command. Exit status: 0 done, 1 the input could not be processed (the message names the
 * file and the reason), 2 a usage error, 3 stored but not confirmed as asked (import --confirm with items
 * still to settle; the output lists them).
 */
export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command();
  program
    .name('taizhang')
    .description('台账：把工作要点分工方案变成可跟踪的任务台账')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  registerParse(program);
  registerUnits(program);
  registerLedger(program);
  registerProgress(program);
  registerAdmin(program);
  registerAccounts(program);
  registerServe(program);
  registerSupervise(program);
  registerRobots(program);
  registerExcel(program);
  registerDoc(program);
  registerDemo(program);
  registerDoctor(program);
  program.hook('postAction', (_program, action) => auditCliExport(action));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help')
        return 0;
      return 2;
    }
    if (isAppError(e)) {
      process.stderr.write(`taizhang: ${e.userMessage}\n`);
      return 1;
    }
    process.stderr.write(`taizhang: 内部错误：${(e as Error).stack ?? String(e)}\n`);
    return 1;
  }
}
