import { cityDay } from './date-format';
import type { DepartmentStage, IndicatorValue, ProgressionStage, StageDefinition, StageRequirement } from '@equip/shared/contracts';

/**
 * Department equity progression: a department stands at the highest stage whose requirements,
 * and those of every stage before it, all hold. Stages are cumulative on purpose: a department
 * does not reach "Practicing" on a recorded plan while nobody has been trained. An unknown value
 * (nothing recorded, nobody to count) never meets a requirement.
 */
export function meets(requirement: StageRequirement, value: number | boolean | null | undefined): boolean {
  if (value === null || value === undefined) return false;
  if (requirement.min === true) return value === true;
  return typeof value === 'number' && value >= requirement.min;
}

export function placeOnProgression(stages: readonly StageDefinition[], values: readonly IndicatorValue[]): Pick<DepartmentStage, 'stage' | 'next'> {
  const byKey = new Map(values.map((v) => [v.indicator, v.value]));
  let stage: ProgressionStage | null = null;
  for (const s of stages) {
    const missing = missingFor(s, byKey);
    if (missing.length > 0) return { stage, next: { stage: s.stage, missing } };
    stage = s.stage;
  }
  return { stage, next: null };
}

function missingFor(stage: StageDefinition, values: Map<string, number | boolean | null>) {
  return stage.requires
    .filter((r) => !meets(r, values.get(r.indicator)))
    .map((r) => ({ indicator: r.indicator, needed: r.min, current: values.get(r.indicator) ?? null }));
}

/** Share as a percentage with one decimal; null when there is nobody to count. */
export function share(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 1000) / 10 : null;
}

/**
 * The first day of the city's month holding `instant`, as YYYY-MM-01: 23:30 on Mar 31 in the city is
 * March there, though April already in UTC.
 */
export function monthOf(instant: Date, timeZone: string): string {
  return `${cityDay(instant, timeZone).slice(0, 7)}-01`;
}
