import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { RosterImportResult } from '@equip/shared/contracts';
import { RosterImportStore } from './roster-import-store';

function result(overrides: Partial<RosterImportResult> = {}): RosterImportResult {
  return {
    dryRun: true,
    applied: false,
    rows: 3,
    problems: [],
    added: [{ employeeId: 'E9', name: 'New Person' }],
    changed: [],
    deactivated: [],
    reactivated: [],
    unchanged: 2,
    ...overrides,
  };
}

const withProblems = result({
  problems: [
    { line: 3, column: 'email', message: '"nope" is not an email address.' },
    { line: 7, column: null, message: 'The row has 9 values; the header has 11.' },
  ],
  added: [],
});

describe('RosterImportStore', () => {
  let store: RosterImportStore;
  let http: HttpTestingController;
  const file = new File(['employee_id,first_name\n'], 'roster.csv', { type: 'text/csv' });

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), RosterImportStore] });
    store = TestBed.inject(RosterImportStore);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  function upload(dryRun: boolean): TestRequest {
    const request = http.expectOne((r) => r.url === '/api/roster/imports' && r.params.get('dryRun') === String(dryRun));
    expect(request.request.method).toBe('POST');
    const body = request.request.body as FormData;
    expect(body).toBeInstanceOf(FormData);
    expect((body.get('file') as File).name).toBe('roster.csv');
    return request;
  }

  it('checks the file with a dry run and keeps what would change', async () => {
    const checking = store.check(file);
    expect(store.phase()).toBe('checking');
    upload(true).flush(result());
    await checking;

    expect(store.phase()).toBe('checked');
    expect(store.changeCount()).toBe(1);
    expect(store.canImport()).toBe(true);
  });

  it('takes a 422 as the list of problems, and will not import that file', async () => {
    const checking = store.check(file);
    upload(true).flush(
      { type: 'about:blank', title: 'Unprocessable Entity', status: 422, detail: 'The roster has 2 problems; nothing was imported.', ...withProblems },
      { status: 422, statusText: 'Unprocessable Entity' },
    );
    await checking;

    expect(store.error()).toBeNull();
    expect(store.result()?.problems.map((p) => p.line)).toEqual([3, 7]);
    expect(store.problemCount()).toBe(2);
    expect(store.canImport()).toBe(false);
    await store.confirm();
    http.expectNone((r) => r.params.get('dryRun') === 'false');
  });

  it('counts problems the api left out of a very long list', async () => {
    const checking = store.check(file);
    upload(true).flush({ ...withProblems, omittedProblems: 998 }, { status: 422, statusText: 'Unprocessable Entity' });
    await checking;
    expect(store.problemCount()).toBe(1000);
  });

  it('imports the same file without the dry run once confirmed', async () => {
    const checking = store.check(file);
    upload(true).flush(result());
    await checking;

    const importing = store.confirm();
    expect(store.phase()).toBe('importing');
    upload(false).flush(result({ dryRun: false, applied: true }));
    await importing;

    expect(store.phase()).toBe('imported');
    expect(store.result()?.applied).toBe(true);
    expect(store.canImport()).toBe(false);
  });

  it('keeps a refused upload as an error (not CSV), with nothing to import', async () => {
    const checking = store.check(file);
    upload(true).flush(
      { title: 'Bad Request', status: 400, errors: [{ field: 'file', message: 'file must be a CSV text file, not a PDF' }] },
      { status: 400, statusText: 'Bad Request' },
    );
    await checking;

    expect(store.phase()).toBe('idle');
    expect(store.error()?.problem.errors?.[0]?.message).toContain('not a PDF');
    expect(store.result()).toBeNull();
  });

  it('forgets the file on reset', async () => {
    const checking = store.check(file);
    upload(true).flush(result());
    await checking;
    store.reset();
    expect([store.phase(), store.result(), store.fileName()]).toEqual(['idle', null, null]);
  });

  it('checks and imports in the mode chosen, sending the number typed back only when given', async () => {
    store.setMode('changes-only');
    const checking = store.check(file);
    const check = upload(true);
    expect(check.request.params.get('mode')).toBe('changes-only');
    expect(check.request.params.has('confirmDeactivate')).toBe(false);
    check.flush(result({ deactivated: Array.from({ length: 60 }, (_, i) => ({ employeeId: `E${i}`, name: `P ${i}` })), confirmation: { required: true, deactivate: 60, threshold: 50, confirmed: false } }));
    await checking;
    expect(store.needsConfirmation()).toBe(true);

    const importing = store.confirm(60);
    const request = upload(false);
    expect(request.request.params.get('mode')).toBe('changes-only');
    expect(request.request.params.get('confirmDeactivate')).toBe('60');
    request.flush(result({ dryRun: false, applied: true }));
    await importing;
    expect(store.phase()).toBe('imported');
  });

  it('shows a refused confirmation like the check: the problem stating the number, nothing imported', async () => {
    const checking = store.check(file);
    upload(true).flush(result({ confirmation: { required: true, deactivate: 60, threshold: 50, confirmed: false } }));
    await checking;
    const importing = store.confirm(60);
    const problems = [{ line: 0, column: null, message: 'This import would deactivate 61 people, not 60; check the file again and confirm the number it shows.' }];
    upload(false).flush(
      { title: 'Unprocessable', status: 422, ...result({ dryRun: false, problems, confirmation: { required: true, deactivate: 61, threshold: 50, confirmed: false, refused: true } }) },
      { status: 422, statusText: 'Unprocessable Entity' },
    );
    await importing;
    expect(store.phase()).toBe('checked');
    expect(store.result()?.problems).toEqual(problems);
    expect(store.canImport()).toBe(false);
  });
});
