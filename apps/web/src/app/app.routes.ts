import type { Routes } from '@angular/router';
import { areaGuard, homeGuard, signedInGuard, signedOutGuard } from '@equip/web/shared/data-access';

/**
 * One lazy chunk per area; each guard asks the api who is signed in before the area opens. Even the
 * small pages load lazily, so the first download is only the shell: the shared UI library they use
 * (dialogs, tables) stays out of it.
 */
export const appRoutes: Routes = [
  { path: '', pathMatch: 'full', canActivate: [homeGuard], children: [] },
  {
    path: 'sign-in',
    title: 'Sign in',
    canActivate: [signedOutGuard],
    loadComponent: () => import('@equip/web/shared/feature-sign-in').then((m) => m.SignInPage),
  },
  {
    // Open to anyone: the answer is the same whether or not the email has an account.
    path: 'forgot-password',
    title: 'Forgot your password?',
    loadComponent: () => import('@equip/web/shared/feature-sign-in').then((m) => m.ForgotPasswordPage),
  },
  {
    // Open to anyone: where a reminder to someone without an account links; the same answer for everyone.
    path: 'ask-for-invitation',
    title: 'Get your invitation',
    loadComponent: () => import('@equip/web/shared/feature-sign-in').then((m) => m.AskInvitationPage),
  },
  {
    // Where invitation and reset emails link (`#token=…`); main.ts has taken the token out of the
    // address before the router starts. The token, not a session, opens it.
    path: 'set-password',
    title: 'Set your password',
    loadComponent: () => import('@equip/web/shared/feature-sign-in').then((m) => m.SetPasswordPage),
  },
  {
    // Public: where a certificate's link and QR code lead; anyone may check one, signed in or not.
    path: 'verify/:code',
    title: 'Certificate verification',
    loadComponent: () => import('@equip/web/shared/feature-verify').then((m) => m.VerifyCertificatePage),
  },
  {
    path: 'learn',
    canActivate: [areaGuard('learn')],
    loadChildren: () => import('@equip/web/learner/feature-home').then((m) => m.LEARNER_ROUTES),
  },
  {
    path: 'lead',
    canActivate: [areaGuard('lead')],
    loadChildren: () => import('@equip/web/lead/feature-home').then((m) => m.LEAD_ROUTES),
  },
  {
    path: 'rase',
    canActivate: [areaGuard('rase')],
    loadChildren: () => import('@equip/web/rase/feature-home').then((m) => m.RASE_ROUTES),
  },
  {
    path: 'no-access',
    title: 'Nothing to open yet',
    canActivate: [signedInGuard],
    loadComponent: () => import('./no-access/no-access').then((m) => m.NoAccess),
  },
  { path: '**', title: 'Page not found', loadComponent: () => import('./not-found/not-found').then((m) => m.NotFound) },
];
