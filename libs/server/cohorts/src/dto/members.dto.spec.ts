import { randomUUID } from 'node:crypto';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { BULK_EXTEND_MAX, BulkExtendDto, BulkExtendPreviewDto } from './members.dto';

/** What the api's ValidationPipe does with a body: transform, then validate, naming each bad field. */
const fields = (dto: typeof BulkExtendDto | typeof BulkExtendPreviewDto, body: Record<string, unknown>): string[] =>
  validateSync(plainToInstance(dto, body), { whitelist: true, forbidNonWhitelisted: true }).map((e) => e.property).sort();

describe('a bulk extension request', () => {
  const good = () => ({ staffIds: [randomUUID(), randomUUID()], cohortAssignmentId: randomUUID(), dueOn: '2027-02-28', reason: 'Storm recovery', count: 2 });

  it('takes the selected people, the cohort assignment, a calendar day, a reason and the confirmed count', () => {
    expect(fields(BulkExtendDto, good())).toEqual([]);
    const { reason: _r, count: _c, ...preview } = good();
    expect(fields(BulkExtendPreviewDto, preview)).toEqual([]);
  });

  it('names staffIds when the selection is empty, too long or not staff ids', () => {
    expect(fields(BulkExtendDto, { ...good(), staffIds: [] })).toEqual(['staffIds']);
    expect(fields(BulkExtendDto, { ...good(), staffIds: Array.from({ length: BULK_EXTEND_MAX + 1 }, () => randomUUID()) })).toEqual(['staffIds']);
    expect(fields(BulkExtendDto, { ...good(), staffIds: ['E1001'] })).toEqual(['staffIds']);
    expect(fields(BulkExtendDto, { ...good(), staffIds: undefined })).toEqual(['staffIds']);
  });

  it('names dueOn, reason, count and cohortAssignmentId when missing or wrong', () => {
    expect(fields(BulkExtendDto, { ...good(), dueOn: '2027-02-30' })).toEqual(['dueOn']);
    expect(fields(BulkExtendDto, { ...good(), dueOn: undefined })).toEqual(['dueOn']);
    expect(fields(BulkExtendDto, { ...good(), reason: '  ' })).toEqual(['reason']);
    expect(fields(BulkExtendDto, { ...good(), reason: undefined })).toEqual(['reason']);
    expect(fields(BulkExtendDto, { ...good(), count: 0 })).toEqual(['count']);
    expect(fields(BulkExtendDto, { ...good(), count: 1.5 })).toEqual(['count']);
    expect(fields(BulkExtendDto, { ...good(), cohortAssignmentId: 'basics' })).toEqual(['cohortAssignmentId']);
    expect(fields(BulkExtendDto, { ...good(), staffId: randomUUID() })).toEqual(['staffId']);
  });
});
