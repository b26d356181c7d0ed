import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { Page, RosterImportRecord, RosterImportResult } from '@equip/shared/contracts';
import { ROSTER_ROUTES } from './roster.routes';

const clean: RosterImportResult = {
  dryRun: true,
  applied: false,
  rows: 3,
  problems: [],
  added: [{ employeeId: 'E9', name: 'Nia Park' }],
  changed: [{ employeeId: 'E2', name: 'Bo Chen', fields: { job_title: ['Analyst I', 'Analyst II'] } }],
  deactivated: [],
  reactivated: [],
  unchanged: 1,
};

const record = (over: Partial<RosterImportRecord> = {}): RosterImportRecord => ({
  id: '6f1c2a9e-0000-4000-8000-000000000001',
  at: '2026-12-04T15:30:00.000Z',
  actor: { id: 'a1', name: 'Ana Diaz' },
  via: 'upload',
  mode: 'full',
  fileName: 'roster-dec.csv',
  sha256: 'ab'.repeat(32),
  status: 'applied',
  rows: 444,
  added: 2,
  changed: 3,
  deactivated: 133,
  reactivated: 0,
  unchanged: 306,
  problems: [],
  confirmed: true,
  undoes: null,
  undoneBy: null,
  undoable: true,
  ...over,
});

const pageOf = (items: RosterImportRecord[]): Page<RosterImportRecord> => ({ items, total: items.length, page: 1, pageSize: 20 });

describe('RosterImportPage', () => {
  /** What the history answers when the page opens. */
  let initialHistory = pageOf([]);
  let http: HttpTestingController;
  let harness: RouterTestingHarness;
  let page: HTMLElement;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([{ path: 'roster', children: ROSTER_ROUTES }])],
    });
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create('/roster');
    page = harness.routeNativeElement as HTMLElement;
    document.body.appendChild(page);
    history().flush(initialHistory);
    http.expectOne((r) => r.method === 'GET' && r.url === '/api/roster/feed-files').flush({ items: [], total: 0, page: 1, pageSize: 20 });
    await settle();
  });

  function history() {
    return http.expectOne((r) => r.method === 'GET' && r.url === '/api/roster/imports');
  }

  afterEach(() => {
    http.verify();
    page.remove();
  });

  function chooseFile(): void {
    const input = page.querySelector<HTMLInputElement>('#roster-file')!;
    const file = new File(['employee_id\n'], 'roster.csv', { type: 'text/csv' });
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    input.dispatchEvent(new Event('change'));
  }

  function button(name: string): HTMLButtonElement | undefined {
    return [...page.querySelectorAll('button')].find((b) => b.textContent?.replace(/\s+/g, ' ').trim().startsWith(name));
  }

  async function settle(): Promise<void> {
    await harness.fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await harness.fixture.whenStable();
  }

  function upload(dryRun: boolean): TestRequest {
    return http.expectOne((r) => r.method === 'POST' && r.url === '/api/roster/imports' && r.params.get('dryRun') === String(dryRun));
  }

  it('has a labelled CSV file input and describes the columns', () => {
    const input = page.querySelector<HTMLInputElement>('#roster-file');
    expect(page.querySelector('label[for="roster-file"]')?.textContent).toContain('Roster file (CSV)');
    // .txt: Excel's "Unicode text" (UTF-16), which the import reads too.
    expect(input?.accept).toBe('.csv,.txt,text/csv,text/plain');
    expect(page.querySelector('details')?.textContent).toContain('employee_id,first_name,last_name,email,department_code');
  });

  it('asks for a file before checking', async () => {
    button('Check file')!.click();
    await settle();
    http.expectNone('/api/roster/imports');
    expect(page.querySelector('[role="alert"]')?.textContent).toContain('Choose the roster file to check');
  });

  it('lists every problem by line, says nothing was imported, and offers no import', async () => {
    chooseFile();
    button('Check file')!.click();
    await settle();
    upload(true).flush(
      {
        title: 'Unprocessable Entity',
        status: 422,
        ...clean,
        added: [],
        changed: [],
        problems: [
          { line: 4, column: 'email', message: '"x" is not an email address.' },
          { line: 6, column: 'status', message: '"gone" must be active or inactive.' },
        ],
      },
      { status: 422, statusText: 'Unprocessable Entity' },
    );
    await settle();

    const alert = page.querySelector('[role="alert"]');
    expect(alert?.querySelector('h2')?.textContent?.trim()).toBe('2 problems found — nothing was imported');
    expect([...page.querySelectorAll('table tbody th')].map((th) => th.textContent?.trim())).toEqual(['4', '6']);
    expect(button('Import')).toBeUndefined();
    expect(document.activeElement).toBe(alert);
  });

  it('previews a clean file, then imports the same file without the dry run', async () => {
    chooseFile();
    button('Check file')!.click();
    await settle();
    upload(true).flush(clean);
    await settle();

    expect(page.querySelector('h2')?.textContent?.trim()).toBe('What this import will change');
    expect(document.activeElement).toBe(page.querySelector('#roster-result-heading'));
    const importButton = button('Import 2 changes');
    expect(importButton).toBeDefined();

    importButton!.click();
    await settle();
    const request = upload(false);
    expect(((request.request.body as FormData).get('file') as File).name).toBe('roster.csv');
    request.flush({ ...clean, dryRun: false, applied: true });
    await settle();
    history().flush(pageOf([record({ deactivated: 0, confirmed: false })]));
    await settle();

    expect(page.querySelector('h2')?.textContent?.trim()).toBe('Roster imported');
    expect(button('Import another file')).toBeDefined();
    expect(button('Import 2')).toBeUndefined();
  });

  it("shows the api's reason when it refuses the upload", async () => {
    chooseFile();
    button('Check file')!.click();
    await settle();
    upload(true).flush(
      { title: 'Bad Request', status: 400, errors: [{ field: 'file', message: 'file must be a CSV text file, not a PDF' }] },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();
    const link = page.querySelector('[role="alert"] a');
    expect(link?.textContent).toContain('not a PDF');
    expect(link?.getAttribute('href')).toBe('#roster-file');
  });

  it('sends the mode chosen: a changes-only file', async () => {
    page.querySelector<HTMLInputElement>('#roster-mode-changes')!.click();
    chooseFile();
    button('Check file')!.click();
    await settle();
    expect(upload(true).request.params.get('mode')).toBe('changes-only');
  });

  it('warns before a large deactivation, names the role holders leaving, and needs the number typed back', async () => {
    chooseFile();
    button('Check file')!.click();
    await settle();
    upload(true).flush({
      ...clean,
      deactivated: Array.from({ length: 133 }, (_, i) => ({ employeeId: `E${i}`, name: `Person ${i}` })),
      confirmation: { required: true, deactivate: 133, threshold: 50, confirmed: false },
      leavingRoleHolders: [{ staffId: 's7', employeeId: 'E7', name: 'Person 7', roles: ['equity_lead'] }],
      departmentsLosingOnlyLead: [{ departmentId: 'd1', code: 'TES', name: 'Transportation', leads: [{ staffId: 's7', name: 'Person 7' }] }],
    });
    await settle();

    const warning = page.querySelector('.roster-safety')!;
    // The warning comes before the lists of people, and takes the focus.
    expect(document.activeElement).toBe(page.querySelector('#roster-safety-heading'));
    expect(warning.compareDocumentPosition(page.querySelector('equip-roster-preview')!) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(warning.textContent).toContain('this would deactivate 133 people, more than the 50');
    expect(warning.querySelector('a[href="/rase/people/s7"]')?.textContent).toBe('Person 7');
    expect(warning.textContent).toContain('Equity lead');
    expect(warning.textContent).toContain('Transportation: its only lead');

    // Nothing typed, then a wrong number: refused in the page, nothing sent.
    button('Import 135 changes')!.click();
    await settle();
    expect(page.querySelector('[role="alert"]')?.textContent).toContain('Type 133 to confirm');
    const input = page.querySelector<HTMLInputElement>('#roster-confirm-count')!;
    expect(page.querySelector('label[for="roster-confirm-count"]')?.textContent).toContain('Type 133 to confirm deactivating 133 people');
    input.value = '13';
    input.dispatchEvent(new Event('input'));
    button('Import 135 changes')!.click();
    await settle();
    expect(input.getAttribute('aria-invalid')).toBe('true');
    http.expectNone((r) => r.method === 'POST' && r.params.get('dryRun') === 'false');

    input.value = '133';
    input.dispatchEvent(new Event('input'));
    button('Import 135 changes')!.click();
    await settle();
    const request = upload(false);
    expect(request.request.params.get('confirmDeactivate')).toBe('133');
    request.flush({ ...clean, dryRun: false, applied: true });
    await settle();
    history().flush(pageOf([record()]));
    await settle();
  });

  describe('with imports in the history', () => {
    beforeAll(() => {
      initialHistory = pageOf([record(), record({ id: 'r2', status: 'refused', undoable: false, problems: [{ line: 0, column: null, message: 'This file leaves you out.' }] })]);
    });
    afterAll(() => {
      initialHistory = pageOf([]);
    });

  it('lists the history with a CSV link and who ran each import, and undoes one after its preview', async () => {

    const rows = [...page.querySelectorAll('.roster-history tbody tr')];
    expect(rows).toHaveLength(2);
    expect(rows[0].querySelector('th')?.textContent?.trim()).toBe('Dec 4, 2026, 10:30 AM EST');
    expect(rows[0].querySelector('a[href="/rase/people/a1"]')?.textContent).toBe('Ana Diaz');
    expect(rows[0].querySelector('a[download]')?.getAttribute('href')).toBe('/api/roster/imports/6f1c2a9e-0000-4000-8000-000000000001/changes.csv');
    expect(rows[1].textContent).toContain('Refused, nothing changed: 1 problem');
    expect(rows[1].querySelector('button')).toBeNull();

    rows[0].querySelector('button')!.click();
    await settle();
    const preview = http.expectOne((r) => r.url === '/api/roster/imports/6f1c2a9e-0000-4000-8000-000000000001/undo' && r.params.get('dryRun') === 'true');
    preview.flush({ ...clean, added: [], changed: [], reactivated: clean.added, mode: 'undo', confirmation: { required: false, deactivate: 0, threshold: 50, confirmed: false } });
    await settle();
    expect(document.activeElement).toBe(page.querySelector('#roster-undo-heading'));
    expect(page.querySelector('.roster-undo')?.textContent?.replace(/\s+/g, ' ')).toContain('Undoing it would: reactivate 1, deactivate 0');

    button('Undo the import')!.click();
    await settle();
    http.expectOne((r) => r.url.endsWith('/undo') && r.params.get('dryRun') === 'false').flush({ ...clean, dryRun: false, applied: true, mode: 'undo' });
    await settle();
    history().flush(pageOf([record({ undoable: false, undoneBy: 'u1' })]));
    await settle();
    expect(page.querySelector('#roster-undo-heading')?.textContent).toBe('Import undone');
  });

  it('says why an import cannot be undone (409)', async () => {
    page.querySelector<HTMLButtonElement>('.roster-history tbody button')!.click();
    await settle();
    http
      .expectOne((r) => r.url.endsWith('/undo'))
      .flush({ title: 'Conflict', status: 409, detail: 'A later import changed people this one changed (Ana Diaz).' }, { status: 409, statusText: 'Conflict' });
    await settle();
    expect(page.querySelector('.roster-undo [role="alert"]')?.textContent).toContain('A later import changed people this one changed (Ana Diaz).');
    expect(button('Undo the import')).toBeUndefined();
  });
  });
});
