import { Omittable, PageQueryDto } from '@equip/server/http';
import type { MarkNotificationsReadRequest } from '@equip/shared/contracts';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsOptional, Matches } from 'class-validator';

export class NotificationQueryDto extends PageQueryDto {
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'unreadOnly must be true or false' })
  unreadOnly?: boolean;
}

export class MarkReadDto implements MarkNotificationsReadRequest {
  @Omittable()
  @IsArray({ message: 'ids must be a list of notification ids' })
  @ArrayMaxSize(500)
  @Matches(/^\d{1,18}$/, { each: true, message: 'ids must be notification ids' })
  ids?: string[];

  @Omittable()
  @IsBoolean({ message: 'all must be true or false' })
  all?: boolean;
}

/** `assignedTrainingEmail` is accepted so that asking to turn it off gets a clear answer naming it. */
export class PreferencesDto {
  @IsBoolean({ message: 'optionalTrainingEmail must be true or false' })
  optionalTrainingEmail!: boolean;

  @Omittable()
  @IsBoolean({ message: 'assignedTrainingEmail must be true or false' })
  assignedTrainingEmail?: boolean;
}
