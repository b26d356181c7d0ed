import { Injectable, inject, signal } from '@angular/core';
import type { GrantRoleRequest, RoleGrantView } from '@equip/shared/contracts';
import { ApiError, PersonStore, toProblem } from '@equip/web/shared/data-access';
import { firstValueFrom } from 'rxjs';
import { RoleGrantsApi } from './role-grants-api';

/**
 * A person's record with their roles, for a RASE administrator to grant and revoke. After each
 * change the record is read again, so the list shows what the api now holds. Provide it on the page.
 */
@Injectable()
export class ManagePersonStore {
  private readonly people = inject(PersonStore);
  private readonly grants = inject(RoleGrantsApi);
  private staffId = '';

  readonly person = this.people.person;
  private readonly _busy = signal(false);
  readonly busy = this._busy.asReadonly();

  load(staffId: string): void {
    this.staffId = staffId;
    this.people.load(staffId);
  }

  /** Grants a role; rejects with the api's `ApiError` (field errors, or 409 for a duplicate). */
  async grant(request: GrantRoleRequest): Promise<RoleGrantView> {
    return this.change(() => firstValueFrom(this.grants.grant(this.staffId, request)));
  }

  /** Revokes a grant; rejects with the api's `ApiError` (409 for the last RASE administrator). */
  async revoke(grant: RoleGrantView): Promise<void> {
    await this.change(() => firstValueFrom(this.grants.revoke(this.staffId, grant.id), { defaultValue: undefined }));
  }

  private async change<T>(call: () => Promise<T>): Promise<T> {
    this._busy.set(true);
    try {
      const result = await call();
      this.people.reload();
      return result;
    } catch (error) {
      throw error instanceof ApiError ? error : new ApiError(toProblem(error));
    } finally {
      this._busy.set(false);
    }
  }
}
