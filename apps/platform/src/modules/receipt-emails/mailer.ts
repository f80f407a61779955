import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer, { type NodemailerError } from 'nodemailer';
import type { MailConfig } from '../../config.ts';

// Hands one finished email to the outside world: an SMTP server (SMTP_URL), or, in embedded mode
// without one, an .eml file in the data folder that any mail program opens. The SMTP URL carries
// credentials: it is never logged, and errors recorded from a send are scrubbed of it.

export interface OutgoingEmail {
  /** The receipt_emails row id; the Message-ID derives from it, so a duplicate is recognisable. */
  readonly id: string;
  readonly to: string;
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}

export interface Delivery {
  readonly messageId: string | null;
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<Delivery>;
  close(): void;
}

export interface MailLog {
  info(details: Record<string, unknown>, message: string): void;
}

/** What the mail server said, as a reason a person can read, at most 500 characters. */
export interface MailFailure {
  readonly permanent: boolean;
  readonly reason: string;
}

const MAX_REASON = 500;

function domainOf(from: string): string {
  const address = from.match(/<([^>]+)>$/)?.[1] ?? from;
  return address.slice(address.lastIndexOf('@') + 1);
}

function messageIdOf(email: OutgoingEmail, from: string): string {
  return `<receipt-${email.id}@${domainOf(from)}>`;
}

/**
 * Permanent: the server refused this message for good (a 5xx reply such as 550 "no such user");
 * sending it again would only be refused again. Everything else (refused connection, timeout,
 * 4xx "try later") may go through on a later attempt.
 */
export function classifyMailError(error: unknown, secrets: readonly string[] = []): MailFailure {
  const failure = error as Partial<NodemailerError> | null;
  const permanent = failure?.permanent === true;
  const reply = failure?.response?.trim();
  const raw =
    reply && reply.length > 0
      ? reply
      : `${failure?.code ? `${failure.code}: ` : ''}${failure?.message ?? String(error)}`;
  let reason = raw.replace(/[\r\n]+/g, ' ');
  for (const secret of secrets) if (secret) reason = reason.split(secret).join('***');
  return { permanent, reason: reason.slice(0, MAX_REASON) };
}

/** The user name and password of an SMTP URL: what must never reach a log or the database. */
export function smtpSecrets(url: string): string[] {
  try {
    const parsed = new URL(url);
    return [parsed.username, parsed.password, decodeURIComponent(parsed.password)].filter(
      (part) => part.length > 0,
    );
  } catch {
    return [];
  }
}

function smtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport({
    url,
    // Bounded waits: a job must end (and retry) well before its queue lock would expire.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
    logger: false,
  });
  return {
    async send(email) {
      const info = await transport.sendMail({
        from,
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
        messageId: messageIdOf(email, from),
      });
      return { messageId: info.messageId ?? null };
    },
    close() {
      transport.close();
    },
  };
}

function fileMailer(dir: string, from: string, log: MailLog): Mailer {
  const transport = nodemailer.createTransport({
    streamTransport: true,
    buffer: true,
    newline: 'unix',
  });
  return {
    async send(email) {
      const info = await transport.sendMail({
        from,
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
        messageId: messageIdOf(email, from),
      });
      await mkdir(dir, { recursive: true });
      const path = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${email.id}.eml`);
      await writeFile(path, info.message as Buffer);
      log.info({ path }, 'receipt email written to a file (no SMTP_URL configured)');
      return { messageId: info.messageId ?? null };
    },
    close() {},
  };
}

/** null: email is not configured here (real PostgreSQL without SMTP_URL). */
export function createMailer(config: MailConfig | null, log: MailLog): Mailer | null {
  if (config === null) return null;
  return config.kind === 'smtp'
    ? smtpMailer(config.url, config.from)
    : fileMailer(config.dir, config.from, log);
}
