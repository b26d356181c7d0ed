import type { DepartmentNode } from '@equip/shared/contracts';

export interface DepartmentOption {
  id: string;
  /** Indented by depth with no-break spaces (a native <option> keeps them), then "Name (CODE)". */
  label: string;
}

const INDENT = '\u00a0\u00a0\u00a0';

/**
 * Options for a department <select>, in the api's order (parents before children) and indented
 * under their parents. Depth counts from the shallowest department listed, so an equity lead whose
 * scope starts at a division sees it unindented.
 */
export function departmentOptions(departments: readonly DepartmentNode[]): DepartmentOption[] {
  const top = Math.min(...departments.map((d) => d.depth));
  return departments.map((d) => ({ id: d.id, label: `${INDENT.repeat(d.depth - top)}${d.name} (${d.code})` }));
}
