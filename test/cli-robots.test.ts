import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './support/paths.js';

/**
 * `taizhang robots` and a 催办 from the command line, against a receiver on this machine standing in for
 * 企业微信: the command sends what it enqueued before it exits, once, and the address never shows whole.
 * The CLI runs as a child process (asynchronously, so that the receiver here can answer it).
 */
const bin = join(repoRoot, 'bin/taizhang.js');
const PLAN = [
  '庆元县2023年政务公开工作要点分工方案',
  '工作任务\t具体要求\t牵头单位\t完成时限',
  '一、公开\t1.全面公开财政预决算。\t县财政局\t2023年6月底前',
].join('\n');

describe('taizhang robots (CLI)', () => {
  const posts: { key: string | null; body: { msgtype?: string; markdown?: { content?: string } } }[] = [];
  const server = createServer((req, res) => {
    let s = '';
    req.on('data', (d: Buffer) => {
      s += d.toString('utf8');
    });
    req.on('end', () => {
      posts.push({ key: new URL(req.url ?? '/', 'http://x').searchParams.get('key'), body: JSON.parse(s) });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"errcode":0,"errmsg":"ok"}');
    });
  });
  const dir = mkdtempSync(join(tmpdir(), 'tz-cli-robots-'));
  const env = { ...process.env, TAIZHANG_DATA: join(dir, 'data'), TAIZHANG_PUBLIC_URL: 'https://tz.example.gov.cn' };
  const run = (args: string[]) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((ok) => {
      const p = spawn(process.execPath, [bin, ...args], { cwd: dir, env });
      let stdout = '';
      let stderr = '';
      p.stdout.on('data', (d: Buffer) => {
        stdout += d.toString('utf8');
      });
      p.stderr.on('data', (d: Buffer) => {
        stderr += d.toString('utf8');
      });
      p.on('close', (status) => ok({ status, stdout, stderr }));
    });

  beforeAll(() => new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok)));
  afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

  it('adds a robot from a file, sends a 催办 once, tests and removes it', async () => {
    const port = (server.address() as AddressInfo).port;
    writeFileSync(join(dir, 'hook'), `http://127.0.0.1:${port}/cgi-bin/webhook/send?key=cli-key-0123456789\n`);
    writeFileSync(join(dir, 'plan.txt'), PLAN);
    expect((await run(['units', 'import', join(repoRoot, 'demo/directory.csv')])).status).toBe(0);
    expect((await run(['import', 'plan.txt', '--confirm'])).status).toBe(0);

    const added = await run([
      'robots',
      'add',
      '--platform',
      'wecom',
      '--name',
      '财政局群',
      '--webhook-file',
      'hook',
      '--unit',
      '县财政局',
    ]);
    expect(added.status, added.stderr).toBe(0);
    expect(added.stdout).toContain(`http://127.0.0.1:${port}/cgi-bin/webhook/send?key=cli-****`);
    expect(added.stdout).not.toContain('cli-key-0123456789');

    const urged = await run(['urge', '县财政局', '--as-of', '2023-07-10']);
    expect(urged.status, urged.stderr).toBe(0);
    expect(urged.stderr).toContain('群机器人消息：已发送 1 条');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.key).toBe('cli-key-0123456789');
    expect(posts[0]!.body.msgtype).toBe('markdown');
    expect(posts[0]!.body.markdown?.content).toMatch(
      /^\*\*催办：庆元县财政局 1 项逾期事项\*\*\n[\s\S]*全面公开财政预决算[\s\S]*\[打开我的任务\]\(https:\/\/tz\.example\.gov\.cn\/my\)$/,
    );
    // The same 催办 again that day: recorded, but the group hears it once.
    expect((await run(['urge', '县财政局', '--as-of', '2023-07-10'])).status).toBe(0);
    expect(posts).toHaveLength(1);

    const tested = await run(['robots', 'test', '1']);
    expect(tested.status, tested.stderr).toBe(0);
    expect(posts).toHaveLength(2);
    const listed = await run(['robots', 'list']);
    expect(listed.stdout).toContain('已发送 2，待发送 0，放弃 0');
    expect(listed.stdout).not.toContain('cli-key-0123456789');
    expect((await run(['robots', 'remove', '1'])).status).toBe(0);
    expect((await run(['robots', 'list'])).stdout).toContain('尚未配置群机器人');
  });
});
