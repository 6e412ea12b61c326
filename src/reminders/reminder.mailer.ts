import nodemailer from 'nodemailer';
import type { ReminderSettings } from './reminder.settings.js';

/** One reminder e-mail: plain text, a stable Message-ID, marked as automatic (RFC 3834). */
export interface ReminderMail {
  to: string[];
  subject: string;
  text: string;
  messageId: string;
}

export interface ReminderMailer {
  /** Resolves with the addresses the server accepted; throws MailError when nothing was accepted. */
  send(mail: ReminderMail): Promise<{ accepted: string[] }>;
  close(): void;
}

export class MailError extends Error {
  /** `email-ECONNECTION`, `email-EENVELOPE-550`: a code for the outbox, never the server's text. */
  constructor(readonly code: string) {
    super(code);
  }
}

const SAFE_CODE = /^[A-Z0-9_]{1,40}$/;

/** The outbox code of a nodemailer error: its code and SMTP reply code, nothing else. */
export function mailErrorCode(error: unknown): string {
  const { code, responseCode } = (error ?? {}) as { code?: unknown; responseCode?: unknown };
  const name = typeof code === 'string' && SAFE_CODE.test(code) ? code : 'EUNKNOWN';
  return typeof responseCode === 'number' && Number.isInteger(responseCode) ? `email-${name}-${responseCode}` : `email-${name}`;
}

/**
 * Sends through SMTP with nodemailer. No connection pool: each reminder opens its own connection,
 * so a mail server that went away and came back is simply reached again on the next attempt.
 * Timeouts are short (well inside the outbox lease), so a dead server fails an attempt quickly.
 */
export function createSmtpMailer(smtp: NonNullable<ReminderSettings['smtp']>, from: string): ReminderMailer {
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    // Without TLS from the first byte, insist on STARTTLS: a server (or someone on the path) that
    // does not offer it gets neither the login nor the message (issue 14, finding 9).
    requireTLS: smtp.requireTls && !smtp.secure,
    ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.password ?? '' } } : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return {
    async send(mail) {
      try {
        const info = await transport.sendMail({
          from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          messageId: mail.messageId,
          headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
        });
        const accepted = (info.accepted ?? []).map((address: string | { address: string }) =>
          typeof address === 'string' ? address : address.address,
        );
        if (accepted.length === 0) throw Object.assign(new Error('no recipient accepted'), { code: 'EENVELOPE' });
        return { accepted };
      } catch (error) {
        throw new MailError(mailErrorCode(error));
      }
    },
    close() {
      transport.close();
    },
  };
}
