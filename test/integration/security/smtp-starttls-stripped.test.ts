import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/config.js';
import { createSmtpMailer } from '../../../src/reminders/reminder.mailer.js';
import { reminderSettingsFrom } from '../../../src/reminders/reminder.settings.js';
import { type SmtpCapture, SMTP_PASSWORD, SMTP_USER, startSmtpCapture } from '../reminders/smtp-capture.js';

// Finding 9 (issue 14): with SMTP_SECURE=false the mailer used STARTTLS only when the server
// offered it, so anyone on the path who strips the STARTTLS offer (a downgrade) reads the SMTP
// login in clear. The attack is that stripped server: a real SMTP server that offers no STARTTLS.
// By default the mailer must now refuse to go on without TLS, sending no credentials at all.
let server: SmtpCapture | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

function mailerFor(port: number, extra: Record<string, string> = {}) {
  const settings = reminderSettingsFrom(
    loadConfig({
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(port),
      SMTP_USER,
      SMTP_PASSWORD,
      MAIL_FROM: 'reminders@scp.example.org',
      ...extra,
    }),
  );
  return createSmtpMailer(settings.smtp!, settings.mailFrom!);
}

const MAIL = {
  to: ['business-unit@north.example.org'],
  subject: 'Reminder (synthetic)',
  text: 'A synthetic reminder.',
  messageId: '<finding-9@scp.example.org>',
};

describe('an SMTP server whose STARTTLS offer was stripped', () => {
  it('gets neither the login nor the message', async () => {
    server = await startSmtpCapture(0, { starttls: false });
    await expect(mailerFor(server.port).send(MAIL)).rejects.toThrow();
    expect(server.authAttempts).toBe(0);
    expect(server.messages).toEqual([]);
  });

  it('while a server offering STARTTLS is asked for it, and its certificate checked, before any login', async () => {
    server = await startSmtpCapture(0, { starttls: true });
    // smtp-server's built-in certificate is self-signed: the handshake fails, still before the login.
    await expect(mailerFor(server.port).send(MAIL)).rejects.toThrow();
    expect(server.authAttempts).toBe(0);
  });

  it('SMTP_REQUIRE_TLS=false is the explicit opt-out (a relay on the same host)', async () => {
    server = await startSmtpCapture(0, { starttls: false });
    await expect(mailerFor(server.port, { SMTP_REQUIRE_TLS: 'false' }).send(MAIL)).resolves.toMatchObject({ accepted: MAIL.to });
    expect(server.authAttempts).toBe(1);
  });
});
