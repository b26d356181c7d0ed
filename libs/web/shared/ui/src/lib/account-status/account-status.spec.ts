import { accountStatusLabel, canInvite, invitationResultMessage } from './account-status';

describe('account status in words', () => {
  it('shows the day an invitation link stops working as the calendar day the api gave, whatever the browser’s zone', () => {
    expect(accountStatusLabel({ kind: 'invited', linkExpiresOn: '2026-12-11' })).toBe('Invited, link expires Dec 11');
    expect(accountStatusLabel({ kind: 'invited', linkExpiresOn: null })).toBe('Invited');
  });

  it('names every way in, and offers an invitation only to someone who cannot sign in and has none waiting', () => {
    expect(accountStatusLabel({ kind: 'sso', linkExpiresOn: null })).toBe('Signs in with single sign-on');
    expect(accountStatusLabel({ kind: 'never_invited', linkExpiresOn: null })).toBe('Never invited');
    expect(canInvite({ kind: 'password', linkExpiresOn: null })).toBe(false);
    expect(canInvite({ kind: 'waiting', linkExpiresOn: null })).toBe(false);
    expect(canInvite({ kind: 'inactive', linkExpiresOn: null })).toBe(false);
    expect(canInvite({ kind: 'expired', linkExpiresOn: null })).toBe(true);
  });

  it('says what a bulk invitation did, including who waits for the hourly limit and who was left out', () => {
    const base = { invited: 0, waiting: 0, alreadyHaveAccount: 0, alreadyWaiting: 0, inactive: 0, skipped: 0, notSent: 0 };
    expect(invitationResultMessage({ ...base, invited: 5, waiting: 2, alreadyHaveAccount: 1, inactive: 2, skipped: 3 })).toBe(
      "5 invitations queued: 3 go out now and 2 wait for this hour's sending limit, then go out on their own. Not invited: 1 person already has an account; 2 people are inactive.",
    );
    expect(invitationResultMessage({ ...base, invited: 1 })).toBe('Invitation sent.');
    expect(invitationResultMessage({ ...base, alreadyHaveAccount: 3, skipped: 3 })).toMatch(/^No invitations sent/);
  });
});
