import type { DepartmentNode } from '@equip/shared/contracts';
import { departmentOptions } from './department-options';

const node = (id: string, name: string, code: string, depth: number): DepartmentNode => ({
  id,
  name,
  code,
  depth,
  kind: depth === 0 ? 'department' : 'division',
  parentId: null,
  activeStaff: 1, activeStaffWithUnits: 1,
});

describe('departmentOptions', () => {
  it('indents each department under its parent, in the order given', () => {
    expect(
      departmentOptions([node('1', 'Transportation', 'TES', 0), node('2', 'Operations', 'TES-OPS', 1), node('3', 'Streets', 'TES-OPS-STREETS', 2)]),
    ).toEqual([
      { id: '1', label: 'Transportation (TES)' },
      { id: '2', label: '\u00a0\u00a0\u00a0Operations (TES-OPS)' },
      { id: '3', label: '\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0Streets (TES-OPS-STREETS)' },
    ]);
  });

  it('counts depth from the shallowest department listed', () => {
    expect(departmentOptions([node('2', 'Operations', 'TES-OPS', 1), node('3', 'Streets', 'TES-OPS-STREETS', 2)]).map((o) => o.label)).toEqual([
      'Operations (TES-OPS)',
      '\u00a0\u00a0\u00a0Streets (TES-OPS-STREETS)',
    ]);
  });
});
