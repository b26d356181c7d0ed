import { IsCalendarDate, PageQueryDto } from '@equip/server/http';
import { AUDIT_ACTION_GROUPS, AUDIT_ACTIONS } from '@equip/shared/contracts';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

/** What `action` accepts: an action code, or the key of a group of them. */
export const AUDIT_ACTION_FILTERS: readonly string[] = [...AUDIT_ACTION_GROUPS.map((g) => g.key), ...AUDIT_ACTIONS.map((a) => a.action)];

export class AuditQueryDto extends PageQueryDto {
  /** An action code (`assignment.exempted`) or a group of them (`assignments`). */
  @IsOptional()
  @IsIn(AUDIT_ACTION_FILTERS, { message: 'action must be a kind of action the audit log lists, such as assignments or assignment.exempted' })
  action?: string;

  @IsOptional()
  @IsUUID('all', { message: 'actorId must be a staff id' })
  actorId?: string;

  /** Events by this person or about them. */
  @IsOptional()
  @IsUUID('all', { message: 'staffId must be a staff id' })
  staffId?: string;

  /** The subject's department (or one below it) when the event happened. */
  @IsOptional()
  @IsUUID('all', { message: 'departmentId must be a department id' })
  departmentId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(50)
  subjectType?: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  subjectId?: string;

  /** The first day whose events are included, in the city's time zone. */
  @IsOptional()
  @IsCalendarDate({ message: 'from must be a date such as 2026-11-01' })
  from?: string;

  /** The last day whose events are included, in the city's time zone. */
  @IsOptional()
  @IsCalendarDate({ message: 'to must be a date such as 2026-11-30' })
  to?: string;

  @IsOptional()
  @IsIn(['json', 'csv'], { message: 'format must be json or csv' })
  format?: 'json' | 'csv';
}
