import type { RosterConfig } from '@equip/server/config';
import type { RosterConfirmation, RosterProblem } from '@equip/shared/contracts';
import type { AdministratorAfter, LeavingPerson } from '../roster.repository';

/**
 * The most people an import may deactivate without the number typed back: the larger of
 * ROSTER_CONFIRM_ABOVE people and ROSTER_CONFIRM_ABOVE_PERCENT of the staff active now.
 */
export function confirmationThreshold(config: Pick<RosterConfig, 'confirmAbove' | 'confirmAbovePercent'>, activeStaff: number): number {
  return Math.max(config.confirmAbove, Math.floor((activeStaff * config.confirmAbovePercent) / 100));
}

/**
 * Whether an import that deactivates `deactivate` people needs a confirmation, and whether
 * `confirmDeactivate` (what the administrator typed, or the cli's flag) gives it. A number that is
 * not the plan's never confirms: the file or the city changed since the count was shown.
 */
export function confirmation(deactivate: number, threshold: number, confirmDeactivate: number | undefined): RosterConfirmation {
  return { required: deactivate > threshold, deactivate, threshold, confirmed: confirmDeactivate === deactivate };
}

/** The problem that refuses an import whose confirmation is missing or names another number; null when it may go ahead. */
export function confirmationProblem(c: RosterConfirmation, confirmDeactivate: number | undefined): RosterProblem | null {
  const people = (n: number) => `${n.toLocaleString('en-US')} ${n === 1 ? 'person' : 'people'}`;
  if (confirmDeactivate !== undefined && !c.confirmed) {
    return {
      line: 0,
      column: null,
      message: `This import would deactivate ${people(c.deactivate)}, not ${confirmDeactivate.toLocaleString('en-US')}; check the file again and confirm the number it shows.`,
    };
  }
  if (c.required && !c.confirmed) {
    return {
      line: 0,
      column: null,
      message: `This import would deactivate ${people(c.deactivate)}, more than ${c.threshold.toLocaleString('en-US')}; confirm by typing ${c.deactivate} (confirmDeactivate=${c.deactivate}).`,
    };
  }
  return null;
}

/** The administrator running the import (or undo) may not be deactivated by it. */
export function selfProblem(self: LeavingPerson | undefined, undo = false): RosterProblem | null {
  if (!self) return null;
  const who = `${self.name}, employee ${self.employeeId}`;
  if (undo) {
    return { line: 0, column: null, message: `Undoing this import would deactivate you (${who}); an undo never deactivates the administrator running it.` };
  }
  const why = self.line > 0 ? 'lists you as inactive' : 'leaves you out';
  return {
    line: self.line,
    column: self.line > 0 ? 'status' : null,
    message: `This file ${why} (${who}), so it would deactivate you; an import never deactivates the administrator running it.`,
  };
}

/**
 * Nothing leaves the city without an active RASE administrator: when there is one now and none
 * after, each administrator the import deactivates is a problem, on their line or naming them.
 */
export function lastAdministratorProblems(administrators: AdministratorAfter[], selfId: string | null, undo = false): RosterProblem[] {
  if (!administrators.some((a) => a.activeNow) || administrators.some((a) => a.activeAfter)) return [];
  return administrators
    .filter((a) => a.activeNow && a.staffId !== selfId)
    .map((a) => ({
      // An undo has no file, so no line to point at.
      line: undo ? 0 : a.line,
      column: a.line > 0 && !undo ? 'status' : null,
      message: `This import would deactivate ${a.name} (employee ${a.employeeId}), and with them the city's last active RASE administrator; keep at least one.`,
    }));
}
