import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import type { Problem, StaffDetail } from '@equip/shared/contracts';
import { InvitationsApi, toProblem } from '@equip/web/shared/data-access';
import { ErrorSummary, accountStatusLabel, canInvite, invitationResultMessage } from '@equip/web/shared/ui';
import { firstValueFrom } from 'rxjs';

/**
 * How a person gets into Equip, and the button that invites them (or invites them again, which
 * replaces the earlier link) when they cannot sign in yet. The api decides who may invite whom.
 */
@Component({
  selector: 'equip-person-invitation',
  imports: [MatButton, ErrorSummary],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <p>{{ label() }}.</p>
    @if (invitable()) {
      <p>{{ explanation() }}</p>
      @if (problem(); as problem) {
        <equip-error-summary [items]="[{ message: problem.detail ?? problem.title }]" />
      }
      <button matButton="filled" type="button" [disabled]="busy()" disabledInteractive (click)="invite()">{{ action() }}</button>
    }
    <p class="equip-status" role="status">{{ announcement() }}</p>
  `,
})
export class PersonInvitation {
  private readonly api = inject(InvitationsApi);
  readonly person = input.required<StaffDetail>();
  /** After an invitation is queued, so the page can show the new status. */
  readonly invited = output<void>();

  protected readonly busy = signal(false);
  protected readonly problem = signal<Problem | null>(null);
  protected readonly announcement = signal('');
  protected readonly label = computed(() => accountStatusLabel(this.person().account));
  protected readonly invitable = computed(() => canInvite(this.person().account));
  protected readonly action = computed(() => (this.person().account.kind === 'never_invited' ? 'Send invitation' : 'Send invitation again'));
  protected readonly explanation = computed(() =>
    this.person().account.kind === 'never_invited'
      ? `${this.person().firstName} cannot sign in yet. An invitation mails them how to sign in.`
      : `${this.person().firstName} has not signed in yet. Sending the invitation again replaces the earlier link.`,
  );

  protected async invite(): Promise<void> {
    this.busy.set(true);
    this.problem.set(null);
    this.announcement.set('');
    try {
      const result = await firstValueFrom(this.api.invite({ staffIds: [this.person().id] }));
      this.announcement.set(invitationResultMessage(result));
      this.invited.emit();
    } catch (error) {
      this.problem.set(toProblem(error));
    } finally {
      this.busy.set(false);
    }
  }
}
