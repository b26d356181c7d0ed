import { Injectable } from '@nestjs/common';
import type { KnowledgeCheckLesson } from '@equip/shared/contracts';
import { isCourseComplete } from '@equip/shared/domain';
import { EntityManager } from 'typeorm';
import { EnrollmentRow, LearningRepository } from './learning.repository';

/** Outbox events this library writes; the worker relays them (certificates). */
export const COURSE_COMPLETED = 'course.completed';
export const TRACK_COMPLETED = 'track.completed';

export interface CourseCompletedEvent {
  enrollmentId: string;
  staffId: string;
  courseVersionId: string;
}

export interface TrackCompletedEvent {
  trackCompletionId: string;
  staffId: string;
  trackId: string;
}

/**
 * Completes a course, and any track it finishes, inside the caller's transaction — which holds the
 * enrollment's row lock — so the enrollment, the assignment, the awards and the outbox rows that
 * announce them commit together or not at all.
 */
@Injectable()
export class CourseCompletion {
  constructor(private readonly repository: LearningRepository) {}

  /** Completes the enrollment when its last required lesson and knowledge check are done; true when this call did. */
  async completeIfDone(manager: EntityManager, enrollment: EnrollmentRow, done: ReadonlySet<string>): Promise<boolean> {
    if (enrollment.completedAt || !isCourseComplete(enrollment.lessons, done)) return false;
    const checks = enrollment.lessons.filter((l): l is KnowledgeCheckLesson => l.type === 'knowledge-check');
    const questions = checks.reduce((n, l) => n + l.questions.length, 0);
    const score = questions === 0 ? null : Math.round((100 * (await this.repository.passedScore(manager, enrollment.id))) / questions);
    if (!(await this.repository.completeEnrollment(manager, enrollment.id, score))) return false;

    const { staffId } = enrollment;
    await this.repository.completeAssignment(manager, staffId, { courseId: enrollment.courseId });
    const competencies = await this.repository.versionCompetencies(manager, enrollment.versionId);
    await this.repository.award(manager, staffId, competencies, { kind: 'course', id: enrollment.versionId });
    const event: CourseCompletedEvent = { enrollmentId: enrollment.id, staffId, courseVersionId: enrollment.versionId };
    await this.repository.outbox(manager, COURSE_COMPLETED, { ...event });

    for (const track of await this.repository.tracksNowComplete(manager, staffId, enrollment.courseSlug)) {
      const trackCompletionId = await this.repository.insertTrackCompletion(manager, staffId, track.id);
      if (!trackCompletionId) continue;
      await this.repository.completeAssignment(manager, staffId, { trackId: track.id });
      await this.repository.award(manager, staffId, track.awards ? [track.awards] : [], { kind: 'track', id: track.id });
      const trackEvent: TrackCompletedEvent = { trackCompletionId, staffId, trackId: track.id };
      await this.repository.outbox(manager, TRACK_COMPLETED, { ...trackEvent });
    }
    return true;
  }
}
