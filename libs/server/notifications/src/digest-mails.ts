import type { AssignmentStatus } from '@equip/shared/contracts';
import { assignmentStatus, nudgeMessage } from '@equip/shared/domain';
import { ListMailItem, MailFooter, RenderedMail, renderListMail } from '@equip/server/mail';
import { cityDay, daysBetween, longDueDay } from './city-day';
import type { NotificationRow } from './notification.repository';

/** What every digest needs besides its rows. */
export interface DigestContext {
  footer: MailFooter;
  timeZone: string;
  /** The instant statuses are read at (now, when the mail is written). */
  now: Date;
  /**
   * Whether the reader can sign in. Someone without an account gets every link pointed at the page
   * where they ask for their invitation: a reminder never carries a sign-in link or token, so
   * reminders never spend or multiply invitation links.
   */
  canSignIn: boolean;
}

/** The public page where someone without an account asks for their invitation. */
export const ASK_FOR_INVITATION_PATH = '/ask-for-invitation';

const STATUS_WORDS: Record<AssignmentStatus, string> = {
  not_started: 'not started',
  in_progress: 'in progress',
  completed: 'completed',
  overdue: 'overdue',
  exempt: 'exempt',
};

/** The status of a ledger row's assignment now, by the one rule in shared-domain. */
export function rowStatus(row: Pick<NotificationRow, 'dueOn' | 'completedAt' | 'exemptedAt' | 'startedAt'>, now: Date, timeZone: string): AssignmentStatus {
  return assignmentStatus({ dueOn: row.dueOn, completedAt: row.completedAt, exemptedAt: row.exemptedAt, startedAt: row.startedAt }, now, timeZone);
}

/** Where a learner opens the work: the course or track page of the learner area. */
export function learnerPath(row: Pick<NotificationRow, 'subjectKind' | 'slug'>): string {
  return `/learn/${row.subjectKind === 'course' ? 'courses' : 'tracks'}/${encodeURIComponent(row.slug)}`;
}

/** Still worth a mail: not completed, not exempt, of an active person. */
export function stillDue(row: NotificationRow, now: Date, timeZone: string): boolean {
  const status = rowStatus(row, now, timeZone);
  return row.personActive && status !== 'completed' && status !== 'exempt';
}

/** One item per assignment (a digest that catches up on missed days may hold two rows of one), latest row wins. */
function byAssignment(rows: NotificationRow[]): NotificationRow[] {
  const latest = new Map<string, NotificationRow>();
  for (const row of rows) {
    const seen = latest.get(row.assignmentId);
    if (!seen || Number(row.id) > Number(seen.id)) latest.set(row.assignmentId, row);
  }
  return [...latest.values()];
}

function dueLine(row: NotificationRow, ctx: DigestContext): string {
  if (!row.dueOn) return 'No due date';
  const date = longDueDay(row.dueOn);
  const days = daysBetween(cityDay(ctx.now, ctx.timeZone), row.dueOn);
  if (days < 0) return `Overdue: it was due ${date} (${-days} ${-days === 1 ? 'day' : 'days'} ago)`;
  if (days <= 0) return `Due today, ${date}`;
  return `Due in ${days} ${days === 1 ? 'day' : 'days'}, on ${date}`;
}

function sortForReader(rows: NotificationRow[], ctx: DigestContext): NotificationRow[] {
  const rank = (r: NotificationRow) => (rowStatus(r, ctx.now, ctx.timeZone) === 'overdue' ? 0 : 1);
  const due = (r: NotificationRow) => r.dueOn ?? '9999-99-99';
  return [...rows].sort((a, b) => rank(a) - rank(b) || due(a).localeCompare(due(b)) || a.title.localeCompare(b.title));
}

function noAccountParagraph(ctx: DigestContext): string[] {
  return ctx.canSignIn
    ? []
    : ['You have not signed in to Equip yet. Ask for your invitation with your work email or employee ID, and we will email you how to sign in.'];
}

function mainAction(ctx: DigestContext): { label: string; url: string } {
  return ctx.canSignIn
    ? { label: 'See all your notifications', url: `${ctx.footer.appUrl}/learn/notifications` }
    : { label: 'Get your invitation', url: `${ctx.footer.appUrl}${ASK_FOR_INVITATION_PATH}` };
}

function learnerItem(row: NotificationRow, ctx: DigestContext): ListMailItem {
  const kind = row.subjectKind === 'course' ? 'Course' : 'Track';
  return {
    title: row.title,
    url: ctx.canSignIn ? `${ctx.footer.appUrl}${learnerPath(row)}` : `${ctx.footer.appUrl}${ASK_FOR_INVITATION_PATH}`,
    linkLabel: ctx.canSignIn ? `${row.title} (open the ${kind.toLowerCase()})` : `${row.title} (get your invitation to Equip first)`,
    lines: [`${kind}. ${dueLine(row, ctx)}.`, `Status: ${STATUS_WORDS[rowStatus(row, ctx.now, ctx.timeZone)]}.`],
  };
}

/** The learner's daily digest: every item due soon, due today or overdue, in one mail. */
export function learnerDigest(firstName: string, rows: NotificationRow[], ctx: DigestContext): RenderedMail {
  const items = sortForReader(byAssignment(rows), ctx);
  const overdue = items.filter((r) => rowStatus(r, ctx.now, ctx.timeZone) === 'overdue');
  const upcoming = items.filter((r) => rowStatus(r, ctx.now, ctx.timeZone) !== 'overdue');
  const subject =
    items.length === 1
      ? `Reminder: ${items[0].title} ${overdue.length ? 'is overdue' : dueLine(items[0], ctx).startsWith('Due today') ? 'is due today' : 'is due soon'}`
      : `Your training reminders: ${items.length} trainings ${overdue.length ? 'need your attention' : 'are due soon'}`;
  const sections = [
    ...(overdue.length ? [{ heading: 'Overdue', items: overdue.map((r) => learnerItem(r, ctx)) }] : []),
    ...(upcoming.length ? [{ heading: 'Due soon', items: upcoming.map((r) => learnerItem(r, ctx)) }] : []),
  ];
  return renderListMail(
    {
      subject,
      preview: `${items.length} ${items.length === 1 ? 'training' : 'trainings'} to finish in Equip`,
      greeting: `Hello ${firstName},`,
      paragraphs: [
        items.length === 1
          ? 'This is a reminder about a training on your plate in Equip.'
          : `This is a reminder about ${items.length} trainings on your plate in Equip. Each link opens the training where you left off.`,
        ...noAccountParagraph(ctx),
      ],
      sections,
      action: mainAction(ctx),
      after: [
        'You get at most one reminder email a day. Reminders for trainings you chose yourself can be turned off on your notifications page; reminders for assigned trainings cannot.',
      ],
    },
    ctx.footer,
  );
}

/**
 * People listed in each group of an escalation digest; the rest are counted, with a link to the page
 * that lists them all. A lead of a big department can have thousands escalated on one day, and a
 * mail of thousands of lines is read by nobody (and held whole in the worker's memory while sent).
 */
export const ESCALATION_ITEMS_PER_GROUP = 25;

/** A lead's escalation digest: the people whose work they assigned is long overdue, grouped by cohort. */
export function escalationDigest(firstName: string, rows: NotificationRow[], ctx: DigestContext): RenderedMail {
  const groups = new Map<string, { heading: string; rows: NotificationRow[] }>();
  for (const row of rows) {
    const key = row.cohortId ?? '';
    const group = groups.get(key) ?? { heading: row.cohortId ? `Cohort: ${row.cohortName ?? 'unnamed'}` : 'Assigned to people directly', rows: [] };
    group.rows.push(row);
    groups.set(key, group);
  }
  const people = new Set(rows.map((r) => r.personId)).size;
  const ordered = [...groups.entries()].sort(([a, x], [b, y]) => (a === '' ? 1 : b === '' ? -1 : x.heading.localeCompare(y.heading)));
  const sections = ordered.map(([cohortId, group]) => {
    const sorted = [...group.rows].sort(
      (a, b) => a.personLastName.localeCompare(b.personLastName) || a.personFirstName.localeCompare(b.personFirstName) || a.title.localeCompare(b.title),
    );
    const items = sorted.slice(0, ESCALATION_ITEMS_PER_GROUP).map((row) => {
      const name = `${row.personFirstName} ${row.personLastName}`;
      const url = cohortId ? `${ctx.footer.appUrl}/lead/cohorts/${cohortId}` : `${ctx.footer.appUrl}/lead/people/${row.personId}`;
      return {
        title: `${name}: ${row.title}`,
        url,
        linkLabel: `${name}: ${row.title} (open ${cohortId ? 'the cohort' : 'their page'})`,
        lines: [`${dueLine(row, ctx)}.`, row.startedAt ? 'Started, not finished.' : 'Not started.'],
      };
    });
    const more = sorted.length - items.length;
    if (more > 0) {
      const trainings = `${more.toLocaleString('en-US')} more overdue ${more === 1 ? 'training' : 'trainings'}`;
      items.push(
        cohortId
          ? { title: `And ${trainings} in this cohort`, url: `${ctx.footer.appUrl}/lead/cohorts/${cohortId}`, linkLabel: `And ${trainings} in this cohort (open the cohort to see them all)`, lines: [] }
          : { title: `And ${trainings} assigned to people directly`, url: `${ctx.footer.appUrl}/lead/people`, linkLabel: `And ${trainings} assigned to people directly (see your people)`, lines: [] },
      );
    }
    return { heading: group.heading, items };
  });
  return renderListMail(
    {
      subject: `Overdue training in your team: ${people.toLocaleString('en-US')} ${people === 1 ? 'person' : 'people'}`,
      preview: `${people.toLocaleString('en-US')} ${people === 1 ? 'person has' : 'people have'} training overdue for a while`,
      greeting: `Hello ${firstName},`,
      paragraphs: [
        `You assigned these trainings, and they have been overdue for a while. A word from you, or a nudge from the cohort page, often helps; if someone should not take a training, you can exempt them there with a reason.`,
      ],
      sections,
      after: ['You get this email once for each overdue assignment, on the day it is escalated.'],
    },
    ctx.footer,
  );
}

/** One mail for every nudge a person got since the last one. */
export function nudgeMail(firstName: string, rows: NotificationRow[], ctx: DigestContext): RenderedMail {
  const items = sortForReader(byAssignment(rows), ctx);
  const from = [...new Set(rows.map((r) => r.requestedByName).filter((n): n is string => !!n))];
  // The same words the lead read in the preview before sending (nudgeMessage in shared-domain).
  const message = nudgeMessage({ from: from.length === 1 ? from[0] : null, titles: items.map((r) => r.title), notes: rows.map((r) => r.nudgeNote ?? '') });
  return renderListMail(
    {
      subject: message.subject,
      preview: message.preview,
      greeting: `Hello ${firstName},`,
      paragraphs: [...message.paragraphs, ...noAccountParagraph(ctx)],
      sections: [{ items: items.map((r) => learnerItem(r, ctx)) }],
      action: mainAction(ctx),
    },
    ctx.footer,
  );
}
