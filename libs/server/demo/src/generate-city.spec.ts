import { checkPassword } from '@equip/shared/domain';
import { DEMO_LOGINS, DEMO_PASSWORD } from './demo-logins';
import { generateDemoCity } from './generate-city';

const today = new Date('2026-03-01T12:00:00Z');

describe('generateDemoCity', () => {
  const plan = generateDemoCity({ today });

  it('makes the same city every time for the same seed and day, and another city for another seed', () => {
    expect(generateDemoCity({ today })).toEqual(plan);
    expect(generateDemoCity({ today, seed: 1 }).staff.map((s) => s.email)).not.toEqual(plan.staff.map((s) => s.email));
  });

  it('has about thirty departments with divisions and a couple of sections, parents listed first', () => {
    const kinds = (kind: string) => plan.departments.filter((d) => d.kind === kind).length;
    expect(kinds('department')).toBe(30);
    expect(kinds('division')).toBeGreaterThanOrEqual(30);
    expect(kinds('section')).toBeGreaterThanOrEqual(2);
    const seen = new Set<string>();
    for (const d of plan.departments) {
      expect(d.code).toMatch(/^[A-Z0-9][A-Z0-9_-]*$/);
      expect(seen.has(d.code)).toBe(false);
      if (d.parentCode) expect(seen.has(d.parentCode)).toBe(true);
      expect(d.parentCode === null).toBe(d.kind === 'department');
      seen.add(d.code);
    }
  });

  it('staffs the big departments most, with unique employee ids and emails', () => {
    expect(plan.staff.length).toBeGreaterThanOrEqual(350);
    expect(plan.staff.length).toBeLessThanOrEqual(500);
    const top = (code: string) => plan.staff.filter((s) => s.departmentCode.split('-')[0] === code).length;
    for (const big of ['APD', 'AFD', 'TES', 'DCHS', 'RPCA']) expect(top(big)).toBeGreaterThan(top('FIN'));
    expect(new Set(plan.staff.map((s) => s.employeeId)).size).toBe(plan.staff.length);
    expect(new Set(plan.staff.map((s) => s.email.toLowerCase())).size).toBe(plan.staff.length);
    for (const s of plan.staff) expect(s.employeeId).toMatch(/^E\d{6}$/);
  });

  it('puts every manager before their reports, in the same department unless a department head reports to the city manager\'s office', () => {
    const byId = new Map(plan.staff.map((s) => [s.employeeId, s]));
    const position = new Map(plan.staff.map((s, i) => [s.employeeId, i]));
    const topLevel = new Set(plan.departments.filter((d) => d.kind === 'department').map((d) => d.code));
    plan.staff.forEach((s, i) => {
      if (!s.managerEmployeeId) return;
      expect(position.get(s.managerEmployeeId)!).toBeLessThan(i);
      const manager = byId.get(s.managerEmployeeId)!;
      const sameDepartment = s.departmentCode.split('-')[0] === manager.departmentCode.split('-')[0];
      expect(sameDepartment || (topLevel.has(s.departmentCode) && manager.departmentCode === 'CMO')).toBe(true);
    });
  });

  it('spreads hire dates over about 25 years up to today, and a handful have left after being hired', () => {
    const dates = plan.staff.map((s) => s.hireDate).sort();
    expect(dates[dates.length - 1] <= '2026-03-01').toBe(true);
    expect(dates[0] <= '2003-01-01').toBe(true);
    expect(dates[0] >= '2000-01-01').toBe(true);
    const inactive = plan.staff.filter((s) => !s.active);
    expect(inactive.length).toBeGreaterThanOrEqual(3);
    expect(inactive.length).toBeLessThanOrEqual(12);
    const managers = new Set(plan.staff.map((s) => s.managerEmployeeId));
    for (const s of inactive) {
      expect(s.deactivatedAt! > s.hireDate).toBe(true);
      expect(managers.has(s.employeeId)).toBe(false);
    }
    expect(plan.staff.filter((s) => s.active).every((s) => s.deactivatedAt === null)).toBe(true);
  });

  it('has one demo login per role, placed and granted as described', () => {
    expect(plan.logins.map((l) => l.role).sort()).toEqual(['equity_lead', 'learner', 'rase_admin', 'viewer']);
    for (const login of DEMO_LOGINS) {
      const person = plan.staff.find((s) => s.email === login.email)!;
      expect(person.departmentCode).toBe(login.departmentCode);
      expect(person.active).toBe(true);
      const grants = plan.grants.filter((g) => g.employeeId === person.employeeId);
      expect(grants).toEqual(login.grant ? [{ employeeId: person.employeeId, ...login.grant }] : []);
    }
    expect(plan.departments.some((d) => d.parentCode === 'TES')).toBe(true);
    expect(plan.grants.filter((g) => g.role === 'equity_lead').length).toBeGreaterThan(3);
    expect(checkPassword(DEMO_PASSWORD)).toBeUndefined();
  });
});
