import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Department } from './department.entity';

/** A member of the city's workforce, as the roster describes them. Never hard-deleted. */
@Entity('staff')
export class Staff {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text')
  employeeId!: string;

  @Column('text')
  email!: string;

  @Column('text')
  firstName!: string;

  @Column('text')
  lastName!: string;

  @Column('uuid')
  departmentId!: string;

  @ManyToOne(() => Department)
  @JoinColumn({ name: 'department_id' })
  department?: Department;

  @Column('text', { nullable: true })
  jobTitle!: string | null;

  @Column('text', { nullable: true })
  jobClass!: string | null;

  @Column('text', { nullable: true })
  workLocation!: string | null;

  @Column('uuid', { nullable: true })
  managerId!: string | null;

  @Column('date', { nullable: true })
  hireDate!: string | null;

  @Column('boolean', { default: true })
  active!: boolean;

  @Column('timestamptz', { nullable: true })
  deactivatedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
