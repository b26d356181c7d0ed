import type { AdministratorAfter } from '../roster.repository';
import { confirmation, confirmationProblem, confirmationThreshold, lastAdministratorProblems, selfProblem } from './roster-safety';

const admin = (id: string, activeNow: boolean, activeAfter: boolean, line = 0): AdministratorAfter => ({
  staffId: id,
  employeeId: id.toUpperCase(),
  name: `Admin ${id}`,
  line,
  activeNow,
  activeAfter,
});

describe('roster safety rules', () => {
  it('sets the threshold at the larger of the people setting and the share of active staff', () => {
    const config = { confirmAbove: 50, confirmAbovePercent: 10 };
    expect(confirmationThreshold(config, 0)).toBe(50);
    expect(confirmationThreshold(config, 444)).toBe(50);
    expect(confirmationThreshold(config, 2_700)).toBe(270);
    expect(confirmationThreshold(config, 100_009)).toBe(10_000);
    expect(confirmationThreshold({ confirmAbove: 0, confirmAbovePercent: 0 }, 100)).toBe(0);
  });

  it('needs a confirmation only above the threshold, and only the exact number confirms', () => {
    expect(confirmation(50, 50, undefined)).toEqual({ required: false, deactivate: 50, threshold: 50, confirmed: false });
    expect(confirmation(51, 50, 51)).toEqual({ required: true, deactivate: 51, threshold: 50, confirmed: true });
    expect(confirmation(51, 50, 50).confirmed).toBe(false);
  });

  it('refuses a missing or wrong number and states the right one', () => {
    expect(confirmationProblem(confirmation(133, 50, undefined), undefined)?.message).toBe(
      'This import would deactivate 133 people, more than 50; confirm by typing 133 (confirmDeactivate=133).',
    );
    // A number that is not the plan's refuses even below the threshold: the file or the city changed since.
    expect(confirmationProblem(confirmation(3, 50, 4), 4)?.message).toBe(
      'This import would deactivate 3 people, not 4; check the file again and confirm the number it shows.',
    );
    expect(confirmationProblem(confirmation(1_200, 50, 1_200), 1_200)).toBeNull();
    expect(confirmationProblem(confirmation(3, 50, undefined), undefined)).toBeNull();
  });

  it('names the administrator running the import on their line, or says the file leaves them out', () => {
    expect(selfProblem(undefined)).toBeNull();
    expect(selfProblem({ staffId: 'a', employeeId: 'E1', name: 'Ana Diaz', line: 7 })).toEqual({
      line: 7,
      column: 'status',
      message: 'This file lists you as inactive (Ana Diaz, employee E1), so it would deactivate you; an import never deactivates the administrator running it.',
    });
    expect(selfProblem({ staffId: 'a', employeeId: 'E1', name: 'Ana Diaz', line: 0 })).toMatchObject({ line: 0, column: null, message: expect.stringMatching(/^This file leaves you out/) });
    expect(selfProblem({ staffId: 'a', employeeId: 'E1', name: 'Ana Diaz', line: 4 }, true)).toMatchObject({ line: 0, column: null, message: expect.stringMatching(/^Undoing this import would deactivate you/) });
  });

  it('refuses only when there is an active administrator now and none after, naming every one who leaves but the runner', () => {
    expect(lastAdministratorProblems([], null)).toEqual([]);
    expect(lastAdministratorProblems([admin('a', true, false), admin('b', true, true)], null)).toEqual([]);
    // Nobody active now (a new city): nothing to protect.
    expect(lastAdministratorProblems([admin('c', false, false)], null)).toEqual([]);
    expect(lastAdministratorProblems([admin('a', true, false, 3), admin('b', true, false)], 'a')).toEqual([
      { line: 0, column: null, message: "This import would deactivate Admin b (employee B), and with them the city's last active RASE administrator; keep at least one." },
    ]);
  });
});
