import type { Command } from 'commander';
import { config } from '../../config.js';
import { AppError } from '../../domain/errors.js';
import { reverseProxyCheck, robotsCheck, singleSignOnCheck } from '../../server/doctor-checks.js';
import { type Check, type CheckResult, doctorContext, failed, runChecks } from '../../services/doctor.js';
import { DEPLOYMENT_CHECKS } from '../../services/doctor-checks.js';

/** The checks `taizhang doctor` runs. */
export const DOCTOR_CHECKS: readonly Check[] = [
  ...DEPLOYMENT_CHECKS,
  reverseProxyCheck,
  singleSignOnCheck,
  robotsCheck,
];

const MARK = { ok: '✓', warn: '!', fail: '✗' } as const;
const LABEL = { ok: '正常', warn: '注意', fail: '故障' } as const;

/** `taizhang doctor`: checks this deployment; exits 1 when any check fails (warnings do not). */
export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('检查部署：数据库、数据目录、磁盘、时钟与时区、审计密钥、邮件、LibreOffice 等')
    .option('--json', '以 JSON 输出每项检查')
    .action(async (o: { json?: boolean }) => {
      const results = await runChecks(doctorContext(config()), DOCTOR_CHECKS);
      process.stdout.write(
        o.json ? `${JSON.stringify({ ok: !failed(results), checks: results }, null, 2)}\n` : text(results),
      );
      // Exit status 1 (through the one error path of main.ts), the report itself already printed.
      const n = results.filter((r) => r.status === 'fail').length;
      if (n) throw new AppError('conflict', `部署检查发现 ${n} 项故障`);
    });
}

function text(results: readonly CheckResult[]): string {
  const lines = results.map(
    (r) => `${MARK[r.status]} ${LABEL[r.status]}  ${r.name}：${r.message}${r.fix ? `\n         处理：${r.fix}` : ''}`,
  );
  const count = (s: CheckResult['status']) => results.filter((r) => r.status === s).length;
  lines.push('', `共 ${results.length} 项：正常 ${count('ok')}，注意 ${count('warn')}，故障 ${count('fail')}`);
  return `${lines.join('\n')}\n`;
}
