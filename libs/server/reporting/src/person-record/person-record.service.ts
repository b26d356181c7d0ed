import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@equip/server/config';
import { NotFoundError } from '@equip/server/http';
import { RenderPool } from '@equip/server/runtime';
import { ASSIGNMENT_STATUSES, type AssignmentStatus, type PersonRecord } from '@equip/shared/contracts';
import type { StaffScope } from '@equip/shared/domain';
import { peopleScope } from '../drilldown.service';
import { personRecordCsv } from './person-record-csv';
import { PERSON_RECORD_PDF } from './person-record-pdf.renderer';
import { PersonRecordRepository } from './person-record.repository';

/**
 * A person's record of learning, for the person, their equity leads and RASE administrators. Anyone
 * else (a lead outside the person's departments, a viewer, another learner) gets the same 404 as
 * for a person who does not exist.
 */
@Injectable()
export class PersonRecordService {
  constructor(
    private readonly repository: PersonRecordRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly renderPool: RenderPool,
  ) {}

  async record(scope: StaffScope, staffId: string): Promise<PersonRecord> {
    // A viewer reads only their own record, unless they also lead departments (then those people too).
    const effective = peopleScope(scope) ?? scope;
    return this.repository.read(async (m) => {
      const person = await this.repository.person(m, effective, staffId);
      if (!person) throw new NotFoundError('There is no staff member with this address in the departments you can see.');
      const assignments = await this.repository.assignments(m, staffId);
      const courses = await this.repository.courses(m, staffId);
      const knowledgeChecks = await this.repository.knowledgeChecks(m, staffId);
      const knowledgeCheckAllowances = await this.repository.knowledgeCheckAllowances(m, staffId);
      const certificates = await this.repository.certificates(m, staffId);
      const reminders = await this.repository.reminders(m, staffId);
      const cohorts = await this.repository.cohorts(m, staffId);
      const counts = Object.fromEntries(ASSIGNMENT_STATUSES.map((s) => [s, 0])) as Record<AssignmentStatus, number>;
      for (const a of assignments) if (a.current) counts[a.status] += 1;
      return {
        person,
        asOf: new Date().toISOString(),
        summary: { ...counts, certificates: certificates.filter((c) => c.revokedAt === null).length },
        assignments,
        courses,
        knowledgeChecks,
        knowledgeCheckAllowances,
        certificates,
        reminders,
        cohorts,
      };
    });
  }

  toCsv(record: PersonRecord): string {
    return personRecordCsv(record, this.config.cityTimeZone);
  }

  /**
   * The record as a PDF whose first page summarizes, laid out on the render pool's threads as the
   * summary PDFs are (a full queue answers 503 with Retry-After).
   */
  async pdf(scope: StaffScope, staffId: string): Promise<{ pdf: Buffer; fileName: string }> {
    const record = await this.record(scope, staffId);
    const pdf = await this.renderPool.render(PERSON_RECORD_PDF, { record, cityName: this.config.cityName, timeZone: this.config.cityTimeZone });
    return { pdf, fileName: recordFileName(record) };
  }
}

/** A file name from the person's name and employee ID, in safe characters only. */
export function recordFileName(record: PersonRecord): string {
  const { lastName, firstName, employeeId } = record.person;
  const base = `learning-record-${lastName}-${firstName}-${employeeId}`.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-');
  return base.replace(/-$/, '');
}
