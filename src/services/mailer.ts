import { type Config, config } from '../config.js';
import { AppError } from '../domain/errors.js';

/**
 * E-mail for digests, when an SMTP server is configured (TAIZHANG_SMTP_URL, e.g.
 * smtp://user:pass@mail.example.gov.cn:25; sender TAIZHANG_MAIL_FROM). Without it, reminders stay in-app.
 */
export interface Mailer {
  send(message: { to: string[]; subject: string; text: string }): Promise<void>;
}

export async function mailerFromEnv(mail: Config['mail'] = config().mail): Promise<Mailer | null> {
  const url = mail.smtpUrl;
  if (!url) return null;
  const { createTransport } = await import('nodemailer');
  const transport = createTransport(url);
  const from = mail.from;
  return {
    async send(m) {
      try {
        await transport.sendMail({ from, to: m.to, subject: m.subject, text: m.text });
      } catch (e) {
        throw new AppError('busy', `邮件发送失败：${(e as Error).message}`, String(e));
      }
    },
  };
}
