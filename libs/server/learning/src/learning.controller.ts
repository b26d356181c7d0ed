import { Body, Controller, Get, HttpCode, Post, Put, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, IdParam, SlugParam } from '@equip/server/http';
import type {
  AttemptResult,
  LessonContent,
  MoreAttemptsRequestResult,
  MyAssignment,
  MyCertificate,
  MyCompetency,
  MyEnrollment,
  SessionUser,
  TrackProgress,
} from '@equip/shared/contracts';
import type { Response } from 'express';
import { AffirmDto } from './dto/affirm.dto';
import { SaveReflectionDto } from './dto/save-reflection.dto';
import { SubmitAttemptDto } from './dto/submit-attempt.dto';
import { LearningService } from './learning.service';

/** The learner's own assignments, enrollments and achievements. Every role gets the same: their own. */
@ApiTags('learning')
@Controller('learning')
export class LearningController {
  constructor(private readonly learning: LearningService) {}

  @Get('assignments')
  @ApiOkResponse({ description: 'My assignments, overdue first, then due soonest.' })
  assignments(@CurrentUser() user: SessionUser): Promise<MyAssignment[]> {
    return this.learning.assignments(user.id);
  }

  @Post('courses/:slug/enrol')
  @ApiCreatedResponse({ description: 'Enrolled in the current version (200 when already enrolled).' })
  @ApiConflictResponse({ description: 'The course is retired, or prerequisites are not completed.' })
  async enrol(@CurrentUser() user: SessionUser, @SlugParam('slug', 'course') slug: string, @Res({ passthrough: true }) res: Response): Promise<MyEnrollment> {
    const { enrollment, created } = await this.learning.enrol(user.id, slug);
    res.status(created ? 201 : 200);
    return enrollment;
  }

  @Get('enrollments/:id')
  @ApiOkResponse({ description: 'My enrollment, its lessons and their states.' })
  @ApiNotFoundResponse({ description: 'No such enrollment of mine.' })
  enrollment(@CurrentUser() user: SessionUser, @IdParam('id') id: string): Promise<MyEnrollment> {
    return this.learning.enrollment(user.id, id);
  }

  @Get('enrollments/:id/lessons/:lessonSlug')
  @ApiOkResponse({ description: 'A lesson’s content; knowledge-check answers are not included.' })
  @ApiConflictResponse({ description: 'The lesson is not reachable yet.' })
  lesson(@CurrentUser() user: SessionUser, @IdParam('id') id: string, @SlugParam('lessonSlug', 'lesson') lessonSlug: string): Promise<LessonContent> {
    return this.learning.lesson(user.id, id, lessonSlug);
  }

  @Post('enrollments/:id/lessons/:lessonSlug/complete')
  @HttpCode(200)
  @ApiOkResponse({ description: 'A reading or video lesson is done (once, however often asked).' })
  complete(@CurrentUser() user: SessionUser, @IdParam('id') id: string, @SlugParam('lessonSlug', 'lesson') lessonSlug: string): Promise<MyEnrollment> {
    return this.learning.complete(user.id, id, lessonSlug);
  }

  @Post('enrollments/:id/lessons/:lessonSlug/attempts')
  @ApiCreatedResponse({ description: 'The attempt, scored, with the correct answers and feedback.' })
  @ApiConflictResponse({ description: 'No attempts left, or already passed.' })
  attempt(
    @CurrentUser() user: SessionUser,
    @IdParam('id') id: string,
    @SlugParam('lessonSlug', 'lesson') lessonSlug: string,
    @Body() body: SubmitAttemptDto,
  ): Promise<AttemptResult> {
    return this.learning.submitAttempt(user.id, id, lessonSlug, body.answers);
  }

  @Post('enrollments/:id/lessons/:lessonSlug/attempt-requests')
  @HttpCode(200)
  @ApiOkResponse({ description: 'My lead was asked for more attempts (once per allowance; asking again changes nothing).' })
  @ApiConflictResponse({ description: 'Attempts are left, or the check is already passed.' })
  askForMoreAttempts(@CurrentUser() user: SessionUser, @IdParam('id') id: string, @SlugParam('lessonSlug', 'lesson') lessonSlug: string): Promise<MoreAttemptsRequestResult> {
    return this.learning.askForMoreAttempts(user.id, id, lessonSlug);
  }

  @Put('enrollments/:id/lessons/:lessonSlug/reflection')
  @ApiOkResponse({ description: 'Saved, and the lesson is done; readable by its author only. A reflection with no words is refused (422 on text).' })
  reflection(
    @CurrentUser() user: SessionUser,
    @IdParam('id') id: string,
    @SlugParam('lessonSlug', 'lesson') lessonSlug: string,
    @Body() body: SaveReflectionDto,
  ): Promise<{ savedAt: string; enrollment: MyEnrollment }> {
    return this.learning.saveReflection(user.id, id, lessonSlug, body.text);
  }

  @Post('enrollments/:id/lessons/:lessonSlug/attestation')
  @HttpCode(200)
  @ApiOkResponse({ description: 'Affirmed (the first time is kept).' })
  attestation(
    @CurrentUser() user: SessionUser,
    @IdParam('id') id: string,
    @SlugParam('lessonSlug', 'lesson') lessonSlug: string,
    @Body() _body: AffirmDto,
  ): Promise<{ affirmedAt: string; enrollment: MyEnrollment }> {
    return this.learning.affirm(user.id, id, lessonSlug);
  }

  @Get('tracks')
  @ApiOkResponse({ description: 'Published tracks and my progress along each.' })
  tracks(@CurrentUser() user: SessionUser): Promise<TrackProgress[]> {
    return this.learning.tracks(user.id);
  }

  @Get('tracks/:slug')
  @ApiOkResponse({ description: 'One track and my progress along it.' })
  @ApiNotFoundResponse({ description: 'No such track.' })
  track(@CurrentUser() user: SessionUser, @SlugParam('slug', 'track') slug: string): Promise<TrackProgress> {
    return this.learning.track(user.id, slug);
  }

  @Get('competencies')
  @ApiOkResponse({ description: 'The highest level I hold in each competency.' })
  competencies(@CurrentUser() user: SessionUser): Promise<MyCompetency[]> {
    return this.learning.competencies(user.id);
  }

  @Get('certificates')
  @ApiOkResponse({ description: 'My certificates (issued by the worker after a completion).' })
  certificates(@CurrentUser() user: SessionUser): Promise<MyCertificate[]> {
    return this.learning.certificates(user.id);
  }
}
