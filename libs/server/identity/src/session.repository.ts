import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DepartmentRef, Role, SessionUser } from '@equip/shared/contracts';
import { areasFor } from '@equip/shared/domain';
import { DataSource } from 'typeorm';

interface SessionRow {
  id: string;
  employee_id: string;
  email: string;
  first_name: string;
  last_name: string;
  department_id: string;
  department_code: string;
  department_name: string;
  grants: { role: Exclude<Role, 'learner'>; department: DepartmentRef | null }[];
}

/** Loads who a person is and what they may open, in one query. */
@Injectable()
export class SessionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findActiveById(staffId: string): Promise<SessionUser | undefined> {
    return this.find('s.id = $1', staffId);
  }

  private async find(where: string, value: string): Promise<SessionUser | undefined> {
    const rows: SessionRow[] = await this.dataSource.query(
      `SELECT s.id, s.employee_id, s.email, s.first_name, s.last_name,
              d.id AS department_id, d.code AS department_code, d.name AS department_name,
              COALESCE(
                (SELECT json_agg(json_build_object(
                          'role', g.role,
                          'department', CASE WHEN gd.id IS NULL THEN NULL
                                             ELSE json_build_object('id', gd.id, 'code', gd.code, 'name', gd.name) END)
                        ORDER BY g.role, gd.code)
                   FROM role_grant g LEFT JOIN department gd ON gd.id = g.department_id
                  WHERE g.staff_id = s.id),
                '[]'::json) AS grants
         FROM staff s JOIN department d ON d.id = s.department_id
        WHERE ${where} AND s.active`,
      [value],
    );
    const row = rows[0];
    if (!row) return undefined;
    const roles: Role[] = ['learner', ...new Set(row.grants.map((g) => g.role))];
    return {
      id: row.id,
      employeeId: row.employee_id,
      email: row.email,
      firstName: row.first_name,
      lastName: row.last_name,
      department: { id: row.department_id, code: row.department_code, name: row.department_name },
      roles,
      leadDepartments: row.grants.flatMap((g) => (g.role === 'equity_lead' && g.department ? [g.department] : [])),
      areas: areasFor(roles),
    };
  }
}
