import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Department } from './entities/department.entity';
import { Staff } from './entities/staff.entity';
import { CityController } from './city.controller';
import { OrganisationController } from './organisation.controller';
import { OrganisationRepository } from './organisation.repository';
import { OrganisationService } from './organisation.service';

/** Departments, staff and their roles: the department browser and people management. */
@Module({
  imports: [TypeOrmModule.forFeature([Department, Staff])],
  controllers: [OrganisationController, CityController],
  providers: [OrganisationRepository, OrganisationService],
  exports: [OrganisationService],
})
export class OrganisationModule {}
