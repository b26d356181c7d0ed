import type { Role } from '@equip/shared/contracts';

/**
 * What part of the city's staff data a person may see. Built once per request from the session
 * and applied by the data layer (see `staffScopeCondition` in server-database) to every query that
 * returns staff data.
 */
export type StaffScope =
  /**
   * RASE administrators (may write, may see people) and viewers (read-only, aggregates only:
   * person-level queries show a viewer nothing but their own record). A viewer who is also an
   * equity lead keeps the departments they lead (`leadRootDepartmentIds`): reporting shows them
   * exact figures there and protected ones elsewhere.
   */
  | { kind: 'city'; actorId: string; canWrite: boolean; personLevel: boolean; leadRootDepartmentIds?: string[] }
  /** Equity leads: the departments they lead and everything under them, plus their own record. */
  | { kind: 'departments'; actorId: string; rootDepartmentIds: string[] }
  /** Everyone else: their own record only. */
  | { kind: 'self'; actorId: string };

export interface ScopeSubject {
  id: string;
  roles: readonly Role[];
  leadDepartments: readonly { id: string }[];
}

export function scopeFor(user: ScopeSubject): StaffScope {
  if (user.roles.includes('rase_admin')) return { kind: 'city', actorId: user.id, canWrite: true, personLevel: true };
  if (user.roles.includes('viewer')) {
    const led = user.roles.includes('equity_lead') ? user.leadDepartments.map((d) => d.id) : [];
    return { kind: 'city', actorId: user.id, canWrite: false, personLevel: false, ...(led.length > 0 ? { leadRootDepartmentIds: led } : {}) };
  }
  if (user.roles.includes('equity_lead') && user.leadDepartments.length > 0) {
    return { kind: 'departments', actorId: user.id, rootDepartmentIds: user.leadDepartments.map((d) => d.id) };
  }
  return { kind: 'self', actorId: user.id };
}
