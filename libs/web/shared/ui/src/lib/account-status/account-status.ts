import type { AccountStatus, InviteStaffResult } from '@equip/shared/contracts';

/** "Dec 11": a calendar day the api already put in city time, so it is read as a day, not an instant. */
const dayFormat = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });

/** How a person gets into Equip, in words: "Signs in with single sign-on", "Invited, link expires Dec 11"… */
export function accountStatusLabel(status: AccountStatus): string {
  switch (status.kind) {
    case 'sso':
      return 'Signs in with single sign-on';
    case 'password':
      return 'Has a password';
    case 'invited':
      return status.linkExpiresOn ? `Invited, link expires ${dayFormat.format(new Date(`${status.linkExpiresOn}T00:00:00Z`))}` : 'Invited';
    case 'waiting':
      return 'Invitation waiting to be sent';
    case 'expired':
      return 'Invitation expired';
    case 'never_invited':
      return 'Never invited';
    case 'inactive':
      return 'Inactive';
  }
}

/** Whether an invitation can be sent (or sent again) to someone with this status. */
export function canInvite(status: AccountStatus): boolean {
  return status.kind === 'never_invited' || status.kind === 'invited' || status.kind === 'expired';
}

/** "2 invitations sent. 1 person already has an account; 1 is inactive." */
export function invitationResultMessage(result: InviteStaffResult): string {
  const people = (n: number) => `${n} ${n === 1 ? 'person' : 'people'}`;
  const parts: string[] = [];
  if (result.invited === 0) parts.push('No invitations sent: everyone here already has an account, an invitation waiting, or is inactive.');
  else if (result.waiting === 0) parts.push(`${result.invited === 1 ? 'Invitation' : `${result.invited} invitations`} sent.`);
  else
    parts.push(
      `${result.invited} ${result.invited === 1 ? 'invitation' : 'invitations'} queued: ${result.invited - result.waiting} go out now and ${result.waiting} wait for this hour's sending limit, then go out on their own.`,
    );
  const skipped: string[] = [];
  if (result.alreadyHaveAccount > 0) skipped.push(`${people(result.alreadyHaveAccount)} already ${result.alreadyHaveAccount === 1 ? 'has' : 'have'} an account`);
  if (result.alreadyWaiting > 0) skipped.push(`${people(result.alreadyWaiting)} already ${result.alreadyWaiting === 1 ? 'has' : 'have'} an invitation waiting`);
  if (result.inactive > 0) skipped.push(`${people(result.inactive)} ${result.inactive === 1 ? 'is' : 'are'} inactive`);
  if (result.invited > 0 && skipped.length > 0) parts.push(`Not invited: ${skipped.join('; ')}.`);
  return parts.join(' ');
}
