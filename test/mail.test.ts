import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../src/config.js';
import { AppError } from '../src/domain/errors.js';
import { mailerFromEnv } from '../src/services/mailer.js';

/** Digests by e-mail through a real SMTP conversation with a server started here. */
describe('mailer', () => {
  const received: { to: string[]; data: string }[] = [];
  let server: SMTPServer;
  let port = 0;

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, done) {
        let data = '';
        stream.on('data', (d: Buffer) => {
          data += d.toString('utf8');
        });
        stream.on('end', () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), data });
          done();
        });
      },
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    port = (server.server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

  it('stays in-app when no SMTP server is configured', async () => {
    expect(await mailerFromEnv(readConfig({}).mail)).toBeNull();
  });

  it('sends a digest with a Chinese subject and body', async () => {
    const mailer = await mailerFromEnv(
      readConfig({ TAIZHANG_SMTP_URL: `smtp://127.0.0.1:${port}`, TAIZHANG_MAIL_FROM: 'taizhang@example.gov.cn' }).mail,
    );
    await mailer!.send({
      to: ['czj@example.gov.cn'],
      subject: '【台账提醒】潮州市财政局：1 项逾期',
      text: '以下 1 项任务已逾期',
    });
    expect(received).toHaveLength(1);
    expect(received[0]!.to).toEqual(['czj@example.gov.cn']);
    expect(received[0]!.data).toMatch(/^Subject: =\?UTF-8\?/m);
    expect(received[0]!.data).toContain('From: taizhang@example.gov.cn');
  });

  it('reports an unreachable server as a clear error', async () => {
    const mailer = await mailerFromEnv(readConfig({ TAIZHANG_SMTP_URL: 'smtp://127.0.0.1:1' }).mail);
    await expect(mailer!.send({ to: ['a@example.gov.cn'], subject: 's', text: 't' })).rejects.toBeInstanceOf(AppError);
  });
});
