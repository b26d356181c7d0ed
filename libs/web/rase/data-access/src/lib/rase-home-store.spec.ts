import type { DepartmentNode } from '@equip/shared/contracts';
import { departmentsWithoutLead } from './rase-home-store';

const dept = (id: string, parentId: string | null, leads: string[]): DepartmentNode => ({
  id, code: id, name: id, kind: parentId ? 'division' : 'department', parentId, depth: parentId ? 1 : 0, activeStaff: 1, activeStaffWithUnits: 1,
  leads: leads.map((name) => ({ staffId: `s-${name}`, name })),
});

describe('departmentsWithoutLead', () => {
  it('lists a department with no lead of its own nor above it, and every division under it', () => {
    expect(departmentsWithoutLead([dept('FIN', null, []), dept('FIN-PAY', 'FIN', []), dept('FIN-TAX', 'FIN', ['Lee'])]).map((d) => d.id)).toEqual([
      'FIN',
      'FIN-PAY',
    ]);
  });

  it('counts a lead of a department for everything under it, however deep', () => {
    expect(departmentsWithoutLead([dept('TES', null, ['Lee']), dept('TES-OPS', 'TES', []), dept('TES-OPS-FLEET', 'TES-OPS', [])])).toEqual([]);
  });

  it('reads a tree without lead names (not an administrator) as led nowhere', () => {
    const { leads: _, ...withoutNames } = dept('POL', null, []);
    expect(departmentsWithoutLead([withoutNames])).toHaveLength(1);
  });
});
