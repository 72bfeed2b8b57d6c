import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import { connect as tcpConnect } from 'node:net';
import { dirname } from 'node:path';
import { findSoffice } from '../parse/readers/soffice.js';
import { auditKeyState, fileStoreDir, fileStoreProblem, writeProblem } from '../store/probe.js';
import type { Check } from './doctor.js';

/** Below these, uploads and backups start to fail: warn early, fail when nearly full. */
const DISK_WARN_BYTES = 2 * 1024 ** 3;
const DISK_FAIL_BYTES = 200 * 1024 ** 2;
/** Sessions, lockouts and leases compare times written by different servers. */
const CLOCK_WARN_MS = 5_000;
const CLOCK_FAIL_MS = 120_000;

/** Where a connection string points, without its password. */
export function databaseTarget(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || 'localhost'}:${u.port || 5432}${u.pathname}`;
  } catch {
    return 'DATABASE_URL（无法解析）';
  }
}

const database: Check = {
  name: '数据库',
  async run(ctx) {
    const { databaseUrl, dataDir } = ctx.config;
    const where = databaseUrl ? `PostgreSQL ${databaseTarget(databaseUrl)}` : 'SQLite';
    const db = await ctx.database();
    if (!db.reachable) {
      if (db.notCreated)
        return { status: 'warn', message: `${where}：${db.reason}`, fix: '首次运行 taizhang serve 时自动创建并迁移' };
      return {
        status: 'fail',
        message: `无法连接 ${where}：${db.reason}`,
        fix: databaseUrl
          ? '检查 DATABASE_URL 的主机、端口、用户、密码与数据库名，数据库服务是否运行，防火墙与 pg_hba.conf 是否放行本机'
          : `检查数据目录 ${dataDir} 的权限`,
      };
    }
    if (db.unknown.length)
      return {
        status: 'fail',
        message: `${where} 已由更新版本的台账迁移（本版本不认识：${db.unknown.join('、')}）`,
        fix: '把本服务器升级到与其他服务器相同的版本',
      };
    if (db.pending.length)
      return {
        status: 'fail',
        message: `${where} 尚未迁移到最新版本，待执行 ${db.pending.length} 项：${db.pending.join('、')}`,
        fix: '运行 taizhang db migrate（taizhang serve 启动时也会自动执行）',
      };
    return { status: 'ok', message: `${where} 可连接，已迁移到最新版本` };
  },
};

const dataDirectory: Check = {
  name: '数据目录',
  async run(ctx) {
    const dir = ctx.config.dataDir;
    if (!existsSync(dir)) {
      const parent = dirname(dir);
      const problem = existsSync(parent) ? await writeProblem(parent) : `${parent} 不存在`;
      return problem
        ? {
            status: 'fail',
            message: `数据目录 ${dir} 不存在，且无法创建：${problem}`,
            fix: '创建该目录并交给运行台账的用户',
          }
        : { status: 'warn', message: `数据目录 ${dir} 尚不存在`, fix: '首次运行 taizhang serve 时自动创建' };
    }
    const problem = await writeProblem(dir);
    return problem
      ? { status: 'fail', message: problem, fix: `chown 给运行台账的用户（如 chown -R taizhang: ${dir}）` }
      : { status: 'ok', message: `${dir} 可写` };
  },
};

const fileStore: Check = {
  name: '文件存储',
  async run(ctx) {
    const dir = fileStoreDir(ctx.config.dataDir);
    if (ctx.config.s3Url) {
      const problem = await fileStoreProblem(ctx.config);
      return problem
        ? { status: 'fail', message: problem, fix: '核对 TAIZHANG_S3_URL 的地址、存储桶和密钥，并确认存储桶已建好' }
        : { status: 'ok', message: '文件存于对象存储，可以访问' };
    }
    if (ctx.config.databaseUrl) return { status: 'ok', message: '文件存于 PostgreSQL（随数据库检查）' };
    if (!existsSync(ctx.config.dataDir)) return { status: 'warn', message: '数据目录尚不存在，文件存储随之创建' };
    const problem = await writeProblem(dir);
    return problem
      ? { status: 'fail', message: `文件存储${problem}`, fix: `chown 给运行台账的用户（如 chown -R taizhang: ${dir}）` }
      : { status: 'ok', message: `${dir} 可写` };
  },
};

const diskSpace: Check = {
  name: '磁盘空间',
  async run(ctx) {
    let dir = ctx.config.dataDir;
    while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
    const s = await statfs(dir);
    const free = s.bavail * s.bsize;
    const text = `${dir} 所在磁盘可用 ${(free / 1024 ** 3).toFixed(1)} GB`;
    if (free < DISK_FAIL_BYTES) return { status: 'fail', message: text, fix: '清理磁盘或扩容：上传与备份会失败' };
    if (free < DISK_WARN_BYTES) return { status: 'warn', message: text, fix: '尽快清理磁盘或扩容' };
    return { status: 'ok', message: text };
  },
};

const libreOffice: Check = {
  name: 'LibreOffice',
  async run() {
    const soffice = await findSoffice();
    return soffice
      ? { status: 'ok', message: `已找到 ${soffice}（读取 DOC/WPS、生成 PDF）` }
      : {
          status: 'warn',
          message: '未找到 LibreOffice：无法导入 DOC/WPS 方案，也无法生成 PDF',
          fix: '安装 libreoffice-writer-nogui 与 fonts-noto-cjk，或以 TAIZHANG_SOFFICE 指明 soffice 的路径',
        };
  },
};

const tesseract: Check = {
  name: 'Tesseract',
  async run() {
    const version = await new Promise<string | null>((ok) =>
      execFile('tesseract', ['--version'], { timeout: 10_000 }, (err, out) =>
        ok(err ? null : (out.split('\n')[0]?.trim() ?? '')),
      ),
    );
    return version
      ? { status: 'ok', message: `已找到 ${version}（识别扫描件）` }
      : {
          status: 'warn',
          message: '未找到 tesseract：扫描件无法识别文字（可选）',
          fix: '需要导入扫描件时安装 tesseract-ocr 与 tesseract-ocr-chi-sim',
        };
  },
};

const timeZone: Check = {
  name: '时区',
  async run(ctx) {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone === 'Asia/Shanghai' || ctx.now().getTimezoneOffset() === -480)
      return { status: 'ok', message: `本机时区 ${zone}（北京时间）` };
    return {
      status: 'warn',
      message: `本机时区为 ${zone}，不是北京时间（台账内部按北京时间计算期限，日志与系统工具的时间会不同）`,
      fix: '设置 TZ=Asia/Shanghai（systemd 单元的 Environment=，或 timedatectl set-timezone Asia/Shanghai）',
    };
  },
};

const clock: Check = {
  name: '时钟',
  async run(ctx) {
    const db = await ctx.database();
    if (!db.reachable) return { status: 'warn', message: '数据库不可达，无法与数据库时钟比较' };
    if (!db.clock) return { status: 'ok', message: 'SQLite 与本机共用时钟' };
    const skew = ctx.now().getTime() - db.clock.now.getTime();
    const text = `本机时钟与数据库相差 ${(Math.abs(skew) / 1000).toFixed(1)} 秒（数据库时区设置 ${db.clock.timeZone}）`;
    const fix = '在本机与数据库服务器上启用 NTP 校时（如 chrony 或 systemd-timesyncd）';
    if (Math.abs(skew) > CLOCK_FAIL_MS) return { status: 'fail', message: text, fix };
    if (Math.abs(skew) > CLOCK_WARN_MS) return { status: 'warn', message: text, fix };
    return { status: 'ok', message: text };
  },
};

const auditKey: Check = {
  name: '审计密钥',
  async run(ctx) {
    const state = auditKeyState(ctx.config.dataDir, ctx.config.auditKey);
    const shared = '多台服务器共用一个数据库时须用同一密钥：以 TAIZHANG_AUDIT_KEY 设置（64 位以上十六进制）';
    switch (state.source) {
      case 'env':
        return { status: 'ok', message: '审计密钥由 TAIZHANG_AUDIT_KEY 提供' };
      case 'invalid':
        return { status: 'fail', message: state.reason, fix: '用 openssl rand -hex 32 生成新密钥' };
      case 'file':
        return ctx.config.databaseUrl
          ? { status: 'warn', message: '审计密钥只在本机数据目录的 audit.key 中', fix: shared }
          : { status: 'ok', message: '审计密钥在数据目录的 audit.key 中' };
      default:
        return ctx.config.databaseUrl
          ? { status: 'warn', message: '未设置审计密钥：每台服务器会各自生成一个', fix: shared }
          : { status: 'ok', message: '审计密钥将在首次启动时生成于数据目录' };
    }
  },
};

const smtp: Check = {
  name: '邮件服务器',
  async run(ctx) {
    const url = ctx.config.mail.smtpUrl;
    if (!url) return { status: 'ok', message: '未配置 TAIZHANG_SMTP_URL：提醒只进站内消息' };
    let host: string;
    let port: number;
    try {
      const u = new URL(url);
      host = u.hostname;
      port = Number(u.port) || (u.protocol === 'smtps:' ? 465 : 587);
    } catch {
      return {
        status: 'fail',
        message: 'TAIZHANG_SMTP_URL 无法解析',
        fix: '形如 smtp://用户:密码@mail.example.gov.cn:587',
      };
    }
    const problem = await new Promise<string | null>((ok) => {
      const socket = tcpConnect({ host, port, timeout: 5000 });
      socket.once('connect', () => {
        socket.destroy();
        ok(null);
      });
      socket.once('timeout', () => {
        socket.destroy();
        ok('连接超时');
      });
      socket.once('error', (e) => ok(e.message));
    });
    return problem
      ? {
          status: 'fail',
          message: `无法连接邮件服务器 ${host}:${port}：${problem}`,
          fix: '检查 TAIZHANG_SMTP_URL 与防火墙',
        }
      : { status: 'ok', message: `邮件服务器 ${host}:${port} 可连接` };
  },
};

/** The checks of a deployment, in the order they are reported. */
export const DEPLOYMENT_CHECKS: readonly Check[] = [
  database,
  dataDirectory,
  fileStore,
  diskSpace,
  auditKey,
  timeZone,
  clock,
  smtp,
  libreOffice,
  tesseract,
];
