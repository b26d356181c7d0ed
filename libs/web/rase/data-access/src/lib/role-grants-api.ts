import { Injectable, inject } from '@angular/core';
import type { GrantRoleRequest, RoleGrantView } from '@equip/shared/contracts';
import { ApiClient } from '@equip/web/shared/data-access';
import type { Observable } from 'rxjs';

/** Granting and revoking roles (RASE administrators only); the api audits each change. */
@Injectable({ providedIn: 'root' })
export class RoleGrantsApi {
  private readonly api = inject(ApiClient);

  /** 400 with field errors (`role`, `departmentId`), 409 when the person already has the role. */
  grant(staffId: string, request: GrantRoleRequest): Observable<RoleGrantView> {
    return this.api.post<RoleGrantView>(`/api/staff/${encodeURIComponent(staffId)}/grants`, request);
  }

  /** 409 when it would leave the city without a RASE administrator. */
  revoke(staffId: string, grantId: string): Observable<void> {
    return this.api.delete(`/api/staff/${encodeURIComponent(staffId)}/grants/${encodeURIComponent(grantId)}`);
  }
}
