import type { ActivatedRoute } from '@angular/router';
import {
  type DepartmentStage,
  type HeatmapCell,
  type IndicatorDefinition,
  type IndicatorValue,
  type ProgressionStage,
  type ReportCount,
  SUPPRESSION_REASONS,
  SUPPRESSION_THRESHOLD,
  SUPPRESSION_WORDS,
  type StageDefinition,
} from '@equip/shared/contracts';
import { formatCityDate, formatDueDay } from '@equip/web/shared/data-access';

const NUMBER = new Intl.NumberFormat('en-US');
const MONTH = new Intl.DateTimeFormat('en-US', { month: 'short', year: 'numeric', timeZone: 'UTC' });

/** A count as the api allows it to be shown: the number, "fewer than 5", "suppressed" or "not published". */
export function countText(count: ReportCount): string {
  if (count.suppressed) return SUPPRESSION_WORDS[count.suppressed];
  return count.count === null ? SUPPRESSION_WORDS.withheld : NUMBER.format(count.count);
}

export function percentText(percent: number | null): string {
  return percent === null ? 'not shown' : `${percent}%`;
}

/**
 * A heatmap cell's headline: its percentage; or why there is none — nothing assigned, everyone
 * assigned exempt, or a part of it hidden to protect a small group (then it says which words the
 * api gave that part, never "none due").
 */
export function cellText(cell: HeatmapCell): string {
  if (cell.percentCompleted !== null) return `${cell.percentCompleted}%`;
  if (cell.assigned.suppressed) return countText(cell.assigned);
  if (cell.assigned.count === 0) return 'not assigned';
  const hidden = [cell.completed, cell.exempt].find((c) => c.suppressed);
  if (hidden) return countText(hidden);
  return cell.exempt.count === cell.assigned.count ? 'all exempt' : 'not shown';
}

/**
 * "9 of 20 assigned", with exemptions when there are any; "20 assigned, completions hidden" when
 * only the completions are hidden; nothing when the headline already says it all.
 */
export function cellCounts(cell: HeatmapCell): string {
  if (cell.assigned.suppressed || cell.assigned.count === 0) return '';
  const exempt =
    cell.exempt.suppressed === 'complementary' ? ', exemptions hidden' : cell.exempt.count === 0 ? '' : `, ${countText(cell.exempt)} exempt`;
  if (cell.completed.suppressed === 'complementary') return `${countText(cell.assigned)} assigned, completions hidden${exempt}`;
  return `${countText(cell.completed)} of ${countText(cell.assigned)} assigned${exempt}`;
}

/** Why a count reads "fewer than 5", "suppressed" or "not published" (from the api's own mark), for tooltips and screen readers. */
export function hiddenReason(text: string): string | null {
  const mark = (Object.keys(SUPPRESSION_WORDS) as (keyof typeof SUPPRESSION_WORDS)[]).find((k) => SUPPRESSION_WORDS[k] === text);
  return mark ? SUPPRESSION_REASONS[mark] : null;
}

/** A day (YYYY-MM-DD: a due day, a week, a quarter's start, already the city's) as written; an instant as its day in the city. */
export function formatDate(iso: string): string {
  return iso.length === 10 ? formatDueDay(iso, 'medium') : formatCityDate(iso, 'medium');
}

export function formatMonth(iso: string): string {
  return MONTH.format(new Date(`${iso.slice(0, 10)}T00:00:00Z`));
}

/** A stage's name from the progression's definitions; no stage yet reads "Not started". */
export function stageName(stage: ProgressionStage | null, stages: readonly StageDefinition[]): string {
  if (!stage) return 'Not started';
  return stages.find((s) => s.stage === stage)?.name ?? stage[0].toUpperCase() + stage.slice(1);
}

export function indicatorName(key: string, indicators: readonly IndicatorDefinition[]): string {
  return indicators.find((i) => i.key === key)?.name ?? key;
}

/**
 * An indicator's value in words: "42%", "Yes", "No", "Not known", or — a share the api withholds
 * because its group is too small — "fewer than 5 people".
 */
export function indicatorValueText(value: IndicatorValue['value'], suppressed: IndicatorValue['suppressed'] = null): string {
  if (suppressed) return `fewer than ${SUPPRESSION_THRESHOLD} people`;
  if (value === null || value === undefined) return 'Not known';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  return `${value}%`;
}

/** What a stage still needs from one indicator, e.g. "Staff trained: 60% needed, now 42%". */
export function missingText(missing: NonNullable<DepartmentStage['next']>['missing'][number], indicators: readonly IndicatorDefinition[]): string {
  const needed = missing.needed === true ? 'Yes' : `${missing.needed}%`;
  return `${indicatorName(missing.indicator, indicators)}: ${needed} needed, now ${indicatorValueText(missing.current, missing.suppressed)}`;
}

/**
 * The URL of the dashboard's root (`/rase/dashboard` or `/lead/dashboard`), from the route marked
 * `dashboardRoot`, so pages link within whichever area mounted them.
 */
export function dashboardRootPath(route: ActivatedRoute): string {
  const path = route.snapshot.pathFromRoot;
  const index = path.findIndex((snapshot) => snapshot.data['dashboardRoot'] === true);
  const upTo = index === -1 ? path : path.slice(0, index + 1);
  return '/' + upTo.flatMap((snapshot) => snapshot.url.map((segment) => segment.path)).join('/');
}
