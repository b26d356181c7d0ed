import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@equip/server/config';
import { accountStatusJson, departmentScopeCondition, staffScopeCondition } from '@equip/server/database';
import type { DepartmentNode, Page, RoleGrantView, StaffDetail, StaffSummary } from '@equip/shared/contracts';
import type { StaffScope } from '@equip/shared/domain';
import { DataSource, EntityManager } from 'typeorm';

export interface StaffFilter {
  search?: string;
  departmentId?: string;
  active?: boolean;
  page: number;
  pageSize: number;
}

const STAFF_COLUMNS = `
  s.id, s.employee_id AS "employeeId", s.first_name AS "firstName", s.last_name AS "lastName", s.email,
  json_build_object('id', d.id, 'code', d.code, 'name', d.name) AS department,
  s.job_title AS "jobTitle", s.job_class AS "jobClass", s.work_location AS "workLocation", s.active`;

const GRANT_COLUMNS = `
  g.id, g.role, g.granted_at AS "grantedAt",
  CASE WHEN gd.id IS NULL THEN NULL ELSE json_build_object('id', gd.id, 'code', gd.code, 'name', gd.name) END AS department,
  CASE WHEN gb.id IS NULL THEN NULL ELSE json_build_object('id', gb.id, 'firstName', gb.first_name, 'lastName', gb.last_name) END AS "grantedBy"`;

/** Reads and writes departments, staff and role grants. Every staff read applies the caller's scope. */
@Injectable()
export class OrganisationRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async departments(scope: StaffScope): Promise<DepartmentNode[]> {
    const params: unknown[] = [];
    const visible = departmentScopeCondition(scope, 'd', params);
    const exact = exactCountCondition(scope, 'd', params);
    // Who leads each department names people: RASE administrators only (the home's "without a lead").
    const leads =
      scope.kind === 'city' && scope.personLevel
        ? `, COALESCE((SELECT json_agg(json_build_object('staffId', l.id, 'name', l.first_name || ' ' || l.last_name) ORDER BY l.last_name, l.first_name, l.id)
                         FROM role_grant g JOIN staff l ON l.id = g.staff_id
                        WHERE g.department_id = d.id AND g.role = 'equity_lead' AND l.active), '[]'::json) AS leads`
        : '';
    // Staff are counted once per unit, and a unit's total with the units under it sums those counts
    // in one grouped join (departments × departments, never a count of staff per department); a
    // caller who sees no exact count here (a viewer) costs neither.
    const counted = exact !== 'FALSE';
    const counts = counted
      ? `CASE WHEN ${exact} THEN COALESCE(own.n, 0) END AS "activeStaff", CASE WHEN ${exact} THEN COALESCE(total.n, 0) END AS "activeStaffWithUnits"`
      : `NULL::int AS "activeStaff", NULL::int AS "activeStaffWithUnits"`;
    return this.dataSource.query(
      `${counted
        ? `WITH own AS (SELECT s.department_id, count(*)::int AS n FROM staff s WHERE s.active GROUP BY s.department_id),
                total AS (SELECT a.id, sum(o.n)::int AS n
                            FROM department a JOIN department u ON u.path LIKE a.path || '%' JOIN own o ON o.department_id = u.id
                           GROUP BY a.id) `
        : ''}
       SELECT d.id, d.code, d.name, d.kind, d.parent_id AS "parentId",
              (length(d.path) - length(replace(d.path, '/', ''))) - 2 AS depth,
              ${counts}${leads}
         FROM department d
         ${counted ? 'LEFT JOIN own ON own.department_id = d.id LEFT JOIN total ON total.id = d.id' : ''}
        WHERE ${visible}
        ORDER BY (SELECT string_agg(a.name, ' / ' ORDER BY length(a.path))
                    FROM department a WHERE d.path LIKE a.path || '%')`,
      params,
    );
  }

  async departmentVisible(scope: StaffScope, departmentId: string): Promise<boolean> {
    const params: unknown[] = [departmentId];
    const rows = await this.dataSource.query(
      `SELECT 1 FROM department d WHERE d.id = $1 AND ${departmentScopeCondition(scope, 'd', params)}`,
      params,
    );
    return rows.length > 0;
  }

  async findStaff(scope: StaffScope, filter: StaffFilter): Promise<Page<StaffSummary>> {
    const params: unknown[] = [];
    const where = [staffScopeCondition(scope, 's', params)];
    if (filter.departmentId) {
      params.push(filter.departmentId);
      where.push(`d.path LIKE (SELECT path FROM department WHERE id = $${params.length}) || '%'`);
    }
    if (filter.active !== undefined) {
      params.push(filter.active);
      where.push(`s.active = $${params.length}`);
    }
    if (filter.search) {
      params.push(`%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      const p = `$${params.length}`;
      where.push(`(s.first_name || ' ' || s.last_name ILIKE ${p} OR s.email ILIKE ${p} OR s.employee_id ILIKE ${p})`);
    }
    params.push(filter.pageSize, (filter.page - 1) * filter.pageSize);
    const limits = `LIMIT $${params.length - 1} OFFSET $${params.length}`;
    // The account status is computed for the page only, not for every match.
    const account = accountStatusJson('ast', this.config.cityTimeZone, params);
    const rows: (StaffSummary & { total: number; sort_last: string; sort_first: string })[] = await this.dataSource.query(
      `SELECT p.*, ${account} AS account
         FROM (SELECT ${STAFF_COLUMNS}, s.last_name AS sort_last, s.first_name AS sort_first, count(*) OVER ()::int AS total
                 FROM staff s JOIN department d ON d.id = s.department_id
                WHERE ${where.join(' AND ')}
                ORDER BY s.last_name, s.first_name, s.employee_id
                ${limits}) p
         JOIN staff_account_status ast ON ast.staff_id = p.id
        ORDER BY p.sort_last, p.sort_first, p."employeeId"`,
      params,
    );
    return {
      items: rows.map(({ total: _total, sort_last: _last, sort_first: _first, ...item }) => item),
      total: rows[0]?.total ?? 0,
      page: filter.page,
      pageSize: filter.pageSize,
    };
  }

  async staffDetail(scope: StaffScope, staffId: string, manager: EntityManager = this.dataSource.manager): Promise<StaffDetail | undefined> {
    const params: unknown[] = [staffId];
    const account = accountStatusJson('ast', this.config.cityTimeZone, params);
    const rows: StaffDetail[] = await manager.query(
      `SELECT ${STAFF_COLUMNS}, s.hire_date::text AS "hireDate", ${account} AS account,
              CASE WHEN m.id IS NULL THEN NULL ELSE json_build_object('id', m.id, 'firstName', m.first_name, 'lastName', m.last_name) END AS manager,
              EXISTS (SELECT 1 FROM account a WHERE a.staff_id = s.id) AS "hasAccount",
              COALESCE((SELECT json_agg(x ORDER BY x."grantedAt") FROM (
                 SELECT ${GRANT_COLUMNS}
                   FROM role_grant g
                   LEFT JOIN department gd ON gd.id = g.department_id
                   LEFT JOIN staff gb ON gb.id = g.granted_by
                  WHERE g.staff_id = s.id) x), '[]'::json) AS grants
         FROM staff s
         JOIN department d ON d.id = s.department_id
         LEFT JOIN staff m ON m.id = s.manager_id
         JOIN staff_account_status ast ON ast.staff_id = s.id
        WHERE s.id = $1 AND ${staffScopeCondition(scope, 's', params)}`,
      params,
    );
    return rows[0];
  }

  async insertGrant(
    manager: EntityManager,
    grant: { staffId: string; role: string; departmentId: string | null; grantedBy: string },
  ): Promise<RoleGrantView | undefined> {
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO role_grant (staff_id, role, department_id, granted_by)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT ON CONSTRAINT role_grant_unique DO NOTHING
       RETURNING id`,
      [grant.staffId, grant.role, grant.departmentId, grant.grantedBy],
    );
    return rows[0] ? this.grant(manager, rows[0].id) : undefined;
  }

  async grant(manager: EntityManager, grantId: string): Promise<RoleGrantView | undefined> {
    const rows: (RoleGrantView & { staffId: string })[] = await manager.query(
      `SELECT ${GRANT_COLUMNS}, g.staff_id AS "staffId"
         FROM role_grant g
         LEFT JOIN department gd ON gd.id = g.department_id
         LEFT JOIN staff gb ON gb.id = g.granted_by
        WHERE g.id = $1`,
      [grantId],
    );
    return rows[0];
  }

  /** Deletes a grant; returns the number of administrators left, read under lock in the same transaction. */
  async deleteGrant(manager: EntityManager, staffId: string, grantId: string): Promise<{ deleted: boolean; adminsLeft: number }> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('role_grant:rase_admin'))`);
    // TypeORM answers a DELETE with [rows, affected count]
    const [, affected]: [unknown[], number] = await manager.query(`DELETE FROM role_grant WHERE id = $1 AND staff_id = $2`, [grantId, staffId]);
    const [{ admins }] = await manager.query(
      `SELECT count(*)::int AS admins FROM role_grant g JOIN staff s ON s.id = g.staff_id WHERE g.role = 'rase_admin' AND s.active`,
    );
    return { deleted: affected > 0, adminsLeft: admins };
  }
}

/**
 * Where the caller sees a department's staff count: administrators, and leads in the departments
 * they lead (a viewer who also leads, there too). Elsewhere it is a figure reporting protects, and a
 * bare count beside the dashboard's would undo that, so none is given.
 */
function exactCountCondition(scope: StaffScope, alias: string, params: unknown[]): string {
  if (scope.kind === 'departments' || (scope.kind === 'city' && scope.personLevel)) return 'TRUE';
  if (scope.kind === 'city' && scope.leadRootDepartmentIds?.length) {
    params.push(scope.leadRootDepartmentIds);
    return `EXISTS (SELECT 1 FROM department root WHERE root.id = ANY($${params.length}::uuid[]) AND ${alias}.path LIKE root.path || '%')`;
  }
  return 'FALSE';
}
