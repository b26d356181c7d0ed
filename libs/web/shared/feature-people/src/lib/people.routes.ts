import type { Routes } from '@angular/router';
import { PeopleListPage, PeopleListRouteData } from './people-list-page';
import { PersonPage } from './person-page';

/**
 * The people list and read-only person pages, for an area to mount (the equity lead area mounts
 * them at /lead/people). `data` names the list for that area.
 */
export function peopleRoutes(data: Omit<PeopleListRouteData, 'linkToPerson'>, person: { cohortBase?: string } = {}): Routes {
  return [
    { path: '', title: data.heading, component: PeopleListPage, data: { ...data, linkToPerson: true } },
    { path: ':staffId', title: 'Person', component: PersonPage, data: { cohortBase: person.cohortBase ?? null } },
  ];
}
