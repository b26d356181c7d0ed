import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ExtendDto, RuleChangeDto } from './assign.dto';

/** What the api's ValidationPipe does with a body: transform, then validate, naming each bad field. */
function fields(body: Record<string, unknown>): string[] {
  return validateSync(plainToInstance(ExtendDto, body), { whitelist: true, forbidNonWhitelisted: true }).map((e) => e.property).sort();
}

describe('an extension request', () => {
  it('takes a calendar day and a reason', () => {
    expect(fields({ dueOn: '2027-02-28', reason: 'Back from leave on Feb 1' })).toEqual([]);
  });

  it('names dueOn when the day is missing, not a date, or does not exist', () => {
    expect(fields({ reason: 'x' })).toEqual(['dueOn']);
    expect(fields({ dueOn: 'next Friday', reason: 'x' })).toEqual(['dueOn']);
    expect(fields({ dueOn: '2027-02-30', reason: 'x' })).toEqual(['dueOn']);
    expect(fields({ dueOn: '2027-02-28T00:00:00Z', reason: 'x' })).toEqual(['dueOn']);
  });

  it('names reason when it is missing, blank or too long, and refuses other fields', () => {
    expect(fields({ dueOn: '2027-02-28' })).toEqual(['reason']);
    expect(fields({ dueOn: '2027-02-28', reason: '   ' })).toEqual(['reason']);
    expect(fields({ dueOn: '2027-02-28', reason: 'x'.repeat(501) })).toEqual(['reason']);
    expect(fields({ dueOn: '2027-02-28', reason: 'x', staffId: 'someone' })).toEqual(['staffId']);
  });
});

describe('a due rule change', () => {
  const check = (body: Record<string, unknown>) =>
    validateSync(plainToInstance(RuleChangeDto, body), { whitelist: true, forbidNonWhitelisted: true }).map((e) => e.property).sort();

  it('takes a rule, a recurrence and the confirmed count', () => {
    expect(check({ due: { kind: 'after_hire', days: 60 }, recurrenceMonths: 12, people: 38 })).toEqual([]);
    expect(check({ due: { kind: 'absolute', dueOn: '2027-03-01' }, recurrenceMonths: null, people: 0 })).toEqual([]);
  });

  it('names due, recurrenceMonths and people when they are missing or wrong', () => {
    expect(check({ people: 1 })).toEqual(['due']);
    expect(check({ due: { kind: 'after_hire' }, people: 1 })).toEqual(['due']);
    expect(check({ due: { kind: 'after_hire', days: 60 }, recurrenceMonths: 0, people: 1 })).toEqual(['recurrenceMonths']);
    expect(check({ due: { kind: 'after_hire', days: 60 } })).toEqual(['people']);
  });
});
