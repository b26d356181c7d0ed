import { Module } from '@nestjs/common';
import { MAIL_TRANSPORT_POOL, MailService } from '@equip/server/mail';
import { StorageModule } from '@equip/server/storage';
import { DigestService } from './digest.service';
import { EmailProcessor } from './jobs/email.processor';
import { RemindersProcessor } from './jobs/reminders.processor';
import { MailSenderService } from './mail-sender.service';
import { NotificationRepository } from './notification.repository';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';
import { DEFAULT_NUDGE_MAIL_DELAY_MS, NUDGE_MAIL_DELAY, NudgeService } from './nudge.service';
import { ReminderSchedule } from './reminder-schedule';
import { ReminderSweepService } from './reminder-sweep.service';

/** The api side: my notifications and email preference. */
@Module({
  controllers: [NotificationsController],
  providers: [NotificationRepository, NotificationsService],
})
export class NotificationsModule {}

/**
 * The worker side: the reminders queue (sweep, digests, nudges), the email queue, and the daily
 * sweep's job scheduler. Needs the global QueueModule, DatabaseModule and ConfigModule.
 */
@Module({
  imports: [StorageModule],
  providers: [
    // A MailService of its own, with pooled SMTP connections: digests go out in bulk.
    MailService,
    { provide: MAIL_TRANSPORT_POOL, useValue: true },
    NotificationRepository,
    ReminderSweepService,
    DigestService,
    NudgeService,
    MailSenderService,
    RemindersProcessor,
    EmailProcessor,
    ReminderSchedule,
    { provide: NUDGE_MAIL_DELAY, useValue: DEFAULT_NUDGE_MAIL_DELAY_MS },
  ],
})
export class NotificationsWorkerModule {}
