import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@equip/server/audit';
import { FieldValidationException, type FieldError } from '@equip/server/http';
import { ROSTER_COLUMNS, type RosterFileFormat, type RosterFileFormatView } from '@equip/shared/contracts';
import { DataSource } from 'typeorm';
import { normalizeHeader } from '../file/roster-header';
import { RosterFormatRepository } from './roster-format.repository';

/** The city's roster file format: read by every import, changed by a RASE administrator (audited). */
@Injectable()
export class RosterFormatService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: RosterFormatRepository,
    private readonly audit: AuditService,
  ) {}

  current(): Promise<RosterFileFormatView> {
    return this.repository.find(this.dataSource.manager);
  }

  async save(format: RosterFileFormat, actorId: string, ip: string): Promise<RosterFileFormatView> {
    const columnNames = format.columnNames.map(({ header, column }) => ({ header: header.trim(), column }));
    const problems = namingProblems(columnNames);
    if (problems.length > 0) throw new FieldValidationException(problems);
    return this.dataSource.transaction(async (manager) => {
      const before = await this.repository.find(manager, { lock: true });
      const saved = await this.repository.save(manager, { dateOrder: format.dateOrder, columnNames }, actorId);
      await this.audit.record(
        {
          actorId,
          action: 'roster.format_changed',
          subjectType: 'roster',
          before: { dateOrder: before.dateOrder, columnNames: before.columnNames },
          after: { dateOrder: saved.dateOrder, columnNames: saved.columnNames },
          ip,
        },
        manager,
      );
      return saved;
    });
  }
}

/**
 * A saved name must be readable as a header (some letter or digit) and mean one column: not two
 * names that compare equal, and not another column's own name (`email` saved for employee_id).
 */
export function namingProblems(columnNames: RosterFileFormat['columnNames']): FieldError[] {
  const problems: FieldError[] = [];
  const own = new Map<string, string>(ROSTER_COLUMNS.map((column) => [normalizeHeader(column), column]));
  const seen = new Map<string, number>();
  columnNames.forEach(({ header, column }, i) => {
    const field = `columnNames.${i}.header`;
    const key = normalizeHeader(header);
    const first = seen.get(key);
    if (key === '') problems.push({ field, message: `"${header}" has no letters or digits; headers are compared by those alone` });
    else if (own.has(key) && own.get(key) !== column) problems.push({ field, message: `"${header}" is the roster's own name for ${own.get(key)}` });
    else if (first !== undefined) problems.push({ field, message: `"${header}" is already saved (as item ${first + 1}); headers are compared without case, spaces or punctuation` });
    else seen.set(key, i);
  });
  return problems;
}
