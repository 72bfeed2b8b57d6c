import { describe, expect, it } from 'vitest';
import { clipBytes, dingtalkSign, feishuSign, readAnswer, renderRequest } from './robot-platforms.js';

/**
 * The signatures against values computed with Python's hmac module, the way the vendors' samples do
 * (钉钉: hmac.new(secret, f"{ts}\n{secret}", sha256) then quote_plus(b64encode(…)); 飞书: hmac.new(
 * f"{ts}\n{secret}", b"", sha256) then b64encode(…)) — an implementation independent of ours.
 */
describe('robot platforms', () => {
  it('signs as the vendors’ samples do', () => {
    expect(encodeURIComponent(dingtalkSign('1599360473000', 'SECtest-secret-钉钉'))).toBe(
      'FNfu9glgyEQYq48oRfOCVh%2BpLR7hQN6kItAEvSBYIEc%3D',
    );
    expect(feishuSign('1599360473', 'feishu-secret')).toBe('GnmU6lMJMtXPkxW7kXxgtXI0SJxjk0TQFnFuz93Dt+0=');
  });

  it('puts the 钉钉 signature in the query, url-encoded, keeping the access token', () => {
    const r = renderRequest(
      {
        platform: 'dingtalk',
        webhookUrl: 'https://oapi.dingtalk.com/robot/send?access_token=abc',
        secret: 'SECtest-secret-钉钉',
      },
      { title: 't', lines: ['a'], link: null },
      new Date(1599360473000),
    );
    expect(r.url).toBe(
      'https://oapi.dingtalk.com/robot/send?access_token=abc&timestamp=1599360473000&sign=FNfu9glgyEQYq48oRfOCVh%2BpLR7hQN6kItAEvSBYIEc%3D',
    );
  });

  it('keeps 企业微信 content within 4096 bytes, link included', () => {
    const r = renderRequest(
      { platform: 'wecom', webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', secret: null },
      {
        title: '标题',
        lines: Array.from({ length: 400 }, (_, i) => `- 第${i}项任务的说明文字`),
        link: { text: '打开台账', url: 'https://tz.example.gov.cn/my' },
      },
      new Date(),
    );
    const content = (JSON.parse(r.body) as { markdown: { content: string } }).markdown.content;
    expect(Buffer.byteLength(content)).toBeLessThanOrEqual(4096);
    expect(content).toMatch(/更多内容请登录台账查看[\s\S]*\[打开台账\]\(https:\/\/tz\.example\.gov\.cn\/my\)$/);
    expect(clipBytes('短', 10)).toBe('短');
  });

  it('reads refusals from bodies answered with HTTP 200', () => {
    expect(readAnswer('dingtalk', 200, '{"errcode":0,"errmsg":"ok"}')).toEqual({ ok: true });
    expect(readAnswer('dingtalk', 200, '{"errcode":310000,"errmsg":"sign not match"}')).toEqual({
      ok: false,
      error: '错误码 310000：sign not match',
    });
    expect(readAnswer('wecom', 200, '{"errcode":93000,"errmsg":"invalid webhook url"}').ok).toBe(false);
    expect(readAnswer('feishu', 200, '{"code":19021,"msg":"sign match fail","data":{}}').ok).toBe(false);
    expect(readAnswer('feishu', 200, '{"StatusCode":0,"StatusMessage":"success"}')).toEqual({ ok: true });
    expect(readAnswer('feishu', 502, 'Bad Gateway')).toEqual({ ok: false, error: 'HTTP 502：Bad Gateway' });
    expect(readAnswer('wecom', 200, '<html>')).toMatchObject({ ok: false });
  });
});
