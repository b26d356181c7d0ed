import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@equip/server/audit';
import { ConflictError, InvalidInputError, NotFoundError } from '@equip/server/http';
import type { GrantAttemptsRequest, GrantAttemptsResult, MoreAttemptsRequestRow } from '@equip/shared/contracts';
import type { StaffScope } from '@equip/shared/domain';
import { DataSource } from 'typeorm';
import { KnowledgeCheckRepository } from './knowledge-check.repository';

/**
 * A lead's or administrator's side of knowledge checks: who is waiting for more attempts, and
 * granting them. The person must be in the caller's scope (out of scope reads as missing), and a
 * caller never grants themselves attempts.
 */
@Injectable()
export class KnowledgeCheckGrantsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: KnowledgeCheckRepository,
    private readonly audit: AuditService,
  ) {}

  requests(scope: StaffScope): Promise<MoreAttemptsRequestRow[]> {
    return this.repository.openRequests(this.dataSource.manager, scope, 200);
  }

  async grant(scope: StaffScope, request: GrantAttemptsRequest, ip?: string): Promise<GrantAttemptsResult> {
    return this.dataSource.transaction(async (manager) => {
      if (request.staffId === scope.actorId || !(await this.repository.personInScope(manager, scope, request.staffId))) throw new NotFoundError('No such staff member');
      const enrollment = await this.repository.personEnrollment(manager, scope, request.staffId, request.courseSlug);
      if (!enrollment) {
        throw new InvalidInputError('This person has not started that course', [{ field: 'courseSlug', message: 'the person has no enrollment in this course' }]);
      }
      if (enrollment.courseArchived) throw new ConflictError('This course has been retired');
      const lesson = enrollment.lessons.find((l) => l.slug === request.lessonSlug);
      if (!lesson || lesson.type !== 'knowledge-check') {
        throw new InvalidInputError(`${enrollment.courseTitle} has no such knowledge check`, [{ field: 'lessonSlug', message: 'lessonSlug must name a knowledge check of the course' }]);
      }
      if (lesson.attempts === 0) throw new ConflictError('This knowledge check already allows unlimited attempts');
      const facts = await this.repository.attemptFacts(manager, enrollment.enrollmentId, lesson.slug);
      if (facts.passed) throw new ConflictError(`${enrollment.firstName} ${enrollment.lastName} has already passed this knowledge check`);
      const before = lesson.attempts + (await this.repository.extraAttempts(manager, enrollment.enrollmentId, lesson.slug));
      await this.repository.insertGrant(manager, { enrollmentId: enrollment.enrollmentId, lessonSlug: lesson.slug, extraAttempts: request.extraAttempts, grantedBy: scope.actorId });
      const attemptsAllowed = before + request.extraAttempts;
      await this.audit.record(
        {
          actorId: scope.actorId,
          action: 'knowledge_check.attempts_granted',
          subjectType: 'staff',
          subjectId: request.staffId,
          before: { attemptsAllowed: before, attemptsUsed: facts.used },
          after: {
            courseSlug: enrollment.courseSlug,
            title: enrollment.courseTitle,
            lessonSlug: lesson.slug,
            lessonTitle: lesson.title,
            extraAttempts: request.extraAttempts,
            attemptsAllowed,
          },
          ip,
        },
        manager,
      );
      return { attemptsAllowed, attemptsUsed: facts.used };
    });
  }
}
