export * from './entities/department.entity';
export * from './entities/staff.entity';
export * from './organisation.module';
export * from './organisation.service';
