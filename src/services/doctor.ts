import type { Config } from '../config.js';
import { type DatabaseProbe, inspectDatabase } from '../store/probe.js';

/**
 * `taizhang doctor`: a deployment checked item by item, each saying in Chinese what is wrong and how to
 * fix it. A check is a small function with a name; more (single sign-on, group robots) are added to the
 * list where they are built, and the CLI runs whatever list it is given.
 */
export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface CheckResult {
  name: string;
  status: CheckStatus;
  message: string;
  /** What to do about a warning or a failure. */
  fix?: string;
}

export interface DoctorContext {
  config: Config;
  now: () => Date;
  /** The configured database, looked at once and shared by the checks that need it. */
  database(): Promise<DatabaseProbe>;
}

export interface Check {
  name: string;
  run(ctx: DoctorContext): Promise<Omit<CheckResult, 'name'>>;
}

export function doctorContext(config: Config, now: () => Date = () => new Date()): DoctorContext {
  let probe: Promise<DatabaseProbe> | null = null;
  return {
    config,
    now,
    database: () => {
      probe ??= inspectDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
      return probe;
    },
  };
}

/** Runs the checks side by side; a check that throws is a failure that names the error. */
export async function runChecks(ctx: DoctorContext, checks: readonly Check[]): Promise<CheckResult[]> {
  return Promise.all(
    checks.map(async (check): Promise<CheckResult> => {
      try {
        return { name: check.name, ...(await check.run(ctx)) };
      } catch (e) {
        const message = (e as { userMessage?: string }).userMessage ?? (e as Error).message;
        return { name: check.name, status: 'fail', message: `检查出错：${message}` };
      }
    }),
  );
}

export const failed = (results: readonly CheckResult[]): boolean => results.some((r) => r.status === 'fail');
