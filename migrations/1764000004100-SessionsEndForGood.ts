import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions that end when they should, for good.
 *
 * - `session`: one row per sign-in (a refresh-token family becomes a session). Its id travels in
 *   the access token (`sid`), and the request path loads the person only while the session is
 *   live, so ending it ends the access token at once, not at its expiry. An ended session never
 *   comes back; `end_reason` says why it ended.
 * - `refresh_token.family_id` becomes `session_id` (a foreign key); a token's family is revoked by
 *   ending its session, so `refresh_token.revoked_at` goes. Existing families become sessions,
 *   ended where their tokens had been revoked.
 * - `password_token.email`: the address a link was mailed to. A link works only while the person
 *   still has that address (compared as `lower(btrim(…))`), so a link in a mailbox the person no
 *   longer owns is dead even if it was issued a moment after the change.
 * - `staff_ends_sessions`: a statement-level trigger on `staff` (transition tables, so a roster
 *   import of 100,000 rows is one set-based statement) that ends every live session and spends
 *   every open link of anyone deactivated or whose email changed — whatever path changed the row
 *   (roster import, a future people page, a hand-written UPDATE). A change only in case or
 *   surrounding spaces is not an email change; a reactivation ends nothing and revives nothing.
 */
export class SessionsEndForGood1764000004100 implements MigrationInterface {
  name = 'SessionsEndForGood1764000004100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE session (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        staff_id    uuid NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
        created_at  timestamptz NOT NULL DEFAULT now(),
        ended_at    timestamptz,
        end_reason  text CHECK (end_reason IN ('sign_out', 'password_set', 'refresh_reused', 'deactivated', 'email_changed', 'ended_by_admin', 'revoked')),
        CONSTRAINT session_end_has_reason CHECK ((ended_at IS NULL) = (end_reason IS NULL))
      )`);
    // Ending a person's live sessions, and counting them.
    await q.query(`CREATE INDEX session_staff_live_idx ON session (staff_id) WHERE ended_at IS NULL`);
    // The purge: sessions ended long ago.
    await q.query(`CREATE INDEX session_ended_idx ON session (ended_at) WHERE ended_at IS NOT NULL`);

    // Every refresh-token family so far becomes a session: ended ('revoked', the reason before
    // sessions had reasons) where its tokens were revoked, live otherwise.
    await q.query(`
      INSERT INTO session (id, staff_id, created_at, ended_at, end_reason)
      SELECT family_id, min(staff_id::text)::uuid, min(created_at), max(revoked_at),
             CASE WHEN max(revoked_at) IS NULL THEN NULL ELSE 'revoked' END
        FROM refresh_token GROUP BY family_id`);
    await q.query(`ALTER TABLE refresh_token RENAME COLUMN family_id TO session_id`);
    await q.query(`ALTER INDEX refresh_token_family_idx RENAME TO refresh_token_session_idx`);
    await q.query(`ALTER TABLE refresh_token ADD CONSTRAINT refresh_token_session_fk FOREIGN KEY (session_id) REFERENCES session (id) ON DELETE CASCADE`);
    await q.query(`ALTER TABLE refresh_token DROP COLUMN revoked_at`);

    await q.query(`ALTER TABLE password_token ADD COLUMN email text`);
    await q.query(`UPDATE password_token t SET email = s.email FROM staff s WHERE s.id = t.staff_id`);
    await q.query(`ALTER TABLE password_token ALTER COLUMN email SET NOT NULL`);

    await q.query(`
      CREATE FUNCTION staff_ends_sessions() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- One row per person the statement deactivated or re-addressed. Grouped, not a join of the
        -- two transition tables: plpgsql keeps the plan made at its first call on a connection,
        -- and a join planned for a one-row UPDATE (a nested loop) would take quadratic time on a
        -- 100,000-row import. Each id is in each table exactly once.
        WITH changed AS (
          SELECT id, CASE WHEN bool_or(active AND side = 0) AND NOT bool_or(active AND side = 1) THEN 'deactivated' ELSE 'email_changed' END AS reason
            FROM (SELECT id, active, lower(btrim(email)) AS address, 0 AS side FROM old_staff
                  UNION ALL
                  SELECT id, active, lower(btrim(email)), 1 FROM new_staff) AS t
           GROUP BY id
          HAVING (bool_or(active AND side = 0) AND NOT bool_or(active AND side = 1)) OR min(address) <> max(address)
        ), ended AS (
          UPDATE session s SET ended_at = now(), end_reason = c.reason
            FROM changed c
           WHERE s.staff_id = c.id AND s.ended_at IS NULL
        )
        UPDATE password_token t SET used_at = now()
          FROM changed c
         WHERE t.staff_id = c.id AND t.used_at IS NULL;
        RETURN NULL;
      END
      $$`);
    await q.query(`
      CREATE TRIGGER staff_ends_sessions AFTER UPDATE ON staff
        REFERENCING OLD TABLE AS old_staff NEW TABLE AS new_staff
        FOR EACH STATEMENT EXECUTE FUNCTION staff_ends_sessions()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER staff_ends_sessions ON staff`);
    await q.query(`DROP FUNCTION staff_ends_sessions()`);
    await q.query(`ALTER TABLE password_token DROP COLUMN email`);
    await q.query(`ALTER TABLE refresh_token ADD COLUMN revoked_at timestamptz`);
    await q.query(`UPDATE refresh_token r SET revoked_at = s.ended_at FROM session s WHERE s.id = r.session_id`);
    await q.query(`ALTER TABLE refresh_token DROP CONSTRAINT refresh_token_session_fk`);
    await q.query(`ALTER INDEX refresh_token_session_idx RENAME TO refresh_token_family_idx`);
    await q.query(`ALTER TABLE refresh_token RENAME COLUMN session_id TO family_id`);
    await q.query(`DROP TABLE session`);
  }
}
