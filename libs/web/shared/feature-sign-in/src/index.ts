export { SSO_ERROR_MESSAGES, SignInPage } from './lib/sign-in-page';
export { ForgotPasswordPage } from './lib/forgot-password-page';
export { PASSWORD_MIN_LENGTH, SetPasswordPage } from './lib/set-password-page';
export { AskInvitationPage } from './lib/ask-invitation-page';
