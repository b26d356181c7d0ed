import type { Routes } from '@angular/router';
import { PeopleListPage, type PeopleListRouteData } from '@equip/web/shared/feature-people';
import { ManagePersonPage } from './manage-person-page';

const list: PeopleListRouteData = {
  heading: 'People',
  intro: 'Everyone on the city roster. Open a person to see their record and to grant or revoke roles.',
  linkToPerson: true,
};

/** /rase/people: the city-wide list (shared with the lead area) and the page that manages a person's roles. */
export const RASE_PEOPLE_ROUTES: Routes = [
  { path: '', title: 'People', component: PeopleListPage, data: list },
  { path: ':staffId', title: 'Person', component: ManagePersonPage },
];
