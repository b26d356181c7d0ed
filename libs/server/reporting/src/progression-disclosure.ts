import type { DepartmentStage, IndicatorValue, ProgressionSnapshotView } from '@equip/shared/contracts';
import { disclosedShare } from '@equip/shared/domain';

/**
 * An indicator's true value; a measured share also carries the size of the group it is a share
 * of (`of`: the department's active staff, or its managers). Snapshots keep this form, so history
 * can be judged by the group as it was that month; `of` itself is never published.
 */
export type TrueIndicatorValue = IndicatorValue & { of?: number };

/** A department's place computed on true values (what a snapshot stores). */
export type TrueDepartmentStage = Omit<DepartmentStage, 'indicators'> & { indicators: TrueIndicatorValue[] };

/**
 * What may be published of measured values: a share of a group of 1–4 people is withheld (the
 * suppression rule), and a share from a snapshot taken before group sizes were kept is not known
 * (it cannot be checked, so it is not risked). `shares` are the keys of measured share indicators.
 */
export function disclosedValues(values: TrueIndicatorValue[], shares: ReadonlySet<string>): IndicatorValue[] {
  return values.map(({ of, ...v }) => {
    if (!shares.has(v.indicator) || typeof v.value === 'boolean') return v;
    return { ...v, ...(of === undefined ? { value: null, suppressed: null } : disclosedShare(v.value, of)) };
  });
}

/**
 * A department's place as published. The stage stays as placed on the true values: it tells only
 * that a share crossed a stage's threshold, never the share, and placing on withheld values would
 * hold every department of fewer than five at "Not started" whatever its staff did. What the next
 * stage still needs names a withheld indicator but not its current value.
 */
export function disclosedStage(placed: TrueDepartmentStage, shares: ReadonlySet<string>): DepartmentStage {
  const indicators = disclosedValues(placed.indicators, shares);
  const shown = new Map(indicators.map((v) => [v.indicator, v]));
  const next = placed.next && {
    stage: placed.next.stage,
    missing: placed.next.missing.map((m) => {
      const v = shown.get(m.indicator);
      return v?.suppressed ? { ...m, current: null, suppressed: v.suppressed } : m;
    }),
  };
  return { ...placed, next, indicators };
}

export function disclosedSnapshot(snapshot: ProgressionSnapshotView & { indicators: TrueIndicatorValue[] }, shares: ReadonlySet<string>): ProgressionSnapshotView {
  return { ...snapshot, indicators: disclosedValues(snapshot.indicators, shares) };
}

/** Values for a caller who sees the department exactly: as they are, group sizes left out. */
const exactValues = (values: TrueIndicatorValue[]): IndicatorValue[] => values.map(({ of: _of, ...v }) => v);

/** A department's place for a caller who sees it exactly. */
export function exactStage(placed: TrueDepartmentStage): DepartmentStage {
  return { ...placed, indicators: exactValues(placed.indicators) };
}

export function exactSnapshot(snapshot: ProgressionSnapshotView & { indicators: TrueIndicatorValue[] }): ProgressionSnapshotView {
  return { ...snapshot, indicators: exactValues(snapshot.indicators) };
}
