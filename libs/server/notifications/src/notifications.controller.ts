import { Body, Controller, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '@equip/server/http';
import type { MarkNotificationsReadResult, NotificationPage, NotificationPreferences, SessionUser } from '@equip/shared/contracts';
import { MarkReadDto, NotificationQueryDto, PreferencesDto } from './dto/notifications.dto';
import { NotificationsService } from './notifications.service';

/** My own notifications and email preference. Every role gets the same: their own. */
@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOkResponse({ description: 'My notifications, newest first, a page at a time, with the unread count.' })
  list(@CurrentUser() user: SessionUser, @Query() query: NotificationQueryDto): Promise<NotificationPage> {
    return this.notifications.list(user.id, query);
  }

  @Post('read')
  @HttpCode(200)
  @ApiOkResponse({ description: 'Marked read (mine only); answers with the unread count.' })
  markRead(@CurrentUser() user: SessionUser, @Body() body: MarkReadDto): Promise<MarkNotificationsReadResult> {
    return this.notifications.markRead(user.id, body);
  }

  @Get('preferences')
  preferences(@CurrentUser() user: SessionUser): Promise<NotificationPreferences> {
    return this.notifications.preferences(user.id);
  }

  @Put('preferences')
  @ApiBadRequestResponse({ description: 'Asked to turn off reminder email for assigned trainings (field assignedTrainingEmail).' })
  setPreferences(@CurrentUser() user: SessionUser, @Body() body: PreferencesDto): Promise<NotificationPreferences> {
    return this.notifications.setPreferences(user.id, body);
  }
}
