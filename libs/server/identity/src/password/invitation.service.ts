import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@equip/server/audit';
import { APP_CONFIG, AppConfig } from '@equip/server/config';
import { NotFoundError, tooManyRequests } from '@equip/server/http';
import { RateLimiter } from '@equip/server/queue';
import type { InviteStaffRequest, InviteStaffResult } from '@equip/shared/contracts';
import type { StaffScope } from '@equip/shared/domain';
import { DataSource } from 'typeorm';
import { queueInvitations } from './invitation-outbox';
import { PasswordTokenRepository } from './password-token.repository';

export const ASK_FOR_INVITATION_ANSWER =
  'If you are on the city’s staff list and cannot sign in yet, your invitation is on its way to your work email. Check your email.';
const TOO_MANY_REQUESTS = 'Too many requests from this address. Wait a few minutes and try again.';
/** Requests per network address (anyone), and invitations one person can ask for. */
const ASK_PER_ADDRESS = { max: 10, windowSeconds: 15 * 60 };
const ASK_PER_PERSON = { max: 3, windowSeconds: 60 * 60 };

/**
 * Inviting people who cannot sign in yet. A request only queues invitations (one `staff.invited`
 * outbox row each, with the audit event, in one transaction); the worker's InvitationSender makes
 * each link and mail, within the city's hourly limit.
 */
@Injectable()
export class InvitationService {
  private readonly logger = new Logger(InvitationService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tokens: PasswordTokenRepository,
    private readonly audit: AuditService,
    private readonly limiter: RateLimiter,
  ) {}

  /**
   * Invites (or invites again, which replaces the earlier link) every active person named, in the
   * department's subtree or in the cohort, who has no account and no invitation already waiting.
   * Someone, a department or a cohort outside the caller's scope is answered like one that does
   * not exist, and nothing is written.
   */
  async invite(scope: StaffScope, request: InviteStaffRequest, ip?: string): Promise<InviteStaffResult> {
    const staffIds = [...new Set(request.staffIds ?? [])];
    if (request.departmentId && !(await this.tokens.departmentVisible(scope, request.departmentId))) throw new NotFoundError('No such department');
    if (request.cohortId && !(await this.tokens.cohortVisible(scope, request.cohortId))) throw new NotFoundError('No such cohort');
    const candidates = await this.tokens.invitationCandidates(scope, { staffIds, departmentId: request.departmentId, cohortId: request.cohortId });
    const found = new Set(candidates.map((c) => c.staffId));
    if (staffIds.some((id) => !found.has(id))) throw new NotFoundError(staffIds.length === 1 ? 'No such staff member' : 'One or more of staffIds is no staff member you may invite');

    const toInvite = candidates.filter((c) => ['never_invited', 'invited', 'expired'].includes(c.status)).map((c) => c.staffId);
    const alreadyHaveAccount = candidates.filter((c) => c.status === 'sso' || c.status === 'password').length;
    const alreadyWaiting = candidates.filter((c) => c.status === 'waiting').length;
    const inactive = candidates.filter((c) => c.status === 'inactive').length;
    const skipped = alreadyHaveAccount + alreadyWaiting + inactive;
    if (toInvite.length === 0) return { invited: 0, waiting: 0, alreadyHaveAccount, alreadyWaiting, inactive, skipped, notSent: 0 };

    const load = await this.tokens.invitationLoad();
    const room = Math.max(0, this.config.invitationsPerHour - load.sentLastHour - load.queued);
    const subject = request.cohortId
      ? { subjectType: 'cohort', subjectId: request.cohortId }
      : request.departmentId
        ? { subjectType: 'department', subjectId: request.departmentId }
        : { subjectType: 'staff', subjectId: toInvite.length === 1 ? toInvite[0] : null };
    await this.dataSource.transaction(async (manager) => {
      await queueInvitations(manager, toInvite);
      await this.audit.record(
        { actorId: scope.actorId, action: 'staff.invited', ...subject, after: { invited: toInvite.length, staffIds: toInvite }, ip },
        manager,
      );
    });
    return { invited: toInvite.length, waiting: Math.max(0, toInvite.length - room), alreadyHaveAccount, alreadyWaiting, inactive, skipped, notSent: 0 };
  }

  /**
   * Someone without an account asks for their invitation (from the link in a reminder). The caller
   * always gives the same answer, even when queuing failed, so it never tells whether the person
   * exists. As with a forgotten password, the work is done before answering (a lookup for everyone,
   * one insert for a match: the difference is the size of the per-address limit's probing budget);
   * the mail itself is sent by the worker. An invitation is queued only for an active person with
   * no account and none already waiting, at most a few an hour.
   */
  async ask(emailOrEmployeeId: string, ip: string): Promise<void> {
    const wait = await this.limiter.hit([{ key: `invitation-ask:address:${ip}`, ...ASK_PER_ADDRESS }]);
    if (wait !== undefined) throw tooManyRequests(TOO_MANY_REQUESTS, wait);
    try {
      await this.queueAsked(emailOrEmployeeId.trim(), ip);
    } catch (error) {
      this.logger.error(`Could not queue an asked-for invitation: ${(error as Error).message}`);
    }
  }

  private async queueAsked(emailOrEmployeeId: string, ip: string): Promise<void> {
    const person = await this.tokens.askingPerson(emailOrEmployeeId);
    if (!person || !['never_invited', 'invited', 'expired'].includes(person.status)) return;
    if ((await this.limiter.hit([{ key: `invitation-ask:staff:${person.staffId}`, ...ASK_PER_PERSON }])) !== undefined) return;
    await this.dataSource.transaction(async (manager) => {
      await queueInvitations(manager, [person.staffId]);
      await this.audit.record(
        { actorId: null, action: 'staff.invitation_requested', subjectType: 'staff', subjectId: person.staffId, after: { invited: 1 }, ip },
        manager,
      );
    });
  }
}
