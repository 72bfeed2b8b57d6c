import { createHmac } from 'node:crypto';

/**
 * The three group-robot protocols, without an SDK: each is one JSON POST and, for two of them, an HMAC —
 * less code than any SDK's configuration, and no vendor package in a government deployment.
 *
 * - 钉钉 custom robot (open.dingtalk.com/document/group/custom-robot-access): POST
 *   `{msgtype:'markdown', markdown:{title, text}}` to the webhook (…/robot/send?access_token=…). With 加签 the
 *   query gains `timestamp` (milliseconds) and `sign` = urlencode(base64(HMAC-SHA256(key = secret, message =
 *   timestamp + "\n" + secret))), as the vendor's Python sample does (`hmac.new(secret_enc,
 *   string_to_sign_enc, sha256)` then `quote_plus(b64encode(…))`). Answers HTTP 200 with `errcode` ≠ 0 on
 *   failure (310000 signature or keyword, 130101 too fast).
 * - 企业微信 group robot (developer.work.weixin.qq.com/document/path/91770): POST
 *   `{msgtype:'markdown', markdown:{content}}` (content at most 4096 bytes) to …/webhook/send?key=…. The
 *   protocol has no signature: whoever holds the key can post, so the URL is the secret and is kept like one.
 *   Answers HTTP 200 with `errcode` ≠ 0 on failure (45009 too fast, 93000 bad key).
 * - 飞书/Lark custom bot (open.feishu.cn/document/client-docs/bot-v3/add-custom-bot): POST
 *   `{timestamp, sign, msg_type:'interactive', card}` to …/bot/v2/hook/…, where timestamp is in seconds and
 *   sign = base64(HMAC-SHA256(key = timestamp + "\n" + secret, message = empty)) — the key and message the
 *   other way round from 钉钉's, as the vendor's Python sample shows (`hmac.new(key_enc, msg_enc=b"", sha256)`).
 *   Answers HTTP 200 with `code` ≠ 0 on failure (19021 signature or stale timestamp); older endpoints answer
 *   `StatusCode` instead.
 * Both signatures carry the time and are refused an hour later, so a message is rendered when it is sent,
 * not when it is queued.
 */
export type Platform = 'dingtalk' | 'wecom' | 'feishu';

export const PLATFORMS: readonly Platform[] = ['dingtalk', 'wecom', 'feishu'];

export const PLATFORM_LABELS: Record<Platform, string> = { dingtalk: '钉钉', wecom: '企业微信', feishu: '飞书' };

/** What a robot says, before any platform's format: a title, markdown lines, and the link back to taizhang. */
export interface RobotMessage {
  title: string;
  lines: string[];
  link: { text: string; url: string } | null;
}

export interface RobotTarget {
  platform: Platform;
  webhookUrl: string;
  secret: string | null;
}

export interface OutgoingRequest {
  url: string;
  body: string;
}

/** 钉钉: key = secret, message = timestamp + "\n" + secret (milliseconds). Not yet url-encoded. */
export function dingtalkSign(timestampMs: string, secret: string): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
}

/** 飞书: key = timestamp + "\n" + secret (seconds), message = empty. */
export function feishuSign(timestampS: string, secret: string): string {
  return createHmac('sha256', `${timestampS}\n${secret}`).update('').digest('base64');
}

/** The request to send `message` through `robot` at `now`. */
export function renderRequest(robot: RobotTarget, message: RobotMessage, now: Date): OutgoingRequest {
  switch (robot.platform) {
    case 'dingtalk': {
      const url = new URL(robot.webhookUrl);
      if (robot.secret) {
        const ts = String(now.getTime());
        // URLSearchParams percent-encodes + / = in the base64, as the vendor's urlencode does.
        url.searchParams.set('timestamp', ts);
        url.searchParams.set('sign', dingtalkSign(ts, robot.secret));
      }
      const text = [`### ${message.title}`, ...message.lines, ...(message.link ? [linkLine(message.link)] : [])];
      // 钉钉 markdown joins single line breaks: paragraphs need a blank line between them.
      return {
        url: url.toString(),
        body: JSON.stringify({ msgtype: 'markdown', markdown: { title: message.title, text: text.join('\n\n') } }),
      };
    }
    case 'wecom': {
      const tail = message.link ? `\n${linkLine(message.link)}` : '';
      const head = `**${message.title}**\n`;
      const content = head + clipBytes(message.lines.join('\n'), WECOM_MAX_BYTES - bytes(head) - bytes(tail)) + tail;
      return { url: robot.webhookUrl, body: JSON.stringify({ msgtype: 'markdown', markdown: { content } }) };
    }
    case 'feishu': {
      const signed = robot.secret
        ? (() => {
            const ts = String(Math.floor(now.getTime() / 1000));
            return { timestamp: ts, sign: feishuSign(ts, robot.secret!) };
          })()
        : {};
      const elements: unknown[] = [{ tag: 'div', text: { tag: 'lark_md', content: message.lines.join('\n') } }];
      if (message.link)
        elements.push({
          tag: 'action',
          actions: [
            {
              tag: 'button',
              text: { tag: 'plain_text', content: message.link.text },
              url: message.link.url,
              type: 'primary',
            },
          ],
        });
      const card = {
        config: { wide_screen_mode: true },
        header: { title: { tag: 'plain_text', content: message.title }, template: 'orange' },
        elements,
      };
      return { url: robot.webhookUrl, body: JSON.stringify({ ...signed, msg_type: 'interactive', card }) };
    }
  }
}

/** 企业微信 refuses markdown content over 4096 bytes. */
const WECOM_MAX_BYTES = 4096;

function linkLine(link: { text: string; url: string }): string {
  return `[${link.text}](${link.url})`;
}

function bytes(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** Cut at a character boundary so the text fits in `max` UTF-8 bytes, saying that it was cut. */
export function clipBytes(text: string, max: number): string {
  if (bytes(text) <= max) return text;
  const more = '\n……（更多内容请登录台账查看）';
  let out = '';
  for (const ch of text) {
    if (bytes(out + ch) + bytes(more) > max) break;
    out += ch;
  }
  return out + more;
}

/**
 * What the platform answered: all three say HTTP 200 even when they refuse, with the reason in the body
 * (钉钉 and 企业微信 `errcode`/`errmsg`, 飞书 `code`/`msg` or the older `StatusCode`/`StatusMessage`).
 */
export function readAnswer(
  platform: Platform,
  status: number,
  text: string,
): { ok: true } | { ok: false; error: string } {
  const head = text.slice(0, 300);
  if (status < 200 || status >= 300) return { ok: false, error: `HTTP ${status}${head ? `：${head}` : ''}` };
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return { ok: false, error: `应答不是 JSON：${head}` };
  }
  const code = platform === 'feishu' ? (body.code ?? body.StatusCode) : body.errcode;
  const message = platform === 'feishu' ? (body.msg ?? body.StatusMessage) : body.errmsg;
  if (code === 0) return { ok: true };
  if (code === undefined) return { ok: false, error: `应答无法识别：${head}` };
  return { ok: false, error: `错误码 ${String(code)}：${String(message ?? '')}` };
}
