/** Every active staff member is a learner; the other roles are granted by a RASE administrator. */
export const ROLES = ['learner', 'equity_lead', 'rase_admin', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that are stored as grants (learner comes from being active staff). */
export const GRANTED_ROLES = ['equity_lead', 'rase_admin', 'viewer'] as const;
export type GrantedRole = (typeof GRANTED_ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  learner: 'Learner',
  equity_lead: 'Equity lead',
  rase_admin: 'RASE administrator',
  viewer: 'Viewer',
};

/** The areas of the web app and the roles that open them. */
export type Area = 'learn' | 'lead' | 'rase';
export const AREA_ROLES: Record<Area, readonly Role[]> = {
  learn: ['learner'],
  lead: ['equity_lead'],
  rase: ['rase_admin', 'viewer'],
};
