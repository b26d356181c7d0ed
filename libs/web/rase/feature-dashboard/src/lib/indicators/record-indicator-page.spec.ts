import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { SessionStore } from '@equip/web/shared/data-access';
import { sessionUser } from '@equip/web/shared/data-access/testing';
import { DASHBOARD_ROUTES } from '../dashboard.routes';
import { OPTIONS, PROGRESSION } from '../report-fixtures.spec-helper';

jest.setTimeout(30_000);

describe('RecordIndicatorPage', () => {
  let http: HttpTestingController;

  async function open() {
    const user = sessionUser({ roles: ['rase_admin'], areas: ['rase'] });
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: SessionStore, useValue: { user: signal(user), load: () => Promise.resolve(user) } },
        provideRouter([{ path: 'rase/dashboard', children: DASHBOARD_ROUTES }]),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    const harness = await RouterTestingHarness.create('/rase/dashboard/indicators?departmentId=tes');
    http.expectOne('/api/reports/filters').flush(OPTIONS);
    http.expectOne('/api/reports/progression').flush(PROGRESSION);
    http.expectOne((r) => r.url === '/api/reports/indicators/records' && r.params.get('departmentId') === 'tes').flush([]);
    await harness.fixture.whenStable();
    const element = harness.fixture.nativeElement as HTMLElement;
    const set = async (id: string, value: string) => {
      const field = element.querySelector<HTMLInputElement | HTMLSelectElement>(`#${id}`)!;
      field.value = value;
      field.dispatchEvent(new Event(field instanceof HTMLSelectElement ? 'change' : 'input'));
      await harness.fixture.whenStable();
    };
    const submit = async () => {
      element.querySelector<HTMLFormElement>('form')!.dispatchEvent(new Event('submit'));
      await harness.fixture.whenStable();
    };
    return { harness, element, set, submit };
  }

  afterEach(() => http.verify());

  it('offers only recorded indicators and starts with the department from the link', async () => {
    const { element } = await open();
    expect(element.querySelector<HTMLSelectElement>('#record-department')!.value).toBe('tes');
    const indicators = [...element.querySelectorAll('#record-indicator option')].map((o) => o.textContent?.trim());
    expect(indicators).toEqual(['Choose an indicator', 'Equity plan adopted']);
  });

  it('lists what is missing in a summary linked to each field, and sends nothing', async () => {
    const { element, submit } = await open();
    await submit();
    const links = [...element.querySelectorAll('equip-error-summary a')].map((a) => [a.textContent?.trim(), a.getAttribute('href')]);
    expect(links).toEqual([
      ['Choose the indicator', '#record-indicator'],
      ['Choose yes or no', '#record-value'],
      ['Enter a link to the evidence', '#record-evidence'],
    ]);
    expect(element.querySelector('#record-evidence')?.closest('mat-form-field')?.textContent).toContain('Enter a link to the evidence');
  });

  it("records the indicator and shows the api's field message when it refuses one", async () => {
    const { harness, element, set, submit } = await open();
    await set('record-indicator', 'equity_plan');
    await set('record-value', 'true');
    await set('record-date', '2026-11-02');
    await set('record-evidence', 'https://city.example/plan.pdf');
    await submit();
    const post = http.expectOne({ method: 'POST', url: '/api/reports/indicators/records' });
    expect(post.request.body).toEqual({ departmentId: 'tes', indicator: 'equity_plan', value: true, recordedOn: '2026-11-02', evidenceUrl: 'https://city.example/plan.pdf', note: null });
    post.flush({ title: 'Invalid input', status: 400, errors: [{ field: 'recordedOn', message: 'recordedOn must not be before the department existed' }] }, { status: 400, statusText: 'Bad Request' });
    await new Promise((r) => setTimeout(r));
    await harness.fixture.whenStable();
    expect(element.querySelector('equip-error-summary a')?.textContent?.trim()).toBe('recordedOn must not be before the department existed');
    expect(element.querySelector('equip-error-summary a')?.getAttribute('href')).toBe('#record-date');
  });

  it('says what was recorded and reads the department records again', async () => {
    const { harness, element, set, submit } = await open();
    await set('record-indicator', 'equity_plan');
    await set('record-value', 'false');
    await set('record-evidence', 'https://city.example/minutes');
    await submit();
    http.expectOne({ method: 'POST', url: '/api/reports/indicators/records' }).flush(
      {
        id: 'r-1',
        department: { id: 'tes', code: 'TES', name: 'Transportation' },
        indicator: 'equity_plan',
        value: false,
        recordedOn: '2026-11-02',
        evidenceUrl: 'https://city.example/minutes',
        note: null,
        recordedBy: null,
        recordedAt: '2026-11-02T10:00:00Z',
      },
      { status: 201, statusText: 'Created' },
    );
    await new Promise((r) => setTimeout(r));
    http.expectOne((r) => r.url === '/api/reports/indicators/records' && r.params.get('departmentId') === 'tes').flush([]);
    await harness.fixture.whenStable();
    expect(element.querySelector('#record-outcome')?.textContent?.trim()).toBe('Recorded: Equity plan adopted for Transportation, No on Nov 2, 2026.');
    expect(element.querySelector<HTMLSelectElement>('#record-indicator')!.value).toBe('');
  });
});
