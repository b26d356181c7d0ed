/** The roles that say which catalog audiences a person belongs to (the contracts' `Role`). */
type AudienceRole = 'learner' | 'equity_lead' | 'rase_admin' | 'viewer';

/**
 * Whether a course meant for `audience` fits a person with these roles, for suggestions only (the
 * catalog stays open to everyone): all-staff courses fit everyone; courses for equity leads fit
 * equity leads and RASE administrators; courses for managers fit leads, administrators and city
 * leadership (viewers). A recreation leader with no other role is suggested all-staff courses only.
 */
export function audienceFits(audience: 'all-staff' | 'managers' | 'equity-leads', roles: readonly AudienceRole[]): boolean {
  if (audience === 'all-staff') return true;
  if (audience === 'equity-leads') return roles.includes('equity_lead') || roles.includes('rase_admin');
  return roles.includes('equity_lead') || roles.includes('rase_admin') || roles.includes('viewer');
}
