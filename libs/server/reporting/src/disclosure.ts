import type { FigureDisclosure, ReportFigures } from '@equip/shared/contracts';
import { SuppressionTable, type StaffScope } from '@equip/shared/domain';

/** A department as the disclosure needs it: its materialized path (`/root/…/id/`). */
export interface DisclosedDepartment {
  id: string;
  path: string;
}

/**
 * Who sees which figures exactly, decided once per request from the caller: the one place the
 * reporting routes ask. A RASE administrator and an equity lead (whose scope is only the departments
 * they lead) see exact figures; a viewer sees protected ones, except in the departments (and their
 * sub-departments) they also lead; anyone asking for `published` figures sees what a viewer with no
 * departments sees. Every protected figure then comes from `table()` (small-cell suppression, with
 * the exact departments' cells fixed), so a stronger method replaces it there.
 */
export class Disclosure {
  private constructor(
    /** Every figure exact. */
    private readonly allExact: boolean,
    /** Departments whose own figures are exact when not all are. */
    private readonly exactIds: ReadonlySet<string>,
  ) {}

  /** Exact figures for everything (the benchmark and internal jobs). */
  static readonly EXACT = new Disclosure(true, new Set());

  /** Protected figures for everything (a viewer, or "show as published"). */
  static readonly PUBLISHED = new Disclosure(false, new Set());

  /** `led`: the departments the caller leads, sub-departments included (`ledDepartments`). */
  static decide(scope: StaffScope, figures: ReportFigures | undefined, led: ReadonlySet<string>): Disclosure {
    const viewer = scope.kind === 'city' && !scope.personLevel;
    // A viewer who also leads gets one publication only, theirs: given the everyone-else one beside
    // it, two protections of the same counts could be combined to undo both.
    if (viewer && led.size > 0) return new Disclosure(false, led);
    if (figures === 'published' || viewer) return Disclosure.PUBLISHED;
    return Disclosure.EXACT;
  }

  /** Whether any figure is protected (then answers come from the stored publication). */
  get isProtected(): boolean {
    return !this.allExact;
  }

  /** The departments published exactly within a protected answer (a viewer who also leads them). */
  exactDepartments(): ReadonlySet<string> {
    return this.exactIds;
  }

  /** Whether a department's own figures are exact. */
  exactFor(departmentId: string | null | undefined): boolean {
    return this.allExact || (departmentId != null && this.exactIds.has(departmentId));
  }

  /** Whether a figure over all of these departments is exact (every one of them is; an empty list is not, unless all are). */
  exactForAll(departmentIds: readonly string[]): boolean {
    return this.allExact || (departmentIds.length > 0 && departmentIds.every((id) => this.exactIds.has(id)));
  }

  /** How an answer over these departments was published. */
  over(departmentIds: readonly string[]): FigureDisclosure {
    if (this.exactForAll(departmentIds)) return 'exact';
    return departmentIds.some((id) => this.exactIds.has(id)) ? 'mixed' : 'protected';
  }

  /** The table every figure of one answer goes through: exact, or protected with the exact departments' cells fixed. */
  table(): SuppressionTable {
    return new SuppressionTable({ exact: this.allExact });
  }
}

/**
 * The departments the caller leads and everything under them, among `departments` (all those the
 * caller can see, with their paths): for a lead, every department in their scope; for a viewer who
 * also leads, those subtrees; for anyone else, none.
 */
export function ledDepartments(scope: StaffScope, departments: readonly DisclosedDepartment[]): ReadonlySet<string> {
  if (scope.kind === 'departments') return new Set(departments.map((d) => d.id));
  const roots = scope.kind === 'city' ? (scope.leadRootDepartmentIds ?? []) : [];
  if (roots.length === 0) return new Set();
  const paths = departments.filter((d) => roots.includes(d.id)).map((d) => d.path);
  return new Set(departments.filter((d) => paths.some((p) => d.path.startsWith(p))).map((d) => d.id));
}
