import { IsIn, IsOptional } from 'class-validator';
import { createValidationPipe, FieldValidationException } from './validation';
import { IsCalendarDate, IsInstant, NestedObject, QueryInteger, RequiredText } from './validators';

class Due {
  @IsIn(['absolute'])
  kind!: 'absolute';

  @IsInstant()
  dueAt!: string;
}

class Assign {
  @RequiredText(20)
  name!: string;

  @IsOptional() @IsCalendarDate()
  startsOn?: string;

  @NestedObject(() => Due)
  due!: Due;
}

class Page {
  @IsOptional() @QueryInteger(1, 1000)
  page?: number;
}

const pipe = createValidationPipe();

/** The pipe's answer: the transformed value, or the fields it refused. */
async function check<T>(metatype: new () => T, value: unknown, type: 'body' | 'query' = 'body'): Promise<T | { field: string; message: string }[]> {
  try {
    return (await pipe.transform(value, { type, metatype })) as T;
  } catch (error) {
    if (error instanceof FieldValidationException) return error.fieldErrors;
    throw error;
  }
}

const valid = { name: 'Onboarding', due: { kind: 'absolute', dueAt: '2026-11-30T23:59:59Z' } };

describe('the validators that keep PostgreSQL from refusing what validation passed', () => {
  it('accepts a valid request and trims required text', async () => {
    expect(await check(Assign, { ...valid, name: '  Onboarding  ', startsOn: '2026-02-28' })).toMatchObject({ name: 'Onboarding', startsOn: '2026-02-28' });
  });

  it.each(['2026', '2026-11', '2026-W01', '2026-02-30', '0000-01-01', '2026-11-01T00:00:00Z'])('refuses %s as a calendar date, naming the field', async (startsOn) => {
    expect(await check(Assign, { ...valid, startsOn })).toEqual([{ field: 'startsOn', message: 'startsOn must be a date that exists, written YYYY-MM-DD' }]);
  });

  it.each(['2026-11-30', '2026-11-30T23:59:59', '2026-02-30T00:00:00Z', '2026-W01'])('refuses %s as due.dueAt', async (dueAt) => {
    expect(await check(Assign, { ...valid, due: { kind: 'absolute', dueAt } })).toEqual([
      { field: 'due.dueAt', message: 'dueAt must be a date and time with its offset, such as 2026-11-30T23:59:59Z' },
    ]);
  });

  it('refuses a name of spaces only, or none, as required', async () => {
    expect(await check(Assign, { ...valid, name: '   ' })).toEqual([{ field: 'name', message: 'name is required' }]);
    expect(await check(Assign, { due: valid.due })).toEqual([{ field: 'name', message: 'name is required' }]);
    expect(await check(Assign, { ...valid, name: 7 })).toEqual([{ field: 'name', message: 'name must be text' }]);
    expect(await check(Assign, { ...valid, name: 'x'.repeat(21) })).toEqual([{ field: 'name', message: 'name must be at most 20 characters' }]);
  });

  it('refuses a missing nested object, and an array or text in its place', async () => {
    expect(await check(Assign, { name: 'x' })).toEqual([{ field: 'due', message: 'due is required' }]);
    expect(await check(Assign, { name: 'x', due: [valid.due] })).toEqual([{ field: 'due', message: 'due must be an object' }]);
    expect(await check(Assign, { name: 'x', due: 'soon' })).toEqual([{ field: 'due', message: 'due must be an object' }]);
  });

  it('converts only whole numbers in a query, within bounds', async () => {
    expect(await check(Page, { page: '12' }, 'query')).toEqual({ page: 12 });
    for (const page of ['1e20', '0x10', ' 5', '5.0', '', 'two']) {
      expect(await check(Page, { page }, 'query')).toEqual([{ field: 'page', message: 'page must be a whole number' }]);
    }
    expect(await check(Page, { page: '100000000000000000000' }, 'query')).toEqual([{ field: 'page', message: 'page must be a whole number' }]);
    expect(await check(Page, { page: '1001' }, 'query')).toEqual([{ field: 'page', message: 'page must be at most 1,000' }]);
    expect(await check(Page, { page: '0' }, 'query')).toEqual([{ field: 'page', message: 'page must be at least 1' }]);
  });
});
