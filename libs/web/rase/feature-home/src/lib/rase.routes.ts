import type { Routes } from '@angular/router';
import { RaseHome } from './rase-home';

/** The RASE area, mounted at /rase by the app (which guards it). */
export const RASE_ROUTES: Routes = [{ path: '', title: 'City-wide progress', component: RaseHome }];
