import { connect as tcpConnect } from 'node:net';
import type { Check } from '../services/doctor.js';
import { robotEndpoints } from '../store/probe.js';
import { providerOf } from './sso/oidc.js';
import { TrustedProxies } from './trusted-proxies.js';

/** What `taizhang doctor` checks of the HTTP server's own settings. */
export const reverseProxyCheck: Check = {
  name: '反向代理',
  async run(ctx) {
    const entries = ctx.config.server.trustedProxies;
    try {
      new TrustedProxies(entries);
    } catch (e) {
      return {
        status: 'fail',
        message: (e as { userMessage?: string }).userMessage ?? String(e),
        fix: '改正 TAIZHANG_TRUSTED_PROXIES：以逗号分隔的地址或网段，只列出反向代理本身',
      };
    }
    return entries.length
      ? { status: 'ok', message: `信任这些代理的 X-Forwarded-* 头：${entries.join('、')}` }
      : { status: 'ok', message: '未配置受信代理：以连接的对端地址为客户端地址' };
  },
};

/** Single sign-on: the OIDC provider's discovery document can be read; the CAS server's login page answers. */
export const singleSignOnCheck: Check = {
  name: '统一身份认证',
  async run(ctx) {
    const { oidc, cas } = ctx.config.sso;
    if (!oidc && !cas) return { status: 'ok', message: '未配置统一身份认证：用本系统账号登录' };
    const problems: string[] = [];
    const fine: string[] = [];
    if (oidc) {
      try {
        await withTimeout(providerOf(oidc), 10_000);
        fine.push(`OIDC 发现文档可读取（${oidc.issuer}）`);
      } catch (e) {
        problems.push(`无法读取 OIDC 发现文档（${oidc.issuer}）：${(e as Error).message}`);
      }
    }
    if (cas) {
      try {
        const r = await fetch(`${cas.baseUrl}/login`, {
          method: 'GET',
          redirect: 'manual',
          signal: AbortSignal.timeout(10_000),
        });
        if (r.status >= 500) problems.push(`CAS 登录页答复 ${r.status}（${cas.baseUrl}）`);
        else fine.push(`CAS 服务器可访问（${cas.baseUrl}）`);
      } catch (e) {
        problems.push(`无法访问 CAS 服务器（${cas.baseUrl}）：${(e as Error).message}`);
      }
    }
    return problems.length
      ? {
          status: 'fail',
          message: problems.join('；'),
          fix: '核对 TAIZHANG_OIDC_ISSUER / TAIZHANG_CAS_URL，以及本机到认证服务器的网络与证书',
        }
      : { status: 'ok', message: fine.join('；') };
  },
};

/** Group robots: every host the enabled robots post to accepts a connection from here. */
export const robotsCheck: Check = {
  name: '群机器人',
  async run(ctx) {
    const hosts = await robotEndpoints({ dataDir: ctx.config.dataDir, databaseUrl: ctx.config.databaseUrl });
    if (hosts.length === 0) return { status: 'ok', message: '未配置群机器人' };
    const failures = (await Promise.all(hosts.map(async (h) => ((await reachable(h)) ? null : h)))).filter(
      (h): h is string => h !== null,
    );
    return failures.length
      ? {
          status: 'warn',
          message: `无法连接：${failures.join('、')}（消息会按退避重试）`,
          fix: '检查本机到 钉钉 / 企业微信 / 飞书 接口地址的网络（政务外网通常需开通出口或代理）',
        }
      : { status: 'ok', message: `${hosts.length} 个机器人接口地址均可连接` };
  },
};

function reachable(hostPort: string): Promise<boolean> {
  const i = hostPort.lastIndexOf(':');
  return new Promise((ok) => {
    const socket = tcpConnect({ host: hostPort.slice(0, i), port: Number(hostPort.slice(i + 1)), timeout: 5000 });
    socket.once('connect', () => {
      socket.destroy();
      ok(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      ok(false);
    });
    socket.once('error', () => ok(false));
  });
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, no) => setTimeout(() => no(new Error(`${ms / 1000} 秒内无应答`)), ms).unref()),
  ]);
}
