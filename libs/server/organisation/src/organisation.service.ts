import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@equip/server/audit';
import { ConflictError, InvalidInputError, NotFoundError } from '@equip/server/http';
import type { DepartmentNode, Page, RoleGrantView, StaffDetail, StaffSummary } from '@equip/shared/contracts';
import type { StaffScope } from '@equip/shared/domain';
import { DataSource } from 'typeorm';
import { GrantRoleDto } from './dto/grant-role.dto';
import { StaffQueryDto } from './dto/staff-query.dto';
import { OrganisationRepository } from './organisation.repository';

@Injectable()
export class OrganisationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: OrganisationRepository,
    private readonly audit: AuditService,
  ) {}

  departments(scope: StaffScope): Promise<DepartmentNode[]> {
    return this.repository.departments(scope);
  }

  async findStaff(scope: StaffScope, query: StaffQueryDto): Promise<Page<StaffSummary>> {
    // A department outside the caller's scope looks exactly like one that does not exist.
    if (query.departmentId && !(await this.repository.departmentVisible(scope, query.departmentId))) {
      throw new NotFoundError('No such department');
    }
    return this.repository.findStaff(scope, {
      search: query.search?.trim() || undefined,
      departmentId: query.departmentId,
      active: query.active,
      page: query.page ?? 1,
      pageSize: query.pageSize ?? 50,
    });
  }

  async staffDetail(scope: StaffScope, staffId: string): Promise<StaffDetail> {
    const staff = await this.repository.staffDetail(scope, staffId);
    if (!staff) throw new NotFoundError('No such staff member');
    return staff;
  }

  /** Grants a role (RASE administrators only, enforced by the controller); audited in the same transaction. */
  async grantRole(scope: StaffScope, staffId: string, request: GrantRoleDto, ip?: string): Promise<RoleGrantView> {
    const departmentId = request.departmentId ?? null;
    if (request.role === 'equity_lead' && !departmentId) {
      throw new InvalidInputError('An equity lead needs a department', [{ field: 'departmentId', message: 'departmentId is required for an equity lead' }]);
    }
    if (request.role !== 'equity_lead' && departmentId) {
      throw new InvalidInputError(`A ${request.role} is city-wide`, [{ field: 'departmentId', message: `departmentId must be empty for ${request.role}` }]);
    }
    return this.dataSource.transaction(async (manager) => {
      const staff = await this.repository.staffDetail(scope, staffId, manager);
      if (!staff) throw new NotFoundError('No such staff member');
      if (!staff.active) throw new ConflictError('Roles can only be granted to active staff');
      if (departmentId && !(await this.repository.departmentVisible(scope, departmentId))) {
        throw new InvalidInputError('No such department', [{ field: 'departmentId', message: 'departmentId is not a department' }]);
      }
      const grant = await this.repository.insertGrant(manager, { staffId, role: request.role, departmentId, grantedBy: scope.actorId });
      if (!grant) throw new ConflictError('This person already has that role');
      await this.audit.record(
        { actorId: scope.actorId, action: 'role.granted', subjectType: 'staff', subjectId: staffId, before: null, after: grant, ip },
        manager,
      );
      return grant;
    });
  }

  async revokeRole(scope: StaffScope, staffId: string, grantId: string, ip?: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const staff = await this.repository.staffDetail(scope, staffId, manager);
      const grant = staff?.grants.find((g) => g.id === grantId);
      if (!staff || !grant) throw new NotFoundError('No such role grant');
      const { deleted, adminsLeft } = await this.repository.deleteGrant(manager, staffId, grantId);
      if (!deleted) throw new NotFoundError('No such role grant');
      if (grant.role === 'rase_admin' && adminsLeft === 0) {
        throw new ConflictError('The city must keep at least one RASE administrator');
      }
      await this.audit.record(
        { actorId: scope.actorId, action: 'role.revoked', subjectType: 'staff', subjectId: staffId, before: grant, after: null, ip },
        manager,
      );
    });
  }
}
