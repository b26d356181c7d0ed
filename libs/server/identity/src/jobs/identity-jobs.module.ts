import { Module } from '@nestjs/common';
import { MailModule } from '@equip/server/mail';
import { InvitationSender } from '../password/invitation-sender';
import { PasswordTokenRepository } from '../password/password-token.repository';
import { ExpiredSessionsPurge } from './purge-expired-sessions';
import { SendInvitationProcessor } from './send-invitation.processor';

/**
 * Identity's part of the worker: the Invitations queue's processor, and the session purge that the
 * worker's Maintenance processor calls. Imported by the worker only.
 */
@Module({
  imports: [MailModule],
  providers: [PasswordTokenRepository, InvitationSender, SendInvitationProcessor, ExpiredSessionsPurge],
  exports: [ExpiredSessionsPurge, InvitationSender],
})
export class IdentityJobsModule {}
