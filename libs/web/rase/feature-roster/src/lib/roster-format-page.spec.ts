import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { RosterFileFormatView } from '@equip/shared/contracts';
import { formatFieldTarget } from './roster-format-page';
import { ROSTER_ROUTES } from './roster.routes';

const saved: RosterFileFormatView = { dateOrder: 'month-first', columnNames: [{ header: 'Emp No', column: 'employee_id' }], updatedAt: '2026-12-01T15:00:00Z' };

describe('RosterFormatPage', () => {
  let http: HttpTestingController;
  let harness: RouterTestingHarness;
  let page: HTMLElement;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([{ path: 'roster', children: ROSTER_ROUTES }])],
    });
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create('/roster/format');
    page = harness.routeNativeElement as HTMLElement;
    document.body.appendChild(page);
  });

  afterEach(() => {
    http.verify();
    page.remove();
  });

  async function settle(): Promise<void> {
    await harness.fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await harness.fixture.whenStable();
  }

  const button = (name: string) => [...page.querySelectorAll('button')].find((b) => b.textContent?.replace(/\s+/g, ' ').trim().startsWith(name));
  const text = () => page.textContent?.replace(/\s+/g, ' ') ?? '';
  const type = (id: string, value: string) => {
    const input = page.querySelector<HTMLInputElement>(`#${id}`)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
  };

  it('says it is loading, then says so when the format cannot be loaded, with a way to try again', async () => {
    expect(page.querySelector('[role="status"]')?.textContent).toContain('Loading the saved format');
    http.expectOne('/api/roster/format').flush({ type: 'about:blank', title: 'Server error', status: 500, detail: 'Try again later.' }, { status: 500, statusText: 'Server Error' });
    await settle();
    expect(page.querySelector('[role="alert"]')?.textContent).toContain('The roster file format could not be loaded');
    button('Try again')!.click();
    http.expectOne('/api/roster/format').flush(saved);
    await settle();
    expect(page.querySelector<HTMLInputElement>('#name-header-0')?.value).toBe('Emp No');
  });

  it('refuses an empty header before sending, pointing at it', async () => {
    http.expectOne('/api/roster/format').flush({ ...saved, columnNames: [] });
    await settle();
    expect(text()).toContain('No names of your own yet.');
    button('Add a column name')!.click();
    await settle();
    button('Save format')!.click();
    await settle();
    http.expectNone('/api/roster/format');
    const link = page.querySelector<HTMLAnchorElement>('[role="alert"] a');
    expect(link?.textContent?.trim()).toBe('Write header 1 as your export has it, or remove it');
    expect(link?.getAttribute('href')).toContain('#name-header-0');
    expect(page.querySelector('#name-header-0')?.getAttribute('aria-invalid')).toBe('true');
  });

  it('saves the date order and the names, and shows the api’s refusal at the field it names', async () => {
    http.expectOne('/api/roster/format').flush(saved);
    await settle();
    page.querySelector<HTMLInputElement>('#date-order-day-first')!.click();
    button('Add a column name')!.click();
    await settle();
    type('name-header-1', ' E-mail ');
    const select = page.querySelector<HTMLSelectElement>('#name-column-1')!;
    select.value = 'manager_employee_id';
    select.dispatchEvent(new Event('change'));
    button('Save format')!.click();

    const refused = http.expectOne((r) => r.url === '/api/roster/format' && r.method === 'PUT');
    expect(refused.request.body).toEqual({
      dateOrder: 'day-first',
      columnNames: [
        { header: 'Emp No', column: 'employee_id' },
        { header: 'E-mail', column: 'manager_employee_id' },
      ],
    });
    refused.flush(
      { type: 'about:blank', title: 'Invalid request', status: 400, errors: [{ field: 'columnNames.1.header', message: '"E-mail" is the roster\'s own name for email' }] },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();
    expect(page.querySelector('#name-header-1-error')?.textContent?.trim()).toBe('"E-mail" is the roster\'s own name for email');
    expect(page.querySelector('[role="alert"] a')?.getAttribute('href')).toContain('#name-header-1');

    [...page.querySelectorAll('button')].filter((b) => b.textContent?.includes('Remove'))[1].click();
    await settle();
    button('Save format')!.click();
    const accepted = http.expectOne((r) => r.url === '/api/roster/format' && r.method === 'PUT');
    expect(accepted.request.body).toEqual({ dateOrder: 'day-first', columnNames: [{ header: 'Emp No', column: 'employee_id' }] });
    accepted.flush({ ...saved, dateOrder: 'day-first' });
    await settle();
    expect(page.querySelector('.equip-status')?.textContent).toContain('Saved. The next roster check reads files this way.');
    expect(page.querySelector('[role="alert"]')).toBeNull();
  });
});

describe('formatFieldTarget', () => {
  it.each([
    ['dateOrder', 'date-order-month-first'],
    ['columnNames.3.header', 'name-header-3'],
    ['columnNames[2].header', 'name-header-2'],
    ['columnNames.0.column', 'name-column-0'],
    ['columnNames.1', 'name-header-1'],
    ['columnNames', undefined],
  ])('puts %s at %s', (field, target) => {
    expect(formatFieldTarget(field)).toBe(target);
  });
});
