import type { GrantedRole } from '@equip/shared/contracts';
import { CITY_UNITS, Job, JobClass, UnitSpec } from './city';
import { DEMO_LOGINS, DemoLogin } from './demo-logins';
import { EmailAllocator, generateName } from './names';
import { Prng } from './prng';

/** The seed that makes "the" demo city; any other seed makes a different but equally plausible one. */
export const DEMO_SEED = 2020;
export const STAFF_EMAIL_DOMAIN = 'alexandriava.example';

/** Departments whose equity leads (besides the demo login's) the demo grants; they have no accounts. */
export const EXTRA_EQUITY_LEAD_DEPARTMENTS = ['APD', 'AFD', 'DCHS', 'RPCA', 'LIB'] as const;
const INACTIVE_STAFF = 8;
/** Its head is the city manager; its deputies supervise most department heads. */
const CITY_MANAGER_OFFICE = 'CMO';
const DAY_MS = 86_400_000;
const YEAR_DAYS = 365;

export type DepartmentKind = 'department' | 'division' | 'section';

export interface PlannedDepartment {
  code: string;
  name: string;
  kind: DepartmentKind;
  parentCode: string | null;
}

export interface PlannedStaff {
  employeeId: string;
  email: string;
  firstName: string;
  lastName: string;
  departmentCode: string;
  jobTitle: string;
  jobClass: JobClass;
  workLocation: string;
  managerEmployeeId: string | null;
  /** YYYY-MM-DD */
  hireDate: string;
  active: boolean;
  /** ISO timestamp, set when inactive. */
  deactivatedAt: string | null;
}

export interface PlannedGrant {
  employeeId: string;
  role: GrantedRole;
  departmentCode: string | null;
}

/**
 * The whole demo city as plain rows keyed by code and employee id: parents come before their
 * divisions and managers before their reports, so it can be inserted in order.
 */
export interface DemoCityPlan {
  departments: PlannedDepartment[];
  staff: PlannedStaff[];
  grants: PlannedGrant[];
  /** Which staff member each demo login is. */
  logins: { email: string; employeeId: string; role: DemoLogin['role'] }[];
}

export interface DemoCityOptions {
  seed?: number;
  /** Hire and leaving dates are spread back from this day (default: now). */
  today?: Date;
}

type Position = 'head' | 'supervisor' | 'staff' | 'login';

interface Person extends PlannedStaff {
  position: Position;
  topCode: string;
}

/** Builds the demo city without touching a database; the same seed and day give the same city. */
export function generateDemoCity(options: DemoCityOptions = {}): DemoCityPlan {
  const prng = new Prng(options.seed ?? DEMO_SEED);
  const now = options.today ?? new Date();
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const emails = new EmailAllocator(STAFF_EMAIL_DOMAIN);
  const departments: PlannedDepartment[] = [];
  const people: Person[] = [];
  let employeeNumber = 100_100;
  let cityManager: Person | undefined;
  const deputies: Person[] = [];
  let deputyTurn = 0;

  const daysAgo = (days: number) => new Date(today - days * DAY_MS);
  const hireDays = (position: Position): number => {
    switch (position) {
      case 'head':
        return prng.int(4 * YEAR_DAYS, 26 * YEAR_DAYS);
      case 'supervisor':
        return prng.int(3 * YEAR_DAYS, 24 * YEAR_DAYS);
      default:
        // Skewed toward recent hires, as turnover makes a real roster.
        return 7 + Math.floor(25 * YEAR_DAYS * prng.next() ** 1.7);
    }
  };

  function addPerson(
    unitCode: string,
    topCode: string,
    job: Job | readonly [string, JobClass],
    position: Position,
    manager: Person | null,
    workLocation: string,
    email?: string,
  ): Person {
    employeeNumber += prng.int(1, 3);
    const name = generateName(prng);
    const person: Person = {
      employeeId: `E${employeeNumber}`,
      email: email ?? emails.allocate(name),
      firstName: name.firstName,
      lastName: name.lastName,
      departmentCode: unitCode,
      jobTitle: job[0],
      jobClass: job[1],
      workLocation,
      managerEmployeeId: manager?.employeeId ?? null,
      hireDate: isoDate(daysAgo(hireDays(position))),
      active: true,
      deactivatedAt: null,
      position,
      topCode,
    };
    people.push(person);
    return person;
  }

  function headsManager(spec: UnitSpec): Person | null {
    switch (spec.reportsTo ?? 'deputy') {
      case 'none':
        return null;
      case 'city-manager':
        return required(cityManager, 'the city manager');
      case 'deputy': {
        if (deputies.length === 0) throw new Error('The city manager\'s office, with its deputies, must come first');
        return deputies[deputyTurn++ % deputies.length];
      }
    }
  }

  function addUnit(
    spec: UnitSpec,
    parent: { code: string; head: Person; locations: readonly string[] } | null,
    depth: number,
    topCode: string,
  ): void {
    const kind: DepartmentKind = depth === 0 ? 'department' : depth === 1 ? 'division' : 'section';
    departments.push({ code: spec.code, name: spec.name, kind, parentCode: parent?.code ?? null });
    const locations = spec.locations ?? parent?.locations;
    if (!locations || locations.length === 0) throw new Error(`Unit ${spec.code} has no work locations`);

    const head = addPerson(spec.code, topCode, spec.head, 'head', parent ? parent.head : headsManager(spec), locations[0]);
    if (spec.code === CITY_MANAGER_OFFICE) cityManager = head;

    for (const job of spec.fixed ?? []) {
      const person = addPerson(spec.code, topCode, job, 'staff', head, prng.pick(locations));
      if (spec.code === CITY_MANAGER_OFFICE && job[0] === 'Deputy City Manager') deputies.push(person);
    }

    const drawn = spec.staff ?? 0;
    const mix = spec.mix ?? [];
    if (drawn > 0 && mix.length === 0) throw new Error(`Unit ${spec.code} draws staff from an empty mix`);
    const supervisorCount = drawn >= 10 ? Math.max(1, Math.round(drawn / 9)) : 0;
    const supervisors: Person[] = [];
    for (let i = 0; i < supervisorCount; i++) {
      const job = spec.supervisor ?? (['Supervisor', 'Management'] as const);
      supervisors.push(addPerson(spec.code, topCode, job, 'supervisor', head, prng.pick(locations)));
    }
    for (let i = 0; i < drawn - supervisorCount; i++) {
      const job = prng.weighted(mix, (j) => j[2] ?? 1);
      const manager = supervisors.length > 0 ? supervisors[i % supervisors.length] : head;
      addPerson(spec.code, topCode, job, 'staff', manager, prng.pick(locations));
    }

    for (const login of DEMO_LOGINS.filter((l) => l.departmentCode === spec.code)) {
      const manager = supervisors[0] ?? head;
      addPerson(spec.code, topCode, [login.jobTitle, login.jobClass], 'login', manager, prng.pick(locations), login.email);
    }

    for (const unit of spec.units ?? []) {
      addUnit(unit, { code: spec.code, head, locations }, depth + 1, topCode);
    }
  }

  for (const spec of CITY_UNITS) addUnit(spec, null, 0, spec.code);

  const grants: PlannedGrant[] = [];
  const logins: DemoCityPlan['logins'] = [];
  for (const login of DEMO_LOGINS) {
    const person = required(people.find((p) => p.email === login.email), login.email);
    logins.push({ email: login.email, employeeId: person.employeeId, role: login.role });
    if (login.grant) grants.push({ employeeId: person.employeeId, role: login.grant.role, departmentCode: login.grant.departmentCode });
  }

  // A few more departments have an equity lead, as they would once RASE has rolled Equip out.
  const leads = new Set<Person>();
  const leadClasses: readonly JobClass[] = ['Professional', 'Management', 'Sworn', 'Uniformed Fire'];
  for (const code of EXTRA_EQUITY_LEAD_DEPARTMENTS) {
    const candidates = people.filter((p) => p.topCode === code && p.position !== 'head' && p.position !== 'login' && leadClasses.includes(p.jobClass));
    const lead = prng.pick(candidates);
    leads.add(lead);
    grants.push({ employeeId: lead.employeeId, role: 'equity_lead', departmentCode: code });
  }

  // A handful of people have left: front-line staff (nobody reports to them) hired over a year ago.
  const leavers = prng
    .shuffle(people.filter((p) => p.position === 'staff' && !leads.has(p) && p.hireDate <= isoDate(daysAgo(400))))
    .slice(0, INACTIVE_STAFF);
  for (const person of leavers) {
    person.active = false;
    person.deactivatedAt = new Date(today - prng.int(10, 360) * DAY_MS + 21 * 3_600_000).toISOString();
  }

  const staff = people.map(({ position: _position, topCode: _topCode, ...row }) => row);
  return { departments, staff, grants, logins };
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`The demo city has no ${what}`);
  return value;
}
