import type { NotificationRow } from './notification.repository';
import { escalationDigest, ESCALATION_ITEMS_PER_GROUP, type DigestContext } from './digest-mails';

const ctx: DigestContext = {
  footer: { appUrl: 'https://equip.example.gov', officeName: 'Office of Race and Social Equity', cityName: 'Springfield' },
  timeZone: 'America/New_York',
  now: new Date('2026-12-04T15:00:00Z'),
  canSignIn: true,
};

function row(n: number, cohortId: string | null): NotificationRow {
  return {
    id: `n${n}`,
    kind: 'escalation',
    threshold: 14,
    day: '2026-12-04',
    createdAt: ctx.now,
    readAt: null,
    delivery: 'pending',
    outboxId: null,
    nudgeId: null,
    assignmentId: `a${n}`,
    subjectKind: 'course',
    slug: 'foundations',
    title: 'Racial equity foundations',
    dueOn: '2026-11-01',
    completedAt: null,
    exemptedAt: null,
    startedAt: null,
    optional: false,
    personId: `p${n}`,
    personFirstName: 'Person',
    personLastName: `Number ${String(n).padStart(5, '0')}`,
    personActive: true,
    cohortId,
    cohortName: cohortId ? 'Frontline services 2026' : null,
    requestedByName: null,
    nudgeNote: null,
  } as NotificationRow;
}

describe('escalationDigest', () => {
  it('lists every overdue training of a small team', () => {
    const mail = escalationDigest('Dana', [row(1, 'c1'), row(2, 'c1'), row(3, null)], ctx);
    expect(mail.text).toContain('Person Number 00001: Racial equity foundations');
    expect(mail.text).toContain('Person Number 00003: Racial equity foundations');
    expect(mail.text).not.toContain('more overdue');
  });

  it('lists the first people of each group and counts the rest, with a link to the page that lists them all', () => {
    const rows = [...Array.from({ length: 2_000 }, (_, i) => row(i, 'c1')), ...Array.from({ length: 30 }, (_, i) => row(5_000 + i, null))];
    const mail = escalationDigest('Dana', rows, ctx);
    expect(mail.subject).toBe('Overdue training in your team: 2,030 people');
    expect(mail.text.match(/^\* Person Number/gm)).toHaveLength(2 * ESCALATION_ITEMS_PER_GROUP);
    expect(mail.text).toContain(`* And ${(2_000 - ESCALATION_ITEMS_PER_GROUP).toLocaleString('en-US')} more overdue trainings in this cohort\n  https://equip.example.gov/lead/cohorts/c1`);
    expect(mail.text).toContain(`* And ${30 - ESCALATION_ITEMS_PER_GROUP} more overdue trainings assigned to people directly\n  https://equip.example.gov/lead/people`);
    expect(mail.html).toContain('(open the cohort to see them all)</a>');
    // A mail a person can read, and the worker can hold: tens of kilobytes, not megabytes.
    expect(mail.html.length + mail.text.length).toBeLessThan(60_000);
  });
});
