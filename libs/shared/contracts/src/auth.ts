import type { Area, Role } from './roles';

export interface SignInRequest {
  email: string;
  password: string;
}

export interface DepartmentRef {
  id: string;
  code: string;
  name: string;
}

/** Who is signed in and what they may open; the web app renders its navigation from this. */
export interface SessionUser {
  id: string;
  employeeId: string;
  email: string;
  firstName: string;
  lastName: string;
  department: DepartmentRef;
  roles: Role[];
  /** Departments an equity lead leads (their subtrees are included in scope). */
  leadDepartments: DepartmentRef[];
  areas: Area[];
}
