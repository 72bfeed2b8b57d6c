import type { Check } from '../services/doctor.js';
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
