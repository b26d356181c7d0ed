import { Module } from '@nestjs/common';
import { CourseCompletion } from './course-completion';
import { KnowledgeCheckGrantsController } from './knowledge-check-grants.controller';
import { KnowledgeCheckGrantsService } from './knowledge-check-grants.service';
import { KnowledgeCheckRepository } from './knowledge-check.repository';
import { LearnerCatalogController } from './learner-catalog.controller';
import { LearningController } from './learning.controller';
import { LearningRepository } from './learning.repository';
import { LearningService } from './learning.service';

/** The learner: the catalog to browse, enrolment, lessons, knowledge checks, completion and its awards. */
@Module({
  controllers: [LearnerCatalogController, LearningController, KnowledgeCheckGrantsController],
  providers: [LearningRepository, KnowledgeCheckRepository, CourseCompletion, LearningService, KnowledgeCheckGrantsService],
  exports: [LearningService],
})
export class LearningModule {}
