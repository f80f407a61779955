// A real SMTP server on 127.0.0.1 for the receipt email tests (the smtp-server package), which
// records every message it accepts, parsed with mailparser, and can be taken down and brought
// back on the same port, or told to refuse a recipient with 550.
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import type pg from 'pg';
import { SMTPServer } from 'smtp-server';

export const SMTP_USER = 'till-mailer';
export const SMTP_PASSWORD = 'pw-s3cret-9f2c';

export interface ReceivedEmail {
  readonly recipients: readonly string[];
  readonly mail: ParsedMail;
}

export class FakeSmtp {
  readonly received: ReceivedEmail[] = [];
  /** Every RCPT TO the server was asked for, accepted or not. */
  readonly recipientAttempts: string[] = [];
  readonly #refused = new Set<string>();
  #server: SMTPServer | null = null;
  #port = 0;

  get url(): string {
    return `smtp://${SMTP_USER}:${SMTP_PASSWORD}@127.0.0.1:${this.#port}`;
  }

  /** Answers 550 to RCPT TO for this address from now on. */
  refuse(address: string): void {
    this.#refused.add(address.toLowerCase());
  }

  to(address: string): ReceivedEmail[] {
    return this.received.filter((email) => email.recipients.includes(address.toLowerCase()));
  }

  async start(): Promise<void> {
    const server = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      onAuth: (auth, _session, callback) =>
        auth.username === SMTP_USER && auth.password === SMTP_PASSWORD
          ? callback(null, { user: SMTP_USER })
          : callback(new Error('Invalid username or password')),
      onRcptTo: (address, _session, callback) => {
        const recipient = address.address.toLowerCase();
        this.recipientAttempts.push(recipient);
        if (this.#refused.has(recipient))
          return callback(
            Object.assign(new Error('5.1.1 No such user here'), { responseCode: 550 }),
          );
        return callback();
      },
      onData: (stream, session, callback) => {
        simpleParser(stream).then(
          (mail) => {
            this.received.push({
              recipients: session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase()),
              mail,
            });
            callback();
          },
          (error: Error) => callback(error),
        );
      },
      logger: false,
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.#port, '127.0.0.1', () => resolve());
    });
    this.#port = (server.server.address() as AddressInfo).port;
    this.#server = server;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!done(last)) {
    if (Date.now() > deadline) throw new Error(`gave up waiting; last: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    last = await read();
  }
  return last;
}

/** receipt_emails rows of a tenant, as the owner sees them (no RLS, no application code). */
export async function storedEmails(owner: pg.Client, tenantId: string) {
  const { rows } = await owner.query<{
    id: string;
    status: string;
    attempts: number;
    recipient: string;
    last_error: string | null;
    message_id: string | null;
  }>(
    `select id, status, attempts, recipient, last_error, message_id from receipt_emails
     where tenant_id = $1 order by created_at, id`,
    [tenantId],
  );
  return rows;
}
