import { Controller, Get, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, SlugParam } from '@equip/server/http';
import type { CatalogCourse, CourseDetail, SessionUser } from '@equip/shared/contracts';
import { CatalogQueryDto } from './dto/catalog-query.dto';
import { LearningService } from './learning.service';

/** The published catalog as every signed-in person browses it. */
@ApiTags('catalog')
@Controller('catalog')
export class LearnerCatalogController {
  constructor(private readonly learning: LearningService) {}

  @Get('courses')
  @ApiOkResponse({ description: 'Published courses that are not archived, filtered.' })
  courses(@Query() query: CatalogQueryDto): Promise<CatalogCourse[]> {
    return this.learning.catalog({
      search: query.search?.trim() || undefined,
      audience: query.audience,
      competency: query.competency,
      tag: query.tag,
    });
  }

  @Get('courses/:slug')
  @ApiOkResponse({ description: 'The current version of a course, and my enrollment in it.' })
  @ApiNotFoundResponse({ description: 'No such course, or it is archived.' })
  course(@CurrentUser() user: SessionUser, @SlugParam('slug', 'course') slug: string): Promise<CourseDetail> {
    return this.learning.courseDetail(user.id, slug);
  }
}
