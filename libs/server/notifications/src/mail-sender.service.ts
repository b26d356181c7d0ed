import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@equip/server/config';
import { markOutboxDone } from '@equip/server/database';
import { MailService } from '@equip/server/mail';
import { FileStorage } from '@equip/server/storage';
import { JobName, JobPayloads } from '@equip/shared/contracts';
import { DataSource } from 'typeorm';
import { delivered, lockDelivery, messageIdFor, recordDelivery } from './mail-delivery';

/**
 * SendMail: any message already addressed and rendered, sent once per `key` (the same delivery
 * record as the digests). Attachments are read from FileStorage when the job runs, so a job
 * carries a storage key, never the file. A mail that came from an outbox row (`mail.queued`) marks
 * the row done with its delivery record.
 */
@Injectable()
export class MailSenderService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly mail: MailService,
    private readonly storage: FileStorage,
  ) {}

  send(payload: JobPayloads[JobName.SendMail]): Promise<{ sent: boolean; messageId?: string }> {
    return this.dataSource.transaction(async (manager) => {
      await lockDelivery(manager, payload.key);
      if (await delivered(manager, payload.key)) {
        if (payload.outboxId) await markOutboxDone(manager, payload.outboxId);
        return { sent: false };
      }
      const attachments = await Promise.all(
        (payload.attachments ?? []).map(async (ref) => {
          const content = await this.storage.get(ref.storageKey);
          // Thrown, not skipped: the job retries (the file may still be being written) and then stays failed, visibly.
          if (!content) throw new Error(`Attachment ${ref.filename} is missing from storage (${ref.storageKey})`);
          return { filename: ref.filename, contentType: ref.contentType, content };
        }),
      );
      const sent = await this.mail.send({
        to: payload.to,
        subject: payload.subject,
        html: payload.html,
        text: payload.text,
        attachments,
        messageId: messageIdFor(payload.key, this.config.appUrl),
      });
      await recordDelivery(manager, { key: payload.key, recipient: payload.to, subject: payload.subject, messageId: sent.messageId });
      if (payload.outboxId) await markOutboxDone(manager, payload.outboxId);
      return { sent: true, messageId: sent.messageId };
    });
  }
}
