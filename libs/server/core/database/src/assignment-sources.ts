/**
 * Why an assignment is on someone's list, as JSON (`RecordAssignmentSource[]` in the contracts), on
 * assignment alias `a`: each cohort it came through (still existing) with its name, each person who
 * assigned it with their name, or the learner's own choice. One fragment for every list that shows
 * "who assigned it" (the learner's home, a person's record).
 *
 * Each lookup is a LATERAL subquery with a LIMIT (which PostgreSQL does not flatten into a join), so
 * it is one primary-key probe: PostgreSQL guesses 100 elements for `jsonb_array_elements`, and with
 * plain joins it hashed the whole staff table for every assignment (0.5 ms an assignment at 5,000
 * staff, 85 % of the learner's home query; bench/README.md).
 */
export function assignmentSourcesJson(a: string): string {
  const person = `json_build_object('id', ab.id, 'firstName', ab.first_name, 'lastName', ab.last_name)`;
  return `COALESCE((SELECT json_agg(CASE src.value->>'kind'
                                  WHEN 'cohort' THEN json_build_object('kind', 'cohort', 'cohort', json_build_object('id', sc.id, 'name', sc.name))
                                  WHEN 'person' THEN json_build_object('kind', 'person', 'assignedBy', CASE WHEN ab.id IS NULL THEN NULL ELSE ${person} END)
                                  ELSE json_build_object('kind', 'self') END ORDER BY src.n)
                  FROM jsonb_array_elements(${a}.sources) WITH ORDINALITY AS src(value, n)
                  LEFT JOIN LATERAL (SELECT sc.id, sc.name FROM cohort sc
                                      WHERE src.value->>'kind' = 'cohort' AND sc.id = (src.value->>'cohortId')::uuid LIMIT 1) sc ON true
                  LEFT JOIN LATERAL (SELECT ab.id, ab.first_name, ab.last_name FROM staff ab
                                      WHERE src.value->>'kind' = 'person'
                                        AND ab.id = CASE WHEN src.value->>'assignedBy' ~ '^[0-9a-f-]{36}$' THEN (src.value->>'assignedBy')::uuid END LIMIT 1) ab ON true
                 WHERE src.value->>'kind' <> 'cohort' OR sc.id IS NOT NULL), '[]')`;
}
