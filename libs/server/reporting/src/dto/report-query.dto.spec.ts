import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CohortPeopleQueryDto, PeopleQueryDto } from './report-query.dto';

/** What the api's ValidationPipe does with a query string: transform, then validate, naming each bad field. */
function problems<T extends object>(type: new () => T, query: Record<string, string>): { value: T; fields: string[] } {
  const value = plainToInstance(type, query);
  return { value, fields: validateSync(value, { whitelist: true, forbidNonWhitelisted: true }).map((e) => e.property).sort() };
}

describe('person-level list queries', () => {
  it("takes a cohort's status, search and paging, and names each bad one", () => {
    expect(problems(CohortPeopleQueryDto, { status: 'overdue', search: 'lee', page: '2', pageSize: '200' })).toEqual({
      value: Object.assign(new CohortPeopleQueryDto(), { status: 'overdue', search: 'lee', page: 2, pageSize: 200 }),
      fields: [],
    });
    expect(problems(CohortPeopleQueryDto, { status: 'late', page: '0', pageSize: '201' }).fields).toEqual(['page', 'pageSize', 'status']);
    // A cohort's list has no dashboard filters: they are refused, not ignored.
    expect(problems(CohortPeopleQueryDto, { jobClass: 'Trades' }).fields).toEqual(['jobClass']);
  });

  it("takes a department's dashboard filters beside the same list controls", () => {
    expect(problems(PeopleQueryDto, { jobClass: 'Trades', activeOnly: 'true', status: 'exempt', page: '3' })).toEqual({
      value: Object.assign(new PeopleQueryDto(), { jobClass: 'Trades', activeOnly: true, status: 'exempt', page: 3 }),
      fields: [],
    });
    expect(problems(PeopleQueryDto, { activeOnly: 'maybe', status: 'late', pageSize: 'x' }).fields).toEqual(['activeOnly', 'pageSize', 'status']);
  });
});
