/**
 * A person's `AccountStatus` as a JSON object, from the `staff_account_status` view joined as
 * `alias`: the view decides the status (account, queued invitation, live link, invitation ledger);
 * this turns the link's expiry into its calendar day in the city's time zone, so every screen
 * shows the same day.
 */
export function accountStatusJson(alias: string, cityTimeZone: string, params: unknown[]): string {
  params.push(cityTimeZone);
  return `json_build_object('kind', ${alias}.status, 'linkExpiresOn', ((${alias}.link_expires_at AT TIME ZONE $${params.length})::date)::text)`;
}
