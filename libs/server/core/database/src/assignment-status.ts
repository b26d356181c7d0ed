/**
 * The one status rule (`assignmentStatus` in shared-domain) in SQL, on assignment alias `a`: for
 * filtering and sorting whole lists on the server (a cohort's members, reporting's people lists)
 * without reading every row into Node. Exempt > completed > overdue (the due day has ended in the
 * city: `city_today()`, the database's CITY_TIME_ZONE) > in progress > not started;
 * "in progress" is an enrollment in the course (or a course of the track) started in this cycle.
 * The cohorts integration test checks it against the domain rule on every combination.
 */
export function assignmentStatusSql(a: string): string {
  return `CASE WHEN ${a}.exempted_at IS NOT NULL THEN 'exempt'
       WHEN ${a}.completed_at IS NOT NULL THEN 'completed'
       WHEN ${a}.due_on < city_today() THEN 'overdue'
       WHEN EXISTS (SELECT 1 FROM enrollment e JOIN course_version v ON v.id = e.course_version_id JOIN course c ON c.id = v.course_id
                     WHERE e.staff_id = ${a}.staff_id AND e.started_at >= ${a}.created_at - interval '100 years' * (${a}.cycle = 1)::int
                       AND (c.id = ${a}.course_id
                            OR EXISTS (SELECT 1 FROM track t WHERE t.id = ${a}.track_id AND t.steps @> jsonb_build_array(jsonb_build_object('course', c.slug)))))
         THEN 'in_progress'
       ELSE 'not_started' END`;
}
