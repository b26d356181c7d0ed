import { provideHttpClient, withFetch, withInterceptors } from '@angular/common/http';
import { ApplicationConfig, provideBrowserGlobalErrorListeners, provideZonelessChangeDetection } from '@angular/core';
import { TitleStrategy, provideRouter, withInMemoryScrolling } from '@angular/router';
import { authRefreshInterceptor, provideCity } from '@equip/web/shared/data-access';
import { appRoutes } from './app.routes';
import { PageTitleStrategy } from './page-title-strategy';
import { provideRouteFocus } from './route-focus';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    provideRouter(appRoutes, withInMemoryScrolling({ scrollPositionRestoration: 'top' })),
    { provide: TitleStrategy, useClass: PageTitleStrategy },
    provideRouteFocus(),
    // Same-origin calls: the api serves this app, so the session cookies go along without CORS.
    // XSRF protection stays on with Angular's defaults: state-changing requests copy the api's
    // XSRF-TOKEN cookie into the X-XSRF-TOKEN header, as the api requires.
    provideHttpClient(withFetch(), withInterceptors([authRefreshInterceptor])),
    // The city's name and time zone from the api, before the first page formats a date.
    provideCity(),
  ],
};
