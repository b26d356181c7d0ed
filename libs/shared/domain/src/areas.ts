import { AREA_ROLES, Area, Role } from '@equip/shared/contracts';

const AREA_ORDER: Area[] = ['learn', 'lead', 'rase'];

/** The areas of the app a person may open, in navigation order. */
export function areasFor(roles: readonly Role[]): Area[] {
  return AREA_ORDER.filter((area) => AREA_ROLES[area].some((role) => roles.includes(role)));
}
