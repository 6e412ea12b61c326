import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One message as the SMTP server received it. */
export interface CapturedMail {
  /** RCPT TO addresses. */
  recipients: string[];
  mailFrom: string;
  /** Header fields by lower-case name (unfolded). */
  headers: Map<string, string>;
  /** The body, quoted-printable decoded. */
  body: string;
  raw: string;
}

export const SMTP_USER = 'reminders';
export const SMTP_PASSWORD = 'synthetic-smtp-password';

/** Splits a raw RFC 5322 message into unfolded headers and a (quoted-printable decoded) body. */
export function parseMail(raw: string): Pick<CapturedMail, 'headers' | 'body'> {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  let body = raw.slice(split + 4);
  if (/quoted-printable/i.test(headers.get('content-transfer-encoding') ?? '')) {
    body = Buffer.from(
      body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
      'latin1',
    ).toString('utf8');
  }
  return { headers, body };
}

/**
 * A real SMTP server (the `smtp-server` package) on a loopback port, requiring a login and
 * capturing every message, without STARTTLS unless `starttls` (so the reminder tests using it set
 * SMTP_REQUIRE_TLS=false, as a local relay would). `stop()` closes it (the port refuses connections) and `start()` opens
 * it again on the same port, so a test can take the mail server down and bring it back.
 */
export async function startSmtpCapture(port = 0, options: { starttls?: boolean } = {}) {
  const messages: CapturedMail[] = [];
  /** Logins the server received (each one's credentials crossed the connection). */
  let authAttempts = 0;
  let server: SMTPServer | undefined;
  let boundPort = port;

  async function start(): Promise<void> {
    server = new SMTPServer({
      logger: false,
      // Plain text unless asked: `starttls: true` offers STARTTLS with smtp-server's own built-in
      // self-signed certificate (which a client checking certificates refuses).
      disabledCommands: options.starttls ? [] : ['STARTTLS'],
      allowInsecureAuth: true,
      authMethods: ['PLAIN', 'LOGIN'],
      onAuth(auth, _session, callback) {
        authAttempts += 1;
        if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD) callback(null, { user: SMTP_USER });
        else callback(new Error('Invalid username or password'));
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          messages.push({
            recipients: session.envelope.rcptTo.map((address) => address.address),
            mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            raw,
            ...parseMail(raw),
          });
          callback();
        });
      },
    });
    const current = server;
    await new Promise<void>((resolve, reject) => {
      current.once('error', reject);
      current.listen(boundPort, '127.0.0.1', () => {
        current.off('error', reject);
        resolve();
      });
    });
    boundPort = (current.server.address() as AddressInfo).port;
  }

  async function stop(): Promise<void> {
    const current = server;
    server = undefined;
    if (current) await new Promise<void>((resolve) => current.close(() => resolve()));
  }

  await start();
  return {
    messages,
    get port() {
      return boundPort;
    },
    get authAttempts() {
      return authAttempts;
    },
    start,
    stop,
  };
}

export type SmtpCapture = Awaited<ReturnType<typeof startSmtpCapture>>;
