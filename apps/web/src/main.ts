import { bootstrapApplication } from '@angular/platform-browser';
import { captureLinkToken } from '@equip/web/shared/data-access';
import { App } from './app/app';
import { appConfig } from './app/app.config';

// Before anything else (any request, the router's first navigation): a set-password link's
// one-time token leaves the address bar for memory.
captureLinkToken();
bootstrapApplication(App, appConfig).catch((error: unknown) => console.error(error));
