import type { Routes } from '@angular/router';
import { LearnerArea } from './learner-area';
import { LearnerHome } from './learner-home';
import { MyRecordPage } from './my-record-page';

/**
 * The learner area, mounted at /learn by the app (which guards it). Each page is its own lazy chunk.
 * `courses/:slug/lessons/:lesson` is also where lesson links inside lesson HTML point
 * (`LESSON_ROUTE_PREFIX` in the catalog contract), so its shape must not change.
 */
export const LEARNER_ROUTES: Routes = [
  {
    path: '',
    component: LearnerArea,
    children: [
      { path: '', title: 'My learning', component: LearnerHome },
      {
        path: 'catalog',
        title: 'Catalog',
        loadComponent: () => import('@equip/web/learner/feature-catalog').then((m) => m.CatalogPage),
      },
      {
        path: 'courses/:slug/lessons/:lesson',
        title: 'Lesson',
        loadComponent: () => import('@equip/web/learner/feature-player').then((m) => m.PlayerPage),
      },
      {
        path: 'courses/:slug',
        title: 'Course',
        loadComponent: () => import('@equip/web/learner/feature-catalog').then((m) => m.CoursePage),
      },
      {
        path: 'tracks',
        title: 'Tracks',
        loadComponent: () => import('@equip/web/learner/feature-tracks').then((m) => m.TracksPage),
      },
      {
        path: 'tracks/:slug',
        title: 'Track',
        loadComponent: () => import('@equip/web/learner/feature-tracks').then((m) => m.TrackPage),
      },
      {
        path: 'notifications',
        title: 'Notifications',
        loadComponent: () => import('@equip/web/learner/feature-notifications').then((m) => m.NotificationsPage),
      },
      { path: 'record', title: 'My record', component: MyRecordPage },
      {
        path: 'certificates',
        title: 'My certificates',
        loadComponent: () => import('@equip/web/learner/feature-certificates').then((m) => m.CertificatesPage),
      },
    ],
  },
];
