import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { config } from '../../config.js';
import { prepareStore, startServer } from '../../server/start.js';
import { configFromEnv, openStore } from '../../store/store.js';
import { positiveInt } from './ledger.js';

/**
 * `taizhang serve`: one process, or with --workers N a primary that prepares the store once and N workers
 * sharing the port (each with its own connection; SQLite's WAL lets them read side by side).
 */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('启动网页服务（单位报送、公开办审核、领导总览、公开页）')
    .option('--port <port>', '端口（PORT）', positiveInt, config().server.port)
    .option('--host <host>', '监听地址（HOST）', config().server.host)
    .option('--demo', '数据库为空时载入演示数据并创建演示账号')
    .option('--workers <n>', '工作进程数（TAIZHANG_WORKERS；默认 1，auto = CPU 核数）', config().server.workers)
    .action(async (o: { port: number; host: string; demo?: boolean; workers: string }) => {
      const workers = o.workers === 'auto' ? availableParallelism() : positiveInt(o.workers);
      if (workers > 1 && cluster.isPrimary) {
        const store = await openStore(configFromEnv());
        const log = (l: string) => process.stdout.write(`${l}\n`);
        const { setupToken } = await prepareStore(store, { demo: !!o.demo, log });
        await store.close();
        for (let i = 0; i < workers; i++) cluster.fork({ TAIZHANG_SETUP_TOKEN: setupToken ?? '' });
        let up = 0;
        cluster.on('listening', () => {
          if (++up === workers)
            log(
              `台账已启动：http://${o.host === '0.0.0.0' ? '127.0.0.1' : o.host}:${o.port}/（${workers} 个工作进程）`,
            );
        });
        const stop = () => {
          for (const w of Object.values(cluster.workers ?? {})) w?.kill('SIGTERM');
          process.exit(0);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        return;
      }
      const prepared = cluster.isWorker ? { setupToken: config().server.setupToken } : undefined;
      // In a cluster one worker sends the digests (they are sent once per unit and week in any case).
      const reminders = config().reminders.enabled && (!cluster.isWorker || cluster.worker?.id === 1);
      const s = await startServer({
        port: o.port,
        host: o.host,
        demo: !!o.demo,
        reminders,
        ...(prepared ? { prepared } : {}),
      });
      const stop = async () => {
        await s.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await new Promise(() => {});
    });
}
