import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { RosterImportResult } from '@equip/shared/contracts';
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

describe('RosterImportPage', () => {
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
  });

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
    return http.expectOne((r) => r.url === '/api/roster/imports' && r.params.get('dryRun') === String(dryRun));
  }

  it('has a labelled CSV file input and describes the columns', () => {
    const input = page.querySelector<HTMLInputElement>('#roster-file');
    expect(page.querySelector('label[for="roster-file"]')?.textContent).toContain('Roster file (CSV)');
    expect(input?.accept).toBe('.csv,text/csv');
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
});
