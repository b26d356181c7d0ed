import { TestBed } from '@angular/core/testing';
import { ChartFigure } from './chart-figure';
import { ColumnChart, axisTicks, niceMax } from './column-chart';
import { heatLegend, heatStep } from './heat-scale';
import { type TableData, csvFileName, tableToCsv } from './table-data';

const table: TableData = {
  caption: 'Completions per week',
  columns: ['Week starting', 'Completions'],
  rows: [
    { header: '2026-11-02', cells: [12] },
    { header: 'Parks, "North"', cells: ['fewer than 5'] },
  ],
};

describe('chart tables and CSV', () => {
  it('writes the header row and each row as shown, quoting commas and quotes, CRLF line ends', () => {
    expect(tableToCsv(table)).toBe('Week starting,Completions\r\n2026-11-02,12\r\n"Parks, ""North""",fewer than 5\r\n');
  });

  it('defuses text a spreadsheet would run as a formula, but not negative numbers', () => {
    const csv = tableToCsv({ caption: 'x', columns: ['a', 'b'], rows: [{ header: '=HYPERLINK("x")', cells: ['-12', '@sum'] }] });
    expect(csv.split('\r\n')[1]).toBe(`"'=HYPERLINK(""x"")",-12,'@sum`);
  });

  it('names the file after the caption', () => {
    expect(csvFileName('Completion by department — Foundations (2026)')).toBe('completion-by-department-foundations-2026.csv');
  });
});

describe('heat scale', () => {
  it('places a percentage in its step, clamping out-of-range values', () => {
    expect(heatStep(0).from).toBe(0);
    expect(heatStep(19.9).from).toBe(0);
    expect(heatStep(20).from).toBe(20);
    expect(heatStep(79).from).toBe(60);
    expect(heatStep(100).from).toBe(80);
    expect(heatStep(140).from).toBe(80);
    expect(heatStep(-3).from).toBe(0);
  });

  it('labels every step in words for the legend', () => {
    expect(heatLegend().map((entry) => entry.label)).toEqual(['0–19%', '20–39%', '40–59%', '60–79%', '80–100%']);
  });
});

describe('ColumnChart', () => {
  it('rounds the axis up to 1, 2 or 5 times a power of ten', () => {
    expect(niceMax(0)).toBe(1);
    expect(niceMax(7)).toBe(10);
    expect(niceMax(13)).toBe(20);
    expect(niceMax(260)).toBe(500);
  });

  it('labels a whole-count axis in whole numbers only', async () => {
    expect(axisTicks(0, true)).toEqual([0, 1]);
    expect(axisTicks(2, true)).toEqual([0, 1, 2]);
    expect(axisTicks(7, true)).toEqual([0, 2, 4, 6, 8]);
    expect(axisTicks(23, true)).toEqual([0, 5, 10, 15, 20, 25]);
    expect(axisTicks(260, true)).toEqual([0, 100, 200, 300]);
    expect(axisTicks(100, false)).toEqual([0, 25, 50, 75, 100]);
    const fixture = TestBed.createComponent(ColumnChart);
    fixture.componentRef.setInput('points', [{ label: 'w1', value: 1 }, { label: 'w2', value: 2 }]);
    fixture.componentRef.setInput('whole', true);
    await fixture.whenStable();
    const labels = [...(fixture.nativeElement as HTMLElement).querySelectorAll('text')].map((t) => t.textContent?.trim()).filter((t) => !t?.startsWith('w'));
    expect(labels).toEqual(['0', '1', '2']);
  });

  it('draws a hidden point as hidden — striped, with a key — not as zero, and breaks the line there', async () => {
    const fixture = TestBed.createComponent(ColumnChart);
    fixture.componentRef.setInput('points', [{ label: 'w1', value: 10 }, { label: 'w2', value: null }, { label: 'w3', value: 20 }]);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    expect(element.querySelectorAll('rect.chart__bar')).toHaveLength(2);
    const hidden = element.querySelectorAll('rect.chart__hidden');
    expect(hidden).toHaveLength(1);
    expect(Number(hidden[0].getAttribute('height'))).toBeGreaterThan(0);
    expect(element.querySelector('.chart__key')?.textContent).toContain('hidden to protect a small group');
    fixture.componentRef.setInput('kind', 'line');
    await fixture.whenStable();
    expect(element.querySelectorAll('polyline.chart__line')).toHaveLength(2);
    expect(element.querySelectorAll('circle.chart__dot')).toHaveLength(2);
  });

  it('draws one column per point, scaled to the axis, hidden from assistive technology', async () => {
    const fixture = TestBed.createComponent(ColumnChart);
    fixture.componentRef.setInput('points', [
      { label: 'w1', value: 10 },
      { label: 'w2', value: 20 },
    ]);
    await fixture.whenStable();
    const svg = (fixture.nativeElement as HTMLElement).querySelector('svg')!;
    expect(svg.getAttribute('aria-hidden')).toBe('true');
    const heights = [...svg.querySelectorAll('rect.chart__bar')].map((r) => Number(r.getAttribute('height')));
    expect(heights).toHaveLength(2);
    expect(heights[1]).toBeCloseTo(heights[0] * 2);
  });
});

describe('ChartFigure', () => {
  it('shows the table on demand, with the same rows the CSV holds', async () => {
    const fixture = TestBed.createComponent(ChartFigure);
    fixture.componentRef.setInput('table', table);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    const wrapper = element.querySelector<HTMLElement>('.equip-table-scroll')!;
    const toggle = [...element.querySelectorAll('button')].find((b) => b.textContent?.includes('Show table'))!;
    expect(wrapper.hidden).toBe(true);
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    toggle.click();
    await fixture.whenStable();
    expect(wrapper.hidden).toBe(false);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const rows = [...wrapper.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent?.trim()));
    expect(rows).toEqual([
      ['2026-11-02', '12'],
      ['Parks, "North"', 'fewer than 5'],
    ]);
  });
});
