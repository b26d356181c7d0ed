import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The members page sorted by status (issue 18): a member's status is the most urgent of their
 * cohort work (overdue, not started, in progress, completed, exempt, nothing), and "in progress"
 * needs an enrollment lookup per open assignment. Worked out for all 20,000 members of a cohort on
 * every request, the page took seconds. Each current membership now keeps the two inputs of that
 * sort that do not change with the day:
 *
 * - `status_due_on`: the earliest due day of the member's open (not completed, not exempt) cohort
 *   work, its latest cycle of each course and track — the page's "next due" too;
 * - `status_rank`: the most urgent status of that work as if nothing were overdue (1 not started,
 *   2 in progress, 3 completed, 4 exempt, 5 none).
 *
 * The member's status is then `CASE WHEN status_due_on < city_today() THEN overdue ELSE status_rank`,
 * so it still turns overdue at the city's midnight with no write. Statement-level triggers keep the
 * keys of every (cohort, member) a write touches: assignments (their sources name the cohorts),
 * enrollments (a start turns open work in progress), new memberships, a track's steps and a
 * course's slug (what "started" matches on). The "started" test is the one in
 * `assignmentStatusSql` (server-database); `cohort-member-status.int-spec.ts` checks the two agree.
 *
 * Concurrency: the refresh locks the memberships first, then computes in a later statement, which
 * in READ COMMITTED sees every transaction that held those locks before it, committed.
 */
export class CohortMemberStatusKey1799300000001 implements MigrationInterface {
  name = 'CohortMemberStatusKey1799300000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cohort_member ADD COLUMN status_due_on date, ADD COLUMN status_rank smallint NOT NULL DEFAULT 5`);

    // The keys of the given current memberships, recomputed from their assignments (`by_cohort` chooses
    // how the assignments are found; by default by size; the spec runs both).
    await q.query(`
      CREATE FUNCTION cohort_member_status_refresh(cohorts uuid[], people uuid[], by_cohort boolean DEFAULT NULL) RETURNS void LANGUAGE plpgsql AS $fn$
      BEGIN
        IF coalesce(cardinality(cohorts), 0) = 0 THEN RETURN; END IF;
        by_cohort := COALESCE(by_cohort, cardinality(cohorts) > 500);
        PERFORM 1 FROM cohort_member m JOIN unnest(cohorts, people) p(cohort_id, staff_id) ON m.cohort_id = p.cohort_id AND m.staff_id = p.staff_id
          WHERE m.left_at IS NULL ORDER BY m.id FOR UPDATE OF m;
        -- EXECUTE: planned for this call's size, not the first call's (see TriggerPlansBySize). A few
        -- people (a learner starting a course) are looked up through their assignments; many (a cohort
        -- assigned work) through the cohort's own, found once by the sources index: 20,000 people's
        -- 420,000 assignments one person at a time took 1.3 s, the cohort's 20,000 by the index 0.45 s.
        EXECUTE format($sql$
          UPDATE cohort_member m SET status_due_on = k.due_on, status_rank = k.rank
            FROM (SELECT mm.id,
                         min(cell.due_on) FILTER (WHERE cell.completed_at IS NULL AND cell.exempted_at IS NULL) AS due_on,
                         COALESCE(min(CASE WHEN cell.exempted_at IS NOT NULL THEN 4 WHEN cell.completed_at IS NOT NULL THEN 3
                                           WHEN EXISTS (SELECT 1 FROM enrollment e JOIN course_version v ON v.id = e.course_version_id JOIN course c ON c.id = v.course_id
                                                         WHERE e.staff_id = cell.staff_id AND e.started_at >= cell.created_at - interval '100 years' * (cell.cycle = 1)::int
                                                           AND (c.id = cell.course_id
                                                                OR EXISTS (SELECT 1 FROM track t WHERE t.id = cell.track_id AND t.steps @> jsonb_build_array(jsonb_build_object('course', c.slug)))))
                                           THEN 2 ELSE 1 END) FILTER (WHERE cell.staff_id IS NOT NULL), 5)::smallint AS rank
                    FROM (SELECT DISTINCT p.cohort_id, p.staff_id FROM unnest($1::uuid[], $2::uuid[]) p(cohort_id, staff_id)) p
                    JOIN cohort_member mm ON mm.cohort_id = p.cohort_id AND mm.staff_id = p.staff_id AND mm.left_at IS NULL
                    %s
                   GROUP BY mm.id) k
           WHERE m.id = k.id AND (m.status_due_on IS DISTINCT FROM k.due_on OR m.status_rank IS DISTINCT FROM k.rank)
        $sql$, CASE WHEN NOT by_cohort THEN $cells$
                    LEFT JOIN LATERAL (
                      SELECT DISTINCT ON (a.course_id, a.track_id) a.staff_id, a.course_id, a.track_id, a.cycle, a.created_at, a.due_on, a.completed_at, a.exempted_at
                        FROM assignment a
                       WHERE a.staff_id = mm.staff_id AND a.sources @> jsonb_build_array(jsonb_build_object('cohortId', mm.cohort_id::text))
                       ORDER BY a.course_id, a.track_id, a.cycle DESC) cell ON true $cells$
               ELSE $cells$
                    LEFT JOIN (
                      SELECT DISTINCT ON (pc.cohort_id, a.staff_id, a.course_id, a.track_id)
                             pc.cohort_id, a.staff_id, a.course_id, a.track_id, a.cycle, a.created_at, a.due_on, a.completed_at, a.exempted_at
                        FROM (SELECT DISTINCT cohort_id FROM unnest($1::uuid[]) pc(cohort_id)) pc
                        CROSS JOIN LATERAL (SELECT * FROM assignment a WHERE a.sources @> jsonb_build_array(jsonb_build_object('cohortId', pc.cohort_id::text))) a
                       ORDER BY pc.cohort_id, a.staff_id, a.course_id, a.track_id, a.cycle DESC) cell ON cell.cohort_id = mm.cohort_id AND cell.staff_id = mm.staff_id $cells$
               END) USING cohorts, people;
      END $fn$`);

    // Every current membership of these people (an enrollment changes all their cohorts' work).
    await q.query(`
      CREATE FUNCTION cohort_member_status_refresh_people(people uuid[]) RETURNS void LANGUAGE sql AS $fn$
        SELECT cohort_member_status_refresh(array_agg(m.cohort_id), array_agg(m.staff_id))
          FROM cohort_member m WHERE m.staff_id = ANY(people) AND m.left_at IS NULL
      $fn$`);

    // Assignments: the (cohort, person) pairs their sources name, before and after the write.
    for (const [event, rows] of [['INSERT', 'new_rows'], ['DELETE', 'old_rows']] as const) {
      await q.query(`
        CREATE FUNCTION cohort_member_status_assignment_${event.toLowerCase()}() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
          PERFORM cohort_member_status_refresh(array_agg(x.cohort_id), array_agg(x.staff_id))
             FROM (SELECT DISTINCT m.cohort_id, m.staff_id
                     FROM ${rows} a CROSS JOIN jsonb_array_elements(a.sources) src
                     JOIN cohort_member m ON m.staff_id = a.staff_id AND m.left_at IS NULL AND m.cohort_id::text = src->>'cohortId') x;
          RETURN NULL;
        END $fn$`);
      await q.query(`
        CREATE TRIGGER cohort_member_status_assignment_${event.toLowerCase()} AFTER ${event} ON assignment
          REFERENCING ${event === 'INSERT' ? 'NEW' : 'OLD'} TABLE AS ${rows} FOR EACH STATEMENT EXECUTE FUNCTION cohort_member_status_assignment_${event.toLowerCase()}()`);
    }
    await q.query(`
      CREATE FUNCTION cohort_member_status_assignment_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        PERFORM cohort_member_status_refresh(array_agg(x.cohort_id), array_agg(x.staff_id))
           FROM (SELECT DISTINCT m.cohort_id, m.staff_id
                   FROM (SELECT n.staff_id, n.sources FROM new_rows n JOIN old_rows o ON o.id = n.id
                          WHERE (n.staff_id, n.course_id, n.track_id, n.cycle, n.created_at, n.due_on, n.completed_at, n.exempted_at, n.sources)
                                IS DISTINCT FROM (o.staff_id, o.course_id, o.track_id, o.cycle, o.created_at, o.due_on, o.completed_at, o.exempted_at, o.sources)
                         UNION ALL
                         SELECT o.staff_id, o.sources FROM new_rows n JOIN old_rows o ON o.id = n.id
                          WHERE (n.staff_id, n.sources) IS DISTINCT FROM (o.staff_id, o.sources)) a
                   CROSS JOIN jsonb_array_elements(a.sources) src
                   JOIN cohort_member m ON m.staff_id = a.staff_id AND m.left_at IS NULL AND m.cohort_id::text = src->>'cohortId') x;
        RETURN NULL;
      END $fn$`);
    await q.query(`
      CREATE TRIGGER cohort_member_status_assignment_update AFTER UPDATE ON assignment
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cohort_member_status_assignment_update()`);

    // Enrollments: starting (or losing) one can turn open work in progress (or back).
    for (const event of ['INSERT', 'DELETE'] as const) {
      const rows = event === 'INSERT' ? 'new_rows' : 'old_rows';
      await q.query(`
        CREATE FUNCTION cohort_member_status_enrollment_${event.toLowerCase()}() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
          PERFORM cohort_member_status_refresh_people(array_agg(DISTINCT e.staff_id)) FROM ${rows} e;
          RETURN NULL;
        END $fn$`);
      await q.query(`
        CREATE TRIGGER cohort_member_status_enrollment_${event.toLowerCase()} AFTER ${event} ON enrollment
          REFERENCING ${event === 'INSERT' ? 'NEW' : 'OLD'} TABLE AS ${rows} FOR EACH STATEMENT EXECUTE FUNCTION cohort_member_status_enrollment_${event.toLowerCase()}()`);
    }
    await q.query(`
      CREATE FUNCTION cohort_member_status_enrollment_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        PERFORM cohort_member_status_refresh_people(array_agg(DISTINCT x.staff_id))
           FROM (SELECT n.staff_id FROM new_rows n JOIN old_rows o ON o.id = n.id
                  WHERE (n.staff_id, n.course_version_id, n.started_at) IS DISTINCT FROM (o.staff_id, o.course_version_id, o.started_at)
                 UNION SELECT o.staff_id FROM new_rows n JOIN old_rows o ON o.id = n.id
                  WHERE (n.staff_id, n.course_version_id, n.started_at) IS DISTINCT FROM (o.staff_id, o.course_version_id, o.started_at)) x;
        RETURN NULL;
      END $fn$`);
    await q.query(`
      CREATE TRIGGER cohort_member_status_enrollment_update AFTER UPDATE ON enrollment
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cohort_member_status_enrollment_update()`);

    // A new membership starts with its keys (no UPDATE trigger: the refresh itself updates these rows).
    await q.query(`
      CREATE FUNCTION cohort_member_status_joined() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        PERFORM cohort_member_status_refresh(array_agg(m.cohort_id), array_agg(m.staff_id)) FROM new_rows m WHERE m.left_at IS NULL;
        RETURN NULL;
      END $fn$`);
    await q.query(`
      CREATE TRIGGER cohort_member_status_joined AFTER INSERT ON cohort_member
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cohort_member_status_joined()`);

    // The catalog: "started" matches a track's steps by course slug. Rare writes; refresh whom they can touch.
    await q.query(`
      CREATE FUNCTION cohort_member_status_track_steps() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        PERFORM cohort_member_status_refresh_people(array_agg(DISTINCT a.staff_id)) FROM assignment a WHERE a.track_id = NEW.id;
        RETURN NULL;
      END $fn$`);
    await q.query(`
      CREATE TRIGGER cohort_member_status_track_steps AFTER UPDATE OF steps ON track
        FOR EACH ROW WHEN (OLD.steps IS DISTINCT FROM NEW.steps) EXECUTE FUNCTION cohort_member_status_track_steps()`);
    await q.query(`
      CREATE FUNCTION cohort_member_status_course_slug() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        PERFORM cohort_member_status_refresh_people(array_agg(DISTINCT a.staff_id)) FROM assignment a WHERE a.track_id IS NOT NULL;
        RETURN NULL;
      END $fn$`);
    await q.query(`
      CREATE TRIGGER cohort_member_status_course_slug AFTER UPDATE OF slug ON course
        FOR EACH ROW WHEN (OLD.slug IS DISTINCT FROM NEW.slug) EXECUTE FUNCTION cohort_member_status_course_slug()`);

    // Every current membership at once: this migration, and a bulk load that ran with the triggers off.
    await q.query(`
      CREATE FUNCTION cohort_member_status_rebuild() RETURNS void LANGUAGE sql AS $fn$
        SELECT cohort_member_status_refresh(array_agg(m.cohort_id), array_agg(m.staff_id)) FROM cohort_member m WHERE m.left_at IS NULL
      $fn$`);
    await q.query(`SELECT cohort_member_status_rebuild()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER cohort_member_status_course_slug ON course`);
    await q.query(`DROP TRIGGER cohort_member_status_track_steps ON track`);
    await q.query(`DROP TRIGGER cohort_member_status_joined ON cohort_member`);
    for (const event of ['insert', 'update', 'delete']) {
      await q.query(`DROP TRIGGER cohort_member_status_enrollment_${event} ON enrollment`);
      await q.query(`DROP TRIGGER cohort_member_status_assignment_${event} ON assignment`);
      await q.query(`DROP FUNCTION cohort_member_status_enrollment_${event}()`);
      await q.query(`DROP FUNCTION cohort_member_status_assignment_${event}()`);
    }
    for (const fn of ['course_slug()', 'track_steps()', 'joined()', 'rebuild()', 'refresh_people(uuid[])', 'refresh(uuid[], uuid[], boolean)']) {
      await q.query(`DROP FUNCTION cohort_member_status_${fn}`);
    }
    await q.query(`ALTER TABLE cohort_member DROP COLUMN status_due_on, DROP COLUMN status_rank`);
  }
}
