import { dateTimeFormat } from '@equip/shared/domain';
import { accessiblePdf, collectPdf, loadFonts } from '@equip/server/certificates';
import {
  SUPPRESSION_THRESHOLD, SUPPRESSION_WORDS, type Dashboard, type FigureDisclosure, type HeatmapCell, type HeatmapRow, type ProgressionOverview, type ReportCount, type ReportSubject,
} from '@equip/shared/contracts';

/** What the leadership summary prints: the dashboard and the progression exactly as the api serves them (published figures unless asked otherwise). */
export interface SummaryContent {
  dashboard: Dashboard;
  progression: ProgressionOverview;
  cityName: string;
  /** The city's IANA time zone, for the "as of" date. */
  timeZone: string;
  /** Whether the caller sees the whole city (else: the departments they lead). */
  cityWide: boolean;
}

export interface SummaryPdfOptions {
  /** pdfkit compresses page streams by default; tests turn it off to read the text. */
  compress?: boolean;
}

/** Heatmap columns that fit the page's width at a readable size; beyond it, the most-assigned. */
export const MAX_SUMMARY_SUBJECTS = 6;

// Contrast on white (and on the lightest heat fill): INK 14.7:1, MUTED 7.6:1, ACCENT 6.7:1.
const INK = '#1f2933';
const MUTED = '#4b5563';
const ACCENT = '#1d4ed8';
const RULE = '#d1d5db';
const HEAT = ['#ffffff', '#eff6ff', '#dbeafe', '#bfdbfe'];

const NUMBER = new Intl.NumberFormat('en-US');
/** The room the chart and the progression take, so each starts on a page that holds it whole. */
const WEEKLY_HEIGHT = 92;
const PROGRESSION_HEIGHT = 64;
const WEEK = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });

/** What the page says of its figures: exact ones are not for sharing; protected ones say what the words stand for. */
export function disclosureText(disclosure: FigureDisclosure): string {
  const words = `“fewer than ${SUPPRESSION_THRESHOLD}” stands for 1 to ${SUPPRESSION_THRESHOLD - 1} (zero is shown, nothing is rounded) and “suppressed” hides a figure that would reveal one.`;
  if (disclosure === 'exact') return 'Exact figures, small groups included: for your own use, not for sharing (the published copy protects them).';
  if (disclosure === 'mixed') return `Exact figures for the departments you lead, protected elsewhere: ${words}`;
  return `Protected figures: ${words}`;
}

/** A count as the dashboard lets it be shown: the number, or the words for a hidden one — never a hidden number. */
export function countText(c: ReportCount): string {
  if (c.suppressed) return SUPPRESSION_WORDS[c.suppressed];
  return c.count === null ? SUPPRESSION_WORDS.withheld : NUMBER.format(c.count);
}

/**
 * A heatmap cell in words, as the dashboard shows it: its share completed, or why there is none —
 * nothing assigned, everyone exempt, or the words for the part the api hid (never "none due").
 */
function cellText(cell: HeatmapCell | undefined): string {
  if (!cell || (!cell.assigned.suppressed && cell.assigned.count === 0)) return 'not assigned';
  if (cell.percentCompleted !== null) return `${cell.percentCompleted}%`;
  if (cell.assigned.suppressed) return countText(cell.assigned);
  const hidden = [cell.completed, cell.exempt].find((c) => c.suppressed);
  if (hidden) return countText(hidden);
  return cell.exempt.count === cell.assigned.count ? 'all exempt' : 'not shown';
}

/**
 * The rows and columns the page has room for. Rows: the top-level departments (every root; or
 * the chosen department and its direct sub-departments). Columns: every course and track, or the
 * most-assigned ones across those rows (hidden counts rank as nothing), in the dashboard's order.
 */
export function summaryHeatmap(dashboard: Dashboard): { rows: HeatmapRow[]; subjects: ReportSubject[] } {
  const maxDepth = dashboard.query.departmentId ? 1 : 0;
  const rows = dashboard.heatmap.filter((r) => r.department.depth <= maxDepth);
  if (dashboard.subjects.length <= MAX_SUMMARY_SUBJECTS) return { rows, subjects: dashboard.subjects };
  const totals = dashboard.subjects.map((s, i) => ({
    i,
    n: rows.filter((r) => r.department.depth === 0).reduce((sum, r) => sum + (r.cells.find((c) => c.subject === s.key)?.assigned.count ?? 0), 0),
  }));
  const chosen = new Set(totals.sort((a, b) => b.n - a.n || a.i - b.i).slice(0, MAX_SUMMARY_SUBJECTS).map((t) => t.i));
  return { rows, subjects: dashboard.subjects.filter((_, i) => chosen.has(i)) };
}

/** The filters in words, for the page's second line. */
function filterText(d: Dashboard, department: HeatmapRow | undefined): string {
  const q = d.query;
  const parts: string[] = [];
  if (department) parts.push(`department ${department.department.name} (${department.department.code}) and the units under it`);
  if (q.subject) parts.push(`course or track ${d.subjects.find((s) => s.key === q.subject)?.title ?? q.subject}`);
  if (q.jobClass) parts.push(`job class ${q.jobClass}`);
  if (q.workLocation) parts.push(`work location ${q.workLocation}`);
  if (q.activeOnly) parts.push('active staff only');
  const first = d.weekly[0]?.weekStart;
  const last = d.weekly[d.weekly.length - 1]?.weekStart;
  if ((q.from || q.to) && first && last) parts.push(`completions per week from ${WEEK.format(new Date(first))} to the week of ${WEEK.format(new Date(last))}`);
  return parts.length ? `Filters: ${parts.join('; ')}.` : 'Filters: none (all staff, every course and track).';
}

/**
 * The printable summary for leadership: headline figures, completion of the top-level departments
 * against the courses and tracks, completions per week (a vector bar chart) and how many
 * departments are at each equity stage. US Letter portrait (it also prints on A4 without losing
 * anything: every box sits inside both). Sections follow one another down the page; every name
 * wraps to as many lines as it needs (nothing is cut short), and a table that runs past the page
 * continues on the next under its header row, so a city's 30-odd departments fit one page and a
 * larger one takes the pages it needs, with no gap left between sections.
 * A tagged PDF: headings, paragraphs, tables with header cells, the chart as a figure with
 * alternative text, the rules and fills as artifacts.
 */
export async function renderSummaryPdf(content: SummaryContent, options: SummaryPdfOptions = {}): Promise<Buffer> {
  const { dashboard: d, progression } = content;
  const { regular, bold } = loadFonts();
  const title = 'Training and equity progress: summary for leadership';
  const chosen = d.query.departmentId ? d.heatmap.find((r) => r.department.id === d.query.departmentId) : undefined;
  const roots = d.heatmap.filter((r) => r.department.depth === 0).map((r) => r.department.name);
  const place = chosen
    ? `${chosen.department.name} (${chosen.department.code}), ${content.cityName}`
    : content.cityWide ? content.cityName : `${roots.join('; ') || 'My departments'}, ${content.cityName}`;
  const asOf = dateTimeFormat('en-US', { dateStyle: 'long', timeZone: content.timeZone }).format(new Date(d.overview.asOf));

  const doc = accessiblePdf({ margin: 0, compress: options.compress, info: { Title: title, Subject: `${place}, as of ${asOf}` } });
  const done = collectPdf(doc, { regular, bold });

  // Inside both US Letter (612 × 792) and A4 (595 × 842), with printers' margins.
  const left = 40;
  const right = 555;
  const width = right - left;
  const bottom = 752;

  const root = doc.struct('Document');
  doc.addStructure(root);
  /** The height `text` takes wrapped to `w`: every box is at least this tall, so nothing is ever cut short. */
  const measure = (text: string, w: number, font: string, size: number) => doc.font(font).fontSize(size).heightOfString(text, { width: w });
  /** Text wrapped in a box of width `w`, as tall as it needs (at least `h`). */
  const box = (text: string, x: number, y: number, w: number, h: number, font: string, size: number, color = INK, align: 'left' | 'right' | 'center' = 'left') => {
    const height = Math.max(h, measure(text, w, font, size) + 1);
    doc.font(font).fontSize(size).fillColor(color).text(text, x, y, { width: w, height, align, lineGap: 0 });
  };
  const footer = () => artifact(() => box(`Equip · ${content.cityName} · summary as of ${asOf}`, left, bottom + 8, width, 10, 'Body', 7, MUTED, 'center'));
  /** Ends this page (its footer) and starts the next; returns the top of the new page. */
  const newPage = (): number => {
    footer();
    doc.addPage({ size: 'LETTER', margin: 0 });
    return 40;
  };
  /** `y`, or the top of a new page when `needed` points do not fit under it. */
  const room = (y: number, needed: number): number => (y + needed <= bottom ? y : newPage());
  const tagged = (tag: string, draw: () => void) => root.add(doc.struct(tag, {}, [() => draw()]));
  const artifact = (draw: () => void) => {
    doc.markContent('Artifact', { type: 'Layout' });
    draw();
    doc.endMarkedContent();
  };

  // ── heading ──
  let y = 40;
  /** A paragraph at `y`, wrapped to the full width; returns the y under it. */
  const paragraph = (tag: string, text: string, font: string, size: number, color = INK, after = 2): number => {
    const top = y;
    tagged(tag, () => box(text, left, top, width, 0, font, size, color));
    return top + measure(text, width, font, size) + after;
  };
  y = paragraph('H1', title, 'Bold', 16, INK, 4);
  y = paragraph('P', place, 'Bold', 11);
  y = paragraph('P', filterText(d, chosen), 'Body', 8.5, MUTED);
  y = paragraph('P', `${d.publication ? 'Published figures as of' : 'As of'} ${asOf}. ${disclosureText(d.disclosure)}`, 'Body', 8.5, MUTED, 8);

  // ── overall ──
  const o = d.overview;
  tagged('H2', () => box('Overall', left, y, width, 16, 'Bold', 12));
  y += 17;
  const figures = [
    { label: `Staff trained in ${o.foundationsTrack.title}`, value: o.shareTrainedPercent === null ? countText(o.staffTrained) : `${o.shareTrainedPercent}%`, note: `${countText(o.staffTrained)} of ${countText(o.staff)} staff` },
    { label: 'Completions this quarter', value: countText(o.completionsThisQuarter), note: `Since ${WEEK.format(new Date(o.quarterStart))}` },
    { label: 'Overdue now', value: countText(o.overdueNow), note: 'Open assignments past their due date' },
    { label: 'Due in the next 30 days', value: countText(o.dueNext30Days), note: 'Open assignments' },
  ];
  const gap = 8;
  const figureWidth = (width - gap * (figures.length - 1)) / figures.length;
  const labelHeight = Math.max(18, ...figures.map((f) => measure(f.label, figureWidth - 12, 'Body', 7.5) + 2));
  const noteHeight = Math.max(9, ...figures.map((f) => measure(f.note, figureWidth - 12, 'Body', 7)));
  const figureHeight = 5 + labelHeight + 19 + noteHeight + 4;
  const list = doc.struct('L');
  root.add(list);
  figures.forEach((f, i) => {
    const x = left + i * (figureWidth + gap);
    artifact(() => doc.lineWidth(0.75).strokeColor(RULE).roundedRect(x, y, figureWidth, figureHeight, 4).stroke());
    list.add(
      doc.struct('LI', {}, [
        doc.struct('Lbl', {}, [() => box(f.label, x + 6, y + 5, figureWidth - 12, 0, 'Body', 7.5, MUTED)]),
        doc.struct('LBody', {}, [
          () => box(f.value, x + 6, y + 5 + labelHeight, figureWidth - 12, 0, 'Bold', 14),
          () => box(f.note, x + 6, y + 5 + labelHeight + 19, figureWidth - 12, 0, 'Body', 7, MUTED),
        ]),
      ]),
    );
  });
  list.end();
  y += figureHeight + 12;

  // ── completion by department ──
  const { rows, subjects } = summaryHeatmap(d);
  y = room(y, 60);
  y = paragraph('H2', 'Completion by department', 'Bold', 12, INK, 1);
  const leftOut = d.subjects.filter((s) => !subjects.includes(s));
  const tableNote = leftOut.length > 0
    ? `Share of assignments completed. Only the ${subjects.length} most-assigned of ${d.subjects.length} courses and tracks fit here; ` +
      `not shown: ${leftOut.map((s) => s.title).join('; ')} (the dashboard shows every one).`
    : 'Share of assignments completed.';
  y = paragraph('P', tableNote, 'Body', 7.5, MUTED, 3);
  if (rows.length === 0 || subjects.length === 0) {
    y = paragraph('P', 'Nothing is assigned to these staff yet.', 'Body', 9, INK, 4);
  } else {
    // The sections below the table, and the gaps before them: the table takes the rest of the page.
    y = drawHeatmap(rows, subjects, y, bottom - (6 + WEEKLY_HEIGHT) - (4 + PROGRESSION_HEIGHT));
  }

  // ── completions per week ──
  y = drawWeekly(room(y + 6, WEEKLY_HEIGHT));

  // ── equity progression ──
  drawProgression(room(y + 4, PROGRESSION_HEIGHT));

  footer();
  root.end();
  doc.end();
  return done;

  /**
   * The table from `top` down, every row whole, in the largest type that lets it end by `fitBy` (so
   * the sections below share its page); a table longer than that even in the smallest type is
   * set in a readable one and continues on new pages under its header row, the sections after
   * it (a full first page rather than a second one holding only the sections). Returns the y under it.
   */
  function drawHeatmap(rows: HeatmapRow[], subjects: ReportSubject[], top: number, fitBy: number): number {
    const nameWidth = subjects.length <= 3 ? 220 : 200;
    const colWidth = (width - nameWidth) / subjects.length;
    const headSize = 7;
    const headHeight = Math.max(measure('Department', nameWidth - 4, 'Bold', headSize), ...subjects.map((s) => measure(s.title, colWidth - 4, 'Bold', headSize))) + 6;
    const rowHeightAt = (r: HeatmapRow, size: number, pad: number) =>
      Math.max(
        measure(`${r.department.name} (${r.department.code})`, nameWidth - 4 - (r.department.depth > 0 ? 8 : 0), 'Body', size),
        ...subjects.map((s) => measure(cellText(r.cells.find((c) => c.subject === s.key)), colWidth - 4, 'Bold', size)),
      ) + pad * 2;
    const types = [{ size: 8, pad: 3 }, { size: 7.5, pad: 2 }, { size: 7, pad: 1.5 }, { size: 6.5, pad: 1 }, { size: 6, pad: 0.75 }];
    const { size, pad } =
      types.find((t) => top + headHeight + rows.reduce((sum, r) => sum + rowHeightAt(r, t.size, t.pad), 0) <= fitBy) ?? { size: 7, pad: 1.5 };
    const table = doc.struct('Table');
    root.add(table);
    const header = (at: number) => {
      const head = doc.struct('TR');
      table.add(head);
      // Header cells sit on the rule under them, however many lines their titles take.
      const above = (text: string, w: number) => at + headHeight - 3 - measure(text, w, 'Bold', headSize);
      head.add(doc.struct('TH', {}, [() => box('Department', left + 2, above('Department', nameWidth - 4), nameWidth - 4, 0, 'Bold', headSize)]));
      subjects.forEach((s, i) => {
        const x = left + nameWidth + i * colWidth;
        head.add(doc.struct('TH', {}, [() => box(s.title, x + 2, above(s.title, colWidth - 4), colWidth - 4, 0, 'Bold', headSize, INK, 'center')]));
      });
      head.end();
      artifact(() => doc.lineWidth(0.75).strokeColor(MUTED).moveTo(left, at + headHeight).lineTo(right, at + headHeight).stroke());
      return at + headHeight;
    };
    let rowY = header(top);
    for (const r of rows) {
      const indent = r.department.depth > 0 ? 8 : 0;
      const name = `${r.department.name} (${r.department.code})`;
      const texts = subjects.map((s) => cellText(r.cells.find((c) => c.subject === s.key)));
      const rowHeight = rowHeightAt(r, size, pad);
      if (rowY + rowHeight > bottom) {
        rowY = header(newPage());
      }
      const at = rowY;
      const tr = doc.struct('TR');
      table.add(tr);
      tr.add(doc.struct('TH', {}, [() => box(name, left + 2 + indent, at + pad, nameWidth - 4 - indent, 0, 'Body', size)]));
      subjects.forEach((s, i) => {
        const x = left + nameWidth + i * colWidth;
        const p = r.cells.find((c) => c.subject === s.key)?.percentCompleted ?? null;
        if (p !== null) artifact(() => doc.rect(x + 1, at + 0.5, colWidth - 2, rowHeight - 1).fill(HEAT[Math.min(3, Math.floor(p / 34) + 1)]));
        const textTop = at + (rowHeight - measure(texts[i], colWidth - 4, 'Bold', size)) / 2;
        tr.add(doc.struct('TD', {}, [() => box(texts[i], x + 2, textTop, colWidth - 4, 0, p === null ? 'Body' : 'Bold', size, p === null ? MUTED : INK, 'center')]));
      });
      tr.end();
      artifact(() => doc.lineWidth(0.25).strokeColor(RULE).moveTo(left, at + rowHeight).lineTo(right, at + rowHeight).stroke());
      rowY += rowHeight;
    }
    table.end();
    return rowY;
  }

  function drawWeekly(top: number): number {
    tagged('H2', () => box('Completions per week', left, top, width, 16, 'Bold', 12));
    if (d.publication) {
      const note = 'Figures by week are not part of the published figures: they are shown to RASE administrators and to equity leads for their departments.';
      tagged('P', () => box(note, left, top + 20, width, 10, 'Body', 8.5, MUTED));
      return top + 20 + measure(note, width, 'Body', 8.5);
    }
    const weeks = d.weekly;
    const shownCounts = weeks.map((w) => w.completions.count).filter((n): n is number => n !== null);
    const hidden = weeks.length - shownCounts.length;
    const max = Math.max(1, ...shownCounts);
    const chartY = top + 20;
    const chartHeight = 48;
    const axis = 34;
    const plotLeft = left + axis;
    const plotWidth = width - axis;
    const slot = plotWidth / Math.max(1, weeks.length);
    const first = weeks[0]?.weekStart;
    const last = weeks[weeks.length - 1]?.weekStart;
    const peak = weeks.find((w) => w.completions.count === max && max > 0);
    const alt = weeks.length === 0
      ? 'No weeks in the range.'
      : `Bar chart of completions per week, ${weeks.length} weeks from ${WEEK.format(new Date(first as string))} to ${WEEK.format(new Date(last as string))}; ` +
        (peak ? `the most, ${NUMBER.format(max)}, in the week of ${WEEK.format(new Date(peak.weekStart))}` : 'no completions shown') +
        (hidden ? `; ${hidden} weeks hidden (fewer than ${SUPPRESSION_THRESHOLD} or suppressed).` : '.');
    root.add(
      doc.struct('Figure', { alt }, [
        () => {
          doc.lineWidth(0.5).strokeColor(MUTED).moveTo(plotLeft, chartY + chartHeight).lineTo(right, chartY + chartHeight).stroke();
          doc.lineWidth(0.25).strokeColor(RULE).moveTo(plotLeft, chartY).lineTo(right, chartY).stroke();
          box(NUMBER.format(max), left, chartY - 4, axis - 4, 9, 'Body', 7, MUTED, 'right');
          box('0', left, chartY + chartHeight - 4, axis - 4, 9, 'Body', 7, MUTED, 'right');
          weeks.forEach((w, i) => {
            const x = plotLeft + i * slot + slot * 0.15;
            const barWidth = slot * 0.7;
            const n = w.completions.count;
            // A hidden week is drawn as an empty outline of no height: its bar would give the number away.
            if (n === null) doc.lineWidth(0.5).strokeColor(MUTED).dash(1.5, { space: 1.5 }).rect(x, chartY + chartHeight - 6, barWidth, 6).stroke().undash();
            else if (n > 0) doc.rect(x, chartY + chartHeight - (n / max) * chartHeight, barWidth, (n / max) * chartHeight).fill(ACCENT);
          });
          if (first && last) {
            box(`Week of ${WEEK.format(new Date(first))}`, plotLeft, chartY + chartHeight + 3, plotWidth / 2, 9, 'Body', 7, MUTED);
            box(`Week of ${WEEK.format(new Date(last))}`, plotLeft + plotWidth / 2, chartY + chartHeight + 3, plotWidth / 2, 9, 'Body', 7, MUTED, 'right');
          }
        },
      ]),
    );
    const note = hidden
      ? `A dotted outline marks a week whose count is hidden (fewer than ${SUPPRESSION_THRESHOLD}, or suppressed). The dashboard has this series as a table and a CSV.`
      : 'The dashboard has this series as a table and a CSV.';
    tagged('P', () => box(note, left, chartY + chartHeight + 14, width, 10, 'Body', 7, MUTED));
    return chartY + chartHeight + 14 + measure(note, width, 'Body', 7);
  }

  function drawProgression(top: number): void {
    tagged('H2', () => box('Equity progression', left, top, width, 16, 'Bold', 12));
    // The departments on this page (a chosen department's subtree), each measured over all its staff.
    const shownIds = new Set(d.heatmap.map((r) => r.department.id));
    const departments = progression.departments.filter((p) => shownIds.has(p.department.id));
    if (progression.disclosure !== 'exact' && progression.departments.length === 0) {
      tagged('P', () => box('Departments’ equity stages are not part of the published figures: they are shown to RASE administrators and to each department’s equity lead.', left, top + 20, width, 10, 'Body', 8.5, MUTED));
      return;
    }
    const stages = [{ key: null, name: 'Not started' }, ...progression.stages.map((s) => ({ key: s.stage, name: s.name }))];
    const counts = stages.map((s) => departments.filter((p) => p.stage === s.key).length);
    tagged('P', () =>
      box(`Departments at each stage (${departments.length} in all). Stages count every staff member of a department; the staff filters above do not apply.`, left, top + 17, width, 10, 'Body', 7.5, MUTED),
    );
    const cellWidth = width / stages.length;
    const rowY = top + 30;
    const table = doc.struct('Table');
    root.add(table);
    const head = doc.struct('TR');
    const body = doc.struct('TR');
    table.add(head);
    stages.forEach((s, i) => head.add(doc.struct('TH', {}, [() => box(s.name, left + i * cellWidth, rowY, cellWidth, 12, 'Bold', 8.5, INK, 'center')])));
    head.end();
    table.add(body);
    stages.forEach((s, i) => body.add(doc.struct('TD', {}, [() => box(NUMBER.format(counts[i]), left + i * cellWidth, rowY + 13, cellWidth, 18, 'Bold', 14, ACCENT, 'center')])));
    body.end();
    table.end();
    artifact(() => doc.lineWidth(0.5).strokeColor(RULE).rect(left, rowY - 3, width, 36).stroke());
  }
}
