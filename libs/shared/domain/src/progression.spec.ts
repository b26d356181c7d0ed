import type { StageDefinition } from '@equip/shared/contracts';
import { meets, monthOf, placeOnProgression, share } from './progression';

const stages: StageDefinition[] = [
  { stage: 'emerging', name: 'Emerging', description: '', requires: [{ indicator: 'trained', min: 10 }] },
  { stage: 'developing', name: 'Developing', description: '', requires: [{ indicator: 'trained', min: 40 }, { indicator: 'lead', min: true }] },
  { stage: 'practicing', name: 'Practicing', description: '', requires: [{ indicator: 'trained', min: 70 }, { indicator: 'plan', min: true }] },
  { stage: 'embedded', name: 'Embedded', description: '', requires: [{ indicator: 'trained', min: 90 }, { indicator: 'refresher', min: 75 }] },
];

describe('placeOnProgression', () => {
  it('a department below the first stage has no stage and is told what the first needs', () => {
    expect(placeOnProgression(stages, [{ indicator: 'trained', value: 5 }])).toEqual({
      stage: null,
      next: { stage: 'emerging', missing: [{ indicator: 'trained', needed: 10, current: 5 }] },
    });
  });

  it('stands at the highest stage whose requirements all hold, and lists every gap to the next', () => {
    const placed = placeOnProgression(stages, [
      { indicator: 'trained', value: 72 },
      { indicator: 'lead', value: true },
      { indicator: 'plan', value: false },
    ]);
    expect(placed.stage).toBe('developing');
    expect(placed.next).toEqual({ stage: 'practicing', missing: [{ indicator: 'plan', needed: true, current: false }] });
  });

  it('stages are cumulative: meeting a later stage does not skip an earlier gap', () => {
    const placed = placeOnProgression(stages, [
      { indicator: 'trained', value: 95 },
      { indicator: 'lead', value: false },
      { indicator: 'plan', value: true },
      { indicator: 'refresher', value: 80 },
    ]);
    expect(placed.stage).toBe('emerging');
    expect(placed.next?.stage).toBe('developing');
  });

  it('the last stage has no next', () => {
    const placed = placeOnProgression(stages, [
      { indicator: 'trained', value: 90 },
      { indicator: 'lead', value: true },
      { indicator: 'plan', value: true },
      { indicator: 'refresher', value: 75 },
    ]);
    expect(placed).toEqual({ stage: 'embedded', next: null });
  });

  it('an unknown value never meets a requirement', () => {
    expect(meets({ indicator: 'x', min: 0 }, null)).toBe(false);
    expect(meets({ indicator: 'x', min: true }, undefined)).toBe(false);
    expect(meets({ indicator: 'x', min: 50 }, true)).toBe(false);
    expect(meets({ indicator: 'x', min: 50 }, 50)).toBe(true);
  });
});

describe('share and monthOf', () => {
  it('shares have one decimal and are null when nobody is counted', () => {
    expect(share(1, 3)).toBe(33.3);
    expect(share(0, 0)).toBeNull();
  });

  it('months are the city’s, starting on the first', () => {
    expect(monthOf(new Date('2026-02-28T23:59:59Z'), 'UTC')).toBe('2026-02-01');
    expect(monthOf(new Date('2026-12-01T00:00:00Z'), 'UTC')).toBe('2026-12-01');
    // 23:30 on Mar 31 in New York (EDT) is already April in UTC; 00:30 on Dec 1 (EST) is still November there.
    expect(monthOf(new Date('2026-04-01T03:30:00Z'), 'America/New_York')).toBe('2026-03-01');
    expect(monthOf(new Date('2026-12-01T05:30:00Z'), 'America/New_York')).toBe('2026-12-01');
    expect(monthOf(new Date('2026-12-01T04:30:00Z'), 'America/New_York')).toBe('2026-11-01');
  });
});
