import { dateTimeFormat } from '@equip/shared/domain';
import { collectPdf, loadFonts } from '@equip/server/certificates';
import {
  SUPPRESSION_THRESHOLD, type Dashboard, type FigureDisclosure, type HeatmapCell, type HeatmapRow, type ProgressionOverview, type ReportCount, type ReportSubject,
} from '@equip/shared/contracts';
import PDFDocument from 'pdfkit';

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
const WEEK = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });

/** What the page says of its figures: exact ones are not for sharing; protected ones say what the words stand for. */
export function disclosureText(disclosure: FigureDisclosure): string {
  const words = `“fewer than ${SUPPRESSION_THRESHOLD}” stands for 1 to ${SUPPRESSION_THRESHOLD - 1} (zero is shown, nothing is rounded) and “suppressed” hides a figure that would reveal one.`;
  if (disclosure === 'exact') return 'Exact figures, small groups included: for your own use, not for sharing (the published copy protects them).';
  if (disclosure === 'mixed') return `Exact figures for the departments you lead, protected elsewhere: ${words}`;
  return `Protected figures: ${words}`;
}

/** A count as the dashboard lets it be shown: the number, "fewer than 5" or "suppressed" — never a hidden number. */
export function countText(c: ReportCount): string {
  if (c.suppressed === 'fewer_than_5') return `fewer than ${SUPPRESSION_THRESHOLD}`;
  if (c.suppressed === 'complementary' || c.count === null) return 'suppressed';
  return NUMBER.format(c.count);
}

/** A heatmap cell in words, as the dashboard shows it: its share completed, or why there is none. */
function cellText(cell: HeatmapCell | undefined): string {
  if (!cell || (!cell.assigned.suppressed && cell.assigned.count === 0)) return 'not assigned';
  if (cell.percentCompleted !== null) return `${cell.percentCompleted}%`;
  if (cell.assigned.suppressed) return countText(cell.assigned);
  return cell.completed.suppressed ? 'suppressed' : 'none due';
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
 * The printable one-page summary for leadership: headline figures, completion of the top-level
 * departments against the courses and tracks, completions per week (a vector bar chart) and how
 * many departments are at each equity stage. US Letter portrait (it also prints on A4 without
 * losing anything: every box sits inside both). Everything is drawn into boxes of fixed height
 * (text is cut short with "…" rather than wrapped further), so however many departments, courses
 * or how long their names, it stays on one page; rows that do not fit are counted on the page.
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

  const doc = new PDFDocument({
    size: 'LETTER',
    margin: 0,
    pdfVersion: '1.7',
    compress: options.compress ?? true,
    tagged: true,
    lang: 'en-US',
    displayTitle: true,
    subset: 'PDF/UA' as PDFKit.Mixins.PDFSubsets,
    info: { Title: title, Subject: `${place}, as of ${asOf}`, Creator: 'Equip' },
  });
  const done = collectPdf(doc, { regular, bold });

  // Inside both US Letter (612 × 792) and A4 (595 × 842), with printers' margins.
  const left = 40;
  const right = 555;
  const width = right - left;
  const bottom = 752;

  const root = doc.struct('Document');
  doc.addStructure(root);
  /** Text in a fixed box: never more lines than fit its height, so it can never start a second page. */
  const box = (text: string, x: number, y: number, w: number, h: number, font: string, size: number, color = INK, align: 'left' | 'right' | 'center' = 'left') => {
    doc.font(font).fontSize(size).fillColor(color).text(text, x, y, { width: w, height: Math.max(h, doc.currentLineHeight(true)), ellipsis: true, align });
  };
  const tagged = (tag: string, draw: () => void) => root.add(doc.struct(tag, {}, [() => draw()]));
  const artifact = (draw: () => void) => {
    doc.markContent('Artifact', { type: 'Layout' });
    draw();
    doc.endMarkedContent();
  };

  // ── heading ──
  let y = 40;
  tagged('H1', () => box(title, left, y, width, 22, 'Bold', 16));
  y += 24;
  tagged('P', () => box(place, left, y, width, 15, 'Bold', 11));
  y += 16;
  tagged('P', () => box(filterText(d, chosen), left, y, width, 22, 'Body', 8.5, MUTED));
  y += 22;
  tagged('P', () =>
    box(`As of ${asOf}. ${disclosureText(d.disclosure)}`, left, y, width, 22, 'Body', 8.5, MUTED),
  );
  y += 26;

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
  const figureHeight = 64;
  const list = doc.struct('L');
  root.add(list);
  figures.forEach((f, i) => {
    const x = left + i * (figureWidth + gap);
    artifact(() => doc.lineWidth(0.75).strokeColor(RULE).roundedRect(x, y, figureWidth, figureHeight, 4).stroke());
    list.add(
      doc.struct('LI', {}, [
        doc.struct('Lbl', {}, [() => box(f.label, x + 6, y + 5, figureWidth - 12, 20, 'Body', 7.5, MUTED)]),
        doc.struct('LBody', {}, [
          () => box(f.value, x + 6, y + 24, figureWidth - 12, 18, 'Bold', 14),
          () => box(f.note, x + 6, y + 43, figureWidth - 12, 18, 'Body', 7, MUTED),
        ]),
      ]),
    );
  });
  list.end();
  y += figureHeight + 12;

  // The bottom sections have fixed places; the heatmap gets whatever lies between.
  const progressionTop = bottom - 64;
  const chartTop = progressionTop - 100;

  // ── completion by department ──
  const { rows, subjects } = summaryHeatmap(d);
  tagged('H2', () => box('Completion by department', left, y, width, 16, 'Bold', 12));
  y += 17;
  const omitted = d.subjects.length - subjects.length;
  const tableNote = omitted > 0
    ? `Share of assignments completed. Only the ${subjects.length} most-assigned of ${d.subjects.length} courses and tracks fit here; the dashboard shows every one.`
    : 'Share of assignments completed.';
  tagged('P', () => box(tableNote, left, y, width, 11, 'Body', 7.5, MUTED));
  y += 13;
  if (rows.length === 0 || subjects.length === 0) {
    tagged('P', () => box('Nothing is assigned to these staff yet.', left, y, width, 14, 'Body', 9));
  } else {
    drawHeatmap(rows, subjects, y, chartTop - 10);
  }

  // ── completions per week ──
  drawWeekly(chartTop);

  // ── equity progression ──
  drawProgression(progressionTop);

  artifact(() => box(`Equip · ${content.cityName} · summary as of ${asOf}`, left, bottom + 8, width, 10, 'Body', 7, MUTED, 'center'));
  root.end();
  doc.end();
  return done;

  function drawHeatmap(rows: HeatmapRow[], subjects: ReportSubject[], top: number, limit: number): void {
    const nameWidth = subjects.length <= 3 ? 220 : 185;
    const colWidth = (width - nameWidth) / subjects.length;
    const headHeight = 36;
    // Rows shrink to fit (a city's 30-odd departments do); past 8.5 pt, the last line says how many are left out.
    const rowHeight = Math.max(8.5, Math.min(15, (limit - top - headHeight) / rows.length));
    const capacity = Math.floor((limit - top - headHeight) / rowHeight);
    const shown = rows.length > capacity ? rows.slice(0, capacity - 1) : rows;
    const size = rowHeight >= 13 ? 8 : 6.5;
    const table = doc.struct('Table');
    root.add(table);
    const head = doc.struct('TR');
    table.add(head);
    // Header cells sit on the rule under them, however many lines their titles take.
    const above = (text: string, w: number, size: number) => top + headHeight - 2 - Math.min(headHeight - 4, doc.font('Bold').fontSize(size).heightOfString(text, { width: w }));
    head.add(doc.struct('TH', {}, [() => box('Department', left + 2, above('Department', nameWidth - 4, 7.5), nameWidth - 4, headHeight - 4, 'Bold', 7.5)]));
    subjects.forEach((s, i) => {
      const x = left + nameWidth + i * colWidth;
      head.add(doc.struct('TH', {}, [() => box(s.title, x + 2, above(s.title, colWidth - 4, 6.5), colWidth - 4, headHeight - 4, 'Bold', 6.5, INK, 'center')]));
    });
    head.end();
    artifact(() => doc.lineWidth(0.75).strokeColor(MUTED).moveTo(left, top + headHeight).lineTo(right, top + headHeight).stroke());
    let rowY = top + headHeight;
    for (const r of shown) {
      const tr = doc.struct('TR');
      table.add(tr);
      const indent = r.department.depth > 0 ? 8 : 0;
      const name = `${r.department.name} (${r.department.code})`;
      tr.add(doc.struct('TH', {}, [() => box(name, left + 2 + indent, rowY + (rowHeight - size) / 2 - 1, nameWidth - 4 - indent, rowHeight - 1, 'Body', size)]));
      subjects.forEach((s, i) => {
        const x = left + nameWidth + i * colWidth;
        const cell = r.cells.find((c) => c.subject === s.key);
        const p = cell?.percentCompleted ?? null;
        if (p !== null) artifact(() => doc.rect(x + 1, rowY + 0.5, colWidth - 2, rowHeight - 1).fill(HEAT[Math.min(3, Math.floor(p / 34) + 1)]));
        tr.add(doc.struct('TD', {}, [() => box(cellText(cell), x + 2, rowY + (rowHeight - size) / 2 - 1, colWidth - 4, rowHeight - 1, p === null ? 'Body' : 'Bold', size, p === null ? MUTED : INK, 'center')]));
      });
      tr.end();
      artifact(() => doc.lineWidth(0.25).strokeColor(RULE).moveTo(left, rowY + rowHeight).lineTo(right, rowY + rowHeight).stroke());
      rowY += rowHeight;
    }
    table.end();
    if (shown.length < rows.length) {
      tagged('P', () => box(`… and ${rows.length - shown.length} more departments: the dashboard lists every one.`, left + 2, rowY + 1, width - 4, rowHeight, 'Body', size, MUTED));
    }
  }

  function drawWeekly(top: number): void {
    tagged('H2', () => box('Completions per week', left, top, width, 16, 'Bold', 12));
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
  }

  function drawProgression(top: number): void {
    tagged('H2', () => box('Equity progression', left, top, width, 16, 'Bold', 12));
    // The departments on this page (a chosen department's subtree), each measured over all its staff.
    const shownIds = new Set(d.heatmap.map((r) => r.department.id));
    const departments = progression.departments.filter((p) => shownIds.has(p.department.id));
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
