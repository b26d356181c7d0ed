import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AuditFacts, WORDING, changes, cityTime, subjectText, fieldLabel, summarize, valueText } from './audit-wording';

const ROOT = join(__dirname, '../../../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sources(path);
    return /\.ts$/.test(name) && !/\.(int-)?spec\.ts$/.test(name) ? [path] : [];
  });
}

/** Every action code the code records: `action: '…'` passed to `AuditService.record`, and plain SQL inserts into audit_event. */
function recordedActions(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of [...sources(join(ROOT, 'libs/server')), ...sources(join(ROOT, 'apps'))]) {
    const text = readFileSync(file, 'utf8');
    if (!text.includes('audit')) continue;
    // `action: 'a.b'`, and each code of `action: cond ? 'a.b' : 'a.c'`.
    for (const m of text.matchAll(/\baction: ([^,\n]+)/g)) for (const code of m[1].matchAll(/'([a-z_]+\.[a-z_-]+)'/g)) found.set(code[1], file);
    for (const m of text.matchAll(/INSERT INTO audit_event[^;]*?VALUES \([^)]*?'([a-z_]+\.[a-z_]+)'/g)) found.set(m[1], file);
  }
  return found;
}

const heather = { id: '5d0c8a52-6a3e-4a55-9c1c-2f4f8e1b7a10', name: 'Heather Wright' };
const emily = { id: '0b6f0f5e-2d9b-4e8f-9a47-8d1f0c3c9e21', name: 'Emily Sullivan' };

function facts(overrides: Partial<AuditFacts>): AuditFacts {
  return { action: 'assignment.exempted', subjectType: 'assignment', before: null, after: null, actor: null, person: null, cohort: null, department: null, learning: null, ...overrides };
}

const sentence = (e: AuditFacts) => summarize(e).map((p) => p.text).join('');

describe('audit wording', () => {
  it('has a sentence for every action the code records', () => {
    const recorded = recordedActions();
    // The scan itself must find the actions, or this test could never fail.
    expect(recorded.size).toBeGreaterThanOrEqual(20);
    expect(recorded.has('assignment.exempted')).toBe(true);
    expect(recorded.has('demo.seeded')).toBe(true);
    const missing = [...recorded].filter(([action]) => !(action in WORDING)).map(([action, file]) => `${action} (${file.slice(ROOT.length + 1)})`);
    expect(missing).toEqual([]);
  });

  it('says who exempted whom from what and why, with the names linked', () => {
    const e = facts({
      actor: emily,
      person: heather,
      learning: { kind: 'course', slug: 'racial-equity-foundations', title: 'Racial equity foundations' },
      after: { exemptReason: 'on leave until March' },
    });
    expect(sentence(e)).toBe('Emily Sullivan exempted Heather Wright from Racial equity foundations: on leave until March');
    expect(summarize(e).filter((p) => p.link)).toEqual([
      { text: 'Emily Sullivan', link: { kind: 'staff', ref: emily.id } },
      { text: 'Heather Wright', link: { kind: 'staff', ref: heather.id } },
      { text: 'Racial equity foundations', link: { kind: 'course', ref: 'racial-equity-foundations' } },
    ]);
    expect(subjectText(e)).toBe('Heather Wright (Racial equity foundations)');
  });

  it('says who gave whom more attempts at which knowledge check', () => {
    const e = facts({
      action: 'knowledge_check.attempts_granted',
      subjectType: 'staff',
      actor: emily,
      person: heather,
      learning: { kind: 'course', slug: 'racial-equity-foundations', title: 'Racial equity foundations' },
      after: { extraAttempts: 2, lessonTitle: 'Check your understanding' },
    });
    expect(sentence(e)).toBe('Emily Sullivan gave Heather Wright 2 more attempts at the knowledge check “Check your understanding” in Racial equity foundations');
    expect(sentence({ ...e, after: { extraAttempts: 1 } })).toBe('Emily Sullivan gave Heather Wright 1 more attempt at a knowledge check in Racial equity foundations');
  });

  it('says what a withdrawal did, and tells an updated assignment from a new one', () => {
    const base = { actor: emily, subjectType: 'cohort', cohort: { id: 'c', name: 'Parks crews' }, learning: { kind: 'course' as const, slug: 'equity-basics', title: 'Equity basics' } };
    expect(sentence(facts({ ...base, action: 'cohort.assignment_withdrawn', after: { people: 38, completed: 5 } }))).toBe(
      'Emily Sullivan withdrew Equity basics from the cohort Parks crews: 38 people; 5 already completed keep their completion',
    );
    expect(sentence(facts({ ...base, action: 'cohort.assignment_withdrawn', after: { people: 1, completed: 0 } }))).toBe('Emily Sullivan withdrew Equity basics from the cohort Parks crews: 1 person');
    expect(sentence(facts({ ...base, action: 'cohort.assigned', after: { updated: true } }))).toBe('Emily Sullivan changed the assignment of Equity basics to the cohort Parks crews');
    expect(sentence(facts({ ...base, action: 'cohort.assigned', after: {} }))).toBe('Emily Sullivan assigned Equity basics to the cohort Parks crews');
    expect(sentence(facts({ ...base, action: 'cohort.restored' }))).toBe('Emily Sullivan restored the cohort Parks crews (without its former members or assignments)');
  });

  it('names Equip for work nobody did by hand, and words an action it no longer records', () => {
    expect(sentence(facts({ action: 'cohort.reevaluated', subjectType: 'cohort', cohort: { id: 'c', name: 'Parks crews' }, after: { joined: ['a', 'b'], left: [] } }))).toBe(
      'The rule of the cohort Parks crews was applied again: 2 people joined, 0 people left',
    );
    expect(sentence(facts({ action: 'widget.frobbed', subjectType: 'widget' }))).toBe('Equip made a change of a kind Equip no longer records');
  });

  it('words a role by its name and department', () => {
    const e = facts({ action: 'role.granted', subjectType: 'staff', actor: emily, person: heather, after: { role: 'equity_lead', department: { id: 'd', code: 'FIN', name: 'Finance' } } });
    expect(sentence(e)).toBe('Emily Sullivan made Heather Wright an equity lead for Finance');
  });

  it('lists only the fields that changed, in words and city time, never an id', () => {
    const before = { id: 'a1', staffId: heather.id, title: 'Racial equity foundations', status: 'overdue', exemptReason: null, exemptedAt: null, dueAt: '2026-03-01T04:59:59.999Z' };
    const after = { ...before, status: 'exempt', exemptReason: 'on leave until March', exemptedAt: '2026-03-02T15:04:00Z' };
    expect(changes(before, after, 'America/New_York')).toEqual([
      { field: 'status', label: 'Status', before: 'Overdue', after: 'Exempt' },
      { field: 'exemptReason', label: 'Reason for exemption', before: null, after: 'on leave until March' },
      { field: 'exemptedAt', label: 'Exempted', before: null, after: 'Mar 2, 2026, 10:04 AM EST' },
    ]);
  });

  it('shows a due date as the city day it ends, and people as a count', () => {
    expect(valueText('dueAt', '2026-03-01T04:59:59.999Z', 'America/New_York')).toBe('Feb 28, 2026');
    expect(valueText('staffIds', [heather.id, emily.id], 'America/New_York')).toBe('2 people');
    expect(valueText('departmentId', heather.id, 'America/New_York')).toBeNull();
    expect(valueText('rule', { departmentIds: [heather.id], jobClasses: ['Crew'] }, 'America/New_York')).toBe('Job classes: Crew');
    expect(valueText('due', { kind: 'absolute', dueAt: '2027-07-01T03:59:59Z' }, 'America/New_York')).toBe('Jun 30, 2027');
    // Since due dates became city days: the day as written, in any city.
    expect(valueText('dueOn', '2027-06-30', 'America/New_York')).toBe('Jun 30, 2027');
    expect(valueText('dueOn', '2027-06-30', 'Pacific/Kiritimati')).toBe('Jun 30, 2027');
    expect(valueText('due', { kind: 'absolute', dueOn: '2027-01-15' }, 'America/Los_Angeles')).toBe('Jan 15, 2027');
    expect(fieldLabel('dueOn')).toBe('Due');
    expect(valueText('due', { kind: 'after_joining', days: 30 }, 'America/New_York')).toBe('30 days after joining');
    expect(valueText('columnNames', [{ header: 'Emp No', column: 'employee_id' }], 'America/New_York')).toBe('“Emp No” for employee_id');
  });

  it('lists what an assignment asked for without its codes: the sentence names the course', () => {
    const after = { staffId: heather.id, courseSlug: 'racial-equity-foundations', due: { kind: 'after_hire', days: 1 }, created: 1, merged: 0 };
    expect(changes(null, after, 'America/New_York')).toEqual([
      { field: 'due', label: 'Due', before: null, after: '1 day after hire' },
      { field: 'created', label: 'Newly assigned', before: null, after: '1' },
      { field: 'merged', label: 'Already assigned', before: null, after: '0' },
    ]);
  });

  it('writes times in the city time zone with the zone named', () => {
    expect(cityTime('2026-07-04T16:30:00Z', 'America/New_York')).toBe('Jul 4, 2026, 12:30 PM EDT');
    expect(cityTime('2026-07-04T16:30:00Z', 'America/Los_Angeles')).toBe('Jul 4, 2026, 9:30 AM PDT');
  });
});
