import { Injectable, inject, signal } from '@angular/core';
import type { EndSessionsResult, GrantRoleRequest, RoleGrantView } from '@equip/shared/contracts';
import { ApiError, PersonStore, toProblem } from '@equip/web/shared/data-access';
import { firstValueFrom } from 'rxjs';
import { RoleGrantsApi } from './role-grants-api';
import { SessionsApi } from './sessions-api';

/**
 * A person's record with their roles, for a RASE administrator to grant and revoke, and to sign
 * the person out everywhere. After a role change the record is read again, so the list shows what
 * the api now holds. Provide it on the page.
 */
@Injectable()
export class ManagePersonStore {
  private readonly people = inject(PersonStore);
  private readonly grants = inject(RoleGrantsApi);
  private readonly sessions = inject(SessionsApi);
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

  /** Ends every session of the person and spends their links; the record itself does not change. */
  async endSessions(): Promise<EndSessionsResult> {
    return this.change(() => firstValueFrom(this.sessions.endSessions(this.staffId)), { reload: false });
  }

  private async change<T>(call: () => Promise<T>, { reload } = { reload: true }): Promise<T> {
    this._busy.set(true);
    try {
      const result = await call();
      if (reload) this.people.reload();
      return result;
    } catch (error) {
      throw error instanceof ApiError ? error : new ApiError(toProblem(error));
    } finally {
      this._busy.set(false);
    }
  }
}
