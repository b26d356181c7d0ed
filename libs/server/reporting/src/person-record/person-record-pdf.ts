import { accessiblePdf, collectPdf, loadFonts } from '@equip/server/certificates';
import { MEMBERSHIP_REASON_LABELS, RECORD_STATUS_LABELS, type PersonRecord } from '@equip/shared/contracts';
import { dateTimeFormat, formatDay } from '@equip/shared/domain';
import { assignedByText, knowledgeCheckUse } from './person-record-csv';

export interface PersonRecordContent {
  record: PersonRecord;
  cityName: string;
  /** The city's IANA time zone, for every date printed. */
  timeZone: string;
}

export interface PersonRecordPdfOptions {
  /** pdfkit compresses page streams by default; tests turn it off to read the text. */
  compress?: boolean;
}

// Contrast on white: INK 14.7:1, MUTED 7.6:1, ACCENT 6.7:1 (as the leadership summary).
const INK = '#1f2933';
const MUTED = '#4b5563';
const ACCENT = '#1d4ed8';
const RULE = '#d1d5db';

/** Current assignments the first page lists before pointing to the full list. */
export const FIRST_PAGE_ASSIGNMENTS = 12;

/**
 * A person's record of learning as a PDF. The first page summarizes: who, as of when, current
 * assignments by status, certificates held, and the current assignments most in need of attention
 * (overdue, then by due date). The pages after list every assignment (current and past cycles),
 * the certificates and the cohort memberships, a new page whenever one fills. A tagged PDF, as the
 * leadership summary: headings, paragraphs and tables with header cells; rules are artifacts.
 * Pure: the record in, the bytes out (callers go through one function so it can run off the main thread).
 */
export async function renderPersonRecordPdf(content: PersonRecordContent, options: PersonRecordPdfOptions = {}): Promise<Buffer> {
  const { record: r, timeZone } = content;
  const { regular, bold } = loadFonts();
  const fullName = `${r.person.firstName} ${r.person.lastName}`;
  const longDate = dateTimeFormat('en-US', { dateStyle: 'long', timeZone });
  const shortDate = dateTimeFormat('en-US', { dateStyle: 'medium', timeZone });
  const day = (iso: string | null) => (iso ? shortDate.format(new Date(iso)) : '');
  const dueText = (dueOn: string | null) => (dueOn ? formatDay(dueOn) : 'No due date');
  const asOf = longDate.format(new Date(r.asOf));
  const title = `Record of learning: ${fullName}`;

  const doc = accessiblePdf({ margin: 0, compress: options.compress, info: { Title: title, Subject: `${r.person.department.name}, ${content.cityName}, as of ${asOf}` } });
  const done = collectPdf(doc, { regular, bold });

  // Inside both US Letter and A4, with printers' margins.
  const left = 40;
  const right = 555;
  const width = right - left;
  const bottom = 740;
  const root = doc.struct('Document');
  doc.addStructure(root);
  const box = (text: string, x: number, y: number, w: number, h: number, font: string, size: number, color = INK, align: 'left' | 'right' | 'center' = 'left') => {
    doc.font(font).fontSize(size).fillColor(color).text(text, x, y, { width: w, height: Math.max(h, doc.currentLineHeight(true)), ellipsis: true, align });
  };
  const tagged = (tag: string, draw: () => void) => root.add(doc.struct(tag, {}, [() => draw()]));
  const artifact = (draw: () => void) => {
    doc.markContent('Artifact', { type: 'Layout' });
    draw();
    doc.endMarkedContent();
  };
  const footer = () => artifact(() => box(`Equip · ${content.cityName} · ${fullName} (${r.person.employeeId}) · as of ${asOf}`, left, bottom + 16, width, 10, 'Body', 7, MUTED, 'center'));

  // ── page 1: the summary ──
  let y = 40;
  tagged('H1', () => box(title, left, y, width, 22, 'Bold', 16));
  y += 24;
  const role = [r.person.jobTitle, r.person.department.name].filter(Boolean).join(', ');
  tagged('P', () => box(`${role}. Employee ID ${r.person.employeeId}${r.person.active ? '' : ' (no longer active)'}.`, left, y, width, 15, 'Bold', 11));
  y += 17;
  tagged('P', () => box(`As of ${asOf}. Due dates are days in the city’s time zone. Contains personal information: share only with those who need it.`, left, y, width, 22, 'Body', 8.5, MUTED));
  y += 26;

  tagged('H2', () => box('Summary', left, y, width, 16, 'Bold', 12));
  y += 18;
  const s = r.summary;
  const figures = [
    { label: 'Overdue', value: s.overdue },
    { label: 'Not started', value: s.not_started },
    { label: 'In progress', value: s.in_progress },
    { label: 'Completed', value: s.completed },
    { label: 'Exempt', value: s.exempt },
    { label: 'Certificates held', value: s.certificates },
  ];
  const gap = 8;
  const figureWidth = (width - gap * (figures.length - 1)) / figures.length;
  const list = doc.struct('L');
  root.add(list);
  figures.forEach((f, i) => {
    const x = left + i * (figureWidth + gap);
    artifact(() => doc.lineWidth(0.75).strokeColor(RULE).roundedRect(x, y, figureWidth, 48, 4).stroke());
    list.add(
      doc.struct('LI', {}, [
        doc.struct('Lbl', {}, [() => box(f.label, x + 6, y + 5, figureWidth - 12, 12, 'Body', 7.5, MUTED)]),
        doc.struct('LBody', {}, [() => box(String(f.value), x + 6, y + 20, figureWidth - 12, 20, 'Bold', 16, f.label === 'Overdue' && f.value > 0 ? ACCENT : INK)]),
      ]),
    );
  });
  list.end();
  y += 60;
  tagged('P', () => box('Current assignments by status (the latest cycle of each course or track); certificates not revoked.', left, y, width, 11, 'Body', 7.5, MUTED));
  y += 18;

  const current = r.assignments.filter((a) => a.current);
  const attention = [...current].sort((a, b) => rank(a.status) - rank(b.status) || (a.dueOn ?? '9').localeCompare(b.dueOn ?? '9'));
  tagged('H2', () => box('Current assignments', left, y, width, 16, 'Bold', 12));
  y += 18;
  if (attention.length === 0) {
    tagged('P', () => box('Nothing is assigned to this person.', left, y, width, 14, 'Body', 9));
    y += 16;
  } else {
    const shown = attention.slice(0, FIRST_PAGE_ASSIGNMENTS);
    y = table(
      ['Course or track', 'Status', 'Due', 'Assigned by'],
      [0.38, 0.14, 0.14, 0.34],
      shown.map((a) => [a.subject.title, RECORD_STATUS_LABELS[a.status], dueText(a.dueOn), assignedByText(a)]),
      y,
    );
    if (attention.length > shown.length) {
      tagged('P', () => box(`… and ${attention.length - shown.length} more current assignments, listed on the following pages.`, left, y + 2, width, 11, 'Body', 8, MUTED));
      y += 14;
    }
  }
  const held = r.certificates.filter((c) => c.revokedAt === null);
  y += 8;
  tagged('H2', () => box('Certificates', left, y, width, 16, 'Bold', 12));
  y += 18;
  const certText = held.length === 0 ? 'No certificates yet.' : held.slice(0, 6).map((c) => `${c.title} (${day(c.issuedAt)})`).join('; ') + (held.length > 6 ? `; and ${held.length - 6} more.` : '.');
  tagged('P', () => box(certText, left, y, width, Math.min(60, bottom - y), 'Body', 9));
  footer();

  // ── the full record ──
  doc.addPage();
  y = 40;
  tagged('H2', () => box('Every assignment, current and past', left, y, width, 16, 'Bold', 12));
  y += 20;
  if (r.assignments.length === 0) {
    tagged('P', () => box('None.', left, y, width, 14, 'Body', 9));
    y += 16;
  } else {
    y = table(
      ['Course or track', 'Cycle', 'Status', 'Due', 'Completed', 'Assigned by'],
      [0.33, 0.09, 0.11, 0.13, 0.13, 0.21],
      r.assignments.map((a) => [a.subject.title, a.current ? String(a.cycle) : `${a.cycle} (past)`, RECORD_STATUS_LABELS[a.status], dueText(a.dueOn), day(a.completedAt), assignedByText(a)]),
      y,
    );
  }
  const exempt = r.assignments.filter((a) => a.exemption !== null);
  y = heading('Exemptions', y + 10);
  y = exempt.length === 0
    ? paragraph('None.', y)
    : table(
        ['Course or track', 'Reason', 'Granted by', 'On'],
        [0.3, 0.38, 0.19, 0.13],
        exempt.map((a) => [a.subject.title, a.exemption?.reason ?? '', a.exemption?.by ? `${a.exemption.by.firstName} ${a.exemption.by.lastName}` : '', day(a.exemption?.at ?? null)]),
        y,
      );
  const extensions = r.assignments.flatMap((a) => a.extensions.map((x) => ({ title: a.subject.title, ...x })));
  y = heading('Extensions', y + 10);
  y = extensions.length === 0
    ? paragraph('None.', y)
    : table(
        ['Course or track', 'Was due', 'Now due', 'Reason', 'Granted by', 'On'],
        [0.22, 0.12, 0.12, 0.24, 0.17, 0.13],
        extensions.map((x) => [x.title, x.fromDueOn ? dueText(x.fromDueOn) : '', dueText(x.toDueOn), x.reason, x.by ? `${x.by.firstName} ${x.by.lastName}` : '', day(x.at)]),
        y,
      );
  const checks = knowledgeCheckUse(r);
  y = heading('Knowledge checks', y + 10);
  y = checks.length === 0
    ? paragraph('None tried.', y)
    : table(
        ['Course', 'Knowledge check', 'Attempts used', 'Allowed', 'Passed'],
        [0.3, 0.3, 0.14, 0.14, 0.12],
        checks.map((k) => [k.course, k.check, String(k.used), k.allowed === null ? 'No limit' : String(k.allowed), k.passed ? 'Yes' : 'No']),
        y,
      );
  y = heading('Certificates', y + 10);
  y = r.certificates.length === 0
    ? paragraph('None.', y)
    : table(['Certificate', 'Serial', 'Issued', 'Revoked'], [0.46, 0.22, 0.16, 0.16], r.certificates.map((c) => [c.title, c.serial, day(c.issuedAt), day(c.revokedAt)]), y);
  y = heading('Cohort memberships', y + 10);
  y = r.cohorts.length === 0
    ? paragraph('None.', y)
    : table(
        ['Cohort', 'Joined', 'Left', 'How they joined', 'Why they left'],
        [0.2, 0.12, 0.12, 0.24, 0.32],
        r.cohorts.map((c) => [c.cohort.name, day(c.joinedAt), day(c.leftAt), MEMBERSHIP_REASON_LABELS[c.joinReason] ?? '', c.leaveReason ? (MEMBERSHIP_REASON_LABELS[c.leaveReason] ?? '') : '']),
        y,
      );
  footer();
  root.end();
  doc.end();
  return done;

  function newPage(): number {
    footer();
    doc.addPage();
    return 40;
  }

  function heading(text: string, top: number): number {
    const at = top + 40 > bottom ? newPage() : top;
    tagged('H2', () => box(text, left, at, width, 16, 'Bold', 12));
    return at + 20;
  }

  function paragraph(text: string, top: number): number {
    tagged('P', () => box(text, left, top, width, 14, 'Body', 9));
    return top + 16;
  }

  /** A table of one-line cells (cut short with "…"), its header repeated on each new page. */
  function table(headers: string[], fractions: number[], rows: string[][], top: number): number {
    const rowHeight = 14;
    const xs = fractions.map((_, i) => left + fractions.slice(0, i).reduce((a, b) => a + b, 0) * width);
    const ws = fractions.map((f) => f * width);
    let at = top;
    const t = doc.struct('Table');
    root.add(t);
    const head = () => {
      const tr = doc.struct('TR');
      t.add(tr);
      headers.forEach((h, i) => tr.add(doc.struct('TH', {}, [() => box(h, xs[i] + 2, at, ws[i] - 4, 12, 'Bold', 8)])));
      tr.end();
      const lineY = at + 12;
      artifact(() => doc.lineWidth(0.75).strokeColor(MUTED).moveTo(left, lineY).lineTo(right, lineY).stroke());
      at += 15;
    };
    head();
    for (const row of rows) {
      if (at + rowHeight > bottom) {
        at = newPage();
        head();
      }
      const tr = doc.struct('TR');
      t.add(tr);
      const rowY = at;
      row.forEach((cell, i) => tr.add(doc.struct(i === 0 ? 'TH' : 'TD', {}, [() => box(cell, xs[i] + 2, rowY + 1, ws[i] - 4, rowHeight - 2, 'Body', 8)])));
      tr.end();
      artifact(() => doc.lineWidth(0.25).strokeColor(RULE).moveTo(left, rowY + rowHeight).lineTo(right, rowY + rowHeight).stroke());
      at += rowHeight;
    }
    t.end();
    return at;
  }
}

/** The first page's order: overdue, then not started, in progress, exempt, completed. */
function rank(status: PersonRecord['assignments'][number]['status']): number {
  return ['overdue', 'not_started', 'in_progress', 'exempt', 'completed'].indexOf(status);
}
