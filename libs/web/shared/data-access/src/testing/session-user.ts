import type { SessionUser } from '@equip/shared/contracts';

/** A session as the api returns it, for specs; override what the test is about. */
export function sessionUser(overrides: Partial<SessionUser> = {}): SessionUser {
  return {
    id: 'b3c1a6f0-0000-4000-8000-000000000001',
    employeeId: 'E10001',
    email: 'ana.lopez@city.example',
    firstName: 'Ana',
    lastName: 'López',
    department: { id: 'd-1', code: 'PKR', name: 'Parks and Recreation' },
    roles: ['learner'],
    leadDepartments: [],
    areas: ['learn'],
    ...overrides,
  };
}
