import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@equip/server/config';
import { InvalidInputError } from '@equip/server/http';
import type { MarkNotificationsReadResult, NotificationItem, NotificationPage, NotificationPreferences } from '@equip/shared/contracts';
import { DataSource } from 'typeorm';
import { learnerPath, rowStatus } from './digest-mails';
import type { MarkReadDto, NotificationQueryDto, PreferencesDto } from './dto/notifications.dto';
import { NotificationRepository, NotificationRow } from './notification.repository';

/** The signed-in person's own notifications and email preference (the api side). */
@Injectable()
export class NotificationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: NotificationRepository,
  ) {}

  async list(staffId: string, query: NotificationQueryDto): Promise<NotificationPage> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const { rows, total, unread } = await this.repository.list(this.dataSource.manager, staffId, {
      limit: pageSize,
      offset: (page - 1) * pageSize,
      unreadOnly: query.unreadOnly ?? false,
    });
    const now = new Date();
    return { items: rows.map((row) => item(row, now, this.config.cityTimeZone)), total, page, pageSize, unread };
  }

  async markRead(staffId: string, request: MarkReadDto): Promise<MarkNotificationsReadResult> {
    const ids = request.all ? null : (request.ids ?? []);
    if (ids?.length === 0) throw new InvalidInputError('Say which notifications to mark read', [{ field: 'ids', message: 'give ids, or all: true' }]);
    await this.repository.markRead(this.dataSource.manager, staffId, ids);
    return { unread: await this.repository.unreadCount(this.dataSource.manager, staffId) };
  }

  async preferences(staffId: string): Promise<NotificationPreferences> {
    return { optionalTrainingEmail: await this.repository.optionalTrainingEmail(this.dataSource.manager, staffId), assignedTrainingEmail: true };
  }

  /** Reminders for assigned trainings cannot be turned off: the city requires that training. */
  async setPreferences(staffId: string, request: PreferencesDto): Promise<NotificationPreferences> {
    if (request.assignedTrainingEmail === false) {
      throw new InvalidInputError('Reminder email for assigned trainings cannot be turned off', [
        { field: 'assignedTrainingEmail', message: 'reminders for assigned trainings are always emailed; only optional (self-enrolled) trainings can be turned off' },
      ]);
    }
    await this.repository.setOptionalTrainingEmail(this.dataSource.manager, staffId, request.optionalTrainingEmail);
    return this.preferences(staffId);
  }
}

function item(row: NotificationRow, now: Date, timeZone: string): NotificationItem {
  const escalation = row.kind === 'escalation';
  return {
    id: row.id,
    kind: row.kind,
    threshold: row.threshold,
    day: row.day,
    createdAt: new Date(row.createdAt).toISOString(),
    readAt: row.readAt ? new Date(row.readAt).toISOString() : null,
    delivery: row.delivery,
    assignment: {
      id: row.assignmentId,
      kind: row.subjectKind,
      slug: row.slug,
      title: row.title,
      dueOn: row.dueOn,
      status: rowStatus(row, now, timeZone),
      // A lead opens the cohort (or the person) the escalation is about; a learner opens the work.
      path: escalation ? (row.cohortId ? `/lead/cohorts/${row.cohortId}` : `/lead/people/${row.personId}`) : learnerPath(row),
    },
    person: escalation ? { id: row.personId, firstName: row.personFirstName, lastName: row.personLastName } : null,
    cohort: row.cohortId && (escalation || row.kind === 'nudge') ? { id: row.cohortId, name: row.cohortName ?? '' } : null,
  };
}
