import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import nodemailer, { type Transporter } from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import type { Db } from '../db/index.ts';
import type { Logger } from '../logger.ts';

// Outgoing mail goes through nodemailer. Without SMTP_URL (demo, tests) a real SMTP server
// from the smtp-server package listens on loopback and stores every message in mail_outbox,
// which province admins can read in the UI (Kotak Surat).

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /** Stable Message-ID, so that a resend after a crash can be recognised as the same mail. */
  messageId?: string | undefined;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close(): Promise<void>;
}

export function createMailer(opts: { smtpUrl: string; from: string }): Mailer {
  const transport: Transporter = nodemailer.createTransport(opts.smtpUrl);
  return {
    async send(mail) {
      await transport.sendMail({ from: opts.from, to: mail.to, subject: mail.subject, text: mail.text, ...(mail.messageId ? { messageId: mail.messageId } : {}) });
    },
    async close() {
      transport.close();
    },
  };
}

export interface CaptureServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

/** Starts the capturing SMTP server on loopback; resolves null if another process already listens there. */
export async function startCaptureServer(db: Db, port: number, logger: Logger): Promise<CaptureServer | null> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    size: 5 * 1024 * 1024,
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) =>
          db
            .insertInto('mail_outbox')
            .values({
              message_id: mail.messageId ?? null,
              mail_from: mail.from?.text ?? (session.envelope.mailFrom ? session.envelope.mailFrom.address : ''),
              mail_to: session.envelope.rcptTo.map((r) => r.address),
              subject: mail.subject ?? '',
              text_body: (mail.text ?? '').trimEnd(),
            })
            .onConflict((oc) => oc.column('message_id').where('message_id', 'is not', null).doNothing())
            .execute(),
        )
        .then(
          () => callback(),
          (err: Error) => {
            logger.error({ err }, 'could not store captured mail');
            callback(err);
          },
        );
    },
  });
  const listening = await new Promise<boolean>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => (err.code === 'EADDRINUSE' ? resolve(false) : reject(err)));
    server.listen(port, '127.0.0.1', () => resolve(true));
  });
  if (!listening) {
    logger.info({ port }, 'SMTP capture port already in use; assuming another Dayung process captures mail');
    return null;
  }
  const actual = (server.server.address() as AddressInfo).port;
  return {
    port: actual,
    url: `smtp://127.0.0.1:${actual}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
