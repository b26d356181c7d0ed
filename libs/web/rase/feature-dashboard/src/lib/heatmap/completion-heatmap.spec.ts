import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { SUPPRESSION_REASONS, type HeatmapRow } from '@equip/shared/contracts';
import { cellCounts, cellText } from '../presentation';
import { FOUNDATIONS, INTRO, cell, dashboard, fewer, row } from '../report-fixtures.spec-helper';
import { CompletionHeatmap, orderRows } from './completion-heatmap';

const text = (el: Element) => el.textContent?.replace(/\s+/g, ' ').trim() ?? '';
/** A cell's figure as shown, without the reason a hidden one carries for its tooltip and screen readers. */
const figure = (el: Element) => {
  const copy = el.cloneNode(true) as Element;
  copy.querySelectorAll('.heatmap__reason').forEach((r) => r.remove());
  return text(copy);
};

async function readBlob(blob: Blob): Promise<string> {
  return new Promise((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.readAsText(blob);
  });
}

describe('CompletionHeatmap', () => {
  let saved: Blob[];

  beforeEach(() => {
    saved = [];
    Object.assign(URL, { createObjectURL: (blob: Blob) => (saved.push(blob), 'blob:test'), revokeObjectURL: () => undefined });
    jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    TestBed.configureTestingModule({ providers: [provideRouter([])] });
  });

  afterEach(() => jest.restoreAllMocks());

  async function render() {
    const fixture = TestBed.createComponent(CompletionHeatmap);
    fixture.componentRef.setInput('rows', dashboard().heatmap);
    fixture.componentRef.setInput('subjects', [FOUNDATIONS, INTRO]);
    fixture.componentRef.setInput('caption', 'Completion by department');
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    const button = (label: string) => [...element.querySelectorAll('button')].find((b) => b.textContent?.includes(label))!;
    return { fixture, element, button };
  }

  it('prints each percentage on a colour step with readable text, and marks hidden groups in words', async () => {
    const { element, button, fixture } = await render();
    const first = element.querySelector<HTMLElement>('tbody td')!;
    expect(text(first)).toBe('45%');
    expect(first.style.background).toBe('rgb(169, 200, 236)');
    expect(first.style.color).toBe('rgb(26, 28, 30)');
    button('Expand all').click();
    await fixture.whenStable();
    const hidden = element.querySelectorAll<HTMLElement>('tbody tr')[1].querySelector('td')!;
    expect(text(hidden)).toBe(`fewer than 5 ${SUPPRESSION_REASONS.fewer_than_5}`);
    expect(hidden.classList).toContain('heatmap__cell--muted');
    // The reason is reachable from the keyboard: the hidden figure takes focus, which opens its tooltip.
    expect(hidden.querySelector('.heatmap__hidden')!.getAttribute('tabindex')).toBe('0');
    expect(text(hidden.querySelector('[role="tooltip"]')!)).toBe(SUPPRESSION_REASONS.fewer_than_5);
  });

  it('exports the published rows when the screen shows exact ones, and says so on the button', async () => {
    const { fixture, button } = await render();
    const published: HeatmapRow[] = dashboard().heatmap.map((r, i) =>
      i === 0 ? { ...r, cells: r.cells.map((c) => ({ ...c, assigned: { count: null, suppressed: 'fewer_than_5' as const }, percentCompleted: null })) } : r,
    );
    fixture.componentRef.setInput('exportRows', published);
    await fixture.whenStable();
    button('Export CSV').click();
    expect(button('Export CSV').textContent).toContain('(published figures)');
    expect((await readBlob(saved[0])).split('\r\n')[1]).toBe('Transportation (TES),fewer than 5,fewer than 5');
  });

  it('exports exactly the rows and cell texts on screen, counts included when shown', async () => {
    const { element, button, fixture } = await render();
    button('Export CSV').click();
    expect(await readBlob(saved[0])).toBe(
      'Department,All Staff Foundations (track),Intro (course)\r\nTransportation (TES),45%,90%\r\nLibrary (LIB),10%,not assigned\r\n',
    );

    element.querySelector<HTMLInputElement>('input[type="checkbox"]')!.click();
    button('Expand all').click();
    await fixture.whenStable();
    button('Export CSV').click();
    const lines = (await readBlob(saved[1])).trim().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toBe('Transportation (TES),45% (18 of 40 assigned),90% (9 of 10 assigned)');
    expect(lines[2]).toBe('Transportation Planning (TP),fewer than 5,not assigned');
    const shown = [...element.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map(figure).join(','));
    expect(lines.slice(1).map((l) => l.slice(l.indexOf(',') + 1))).toEqual(shown);
  });

  it('orders departments by the percentage the api answered and narrows them to those below a share; a hidden cell sorts last and never passes', async () => {
    const { element, fixture } = await render();
    const select = (id: string, value: string) => {
      const el = element.querySelector<HTMLSelectElement>(`select[id$="-${id}"]`)!;
      el.value = value;
      el.dispatchEvent(new Event('change'));
    };
    const names = () => [...element.querySelectorAll('tbody th')].map(text);
    expect(names()).toEqual(['▸Units under Transportation Transportation (TES)', 'Library (LIB)']);

    select('order', 'lowest');
    await fixture.whenStable();
    // Every department, collapsed or not; Transportation Planning's hidden figure last.
    expect(names()).toEqual(['Library (LIB)', 'Transportation (TES)', 'Transportation Planning (TP)']);
    expect(text(element.querySelector('caption')!)).toContain('lowest completion in All Staff Foundations first');
    // A flat list: nothing to expand or collapse.
    expect(element.querySelector('tbody button[aria-expanded]')).toBeNull();
    expect([...element.querySelectorAll('button')].find((b) => b.textContent?.includes('Expand all'))!.disabled).toBe(true);
    select('order', 'highest');
    await fixture.whenStable();
    expect(names()).toEqual(['Transportation (TES)', 'Library (LIB)', 'Transportation Planning (TP)']);

    select('below', '50');
    await fixture.whenStable();
    expect(names()).toEqual(['Transportation (TES)', 'Library (LIB)']);
    select('below', '25');
    await fixture.whenStable();
    expect(names()).toEqual(['Library (LIB)']);
    // The phone list holds the same departments in the same order.
    expect([...element.querySelectorAll('.heatmap__item h3')].map(text)).toEqual(['Library (LIB)']);

    select('subject', INTRO.key);
    select('below', '100');
    await fixture.whenStable();
    expect(names()).toEqual(['Transportation (TES)']);
    select('below', '10');
    await fixture.whenStable();
    expect(element.querySelector('table')).toBeNull();
    expect(text(element.querySelector('[role="status"]')!)).toContain('No department is below 10% completed in Intro');
  });

  it('clamps a long course title in its header, whole in its text, on hover and on keyboard focus', async () => {
    const long = { ...INTRO, title: 'Racial equity foundations for supervisors and managers' };
    const { fixture, element } = await render();
    fixture.componentRef.setInput('subjects', [FOUNDATIONS, long]);
    await fixture.whenStable();
    const [, short, clamped] = [...element.querySelectorAll('thead th')];
    expect(text(short)).toBe('All Staff Foundations (track)');
    expect(short.querySelector('.heatmap__title')!.hasAttribute('tabindex')).toBe(false);
    // Whole for screen readers and the CSV's column alike; focusable so the keyboard can open it.
    expect(text(clamped)).toBe('Racial equity foundations for supervisors and managers (course)');
    const title = clamped.querySelector<HTMLElement>('.heatmap__title')!;
    expect(title.classList).toContain('heatmap__title--long');
    expect(title.getAttribute('tabindex')).toBe('0');
    expect(title.getAttribute('title')).toBe(long.title);
  });

  it('never calls a hidden cell "none due", nor counts a hidden figure "of" another', () => {
    const base = cell(INTRO.key, 9, 3, null);
    expect(cellText({ ...base, completed: fewer })).toBe('fewer than 5');
    expect(cellCounts({ ...base, completed: fewer })).toBe('fewer than 5 of 9 assigned');
    const complementary = { ...base, completed: { count: null, suppressed: 'complementary' as const } };
    expect(cellText(complementary)).toBe('suppressed');
    expect(cellCounts(complementary)).toBe('9 assigned, completions hidden');
    expect(cellText({ ...base, exempt: { count: 9, suppressed: null } })).toBe('all exempt');
    expect(cellText(base)).toBe('not shown');
    expect(cellText(cell(INTRO.key, 0, 0, null))).toBe('not assigned');
  });

  it('orders with hidden and missing figures last, keeping the tree order among equals', () => {
    const rows = [
      row('a', 'A', 0, null, false, [cell(INTRO.key, 10, 5, 50)]),
      row('b', 'B', 0, null, false, [{ ...cell(INTRO.key, 0, 0, null), assigned: fewer }]),
      row('c', 'C', 0, null, false, [cell(INTRO.key, 10, 2, 20)]),
      row('d', 'D', 0, null, false, []),
      row('e', 'E', 0, null, false, [cell(INTRO.key, 10, 5, 50)]),
    ].map((r) => ({ row: r }));
    const ids = (list: { row: { department: { id: string } } }[]) => list.map((r) => r.row.department.id);
    expect(ids(orderRows(rows, INTRO.key, 'lowest', null))).toEqual(['c', 'a', 'e', 'b', 'd']);
    expect(ids(orderRows(rows, INTRO.key, 'highest', null))).toEqual(['a', 'e', 'c', 'b', 'd']);
    expect(ids(orderRows(rows, INTRO.key, 'tree', 50))).toEqual(['c']);
  });
});
