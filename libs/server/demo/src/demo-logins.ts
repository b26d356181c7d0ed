import type { GrantedRole, Role } from '@equip/shared/contracts';
import type { JobClass } from './city';

/**
 * The city name (CITY_NAME) the demo runs under when none is set, so its invented staff never
 * appear on certificates and mail under a real city's name.
 */
export const DEMO_CITY_NAME = 'Riverton (demo)';

/** The password every demo login gets unless the caller passes another. Passes the password policy. */
export const DEMO_PASSWORD = 'equip-demo-password';

export interface DemoLogin {
  email: string;
  role: Role;
  /** One line for a start script or README: who this person is in the demo city. */
  label: string;
  /** Where the person works; for an equity lead also the department the grant covers. */
  departmentCode: string;
  jobTitle: string;
  jobClass: JobClass;
  /** The grant the login carries (a learner needs none: every active staff member is one). */
  grant?: { role: GrantedRole; departmentCode: string | null };
}

/** Exactly one sign-in per role, each a staff member of the demo city with an account. */
export const DEMO_LOGINS: readonly DemoLogin[] = [
  {
    email: 'learner@equip.demo',
    role: 'learner',
    label: 'Learner: a recreation leader in Recreation, Parks and Cultural Activities',
    departmentCode: 'RPCA-REC',
    jobTitle: 'Recreation Leader II',
    jobClass: 'Service',
  },
  {
    email: 'lead@equip.demo',
    role: 'equity_lead',
    label: 'Equity lead for Transportation and Environmental Services and its divisions',
    departmentCode: 'TES',
    jobTitle: 'Management Analyst III',
    jobClass: 'Professional',
    grant: { role: 'equity_lead', departmentCode: 'TES' },
  },
  {
    email: 'admin@equip.demo',
    role: 'rase_admin',
    label: 'RASE administrator in the Office of Race and Social Equity',
    departmentCode: 'RASE',
    jobTitle: 'Race and Social Equity Program Manager',
    jobClass: 'Management',
    grant: { role: 'rase_admin', departmentCode: null },
  },
  {
    email: 'viewer@equip.demo',
    role: 'viewer',
    label: "Viewer (city leadership) in the City Manager's Office",
    departmentCode: 'CMO',
    jobTitle: 'Assistant City Manager',
    jobClass: 'Executive',
    grant: { role: 'viewer', departmentCode: null },
  },
];

/** The demo logins as a small text table, for a start script or a log line. */
export function describeDemoLogins(password: string = DEMO_PASSWORD): string {
  const width = Math.max(...DEMO_LOGINS.map((l) => l.email.length));
  const lines = DEMO_LOGINS.map((l) => `  ${l.email.padEnd(width)}  ${l.label}`);
  return [`Demo sign-ins (password: ${password}):`, ...lines].join('\n');
}
