import { TestBed } from '@angular/core/testing';
import { addDays } from '@equip/shared/domain';
import { cityToday, formatDueDay } from '@equip/web/shared/ui';
import { AssignForm, buildAssignRequest, isoDateInDays } from './assign-form';

describe('buildAssignRequest', () => {
  const base = { item: 'track:all-staff-foundations', dueKind: 'absolute' as const, dueDate: '2026-07-01', dueDays: '30', recurrenceMonths: '' };

  it('assigns a track due on a date, once', () => {
    expect(buildAssignRequest(base)).toEqual({ trackSlug: 'all-staff-foundations', due: { kind: 'absolute', dueOn: '2026-07-01' }, recurrenceMonths: null });
  });

  it('assigns a course due N days after hire, every 12 months', () => {
    expect(buildAssignRequest({ ...base, item: 'course:bias-101', dueKind: 'after_hire', dueDays: 30, recurrenceMonths: 12 })).toEqual({
      courseSlug: 'bias-101',
      due: { kind: 'after_hire', days: 30 },
      recurrenceMonths: 12,
    });
  });

  it('refuses incomplete choices', () => {
    expect(buildAssignRequest({ ...base, item: '' })).toBeNull();
    expect(buildAssignRequest({ ...base, dueDate: '' })).toBeNull();
    expect(buildAssignRequest({ ...base, dueKind: 'after_joining', dueDays: null })).toBeNull();
  });

  it('computes a default date N days ahead', () => {
    expect(isoDateInDays(30, new Date(2026, 0, 15))).toBe('2026-02-14');
  });
});

describe('AssignForm says what date people get, and why', () => {
  async function form() {
    const fixture = TestBed.createComponent(AssignForm);
    fixture.autoDetectChanges();
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    const choose = async (id: string) => {
      (element.querySelector(`#${id}`) as HTMLInputElement).click();
      await fixture.whenStable();
    };
    const days = async (value: string) => {
      const input = element.querySelector('#assign-due-days') as HTMLInputElement;
      input.value = value;
      input.dispatchEvent(new Event('input'));
      await fixture.whenStable();
    };
    return { element, choose, days };
  }

  it('for days after hire: people hired before the assignment starts count from its start', async () => {
    const { element, choose, days } = await form();
    expect(element.querySelector('#assign-due-why')).toBeNull();
    await choose('assign-due-hire');
    await days('60');
    const day = formatDueDay(addDays(cityToday(), 60), 'medium');
    expect(element.querySelector('#assign-due-why')?.textContent).toContain(`Hired before the assignment starts (today): due ${day}, 60 days after it starts. Hired later: 60 days after their hire date.`);
    await days('');
    expect(element.querySelector('#assign-due-why')).toBeNull();
  });

  it('for days after joining: people already in the cohort count from its start', async () => {
    const { element, choose } = await form();
    await choose('assign-due-joining');
    const day = formatDueDay(addDays(cityToday(), 30), 'medium');
    expect(element.querySelector('#assign-due-why')?.textContent).toContain(`Already in the cohort: due ${day}, 30 days after the assignment starts (today).`);
  });
});
