import { Module } from '@nestjs/common';
import { CourseCompletion } from './course-completion';
import { LearnerCatalogController } from './learner-catalog.controller';
import { LearningController } from './learning.controller';
import { LearningRepository } from './learning.repository';
import { LearningService } from './learning.service';

/** The learner: the catalog to browse, enrolment, lessons, knowledge checks, completion and its awards. */
@Module({
  controllers: [LearnerCatalogController, LearningController],
  providers: [LearningRepository, CourseCompletion, LearningService],
  exports: [LearningService],
})
export class LearningModule {}
