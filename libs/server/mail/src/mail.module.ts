import { Module } from '@nestjs/common';
import { MailService } from './mail.service';

/** Outgoing email: import it where a use case sends mail. */
@Module({ providers: [MailService], exports: [MailService] })
export class MailModule {}
