import { Injectable, inject } from '@angular/core';
import type { AskForInvitationAnswer, AskForInvitationRequest, InviteStaffRequest, InviteStaffResult } from '@equip/shared/contracts';
import type { Observable } from 'rxjs';
import { ApiClient } from './api-client';

export const ASK_FOR_INVITATION_PATH = '/api/auth/invitation/request';

/**
 * Invitations: sending them (an administrator to anyone, an equity lead to people in their
 * departments; the api scopes it) and asking for one's own (public, from a reminder's link).
 */
@Injectable({ providedIn: 'root' })
export class InvitationsApi {
  private readonly api = inject(ApiClient);

  /** People by id, a department with its sub-departments, or a cohort's members. */
  invite(request: InviteStaffRequest): Observable<InviteStaffResult> {
    return this.api.post<InviteStaffResult>('/api/staff/invitations', request);
  }

  ask(request: AskForInvitationRequest): Observable<AskForInvitationAnswer> {
    return this.api.post<AskForInvitationAnswer>(ASK_FOR_INVITATION_PATH, request);
  }
}
