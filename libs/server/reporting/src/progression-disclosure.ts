import type { DepartmentStage, IndicatorValue, ProgressionSnapshotView } from '@equip/shared/contracts';

/**
 * An indicator's true value; a measured share also carries the size of the group it is a share
 * of (`of`: the department's active staff, or its managers). Snapshots keep this form, so history
 * can be judged by the group as it was that month; `of` itself is never published.
 */
export type TrueIndicatorValue = IndicatorValue & { of?: number };

/** A department's place computed on true values (what a snapshot stores). */
export type TrueDepartmentStage = Omit<DepartmentStage, 'indicators'> & { indicators: TrueIndicatorValue[] };

/** Values for a caller who sees the department exactly: as they are, group sizes left out. */
const exactValues = (values: TrueIndicatorValue[]): IndicatorValue[] => values.map(({ of: _of, ...v }) => v);

/** A department's place for a caller who sees it exactly. */
export function exactStage(placed: TrueDepartmentStage): DepartmentStage {
  return { ...placed, indicators: exactValues(placed.indicators) };
}

export function exactSnapshot(snapshot: ProgressionSnapshotView & { indicators: TrueIndicatorValue[] }): ProgressionSnapshotView {
  return { ...snapshot, indicators: exactValues(snapshot.indicators) };
}
