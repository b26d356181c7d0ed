import { Inject, Injectable, Logger, OnApplicationShutdown, Optional } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@equip/server/config';
import { mkdir, writeFile } from 'node:fs/promises';
import { randomBytes, randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { createTransport, type Transporter } from 'nodemailer';
import { composeAlternative } from './mime';
import { ActionMail, RenderedMail, renderActionMail } from './templates';

export interface MailMessage {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Files sent with the message (a certificate PDF), already read. */
  attachments?: MailAttachment[];
  /** A Message-ID of the caller's choosing (the same on every retry of one delivery); nodemailer makes one otherwise. */
  messageId?: string;
}

export interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

/**
 * Provide `true` beside a MailService that sends in bulk (the worker's digests): SMTP connections
 * are then pooled and reused (nodemailer `pool`, 5 connections) instead of one per message, which
 * under load costs several times the message itself. Unset (the api), each message has its own connection.
 */
export const MAIL_TRANSPORT_POOL = Symbol('MAIL_TRANSPORT_POOL');

export interface SentMail {
  messageId: string;
  /** The .eml file written when SMTP_URL is unset. */
  file?: string;
}

/**
 * Sends mail through SMTP_URL with nodemailer. Without SMTP_URL (development) each message is
 * written as an .eml file under MAIL_DIR instead, named by time and recipient, so a developer
 * can open it in a mail client.
 *
 * Callers send synchronously for now; the outbox/worker issue moves sending onto a queue so a
 * slow or unreachable SMTP server never holds up a request.
 */
@Injectable()
export class MailService implements OnApplicationShutdown {
  private readonly logger = new Logger(MailService.name);
  /**
   * Each message is written into one buffer first — directly (`composeAlternative`) when it is a
   * plain text-and-HTML mail, else by this nodemailer stream transport (attachments, non-ASCII
   * names) — and SMTP is handed those bytes (`raw`). Streaming the MIME parts into the socket as
   * nodemailer builds them cost a bulk sender (the worker's digests) about half its CPU.
   */
  private readonly composer: Transporter;
  private readonly transport?: Transporter;
  /** Where messages are written when there is no SMTP_URL. */
  private readonly folder: string;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() @Inject(MAIL_TRANSPORT_POOL) pooled = false,
  ) {
    this.composer = createTransport({ streamTransport: true, buffer: true, newline: 'windows' }, { from: config.mailFrom });
    this.folder = resolve(config.mailDir);
    if (config.smtpUrl) {
      this.transport = createTransport(
        // Bounded waits: a request that sends mail should fail in seconds, not minutes.
        { url: config.smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000, ...(pooled ? { pool: true, maxConnections: 5 } : {}) },
      );
    } else if (config.env === 'production') {
      this.logger.warn(`SMTP_URL is not set: mail is written to ${this.folder}, not sent`);
    }
  }

  /** Adds the footer (office, city, app address) to an action mail. */
  compose(mail: ActionMail): RenderedMail {
    return renderActionMail(mail, { cityName: this.config.cityName, officeName: this.config.officeName, appUrl: this.config.appUrl });
  }

  async send(message: MailMessage): Promise<SentMail> {
    const { envelope, bytes, messageId } = await this.bytesOf(message);
    if (this.transport) {
      await this.transport.sendMail({ envelope, raw: bytes });
      return { messageId };
    }
    await mkdir(this.folder, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const recipient = message.to.toLowerCase().replace(/[^a-z0-9@._-]+/g, '_').slice(0, 100);
    const file = join(this.folder, `${stamp}-${recipient}-${randomBytes(3).toString('hex')}.eml`);
    await writeFile(file, bytes);
    this.logger.log(`Mail to ${message.to} written to ${file}`);
    return { messageId, file };
  }

  /** The message's bytes and envelope: written directly when it is a plain text-and-HTML mail (`mime.ts`), else by nodemailer. */
  private async bytesOf(message: MailMessage): Promise<{ envelope: { from: string; to: string[] }; bytes: Buffer; messageId: string }> {
    // Asks auto-responders (out-of-office) not to answer a machine.
    const headers = { 'Auto-Submitted': 'auto-generated' };
    if (!message.attachments?.length) {
      const messageId = message.messageId ?? `<${randomUUID()}@${this.config.mailFrom.replace(/^.*@|>.*$/g, '') || 'equip.localhost'}>`;
      const direct = composeAlternative({ from: this.config.mailFrom, to: message.to, subject: message.subject, text: message.text, html: message.html, messageId, date: new Date(), headers });
      if (direct) return { envelope: direct.envelope, bytes: direct.message, messageId };
    }
    const composed = await this.composer.sendMail({
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      ...(message.attachments?.length ? { attachments: message.attachments } : {}),
      ...(message.messageId ? { messageId: message.messageId } : {}),
      headers,
    });
    return { envelope: composed.envelope as { from: string; to: string[] }, bytes: composed.message as Buffer, messageId: composed.messageId };
  }

  onApplicationShutdown(): void {
    this.transport?.close();
    this.composer.close();
  }
}
